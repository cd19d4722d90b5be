"""Issue 19 (H3, and the cmi5 line of H2's test): two learners share one browser profile.

A's LRS fails mid-session after A answered questions and wrote a reflection; A closes the window.
B launches in the same browser, from another LMS endpoint. B sees nothing of A's, and nothing of
A's reaches B's endpoint or goes with B's token. A launches again: a 403 on A's old batch does
not hold back the new session's statements, and the learner is told; at A's third launch the old
work reaches A's own record, and after that confirmed finish no reflection text is left in the
browser. Every launch is judged by the strict launcher (no cmi5 rule broken).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import pytest
from cmi5_actions import au_statements, launch_package, verb, wait_for
from harness import assert_no_serious_violations
from harness.cmi5 import Cmi5Lms, Launch
from harness.lrs import RalphLrs
from runtime_actions import answer_checks, form, go_to, page_ids

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("strict_launcher")]

REFLECTION = "A's private note about the family she visited on Tuesday."


def learner(name: str, lms: Cmi5Lms) -> dict[str, Any]:
    return {"objectType": "Agent", "name": name, "account": {"homePage": lms.url, "name": name}}


def browser_storage(page: Any) -> dict[str, str]:
    return dict(page.evaluate("() => Object.fromEntries(Object.entries(localStorage))"))


def queued_ids(page: Any) -> set[str]:
    """Statement ids waiting in the browser's cmi5 outbox, whoever they belong to."""
    found: set[str] = set()
    for key, value in browser_storage(page).items():
        if key.endswith(":xapi"):
            for owned in json.loads(value).values():
                found |= {s["id"] for s in owned["items"]}
    return found


def relaunch(lms: Cmi5Lms, first: Launch) -> Launch:
    return lms.launch(first.url.split("?")[0], first.info, registration=first.registration, actor=first.actor)


