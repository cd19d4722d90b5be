"""WCAG 2.2 AA for the player: axe-core on every page type, keyboard-only use, small screens."""

from __future__ import annotations

from typing import Any

import pytest
from harness import assert_no_serious_violations
from runtime_actions import (
    KNOWLEDGE_CHECKS,
    START,
    STATUS,
    answer_checks,
    cmi_get,
    current_page,
    go_to,
    next_page,
    page_ids,
    take_assessment,
)

pytestmark = pytest.mark.browser


def check(axe_check: Any, frame: Any, what: str) -> None:
    violations = axe_check(frame)
    try:
        assert_no_serious_violations(violations)
    except AssertionError as exc:
        raise AssertionError(f"{what}: {exc}") from None


def test_axe_on_every_page_type(build_package: Any, lms: Any, relaunch: Any, axe_check: Any) -> None:
    session = lms("scorm2004", build_package("runtime-full", "scorm2004"))
    frame = session.frame
    check(axe_check, frame, "module opening page")
    go_to(frame, "learn--reading")
    check(axe_check, frame, "content page with callouts")
    go_to(frame, "learn--choices")
    check(axe_check, frame, "unanswered questions")
    answer_checks(frame, right=False)  # feedback for wrong answers shows the most
    for page in ("learn--choices", "learn--typed", "learn--arranging"):
        go_to(frame, page)
        check(axe_check, frame, f"questions with feedback on {page}")
    go_to(frame, "learn--reflect")
    frame.locator('[data-reflection-input="r-first"]').fill("Something I noticed.")
    frame.locator('[data-reflection-status="r-first"]').get_by_text("Saved.").wait_for()
    check(axe_check, frame, "reflection page")
    go_to(frame, "check--questions")
    check(axe_check, frame, "assessment questions")
    take_assessment(frame, right=False)
    check(axe_check, frame, "results page")
    again = relaunch(session)
    assert again.frame.locator("#resume-panel").is_visible()
    check(axe_check, again.frame, "resume prompt")
    go_to(again.frame, page_ids(again.frame)[-1])
    again.frame.get_by_role("button", name="Finish").click()
    check(axe_check, again.frame, "finish panel")


def test_axe_with_notices_on_a_phone(build_package: Any, open_sco: Any, axe_check: Any) -> None:
    sco = open_sco(build_package("runtime-full", "scorm12"))
    sco.page.set_viewport_size({"width": 320, "height": 640})
    frame = sco.frame
    assert frame.locator("#lms-note").is_visible()
    check(axe_check, frame, "no-LMS notice at 320px")
    # Reflow (WCAG 1.4.10): nothing scrolls sideways at 320 CSS pixels.
    for page in page_ids(frame):
        frame.evaluate("(id) => { location.hash = id; }", "#" + page)
        frame.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page)
        width = frame.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{page} is {width}px wide at 320px"


def test_text_resized_to_200_percent_still_fits(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("runtime-full", "scorm12"))
    sco.page.set_viewport_size({"width": 1280, "height": 800})
    frame = sco.frame
    frame.evaluate("() => document.documentElement.style.fontSize = '200%'")
    for page in ("learn--choices", "learn--typed", "learn--arranging", "learn--reflect"):
        go_to(frame, page)
        assert frame.evaluate("() => document.documentElement.scrollWidth") <= 1280, page


def test_controls_are_big_enough_and_labelled(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("runtime-full", "scorm12"))
    frame = sco.frame
    for page in ("learn--choices", "learn--typed", "learn--arranging", "learn--reflect"):
        go_to(frame, page)
        small = frame.evaluate("""() => [...document.querySelectorAll('button, input, select, textarea, a')]
          .filter(e => e.offsetParent !== null && !e.closest('p, li:not(.order-item)'))
          .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
          .filter(([, r]) => r.width < 24 || r.height < 24).map(([h]) => h)""")
        assert small == [], f"{page}: targets under 24px: {small}"
    labels = frame.evaluate("() => [...document.querySelectorAll('button')].filter(b => !b.hidden)"
                            ".map(b => b.textContent.trim())")
    assert all(labels), "every button has visible text"


