"""The review export in Chromium: accessible, fits a phone, and prints one module per A4 section."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from harness import assert_no_serious_violations

from scr_course.pipeline import export_review

FIXTURES = Path(__file__).parent.parent / "fixtures" / "courses"

pytestmark = pytest.mark.browser


def test_the_review_html_prints_cleanly_and_passes_axe(browser: Any, axe_check: Callable[..., Any],
                                                       tmp_path: Path) -> None:
    report = export_review(FIXTURES / "question-types", tmp_path, ("html",))
    assert not report.failed()
    (written,) = report.packages
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(written.path.resolve().as_uri())
        assert_no_serious_violations(axe_check(page))
        page.emulate_media(media="print")
        breaks = page.evaluate("[...document.querySelectorAll('main > section')].map(s => getComputedStyle(s).breakBefore)")
        assert breaks == ["page", "page", "page"]  # two modules and the sign-off, each on a new sheet
        avoid = page.evaluate("getComputedStyle(document.querySelector('.question')).breakInside")
        assert avoid == "avoid"
        pdf = page.pdf(format="A4")
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 4
        for width in (320, 375):  # nothing wider than a phone on screen
            page.emulate_media(media="screen")
            page.set_viewport_size({"width": width, "height": 800})
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()
