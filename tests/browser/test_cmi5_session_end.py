"""Issue 20: how a cmi5 session ends, judged as ADL CATAPULT's player judges it (harness/cmi5_rules.py).

In every way a session can end (Finish, the window closed mid-course, Browse, Review, a fail with
attempts left and a failed last attempt) the state document goes before ``terminated``, nothing
follows it (the strict launcher's token dies there: any later request is a violation, 8.1.2.0-2),
and the learner is back at the returnURL, or told why not, within 5 s of pressing Finish.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from cmi5_actions import (
    answer_half,
    au_statements,
    launch_package,
    verb,
    wait_for,
)
from harness.cmi5 import Cmi5Lms, Launch
from harness.lrs import RalphLrs
from runtime_actions import answer_checks, go_to, next_page, page_ids

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("strict_launcher")]

RUNTIME_FULL = Path(__file__).parent.parent / "fixtures" / "courses" / "runtime-full"


@pytest.fixture(scope="module")
def on_fail_failed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """runtime-full with ``tracking.on_fail: failed`` (two assessment attempts, pass mark 50)."""
    course = tmp_path_factory.mktemp("on-fail") / "runtime-full-on-fail"
    shutil.copytree(RUNTIME_FULL, course)
    yml = course / "course.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  pass_mark: 50\n", "  pass_mark: 50\n  on_fail: failed\n"),
                   encoding="utf-8")
    return course


def assert_ends_with_terminated(launch: Launch) -> None:
    """The launcher's log: the state document is written before terminated, and terminated is last."""
    accepted = [r for r in launch.requests if r.status < 300]
    ends = [n for n, r in enumerate(accepted) if "terminated" in r.verbs]
    assert len(ends) == 1, [(r.method, r.resource, r.verbs) for r in accepted]
    assert ends[0] == len(accepted) - 1, [(r.method, r.resource, r.verbs) for r in accepted[ends[0]:]]
    assert any(r.method == "PUT" and r.resource == "activities/state" for r in accepted[:ends[0]])


def finish_within_5_s(au: Any) -> float:
    """Press Finish; seconds until the page is at the returnURL (fails after 5 s)."""
    go_to(au.frame, page_ids(au.frame)[-1])
    started = time.monotonic()
    au.frame.get_by_role("button", name="Finish").click()
    au.page.wait_for_url("**/returned", timeout=5_000)
    return time.monotonic() - started


@pytest.mark.parametrize("kind", ["Normal", "Browse", "Review"])
def test_finish_sends_nothing_after_terminated(kind: str, cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs,
                                               harness_server: Any, build_package: Any, open_au: Any) -> None:
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full", mode=kind)
    au = open_au(launch)
    answer_checks(au.frame, right=True)
    assert finish_within_5_s(au) < 5
    assert_ends_with_terminated(launch)
    verbs = [verb(s) for s in au_statements(ralph_lrs, launch)]
    assert verbs[-1] == "terminated"
    if kind != "Normal":
        assert not {"completed", "passed", "failed"} & set(verbs)


@pytest.mark.parametrize("attempts", [1, 2])
def test_a_fail_sends_failed_before_terminated(attempts: int, on_fail_failed: Path, cmi5_lms: Cmi5Lms,
                                               ralph_lrs: RalphLrs, harness_server: Any, build_package: Any,
                                               open_au: Any) -> None:
    """``on_fail: failed``: a fail with an attempt left is sent as the session ends; a failed last
    attempt at once. Either way one ``failed`` in the session (cmi5 9.3.0.0-3), then terminated."""
    launch = launch_package(cmi5_lms, harness_server, build_package, on_fail_failed, mastery_score=0.9)
    au = open_au(launch)
    go_to(au.frame, "check--questions")
    for attempt in range(attempts):
        answer_half(au.frame)
        if attempt < attempts - 1:
            au.frame.get_by_role("button", name="Take the assessment again").click()
    if attempts == 2:  # the last attempt failed: recorded before Finish
        wait_for(lambda: "failed" in {verb(s) for s in au_statements(ralph_lrs, launch)}, timeout=10)
    else:
        time.sleep(1)
        assert "failed" not in {verb(s) for s in au_statements(ralph_lrs, launch)}
    assert finish_within_5_s(au) < 5
    assert_ends_with_terminated(launch)
    statements = au_statements(ralph_lrs, launch)
    verbs = [verb(s) for s in statements]
    assert verbs.count("failed") == 1 and "passed" not in verbs and verbs[-1] == "terminated"
    failed = statements[verbs.index("failed")]
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] == 0.5


def test_closing_the_window_mid_course_ends_the_session_in_order(cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs,
                                                                 harness_server: Any, build_package: Any,
                                                                 open_au: Any) -> None:
    """Closed after the state document was stored: one keepalive POST carries terminated last."""
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full")
    au = open_au(launch)
    next_page(au.frame, 2)
    wait_for(lambda: any(r.resource == "activities/state" and r.method == "PUT" and r.status < 300
                         for r in launch.requests[-3:]), timeout=10)
    time.sleep(0.5)
    au.page.close(run_before_unload=True)
    wait_for(lambda: "terminated" in {verb(s) for s in au_statements(ralph_lrs, launch)}, timeout=10)
    time.sleep(1)  # anything sent late would arrive now, and be a violation
    assert_ends_with_terminated(launch)


def test_closing_the_window_with_unsent_changes_leaves_the_session_to_the_lms(
        cmi5_lms: Cmi5Lms, ralph_lrs: RalphLrs, harness_server: Any, build_package: Any, open_au: Any) -> None:
    """Closed with the state document still on its way: terminated is not sent (it could overtake
    the document); the next launch has the LMS abandon the session, and sends the rest in order."""
    launch = launch_package(cmi5_lms, harness_server, build_package, "runtime-full")
    cmi5_lms.fault = lambda _launch, method, resource, _statements: 503 if method == "PUT" else None
    au = open_au(launch)
    answer_checks(au.frame, right=True)
    au.page.close(run_before_unload=True)
    time.sleep(1.5)
    assert "terminated" not in {verb(s) for s in au_statements(ralph_lrs, launch)}
    cmi5_lms.fault = None
    again = cmi5_lms.launch(launch.url.split("?")[0], launch.info, registration=launch.registration,
                            actor=launch.actor)
    second = open_au(again, au.context)  # the same browser: the unsent state document is there
    assert "abandoned" in {verb(s) for s in ralph_lrs.statements(launch.registration)}
    # 404: no saved state yet; 409: a statement re-sent in this session's context that had arrived.
    assert not [r for r in again.requests if r.status >= 300 and r.status not in (404, 409)]
    assert finish_within_5_s(second) < 5
    assert_ends_with_terminated(again)
