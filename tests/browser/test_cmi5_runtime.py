"""Issue 15: the cmi5 AU in headless Chromium, launched by the tests' cmi5 LMS, statements in a real LRS (Ralph).

Every assertion about what was recorded reads the statements Ralph stored for the registration.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from cmi5_actions import (
    LMS_VERBS,
    answer_half,
    au_statements,
    launch_package,
    verb,
    wait_for,
)
from harness import assert_no_serious_violations
from harness.cmi5 import CMI5, Cmi5Lms, Launch
from harness.lrs import RalphLrs
from runtime_actions import (
    KNOWLEDGE_CHECKS,
    answer_checks,
    current_page,
    form,
    go_to,
    next_page,
    page_ids,
    pass_course_assessment,
    take_assessment,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("strict_launcher")]

CATEGORY = CMI5 + "categories/cmi5"
MOVEON = CMI5 + "categories/moveon"
SESSION = CMI5 + "extensions/sessionid"
DEFINED = {"initialized", "completed", "passed", "failed", "terminated"}
ALLOWED = {"answered", "experienced"}

SAMPLE = Path(__file__).parent.parent.parent / "course_src"


def assert_cmi5_rules(statements: list[dict[str, Any]], launch: Launch) -> None:
    """What cmi5 asks of an AU's statements in one or more sessions of a registration."""
    verbs = [verb(s) for s in statements]
    assert verbs[0] == "initialized" and verbs[-1] == "terminated", verbs
    assert [v for v in verbs if v == "terminated"] == ["terminated"] * len({
        s["context"]["extensions"][SESSION] for s in statements if verb(s) == "terminated"})
    sessions: dict[str, list[str]] = {}
    for s in statements:
        context = s["context"]
        assert context["registration"] == launch.registration
        assert s["actor"] == launch.actor  # Ralph stores what was sent; the launch actor exactly
        session = context["extensions"][SESSION]
        sessions.setdefault(session, []).append(verb(s))
        categories = {a["id"] for a in context["contextActivities"].get("category", [])}
        grouping = {a["id"] for a in context["contextActivities"].get("grouping", [])}
        assert launch.info.au_id in grouping  # the context template's publisher id
        if verb(s) in DEFINED:
            assert CATEGORY in categories, s
            assert s["object"]["id"] == launch.activity_id
            assert (MOVEON in categories) == (verb(s) in ("completed", "passed", "failed"))
        else:
            assert verb(s) in ALLOWED, s
            assert CATEGORY not in categories, s
    for session_verbs in sessions.values():
        assert session_verbs[0] == "initialized", session_verbs
        assert session_verbs.count("initialized") == 1 and session_verbs.count("terminated") <= 1
    stamps = [s["timestamp"] for s in statements]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps), "timestamps strictly increase"
    assert verbs.count("completed") <= 1 and verbs.count("passed") <= 1
    for s in statements:
        if verb(s) in ("passed", "failed"):
            mastery = s["context"]["extensions"].get(CMI5 + "extensions/masteryscore")
            scaled = s["result"]["score"]["scaled"]
            assert (scaled >= mastery) if verb(s) == "passed" else (scaled < mastery), s
        if verb(s) in ("completed", "terminated"):
            assert s["result"]["duration"].startswith("PT")


