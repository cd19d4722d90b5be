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
    # axe comes from the harness server, which the review's own CSP rightly refuses (tested below).
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
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


def test_the_review_html_loads_nothing_from_outside_itself(browser: Any, harness_server: Any, tmp_path: Path) -> None:
    """M4: its CSP lets in its own stylesheet and inlined images only; a remote image or script is blocked."""
    report = export_review(FIXTURES / "blocks", tmp_path, ("html",))
    assert not report.failed()
    (written,) = report.packages
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    answered: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: answered.append(response.url))
    try:
        page.goto(written.path.resolve().as_uri())
        assert "default-src 'none'" in page.evaluate(
            "document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
        # The stylesheet applied (its hash matches): the cover is laid out by review.css, not the browser default.
        assert page.evaluate("getComputedStyle(document.querySelector('header.cover')).display") != ""
        assert page.evaluate("document.styleSheets[0].cssRules.length") > 10
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        assert all(url.startswith(("file:", "data:")) for url in requests), requests
        remote = harness_server.url + "/vendor/axe.min.js"
        blocked = page.evaluate("""url => new Promise(resolve => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective));
            const img = document.createElement('img'); img.src = url.replace('.js', '.png'); document.body.append(img);
            const script = document.createElement('script'); script.src = url; document.head.append(script);
            setTimeout(() => resolve([seen.sort(), typeof window.axe]), 500);
        })""", remote)
        assert blocked == [["img-src", "script-src-elem"], "undefined"], blocked
        assert all(url.startswith(("file:", "data:")) for url in answered), answered
    finally:
        page.close()
