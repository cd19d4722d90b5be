"""Issue 21, the learner's path part 2: a course a practitioner finishes on a phone, with a record
that tells the truth. Real Chromium against scorm-again (SCORM 1.2 and 2004) and Ralph (cmi5)."""

from __future__ import annotations

import io
import json
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from harness import assert_no_serious_violations
from runtime_actions import (
    START,
    VERSIONS,
    answer_attempt,
    answer_key,
    current_page,
    go_to,
    next_page,
    page_ids,
    pass_course_assessment,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
COURSES = REPO / "tests" / "fixtures" / "courses"
PHONE = {"width": 320, "height": 640}

IN_VIEW = """(node) => { const r = node.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
  return r.top >= 0 && r.bottom <= innerHeight && !!hit && (hit === node || node.contains(hit)); }"""
"""The element is on the screen and nothing (a sticky bar) lies over it."""


def in_view(frame: Any, selector: str) -> bool:
    return bool(frame.locator(selector).first.evaluate(IN_VIEW))


def on_a_phone(lms: Any, package: Path, version: str) -> tuple[Any, list[str]]:
    """A session at 320 x 640 and the package's page ids (once its later pages are in)."""
    session = lms(version, package)
    session.page.set_viewport_size(PHONE)
    return session, page_ids(session.frame)


def header_share(frame: Any) -> float:
    return float(frame.evaluate("() => document.querySelector('.course-header').getBoundingClientRect().height"
                                " / innerHeight"))


@pytest.mark.parametrize("version", VERSIONS)
def test_start_is_on_the_first_screen_and_the_header_is_slim_on_every_page(version: str, build_package: Any,
                                                                           lms: Any) -> None:
    session, ids = on_a_phone(lms, build_package("course_src", version), version)
    frame = session.frame
    assert current_page(frame) == START
    assert in_view(frame, "#start-course"), "Start is within the first screen at 320 x 640"
    titles = frame.evaluate("() => [...document.querySelectorAll('.course-header .course-title, #course-start h1')]"
                            ".filter(n => n.getClientRects().length).length")
    assert titles == 1, "the start screen shows the course title once"
    assert frame.get_by_role("navigation", name="Contents", exact=True).count() == 1, "not '☰ Contents'"
    sizes = {(320, 640), (1280, 800)} if version == "scorm12" else {(375, 667)}
    for width, height in sorted(sizes):
        session.page.set_viewport_size({"width": width, "height": height})
        for page in [START, *ids]:
            go_to(frame, page)
            share = header_share(frame)
            assert share <= 0.15, f"header is {share:.0%} of a {width}x{height} screen on {page}"
    assert session.rejected() == [] and session.errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_next_is_one_tap_away_and_one_tap_after_typing_a_reflection_moves_on(version: str, build_package: Any,
                                                                            lms: Any) -> None:
    session, _ = on_a_phone(lms, build_package("runtime-full", version), version)
    frame = session.frame
    go_to(frame, "learn--reflect")
    assert in_view(frame, "#next-page"), "the pager sticks to the bottom of a phone screen"
    box = frame.locator('[data-reflection-input="r-first"]')
    box.click()
    session.page.keyboard.type("What the child would say about a school day.")
    # One real click: the press blurs the box ("Saved." appears) and the release must still hit Next.
    frame.get_by_role("button", name="Next", exact=True).click()
    assert current_page(frame) != "learn--reflect", "the first tap on Next after typing moved on"
    go_to(frame, "learn--reflect")
    assert box.input_value() == "What the child would say about a school day."
    assert session.rejected() == [] and session.errors == []


def references_course(tmp_path: Path) -> Path:
    """The minimal course with a References page marked progress=false and a role page with its own list heading."""
    course = tmp_path / "with-references"
    shutil.copytree(COURSES / "minimal", course)
    module = course / "modules" / "01-basics.md"
    sections = "".join(f"\n### Role {n}\n\nWhat role {n} does.\n" for n in (1, 2, 3))
    module.write_text(module.read_text(encoding="utf-8")
                      + f"\n## Your role {{#your-role on_this_page=\"Choose your role\"}}\n{sections}"
                      + "\n## References {#references progress=false}\n\nA list of sources.\n", encoding="utf-8")
    return course


@pytest.mark.parametrize("version", VERSIONS)
def test_a_module_is_done_without_opening_its_references(version: str, build_package: Any, lms: Any,
                                                         tmp_path: Path) -> None:
    session = lms(version, build_package(references_course(tmp_path), version))
    frame = session.frame
    ids = page_ids(frame)
    assert "basics--references" in ids
    for page in ids:
        if page != "basics--references":
            go_to(frame, page)
    assert frame.locator('.contents [data-module-status="basics"]').inner_text() == "Done"
    assert frame.locator("#progress-text").inner_text() == "1 of 1 done"
    # The role page names its jump links as the author asked.
    go_to(frame, "basics--your-role")
    nav = frame.get_by_role("navigation", name="Choose your role")
    assert nav.get_by_role("link").count() == 3
    frame.get_by_role("button", name="Finish", exact=True).click()
    assert frame.locator("#finish-title").inner_text() == "You have completed the course"
    with session.page.expect_download() as info:
        frame.get_by_role("button", name="Download CPD record").click()
    record = Path(info.value.path()).read_text(encoding="utf-8")
    assert re.search(r"Modules completed</h2><ul><li>Basics</li>", record)
    status = session.stored()["cmi"]
    assert (status["core"]["lesson_status"] if version == "scorm12" else status["completion_status"]) == "completed"
    assert session.rejected() == [] and session.errors == []


def test_every_page_with_three_or_more_sections_has_working_jump_links(build_package: Any, open_sco: Any,
                                                                      axe_check: Any) -> None:
    sco = open_sco(build_package("course_src", "scorm2004"))
    sco.page.set_viewport_size({"width": 375, "height": 667})
    frame = sco.frame
    ids = page_ids(frame)
    checked = 0
    for page in ids:
        go_to(frame, page)
        sections = frame.evaluate("(id) => [...document.getElementById(id).querySelectorAll(':scope > h2')]"
                                  ".map(h => h.textContent)", page)
        nav = frame.locator(f"#{page} nav.on-this-page")
        if len(sections) < 3:
            assert nav.count() == 0, page
            continue
        links = nav.get_by_role("link")
        assert [links.nth(i).inner_text() for i in range(links.count())] == sections, page
        for i in range(links.count()):
            target = links.nth(i).get_attribute("href") or ""
            links.nth(i).click()
            assert current_page(frame) == page
            assert frame.evaluate("() => document.activeElement.id") == target[1:]
            assert in_view(frame, target), f"{target} is on screen, clear of the sticky bars"
        if checked == 0:
            for scheme in ("light", "dark"):
                sco.page.emulate_media(color_scheme=scheme)
                assert_no_serious_violations(axe_check(frame))
        checked += 1
    assert checked >= 1, "the sample course has a page with three or more sections"
    assert sco.errors == []


@pytest.mark.parametrize("width", [320, 1280])
def test_chart_text_is_at_least_12px_and_the_accessible_name_carries_the_finding(width: int, build_package: Any,
                                                                                 open_sco: Any) -> None:
    sco = open_sco(build_package("course_src", "scorm12"))
    sco.page.set_viewport_size({"width": width, "height": 800})
    frame = sco.frame
    page_ids(frame)
    charts = frame.evaluate("() => [...document.querySelectorAll('.block-chart')].map(c => c.closest('section').id)")
    assert len(charts) >= 2
    for page in dict.fromkeys(charts):
        go_to(frame, page)
        for summary in frame.locator(f"#{page} .chart-summary").all():
            finding = summary.inner_text()
            assert frame.get_by_role("img", name=re.compile(re.escape(finding))).count() == 1
        smallest = frame.evaluate("""(id) => Math.min(...[...document.querySelectorAll(`#${id} .block-chart svg`)]
          .filter(s => s.getClientRects().length).flatMap(svg => [...svg.querySelectorAll('text')].map(t => {
            const drawn = t.getBoundingClientRect().height, box = t.getBBox().height;
            return parseFloat(getComputedStyle(t).fontSize) * drawn / box; })))""", page)
        assert smallest >= 12, f"chart text on {page} is {smallest:.1f} px at {width} px"
        assert frame.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    assert sco.errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_during_an_attempt_one_next_control_no_pager_and_the_question_heading_after_a_reload(
        version: str, build_package: Any, lms: Any, relaunch: Any) -> None:
    course = COURSES / "assessment"
    session, _ = on_a_phone(lms, build_package(course, version), version)
    frame = session.frame
    go_to(frame, "final--questions")
    assert frame.locator("#final--questions--title").inner_text().endswith(": Questions")
    answer_attempt(frame, answer_key(course), submit_it=False)
    frame.get_by_role("button", name="Previous question").click()
    # No page pager: on this course's last page it keeps Finish alone (stop now, carry on later).
    assert frame.locator("#prev-page").is_hidden() and frame.locator("#next-page").is_hidden()
    assert frame.locator("#print-module").is_hidden()
    assert frame.locator("#pager").is_hidden() or frame.locator("#pager button:visible").all_inner_texts() == ["Finish"]
    nexts = [b for b in frame.get_by_role("button").all() if b.is_visible() and "next" in b.inner_text().lower()]
    assert len(nexts) == 1, [b.inner_text() for b in nexts]
    position = frame.locator("[data-position]").inner_text()
    assert in_view(frame, "[data-position]")
    again = relaunch(session)
    again.page.set_viewport_size(PHONE)
    again.frame.get_by_role("button", name="Continue where you left off").click()
    assert again.frame.locator("[data-position]").inner_text() == position
    assert again.frame.evaluate("() => document.activeElement.dataset.position !== undefined")
    assert in_view(again.frame, "[data-position]"), "the question heading is in view, not under the sticky bar"
    assert again.rejected() == [] and again.errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_finish_is_on_the_first_screen_of_the_results_at_320px(version: str, build_package: Any, lms: Any,
                                                               axe_check: Any) -> None:
    session, _ = on_a_phone(lms, build_package("course_src", version), version)
    frame = session.frame
    pass_course_assessment(frame, REPO / "course_src")
    offer = frame.locator("[data-results] [data-finish]")
    assert frame.evaluate("() => document.activeElement.closest('[data-results]') !== null")
    assert in_view(frame, "[data-results] [data-finish]"), "Finish is within the first screen of the results"
    # The sticky pager (Previous, Next and Finish here) stays one slim row at 320 px: buttons side by side.
    tops = frame.evaluate("() => [...document.querySelectorAll('#pager .button')].filter(b => b.offsetParent)"
                          ".map(b => Math.round(b.getBoundingClientRect().top))")
    assert len(tops) == 3 and len(set(tops)) == 1, f"pager buttons on one row at 320 px: {tops}"
    review = frame.locator("[data-results-review]")
    if review.count() and review.is_visible():
        assert review.evaluate("d => d.tagName === 'DETAILS' && !d.open"), "the answer review waits behind a disclosure"
    for scheme in ("light", "dark"):
        session.page.emulate_media(color_scheme=scheme)
        assert_no_serious_violations(axe_check(frame))
    offer.click()
    assert frame.locator("#finish-title").inner_text() == "You passed: the course is complete"
    # The test-out path: complete by the assessment, and the header says so beside the modules done.
    assert frame.locator("#progress-text").inner_text().startswith("Course complete; 1 of 6")
    assert session.rejected() == [] and session.errors == []


def record_of(session: Any) -> str:
    with session.page.expect_download() as info:
        session.frame.get_by_role("button", name="Download CPD record").click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def minutes_of(span: str) -> float:
    """SCORM 1.2 HHHH:MM:SS.SS or a 2004 duration PT#H#M#S, in minutes."""
    if ":" in span:
        h, m, s = span.split(":")
        return int(h) * 60 + int(m) + float(s) / 60
    parts = dict((unit, float(value)) for value, unit in re.findall(r"([\d.]+)([HMS])", span))
    return parts.get("H", 0) * 60 + parts.get("M", 0) + parts.get("S", 0) / 60


@pytest.mark.parametrize("version", VERSIONS)
def test_cpd_time_is_the_lms_total_time_after_two_sessions(version: str, build_package: Any, lms: Any,
                                                           relaunch: Any) -> None:
    package = build_package("runtime-full", version)
    first = lms(version, package)
    page_ids(first.frame)
    first.page.clock.install()
    first.page.clock.fast_forward("25:00")
    next_page(first.frame, 2)
    second = relaunch(first)
    second.page.clock.install()
    second.page.clock.fast_forward("40:00")
    second.frame.get_by_role("button", name="Continue where you left off").click()
    go_to(second.frame, "learn--reflect")
    with second.page.expect_download() as info:
        second.frame.get_by_role("button", name="Download my reflections").click()
    record = Path(info.value.path()).read_text(encoding="utf-8")
    second.close()
    total = cmi_total(second.stored(), version)
    assert 65 <= minutes_of(total) < 67, total
    shown = re.search(r"Time spent on this course</dt><dd>1 h (\d+) min</dd>", record)
    assert shown and int(shown.group(1)) == round(minutes_of(total)) - 60, (total, record[:2000])
    assert "Notional learning time</dt><dd>" in record


def cmi_total(stored: dict[str, Any] | None, version: str) -> str:
    cmi = (stored or {})["cmi"]
    return str(cmi["core"]["total_time"] if version == "scorm12" else cmi["total_time"])


def test_cpd_record_prints_on_a4_without_a_blank_last_page_in_the_theme(build_package: Any, lms: Any,
                                                                        browser: Any) -> None:
    from pypdf import PdfReader

    session = lms("scorm2004", build_package("course_src", "scorm2004"), learner={"id": "u1", "name": "Rivera, Sam"})
    frame = session.frame
    ids = page_ids(frame)
    for reflection in frame.locator("[data-reflection-input]").all():
        page = reflection.evaluate("n => n.closest('section').id")
        go_to(frame, page)
        reflection.fill("A long reflection on what I would do differently. " * 12)
    go_to(frame, ids[-1])
    frame.get_by_role("button", name="Finish", exact=True).click()
    html = record_of(session)
    assert html.count("What you write is saved") == 0, "prompt guidance is said once, not under every prompt"
    assert "Time spent on this course" in html and "Notional learning time" in html
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(html)
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    finally:
        context.close()
    last = pdf.pages[-1].extract_text()
    footer = "This record was made by the course in your browser"
    assert last.replace("\n", " ").split(footer)[0].strip(), f"the last of {len(pdf.pages)} A4 pages holds only a footer"
    assert session.rejected() == [] and session.errors == []


def test_cmi5_cpd_time_adds_the_sessions_kept_in_the_state_document(cmi5_lms: Any, ralph_lrs: Any,
                                                                    harness_server: Any, build_package: Any,
                                                                    browser: Any) -> None:
    from harness.cmi5 import CourseInfo

    package = build_package("runtime-full", "cmi5")
    info = CourseInfo.read(package)
    base = harness_server.url + harness_server.mount("cmi5-phone-first", package)
    first = cmi5_lms.launch(base + info.url, info)

    def open_au(url: str, minutes: str) -> Any:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => !document.getElementById('lms-note').textContent.includes('Connecting')")
        page.clock.install()
        page.clock.fast_forward(minutes)
        return context, page

    context, page = open_au(first.url, "25:00")
    try:
        next_page(page.main_frame, 2)
        page.close(run_before_unload=True)  # the learner closes the window: pagehide sends the state document
    finally:
        context.close()
    def kept_minutes() -> float:
        documents = [json.loads(v[1]) for k, v in list(cmi5_lms.documents.items())
                     if k[-1] == "scr-course-learner-state" and k[3] == first.registration]
        return max((d.get("spent", 0) / 60000 for d in documents), default=0.0)

    deadline = time.monotonic() + 30
    while kept_minutes() < 25 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert 25 <= kept_minutes() < 26, "the state document keeps the time of the first session"
    second = cmi5_lms.launch(first.url.split("?")[0], first.info, registration=first.registration, actor=first.actor)
    context, page = open_au(second.url, "40:00")
    try:
        frame = page.main_frame
        frame.get_by_role("button", name="Continue where you left off").click()
        go_to(frame, "learn--reflect")
        with page.expect_download() as download:
            frame.get_by_role("button", name="Download my reflections").click()
        record = Path(download.value.path()).read_text(encoding="utf-8")
    finally:
        context.close()
    shown = re.search(r"Time spent on this course</dt><dd>1 h (\d+) min</dd>", record)
    assert shown and 5 <= int(shown.group(1)) <= 6, record[:1500]


def test_cpd_record_carries_the_theme_logo_and_colour(build_package: Any, lms: Any) -> None:
    session = lms("scorm2004", build_package("blocks", "scorm2004"))
    frame = session.frame
    ids = page_ids(frame)
    go_to(frame, ids[-1])
    frame.get_by_role("button", name="Finish", exact=True).click()
    record = record_of(session)
    assert re.search(r'<img class="record-logo" src="data:image/png;base64,[^"]{200,}" '
                     r'alt="Northfield Safeguarding Partnership"', record), "the logo travels inside the file"
    assert "border-bottom:4px solid #5a2d82" in record, "the theme's primary colour, not the built-in blue"
    assert session.rejected() == [] and session.errors == []