def test_sample_course_end_to_end(cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs, harness_server: Any,
                                  build_package: Any, open_au: Any) -> None:
    """Done-when: initialized, answered (n times), completed, passed, terminated, and the launcher's satisfied."""
    launch = launch_package(cmi5_lms, harness_server, build_package, "course_src")
    assert (launch.info.move_on, launch.info.mastery_score) == ("Passed", 0.8)
    au = open_au(launch)
    frame = au.frame
    data, final, end_page = pass_course_assessment(frame, SAMPLE)
    au.finish()
    au.wait_returned()
    stored = ralph_lrs.statements(launch.registration)
    statements = [s for s in stored if verb(s) not in LMS_VERBS]
    assert_cmi5_rules(statements, launch)
    verbs = [verb(s) for s in statements]
    answered = [s for s in statements if verb(s) == "answered"]
    assert len(answered) == (final["draw"] or len(final["questions"]))
    assert all(s["result"]["success"] for s in answered)
    assert [v for v in verbs if v not in ("experienced", "answered")] == ["initialized", "completed", "passed",
                                                                         "terminated"]
    assert verbs.index("passed") > max(i for i, v in enumerate(verbs) if v == "answered")
    passed = statements[verbs.index("passed")]
    assert passed["result"] == {"success": True, "score": {"scaled": 1}, "duration": passed["result"]["duration"]}
    assert passed["context"]["extensions"][CMI5 + "extensions/masteryscore"] == 0.8
    lms_verbs = [(verb(s), s["object"]["id"]) for s in stored if verb(s) in LMS_VERBS]
    assert lms_verbs == [("launched", launch.activity_id), ("satisfied", launch.activity_id),
                         ("satisfied", launch.info.course_id)]
    experienced = [s["object"]["id"] for s in statements if verb(s) == "experienced"]
    # The AU opens on the start screen (issue 11), which is not a course page: the first page
    # experienced is the one the learner went to.
    assert experienced[0] == data["cmi5"]["au"] + "/pages/" + end_page
    assert not [e for e in experienced if e.endswith("/pages/" + data["start"])]
    assert au.errors == []