def test_two_learners_one_browser(browser: Any, cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs, harness_server: Any,
                                  build_package: Any, open_au: Any, axe_check: Any) -> None:
    shared = browser.new_context()
    a1 = launch_package(cmi5_lms, harness_server, build_package, "runtime-full",
                        actor=learner("learner-a", cmi5_lms))
    au = open_au(a1, shared)
    go_to(au.frame, "learn--start")
    cmi5_lms.fault = lambda launch, *_: 503 if launch is a1 else None  # A's LRS stops recording
    answer_checks(au.frame, right=True)
    go_to(au.frame, "learn--reflect")
    au.frame.locator('[data-reflection-input="r-first"]').fill(REFLECTION)
    au.frame.locator('[data-reflection-input="r-first"]').blur()
    au.page.wait_for_function("() => document.getElementById('lms-alert').textContent.includes('waiting')")
    a_ids = queued_ids(au.page)
    assert len(a_ids) >= 7  # the seven answers at least
    au.page.close(run_before_unload=True)
    cmi5_lms.fault = None

    # B, at another LMS (another endpoint), in the same browser.
    other = Cmi5Lms(ralph_lrs).start()
    try:
        b = launch_package(other, harness_server, build_package, "runtime-full", actor=learner("learner-b", other))
        bu = open_au(b, shared)
        assert bu.frame.locator("#resume-panel").is_hidden()
        go_to(bu.frame, "learn--reflect")
        assert bu.frame.locator('[data-reflection-input="r-first"]').input_value() == ""
        go_to(bu.frame, "learn--choices")
        assert form(bu.frame, "k-single").locator("[data-verdict]").is_hidden()
        assert a_ids <= queued_ids(bu.page)  # kept for A, not sent
        go_to(bu.frame, page_ids(bu.frame)[-1])
        bu.frame.get_by_role("button", name="Finish").click()
        bu.page.wait_for_url("**/returned", timeout=5_000)
        b_statements = au_statements(ralph_lrs, b)
        assert b_statements and not a_ids & {s["id"] for s in b_statements}
        assert all(s["actor"] == b.actor for s in b_statements)
        assert not [r for r in b.requests if a_ids & set(r.statement_ids)]  # never to B's endpoint
        assert REFLECTION not in json.dumps([v[1].decode() for v in other.documents.values()])
        assert other.violations == []
    finally:
        other.stop()

    # A again; the LMS refuses A's old batch with 403: the new session's statements go at once.
    cmi5_lms.fault = lambda launch, method, resource, statements: (
        403 if launch.registration == a1.registration and a_ids & {s.get("id") for s in statements} else None)
    a2 = relaunch(cmi5_lms, a1)
    au2 = open_au(a2, shared)
    au2.frame.locator("#resume-panel").wait_for(state="visible")
    au2.frame.get_by_role("button", name="Continue where you left off").click()
    assert au2.frame.locator('[data-reflection-input="r-first"]').input_value() == REFLECTION
    go_to(au2.frame, "learn--typed")
    refused = wait_for(lambda: [r for r in a2.requests if r.status == 403], timeout=10)[0]
    later = wait_for(lambda: [r for r in a2.requests if r.at > refused.at and r.status == 200
                              and r.statement_ids], timeout=10)[0]
    assert later.at - refused.at < 1.5 and not a_ids & set(later.statement_ids)
    assert "refused" in au2.note("lms-alert")
    go_to(au2.frame, page_ids(au2.frame)[-1])
    au2.frame.get_by_role("button", name="Finish").click()
    back = au2.page.get_by_role("link", name="Return to your learning system")
    back.wait_for(timeout=5_000)  # told what was not recorded, with the way back
    assert "has not recorded" in au2.note("lms-alert") and "answers or pages viewed" in au2.note("lms-alert")
    for scheme in ("light", "dark"):  # the message and the way back, as a screen reader and the eye get them
        au2.page.emulate_media(color_scheme=scheme)
        assert_no_serious_violations(axe_check(au2.page))
    if os.environ.get("SCR_CMI5_SHOTS"):  # for looking at it: SCR_CMI5_SHOTS=folder
        for width in (320, 375, 1280):
            for scheme in ("light", "dark"):
                au2.page.emulate_media(color_scheme=scheme)
                au2.page.set_viewport_size({"width": width, "height": 800})
                au2.page.screenshot(path=f"{os.environ['SCR_CMI5_SHOTS']}/not-recorded-{width}-{scheme}.png")
    au2.page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(6):  # keyboard only: from the top of the page, Tab reaches the way back
        au2.page.keyboard.press("Tab")
        if au2.page.evaluate("() => document.activeElement.id") == "lms-return":
            break
    assert au2.page.evaluate("() => document.activeElement.id") == "lms-return"
    au2.page.keyboard.press("Enter")
    au2.page.wait_for_url("**/returned", timeout=5_000)
    cmi5_lms.fault = None

    # A's third launch: the old work reaches A's own record; then nothing private stays behind.
    a3 = relaunch(cmi5_lms, a1)
    au3 = open_au(a3, shared)
    wait_for(lambda: a_ids <= {s["id"] for s in au_statements(ralph_lrs, a1)}, timeout=15)
    stored = au_statements(ralph_lrs, a1)
    assert all(s["actor"] == a1.actor and s["context"]["registration"] == a1.registration for s in stored)
    go_to(au3.frame, page_ids(au3.frame)[-1])
    au3.frame.get_by_role("button", name="Finish").click()
    au3.page.wait_for_url("**/returned", timeout=5_000)
    time.sleep(0.5)
    document = next(v for k, v in cmi5_lms.documents.items()
                    if k[-1] == "scr-course-learner-state" and k[3] == a1.registration)
    assert json.loads(document[1])["state"]["reflections"]["r-first"] == REFLECTION
    package_origin = shared.new_page()  # the returnURL is the LMS's origin; the storage is the package's
    package_origin.goto(harness_server.url + "/no-such-page")
    leftovers = browser_storage(package_origin)
    assert REFLECTION not in json.dumps(leftovers), leftovers
    assert not queued_ids(package_origin) & a_ids
    assert "terminated" in [verb(s) for s in au_statements(ralph_lrs, a1)]
