"""Issue 23: the Welsh package of a translated course, as a learner meets it in an LMS (scorm-again)."""

from __future__ import annotations

from typing import Any

import pytest
from harness import assert_no_serious_violations
from runtime_actions import fill, go_to, interactions, page_ids, submit

from tests.welsh_pages import expected_pages

pytestmark = pytest.mark.browser

PAGE = "learning-from-reviews--what-scrs-were"
QUESTION = "m1-review-purpose"


def test_the_welsh_package_shows_welsh_pages_and_feedback_and_reports_the_english_ids(
        build_package: Any, lms: Any, axe_check: Any) -> None:
    package = build_package("bilingual", "scorm12", package="-cy-")
    session = lms("scorm12", package)
    frame = session.frame
    assert frame.evaluate("() => document.documentElement.lang") == "cy"
    expected = expected_pages()
    assert page_ids(frame) == [p.page_id for p in expected]
    # Every page of the module, opened as a learner opens it: its title and first paragraph are the
    # Welsh of locale/cy.xliff, not the English.
    for want in expected:
        go_to(frame, want.page_id)
        section = frame.locator(f'section.page[data-page="{want.page_id}"]')
        title = " ".join(section.locator("h1").inner_text().split())
        first = " ".join(section.locator(":scope > p").first.inner_text().split())
        assert (title, first) == (want.title.target, want.first_paragraph.target), want.page_id
        assert want.title.source not in section.inner_text() or want.title.source == want.title.target
    go_to(frame, PAGE)
    page = frame.locator(f'section.page[data-page="{PAGE}"]')
    assert page.locator("h1").inner_text() == "Beth oedd adolygiadau achosion difrifol"
    assert "Nid treial na gwrandawiad disgyblu yw adolygiad." in page.inner_text()
    assert "A review is not a trial" not in page.inner_text()
    fill(frame, QUESTION, "single", "a")
    verdict = submit(frame, QUESTION)
    assert "Cywir. Dysgu a gwella oedd y nod." in frame.locator(f'form[data-question="{QUESTION}"]').inner_text()
    assert verdict and "Correct" not in verdict
    # The question keeps its id in every language, so LMS reports line up.
    assert [i.get("id") for i in interactions(session.cmi())][-1] == QUESTION
    for scheme in ("light", "dark"):
        session.page.emulate_media(color_scheme=scheme)
        assert_no_serious_violations(axe_check(frame))