def test_every_question_type_is_an_xapi_interaction(cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs, harness_server: Any,
                                                    build_package: Any, open_au: Any) -> None:
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full")
    au = open_au(launch)
    answer_checks(au.frame, right=True)
    for page_id in page_ids(au.frame):  # every page, so the AU completes by pages
        go_to(au.frame, page_id)
    au.finish()
    au.wait_returned()
    statements = au_statements(ralph_lrs, launch)
    assert_cmi5_rules(statements, launch)
    answered = {s["object"]["id"].rsplit("/", 1)[-1]: s for s in statements if verb(s) == "answered"}
    assert set(answered) == set(KNOWLEDGE_CHECKS)
    kinds = {qid: s["object"]["definition"]["interactionType"] for qid, s in answered.items()}
    assert kinds == {"k-single": "choice", "k-multiple": "choice", "k-truefalse": "true-false",
                     "k-fillin": "fill-in", "k-numeric": "numeric", "k-matching": "matching",
                     "k-ordering": "sequencing"}
    responses = {qid: s["result"]["response"] for qid, s in answered.items()}
    matching, ordering = KNOWLEDGE_CHECKS["k-matching"][1], KNOWLEDGE_CHECKS["k-ordering"][1]
    assert responses == {"k-single": "b", "k-multiple": "a[,]c", "k-truefalse": "true", "k-fillin": "PARIS",
                         "k-numeric": "6.4", "k-ordering": "[,]".join(ordering),
                         "k-matching": "[,]".join(f"{left}[.]{right}" for left, right in zip("abc", matching))}
    assert all(s["result"]["success"] is True for s in answered.values())
    single = answered["k-single"]["object"]["definition"]
    assert single["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert single["correctResponsesPattern"] == ["b"]
    assert [c["id"] for c in single["choices"]] == ["a", "b", "c"]
    assert {"source", "target"} <= set(answered["k-matching"]["object"]["definition"])
    assert answered["k-single"]["context"]["contextActivities"]["parent"] == [
        {"id": launch.activity_id, "objectType": "Activity"}]
    # Pages only: completed, no passed or failed (the assessment was not taken).
    assert [verb(s) for s in statements if verb(s) in DEFINED] == ["initialized", "completed", "terminated"]


def test_lms_mastery_score_wins_and_failing_is_recorded(cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs,
                                                        harness_server: Any, build_package: Any,
                                                        open_au: Any) -> None:
    """The package passes at 0.5; this LMS says 0.9, so 50% fails (after the last of two attempts)."""
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full", mastery_score=0.9)
    assert launch.info.mastery_score == 0.5
    au = open_au(launch)
    frame = au.frame
    go_to(frame, "check--questions")
    for attempt in (1, 2):
        answer_half(frame)
        results = frame.locator("[data-results]").inner_text()
        assert "Your score: 50%. The pass mark is 90%." in results
        if attempt == 1:
            frame.get_by_role("button", name="Take the assessment again").click()
    au.finish()
    au.wait_returned()
    statements = au_statements(ralph_lrs, launch)
    assert_cmi5_rules(statements, launch)
    verbs = [verb(s) for s in statements]
    assert "passed" not in verbs and verbs.count("failed") == 1
    failed = statements[verbs.index("failed")]
    assert failed["result"]["score"] == {"scaled": 0.5} and failed["result"]["success"] is False
    assert failed["context"]["extensions"][CMI5 + "extensions/masteryscore"] == 0.9
    assert verbs.count("answered") == 4  # two questions drawn, two attempts


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_send_no_completion_or_score(mode: str, cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs,
                                                       harness_server: Any, build_package: Any,
                                                       open_au: Any) -> None:
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full", mode=mode)
    au = open_au(launch)
    go_to(au.frame, "check--questions")
    take_assessment(au.frame, right=True)
    au.finish()
    au.wait_returned()
    statements = au_statements(ralph_lrs, launch)
    assert_cmi5_rules(statements, launch)
    assert not {"completed", "passed", "failed"} & {verb(s) for s in statements}
    assert "answered" in {verb(s) for s in statements}


def test_resume_across_two_sessions_from_the_state_api(cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs,
                                                       harness_server: Any, build_package: Any,
                                                       open_au: Any) -> None:
    first = launch_package(cmi5_lms, harness_server, build_package, "runtime-full")
    au = open_au(first)
    answer_checks(au.frame, right=True)
    go_to(au.frame, "learn--reflect")
    long_text = "A reflection longer than SCORM 1.2 would keep for one prompt. " * 15
    au.frame.locator('[data-reflection-input="r-first"]').fill(long_text[:1200])
    au.frame.locator('[data-reflection-input="r-first"]').blur()
    for page_id in page_ids(au.frame):
        go_to(au.frame, page_id)
    go_to(au.frame, "learn--typed")
    au.frame.get_by_role("button", name="Next", exact=True).click()
    au.page.close(run_before_unload=True)  # the learner closes the window: pagehide sends the rest
    # The state document had just changed, so terminated could not go after it (issue 20): the
    # session is left open, and the next launch has the LMS abandon it.
    wait_for(lambda: any(k[-1] == "scr-course-learner-state" and json.loads(v[1])["state"]["loc"] == "learn--arranging"
                         for k, v in list(cmi5_lms.documents.items()) if k[3] == first.registration))
    second = cmi5_lms.launch(first.url.split("?")[0], first.info, registration=first.registration,
                             actor=first.actor)
    again = open_au(second)  # a fresh browser context: nothing in localStorage, only the State API
    frame = again.frame
    frame.locator("#resume-panel").wait_for(state="visible")
    frame.get_by_role("button", name="Continue where you left off").click()
    assert current_page(frame) == "learn--arranging"
    assert frame.locator('[data-reflection-input="r-first"]').input_value() == long_text[:1200]
    assert "Correct" in form(frame, "k-single").locator("[data-verdict]").inner_text()
    again.finish()
    again.wait_returned()
    statements = wait_for(lambda: (found := au_statements(ralph_lrs, first))
                          and [verb(s) for s in found].count("terminated") >= 1 and found)
    assert_cmi5_rules(statements, first)
    sessions = {s["context"]["extensions"][SESSION] for s in statements}
    assert sessions == {first.session, second.session}
    assert [verb(s) for s in statements].count("completed") == 1  # once per registration
    document = next(v for k, v in cmi5_lms.documents.items()
                    if k[-1] == "scr-course-learner-state" and k[3] == first.registration)
    assert len(document[1]) > 1200 and json.loads(document[1])["state"]["reflections"]["r-first"] == long_text[:1200]


def test_the_auth_token_is_fetched_once(cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs, harness_server: Any,
                                        build_package: Any, open_au: Any) -> None:
    """A reload keeps the session's token while the session is open (the window's state document
    still on its way, so no terminated went); once terminated went, the token is dead with the
    session (8.1.2.0-2): the reloaded page does not use it, and says to launch again."""
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full")
    cmi5_lms.fault = lambda _launch, method, *_: 503 if method == "PUT" else None
    au = open_au(launch)
    next_page(au.frame)
    au.page.reload()  # same window, session still open: the token kept for this launch is used again
    au.page.wait_for_function("() => !document.getElementById('lms-note').textContent.includes('Connecting')")
    assert "already been used" not in au.note("lms-alert")
    assert launch.fetched == 1
    cmi5_lms.fault = None
    wait_for(lambda: any(r.method == "PUT" and r.status < 300 for r in launch.requests), timeout=40)
    time.sleep(0.5)
    au.page.reload()  # the state is stored, so pagehide ended the session with terminated
    au.page.wait_for_function("() => !document.getElementById('lms-note').textContent.includes('Connecting')")
    assert launch.fetched == 2 and launch.state.terminated
    assert "This launch link has already been used" in au.note("lms-alert")
    other = open_au(launch)  # another window with the same launch URL: the fetch URL refuses
    assert launch.fetched == 3
    assert "This launch link has already been used" in other.note("lms-alert")
    assert other.frame.locator("section.page:not([hidden])").count() == 1  # still readable


def test_connections_are_limited_to_the_launch_endpoint(cmi5_lms: Cmi5Lms, harness_server: Any,
                                                        build_package: Any, open_au: Any) -> None:
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full")
    au = open_au(launch)
    blocked = au.page.evaluate("(url) => fetch(url).then(() => 'sent', () => 'blocked')",
                               harness_server.url + "/harness/lms.html")
    assert blocked == "blocked"
    allowed = au.page.evaluate("(url) => fetch(url, {method: 'POST'}).then(r => r.status, () => 'blocked')",
                               cmi5_lms.url + "/xapi/about")
    assert allowed == 401  # reached the endpoint (which wants the token)


def test_lrs_down_mid_session_then_back_every_statement_arrives_once(
        cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs, harness_server: Any, build_package: Any, open_au: Any,
        axe_check: Any) -> None:
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full")
    au = open_au(launch)
    frame = au.frame
    next_page(frame)
    ralph_lrs.stop()
    try:
        answer_checks(frame, right=True)  # statements now meet a 502 from the LMS endpoint
        au.page.wait_for_function("() => document.getElementById('lms-alert').textContent.includes('waiting')")
        assert "Learning records waiting to be sent to your learning system" in au.note("lms-alert")
        assert_no_serious_violations(axe_check(au.page))  # the page with the notice showing
        # And a network that is gone altogether (the browser offline), not just an LRS error.
        au.context.set_offline(True)
        next_page(frame, 2)
        time.sleep(1.5)
    finally:
        ralph_lrs.start()
    au.context.set_offline(False)
    au.page.wait_for_function("() => document.getElementById('lms-note').textContent.includes('have been sent')",
                              timeout=60_000)
    assert au.note("lms-alert") == ""
    au.finish()
    au.wait_returned()
    statements = au_statements(ralph_lrs, launch)
    assert_cmi5_rules(statements, launch)
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(au.posted)  # everything the AU sent, whatever the retries, is stored once
    assert len(au.posted) > len(set(au.posted)), "some statements were sent more than once"
    assert [verb(s) for s in statements].count("answered") == len(KNOWLEDGE_CHECKS)
