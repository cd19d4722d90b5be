"""Issue 21: gating (course.yml ``navigation``) and ``tracking.on_fail: failed``, in the real runtime.

The fixture ``gated`` has two two-page modules, a final assessment (3 attempts, pass mark 50) and a
glossary after them, with ``navigation: modules-before-assessment`` and ``on_fail: failed``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from harness import assert_no_serious_violations
from runtime_actions import VERSIONS, cmi_get, current_page, go_to, take_assessment
from test_cmi5_runtime import launch_package

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent.parent / "fixtures" / "courses" / "gated"
LOCKED_NOTE = "Locked until you finish the modules"


def data(frame: Any) -> dict[str, Any]:
    return dict(frame.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent)"))


def pages_of(frame: Any, module: str) -> list[str]:
    return [p["id"] for p in data(frame)["pages"] if p["module"] == module]


def locked_panel(frame: Any, focused: bool = True) -> str:
    """The explanation on screen (its text), after checking no page is shown and, after a learner's
    action (focused), that its heading has focus. A launch leaves focus alone, as for any first display."""
    panel = frame.locator("#locked-panel")
    panel.wait_for(state="visible")
    assert current_page(frame) is None
    if focused:
        assert frame.evaluate("() => document.activeElement.id") == "locked-title"
    return str(panel.inner_text())


def open_locked(frame: Any, page_id: str) -> str:
    """Choose a locked page in the contents: its explanation (text)."""
    link = contents_link(frame, page_id)
    if not link.is_visible():
        frame.locator("#contents-title").click()
    link.click()
    return locked_panel(frame)


def contents_link(frame: Any, page_id: str) -> Any:
    return frame.locator(f'.contents [data-page-link="{page_id}"]')


def assert_assessment_locked(frame: Any, final: list[str]) -> None:
    """Every page of the assessment is marked locked in the contents, the reason in the link's name."""
    for page_id in final:
        link = contents_link(frame, page_id)
        assert link.get_attribute("data-locked") == ""
        assert LOCKED_NOTE in link.inner_text()
    # The module's own entry: its name carries the status and the lock, as a screen reader hears it.
    module_link = frame.locator(".contents").get_by_role("link", name=re.compile(r"^Final assessment .*" + LOCKED_NOTE))
    assert module_link.count() == 1


def tab_to(frame: Any, page_id: str, limit: int = 60) -> None:
    """Press Tab from the top until the contents link to page_id has focus (it must be reachable)."""
    frame.locator("body").focus()
    for _ in range(limit):
        frame.page.keyboard.press("Tab")
        if frame.evaluate("() => document.activeElement.getAttribute('data-page-link')") == page_id:
            return
    raise AssertionError(f"the contents link to {page_id} is not reachable with Tab")


def visit(frame: Any, page_ids: list[str]) -> None:
    for page_id in page_ids:
        go_to(frame, page_id)


def assert_clean(session: Any) -> None:
    assert session.rejected() == [], session.rejected()
    assert session.errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_modules_before_assessment_locks_every_route_then_opens(version: str, build_package: Any, lms: Any,
                                                                 axe_check: Any) -> None:
    package = build_package("gated", version)
    session = lms(version, package)
    frame = session.frame
    first, second, final = pages_of(frame, "first"), pages_of(frame, "second"), pages_of(frame, "final")
    assert_assessment_locked(frame, final)
    assert contents_link(frame, first[1]).get_attribute("data-locked") is None
    # The start screen's module list says it too.
    assert LOCKED_NOTE in frame.locator(".start-modules").inner_text()

    # Keyboard: the locked entry is reachable with Tab; Enter explains instead of opening it.
    tab_to(frame, final[0])
    frame.page.keyboard.press("Enter")
    text = locked_panel(frame)
    assert "Final assessment is locked" in text and "Still to finish:" in text
    assert "First module (Not started)" in text and "Second module (Not started)" in text
    assert frame.evaluate("() => document.title").startswith("Final assessment is locked")
    for scheme in ("light", "dark"):
        session.page.emulate_media(color_scheme=scheme)
        assert_no_serious_violations(axe_check(frame))

    # The explanation links to what opens the page.
    frame.locator("#locked-todo").get_by_role("link", name="Second module").click()
    assert current_page(frame) == second[0]

    # Next from the page before the assessment explains too.
    go_to(frame, second[-1])
    frame.get_by_role("button", name="Next", exact=True).click()
    assert "First module (Not started)" in locked_panel(frame)
    # Back returns to the page the learner was on; Forward to the explanation, not the page.
    frame.evaluate("() => history.back()")
    frame.wait_for_function(f"() => !document.getElementById('{second[-1]}').hidden")
    frame.evaluate("() => history.forward()")
    locked_panel(frame)

    # A place inside a locked page, typed as an address: the page's explanation, not the place.
    frame.evaluate("() => { location.hash = '#final-a'; }")
    locked_panel(frame)
    assert frame.locator("form[data-question='final-a']").is_hidden()

    # The rule is met: the marks go, and the same link opens the assessment.
    visit(frame, first + second)
    for page_id in final:
        assert contents_link(frame, page_id).get_attribute("data-locked") is None
        assert LOCKED_NOTE not in contents_link(frame, page_id).inner_text()
    go_to(frame, final[0])
    assert frame.locator("#locked-panel").is_hidden()
    assert_clean(session)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_deep_link_to_a_locked_page_explains_and_back_never_reaches_it(version: str, build_package: Any,
                                                                          lms: Any) -> None:
    session = lms(version, build_package("gated", version), launch="index.html#final--questions")
    frame = session.frame
    final, first = pages_of(frame, "final"), pages_of(frame, "first")
    assert final[-1] == "final--questions"
    text = locked_panel(frame, focused=False)
    assert "Questions is locked" in text  # the heading names the page asked for
    assert frame.evaluate("() => location.hash") == f"#{final[-1]}"  # the address stays
    frame.locator("#locked-todo").get_by_role("link", name="First module").click()
    assert current_page(frame) == first[0]
    # Back: the locked address again, explained again, never the page.
    frame.evaluate("() => history.back()")
    locked_panel(frame)
    assert frame.locator(f"section[data-page='{final[-1]}']").is_hidden()
    assert_clean(session)


