"""The learner's path (issue 11): reflow, history, titles, headings, contents, progress, start,
finish and the CPD record, in real Chromium against scorm-again."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from harness import assert_no_serious_violations
from runtime_actions import (
    START,
    answer_attempt,
    answer_key,
    cmi_get,
    current_page,
    go_to,
    next_page,
    page_ids,
    take_assessment,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent

FINISH = {"scorm12": "LMSFinish", "scorm2004": "Terminate"}
HEADINGS = """() => {
  const shown = document.querySelector('section.page:not([hidden])');
  return [...shown.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(h => h.getClientRects().length)
    .map(h => Number(h.tagName[1]));
}"""


def walk(frame: Any, ids: list[str], at: str) -> None:
    """Press Next through every page from the start screen; no page may scroll sideways or skip a heading level."""
    assert current_page(frame) == START
    for expected in [START, *ids]:
        if expected != START:
            next_page(frame)
        assert current_page(frame) == expected
        width, inner = frame.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert width <= inner, f"{expected} is {width}px wide in a {inner}px viewport ({at})"
        levels = frame.evaluate(HEADINGS)
        assert levels[0] == 1, f"{expected} does not start with its h1"
        for before, after in pairwise(levels):
            assert after <= before + 1, f"{expected} jumps from h{before} to h{after} ({levels})"


def test_every_sample_page_reflows_at_320px_and_at_400_percent_zoom(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("course_src", "scorm2004"))
    frame = sco.frame
    ids = page_ids(frame)
    assert len(ids) > 40
    sco.page.set_viewport_size({"width": 320, "height": 640})
    walk(frame, ids, "320 px")
    # 1280 x 1024 at 400 % zoom lays out as a 320 x 256 CSS-pixel viewport.
    frame.evaluate("() => document.getElementById('resume-restart').click()")
    sco.page.set_viewport_size({"width": 320, "height": 256})
    assert current_page(frame) == START
    walk(frame, ids, "1280 px at 400 %")
    assert sco.errors == []


def test_tables_scroll_in_their_own_focusable_region_and_external_links_say_new_tab(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("course_src", "scorm2004"))
    frame = sco.frame
    page_ids(frame)
    regions = frame.evaluate("() => [...document.querySelectorAll('table')].map(t => [t.parentElement.className,"
                             " t.parentElement.tabIndex, t.parentElement.getAttribute('role')])")
    assert all(r == ["table-scroll", 0, "region"] for r in regions)
    links = frame.evaluate("() => [...document.querySelectorAll('a[target=_blank]')].map(a => a.textContent)")
    assert links and all(text.endswith("(opens in a new tab)") for text in links)
    callouts = frame.evaluate("() => document.querySelectorAll('aside').length")
    assert callouts == 0
    labels = frame.evaluate("() => [...document.querySelectorAll('.callout-label')].map(l => l.textContent.trim())")
    assert "Content note: Content note" not in labels


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_back_and_forward_move_between_pages_inside_the_lms_frame(version: str, build_package: Any, lms: Any) -> None:
    session = lms(version, build_package("minimal", version))
    frame, top = session.frame, session.page
    ids = page_ids(frame)
    next_page(frame, 3)
    assert current_page(frame) == ids[2]
    assert frame.evaluate("() => document.title") == "Second page – Basics – A tiny course & its <test>"
    top.evaluate("() => history.back()")
    frame.wait_for_function("(id) => !document.getElementById(id).hidden", arg=ids[1])
    top.evaluate("() => history.back()")
    frame.wait_for_function("(id) => !document.getElementById(id).hidden", arg=ids[0])
    top.evaluate("() => history.forward()")
    frame.wait_for_function("(id) => !document.getElementById(id).hidden", arg=ids[1])
    assert frame.evaluate("() => document.activeElement.id") == ids[1] + "--title"
    assert top.url.endswith("/harness/lms.html")  # the LMS page stayed where it was
    assert session.calls(FINISH[version]) == []
    assert session.rejected() == [] and session.errors == []


@pytest.mark.parametrize("version", ["scorm2004"])
def test_a_link_to_a_page_opens_it_even_for_a_returning_learner(version: str, build_package: Any, lms: Any,
                                                                 relaunch: Any) -> None:
    package = build_package("runtime-full", version)
    session = lms(version, package)
    go_to(session.frame, "learn--typed")
    again = relaunch(session, launch="index.html#learn--arranging")
    assert current_page(again.frame) == "learn--arranging"
    assert again.frame.locator("#resume-panel").is_hidden()
    assert "Arranging" in again.frame.evaluate("() => document.title")
    # Without a page named, the returning learner is offered to resume.
    third = relaunch(again, launch="index.html")
    assert third.frame.locator("#resume-panel").is_visible()
    assert third.rejected() == [] and third.errors == []


def test_contents_are_nested_current_and_uniquely_named(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("course_src", "scorm2004"))
    frame = sco.frame
    sco.page.set_viewport_size({"width": 1280, "height": 700})
    ids = page_ids(frame)
    shape = frame.evaluate("""() => [...document.querySelectorAll('.contents-list > li.contents-module')].map(li =>
      [li.querySelector(':scope > a').dataset.pageLink, li.querySelectorAll(':scope > ol > li > a').length])""")
    assert len(shape) == 6 and all(n >= 1 for _, n in shape)
    names = frame.evaluate("() => [...document.querySelectorAll('.contents a')].map(a => a.textContent.replace(/\\s+/g, ' ').trim())")
    assert len(names) == len(set(names)), "every contents link has its own name"
    assert any(name.startswith("Bringing it together — Neglect") for name in names)  # a title every module repeats
    late = next(i for i in ids if i.startswith("final-assessment"))
    go_to(frame, late)
    link = frame.locator(f'.contents [data-page-link="{late}"]')
    assert link.get_attribute("aria-current") == "page"
    assert frame.locator(".contents a[aria-current]").count() == 1
    inside = frame.evaluate("""(id) => { const box = document.querySelector('.contents').getBoundingClientRect();
      const r = document.querySelector(`.contents [data-page-link="${id}"]`).getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom; }""", late)
    assert inside, "the current page is scrolled into view in the contents"


def test_contents_drawer_on_a_phone_closes_after_a_choice(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("runtime-full", "scorm12"))
    sco.page.set_viewport_size({"width": 375, "height": 700})
    sco.page.reload()
    frame = sco.page.main_frame
    drawer = frame.locator("#contents")
    assert drawer.evaluate("d => d.open") is False
    frame.locator("#contents-title").click()
    assert drawer.evaluate("d => d.open") is True
    frame.locator('.contents [data-page-link="learn--typed"]').click()
    assert current_page(frame) == "learn--typed"
    assert drawer.evaluate("d => d.open") is False


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_progress_counts_modules_and_the_assessment(version: str, build_package: Any, lms: Any) -> None:
    session = lms(version, build_package("runtime-full", version))
    frame = session.frame
    status = frame.locator('.contents [data-module-status="learn"]')
    check = frame.locator('.contents [data-module-status="check"]')
    assert frame.locator("#progress-text").inner_text() == "0 of 2 done; assessment not yet passed"
    assert status.inner_text() == "Not started" and check.inner_text() == "Not yet passed"
    next_page(frame, 2)
    assert status.inner_text() == "In progress"
    for page in page_ids(frame):
        if page.startswith("learn--"):
            go_to(frame, page)
    assert status.inner_text() == "Done"
    assert frame.locator("#progress-text").inner_text() == "1 of 2 done; assessment not yet passed"
    assert frame.locator("#progress-fill").evaluate("f => f.style.width") == "50%"
    go_to(frame, "check--questions")
    take_assessment(frame, right=True)
    assert check.inner_text() == "Passed, 100%"
    assert frame.locator("#progress-text").inner_text() == "2 of 2 done"
    assert frame.locator("#progress-fill").evaluate("f => f.style.width") == "100%"
    assert session.rejected() == [] and session.errors == []


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_finish_is_offered_on_the_results_after_a_pass_and_terminates_once(version: str, build_package: Any,
                                                                            lms: Any) -> None:
    session = lms(version, build_package("runtime-full", version), learner={"id": "u1", "name": "Learner, Test"})
    frame = session.frame
    for page in page_ids(frame):
        go_to(frame, page)
    go_to(frame, "check--questions")
    take_assessment(frame, right=True)
    offer = frame.locator('[data-quiz-end="check"] .finish-offer')
    assert offer.is_visible()
    offer.get_by_role("button", name="Finish the course").click()
    panel = frame.locator("#finish-panel")
    assert panel.is_visible()
    outcome = frame.locator("#finish-outcome").inner_text()
    assert "100%" in outcome and "Passed" in outcome and "Date" in outcome
    assert "close this window" in panel.inner_text() and "safeguarding" in panel.inner_text()
    assert panel.get_by_role("button", name="Download CPD record").is_visible()
    assert len(session.calls(FINISH[version])) == 1
    exit_name = "cmi.core.exit" if version == "scorm12" else "cmi.exit"
    assert cmi_get(session.stored(), exit_name) == ("" if version == "scorm12" else "normal")
    session.close()
    assert len(session.calls(FINISH[version])) == 1
    assert session.rejected() == [] and session.errors == []


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_sample_course_offers_finish_as_soon_as_the_assessment_is_passed(version: str, build_package: Any,
                                                                        lms: Any) -> None:
    session = lms(version, build_package("course_src", version))
    frame = session.frame
    ids = page_ids(frame)
    assessment = [i for i in ids if i.startswith("final-assessment--")]
    # Completion is by the assessment: nothing else has to be seen first.
    for page in assessment:
        go_to(frame, page)
    answer_attempt(frame, answer_key(REPO / "course_src"), right=True)
    assert "assessment not yet passed" not in frame.locator("#progress-text").inner_text()
    assert frame.locator('.contents [data-module-status="final-assessment"]').inner_text() == "Passed, 100%"
    frame.get_by_role("button", name="Finish the course").click()
    assert frame.locator("#finish-panel").is_visible()
    assert len(session.calls(FINISH[version])) == 1
    assert session.rejected() == [] and session.errors == []


def test_finish_after_the_last_page_when_completion_is_by_pages(build_package: Any, lms: Any) -> None:
    session = lms("scorm2004", build_package("minimal", "scorm2004"))
    frame = session.frame
    ids = page_ids(frame)
    next_page(frame, len(ids))
    finish = frame.get_by_role("button", name="Finish", exact=True)
    assert finish.is_visible()
    finish.click()
    assert frame.locator("#finish-panel").is_visible()
    assert "Completed" in frame.locator("#finish-outcome").inner_text()
    assert len(session.calls("Terminate")) == 1
    assert cmi_get(session.stored(), "cmi.completion_status") == "completed"


def finished_session(lms: Any, build_package: Any, version: str = "scorm2004") -> Any:
    session = lms(version, build_package("runtime-full", version), learner={"id": "u1", "name": "Rivera, Sam"})
    frame = session.frame
    for page in page_ids(frame):
        go_to(frame, page)
    go_to(frame, "learn--reflect")
    box = frame.locator('[data-reflection-input="r-first"]')
    box.fill("A day of school, then tea at Gran's.")
    box.blur()  # reflections save as they are typed and on leaving the box
    go_to(frame, "check--questions")
    take_assessment(frame, right=True)
    frame.get_by_role("button", name="Finish the course").click()
    return session


def test_cpd_record_holds_name_date_score_modules_standards_and_reflections(build_package: Any, lms: Any,
                                                                             browser: Any, axe_check: Any) -> None:
    session = finished_session(lms, build_package)
    with session.page.expect_download() as info:
        session.frame.get_by_role("button", name="Download CPD record").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    for needed in ("Rivera, Sam", "Runtime test course", "Completed on", "100%", "Passed",
                   "Modules completed", "A day of school, then tea at Gran&#39;s.", "What would the child say"):
        assert needed in html.replace("'", "&#39;") or needed in html, needed
    assert "record-answer" in html
    for width in (375, 1280):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            try:
                page = context.new_page()
                page.set_content(html)
                assert_no_serious_violations(axe_check(page))
                assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
            finally:
                context.close()


def test_cpd_record_lists_the_standards_of_course_yml(build_package: Any, lms: Any) -> None:
    session = lms("scorm12", build_package("minimal", "scorm12"), learner={"id": "u1", "name": "Okafor, Ada"})
    frame = session.frame
    next_page(frame, len(page_ids(frame)))
    frame.get_by_role("button", name="Finish", exact=True).click()
    with session.page.expect_download() as info:
        frame.get_by_role("button", name="Download CPD record").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Okafor, Ada" in html and "PQS:KSS" in html and "Abuse and neglect of children" in html
    assert "PCF" in html and "Basics" in html


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_start_and_finish_screens_are_axe_clean(width: int, scheme: str, build_package: Any, lms: Any,
                                                axe_check: Any) -> None:
    session = lms("scorm2004", build_package("runtime-full", "scorm2004"), learner={"id": "u1", "name": "Rivera, Sam"})
    session.page.set_viewport_size({"width": width, "height": 900})
    session.page.emulate_media(color_scheme=scheme)
    frame = session.frame
    assert current_page(frame) == START
    assert_no_serious_violations(axe_check(frame))
    session.close()
    done = finished_session(lms, build_package)
    done.page.set_viewport_size({"width": width, "height": 900})
    done.page.emulate_media(color_scheme=scheme)
    assert done.frame.locator("#finish-panel").is_visible()
    assert_no_serious_violations(axe_check(done.frame))


def test_print_shows_only_the_current_module_with_readable_questions(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("course_src", "scorm2004"))
    frame = sco.frame
    page_ids(frame)
    page = frame.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent)"
                          ".questions.find(q => q.kind === 'matching').page")
    go_to(frame, page)
    module = page.split("--")[0]
    assert frame.get_by_role("button", name="Print this module").is_visible()
    frame.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    sco.page.emulate_media(media="print")
    printed = frame.evaluate("() => [...document.querySelectorAll('section.page')]"
                             ".filter(s => getComputedStyle(s).display !== 'none').map(s => s.id)")
    expected = frame.evaluate("(m) => JSON.parse(document.getElementById('scr-data').textContent)"
                              ".modules.find(x => x.id === m).pages", module)
    assert printed == expected
    assert frame.evaluate("() => [...document.querySelectorAll('.contents, .pager, .reflection-count')]"
                          ".every(n => getComputedStyle(n).display === 'none')")
    assert frame.evaluate("() => [...document.querySelectorAll('section.page')]"
                          ".every(s => getComputedStyle(s).breakBefore !== 'page')"), "no forced page break: no blank first page"
    options = frame.locator(f"#{page} .print-options")
    assert options.count() >= 1 and options.first.evaluate("n => getComputedStyle(n).display") == "block"
    assert options.first.locator("li").count() >= 2


def test_sample_pages_are_axe_clean_in_dark_mode(build_package: Any, open_sco: Any, axe_check: Any) -> None:
    sco = open_sco(build_package("course_src", "scorm2004"))
    sco.page.emulate_media(color_scheme="dark")
    frame = sco.frame
    ids = page_ids(frame)
    wanted = [ids[0],  # the course page with the content note
              frame.evaluate("() => document.querySelector('.callout-vignette').closest('section.page').id"),
              frame.evaluate("() => document.querySelector('.question-matching').closest('section.page').id"),
              "page--references",
              next(i for i in ids if i.startswith("final-assessment--"))]
    for width in (375, 1280):
        sco.page.set_viewport_size({"width": width, "height": 900})
        assert_no_serious_violations(axe_check(frame))  # the start screen
        for page in wanted:
            go_to(frame, page)
            assert_no_serious_violations(axe_check(frame))
        go_to(frame, START)