def tab_to(frame: Any, page: Any, matches: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the CSS selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if frame.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", matches):
            return
    raise AssertionError(f"Tab never reached {matches}")


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_keyboard_only_completion(version: str, build_package: Any, lms: Any) -> None:
    session = lms(version, build_package("minimal", version))
    frame, page = session.frame, session.page
    frame.locator("body").evaluate("b => b.focus()")
    pages = page_ids(frame)
    while current_page(frame) != pages[-1]:
        tab_to(frame, page, "#next-page")
        page.keyboard.press("Enter")
        # Focus lands on the new page's heading.
        assert frame.evaluate("() => document.activeElement.tagName") == "H1"
        if current_page(frame) == "basics--second-page":
            # One tab stop for the radio group, wherever the shuffle put its options; arrows move and select.
            tab_to(frame, page, 'form[data-question="q-single"] input[type=radio]')
            for _ in range(6):
                page.keyboard.press("ArrowDown")
                if frame.locator("#q-single--b").is_checked():
                    break
            assert frame.locator("#q-single--b").is_checked()
            tab_to(frame, page, 'form[data-question="q-single"] button[type=submit]')
            page.keyboard.press("Enter")
            assert frame.locator('form[data-question="q-single"] [data-verdict]').inner_text() == "Correct."
            tab_to(frame, page, "#reflection-r-think")
            page.keyboard.type("Typed with the keyboard.")
            page.keyboard.press("Tab")  # leaving the box saves it
            assert frame.locator('[data-reflection-status="r-think"]').inner_text() == "Saved."
    tab_to(frame, page, "#q-multi--a")
    page.keyboard.press("Space")
    tab_to(frame, page, "#q-multi--b")
    page.keyboard.press("Space")
    tab_to(frame, page, 'form[data-question="q-multi"] button[type=submit]')
    page.keyboard.press("Space")
    assert frame.locator('form[data-question="q-multi"] [data-verdict]').inner_text() == "Correct."
    tab_to(frame, page, "#finish")
    page.keyboard.press("Enter")
    assert frame.locator("#finish-panel").is_visible()
    assert cmi_get(session.stored(), STATUS[version]["status"]) == "completed"
    assert session.rejected() == []


def test_skip_link_is_first_and_moves_to_main(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("minimal", "scorm12"))
    sco.page.keyboard.press("Tab")
    frame = sco.frame
    assert frame.evaluate("() => document.activeElement.textContent") == "Skip to content"
    assert frame.locator(".skip-link").is_visible()
    sco.page.keyboard.press("Enter")
    assert frame.evaluate("() => document.activeElement.id") == "main"
    assert current_page(frame) == START


def test_without_javascript_every_page_shows(build_package: Any, browser: Any, harness_server: Any) -> None:
    package = build_package("minimal", "scorm12")
    name = harness_server.mount("nojs-" + package.name, package)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(harness_server.url + name + "index.html")
        assert page.locator("section.page:visible").count() == len(page.locator("section.page").all())
        assert page.locator("#pager").is_hidden()
    finally:
        context.close()


def test_knowledge_checks_announce_feedback(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("runtime-full", "scorm12"))
    frame = sco.frame
    next_page(frame, 2)
    # One announcement per check: a status region, and a verdict that is not a live region.
    box = frame.locator('form[data-question="k-single"] [data-announce]')
    assert box.get_attribute("role") == "status"
    assert frame.locator('form[data-question="k-single"] [data-verdict]').get_attribute("aria-live") is None
    assert frame.locator('form[data-question="k-single"] fieldset legend').count() == 1
    assert len(KNOWLEDGE_CHECKS) == 7