@pytest.mark.parametrize("version", VERSIONS)
def test_on_fail_failed_reports_failed_after_each_failed_attempt(version: str, build_package: Any,
                                                                  lms: Any) -> None:
    session = lms(version, build_package("gated", version))
    frame = session.frame
    visit(frame, pages_of(frame, "first") + pages_of(frame, "second"))
    go_to(frame, pages_of(frame, "final")[-1])
    for attempt in (1, 2):
        take_assessment(frame, right=False)
        assert f"{3 - attempt} attempt" in frame.locator("[data-results]").inner_text()
        stored = session.stored()
        if version == "scorm12":
            assert cmi_get(stored, "cmi.core.lesson_status") == "failed"
            assert cmi_get(stored, "cmi.core.score.raw") == "0"
            sets = [c["args"][0] for c in session.calls("LMSSetValue")]
            # The score goes before the status (stale grades otherwise).
            assert sets.index("cmi.core.score.raw") < sets.index("cmi.core.lesson_status", sets.index("cmi.core.score.raw"))
        else:
            assert cmi_get(stored, "cmi.success_status") == "failed"
            assert cmi_get(stored, "cmi.completion_status") == "incomplete"  # attempts are left
            assert cmi_get(stored, "cmi.score.scaled") == "0"
        frame.get_by_role("button", name="Take the assessment again").click()
        # A new attempt in progress leaves the last outcome standing.
        status = "cmi.core.lesson_status" if version == "scorm12" else "cmi.success_status"
        assert cmi_get(session.stored(), status) == "failed"
    take_assessment(frame, right=True)
    stored = session.stored()
    if version == "scorm12":
        assert cmi_get(stored, "cmi.core.lesson_status") == "passed"
        assert cmi_get(stored, "cmi.core.score.raw") == "100"
    else:
        assert cmi_get(stored, "cmi.success_status") == "passed"
        assert cmi_get(stored, "cmi.completion_status") == "completed"
        assert cmi_get(stored, "cmi.score.scaled") == "1"
    assert_clean(session)


def test_sequential_opens_pages_in_order(build_package: Any, lms: Any, tmp_path: Path) -> None:
    course = tmp_path / "sequential"
    shutil.copytree(FIXTURE, course)
    yml = course / "course.yml"
    yml.write_text(yml.read_text().replace("navigation: modules-before-assessment", "navigation: sequential"))
    session = lms("scorm12", build_package(course, "scorm12"))
    frame = session.frame
    first, second = pages_of(frame, "first"), pages_of(frame, "second")
    glossary = [p["id"] for p in data(frame)["pages"] if p["module"] is None][0]
    assert contents_link(frame, first[0]).get_attribute("data-locked") is None
    for page_id in first[1:] + second:
        assert "Locked until you reach it" in contents_link(frame, page_id).inner_text()
    assert contents_link(frame, glossary).get_attribute("data-locked") is None  # course pages never lock
    text = open_locked(frame, second[0])  # jumping ahead explains, and says where to carry on
    assert "Carry on from:" in text and "First module" in text
    frame.locator("#locked-todo a").click()
    assert current_page(frame) == first[0]
    frame.get_by_role("button", name="Next", exact=True).click()  # Next always moves on
    assert current_page(frame) == first[1]
    assert contents_link(frame, second[0]).get_attribute("data-locked") is None
    assert contents_link(frame, second[1]).get_attribute("data-locked") == ""
    assert_clean(session)


def test_gating_in_cmi5(cmi5_lms: Any, harness_server: Any, build_package: Any, browser: Any) -> None:
    launch = launch_package(cmi5_lms, harness_server, build_package, "gated")
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        final_page = "final--questions"
        page.goto(f"{launch.url}#{final_page}")
        page.wait_for_function("() => !document.getElementById('lms-note').textContent.includes('Connecting')")
        frame = page.main_frame
        final = pages_of(frame, "final")
        assert final_page in final
        assert "Questions is locked" in locked_panel(frame, focused=False)
        assert_assessment_locked(frame, final)
        visit(frame, pages_of(frame, "first") + pages_of(frame, "second"))
        go_to(frame, final_page)
        assert frame.locator("#locked-panel").is_hidden()
        assert errors == []
    finally:
        context.close()
