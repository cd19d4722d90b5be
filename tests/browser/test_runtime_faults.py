"""Issue 6: the player under LMS faults never loses an answer silently and recovers when the LMS does."""

from __future__ import annotations

import json
import re
import shutil
from typing import Any

import pytest
from conftest import COURSES
from runtime_actions import (
    START,
    STATUS,
    VERSIONS,
    cmi_get,
    current_page,
    fill,
    form,
    go_to,
    interactions,
    local_state,
    next_page,
    notice,
    page_ids,
    patterns,
    submit,
)

pytestmark = pytest.mark.browser

NOT_RECORDED = ("Your progress is not being recorded by the learning system right now. "
                "Keep this window open; we will keep trying.")


def answer_single(frame: Any) -> None:
    go_to(frame, "learn--choices")
    fill(frame, "k-single", "single", "b")
    assert submit(frame, "k-single") == "Correct."


def set_faults(session: Any, **faults: Any) -> None:
    """Change the running LMS's faults (the object lms.js reads on every call)."""
    session.page.evaluate("(changes) => Object.assign(window.__lms.config.faults, changes)", faults)


def wait_recorded(session: Any, timeout_ms: int = 20_000) -> None:
    """Wait until the player cleared its "not recorded" message."""
    session.frame.wait_for_function("() => document.getElementById('lms-alert').textContent === ''",
                                    timeout=timeout_ms)


def answer_recorded(session: Any, version: str) -> bool:
    ids = [r["id"] for r in interactions(session.stored())]
    return ("k-single" if version == "scorm12" else "urn:scr:runtime-full:k-single") in ids


@pytest.mark.parametrize("version", VERSIONS)
def test_api_missing_runs_untracked(version: str, build_package: Any, lms: Any) -> None:
    session = lms(version, build_package("runtime-full", version), faults={"api_missing": True})
    frame = session.frame
    assert notice(frame, "lms-note") == "Progress is saved in this browser only."
    assert notice(frame, "lms-alert") == ""
    answer_single(frame)
    saved = local_state(frame)
    assert saved is not None and saved["l"] == "learn--choices"
    assert session.errors == []


FAULTS = {
    "throw": {"throw": True},
    "set-value-false": {"set_value_fails": True},
    "commit-false": {"commit_fails": True},
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("fault", FAULTS)
def test_fault_shows_message_keeps_state_and_recovers(version: str, fault: str, build_package: Any,
                                                      lms: Any) -> None:
    session = lms(version, build_package("runtime-full", version), faults=FAULTS[fault])
    frame = session.frame
    assert notice(frame, "lms-alert") == NOT_RECORDED
    answer_single(frame)
    saved = local_state(frame)
    if fault == "throw":
        # Not even Initialize answered, so the learner is unknown: nothing goes to browser storage
        # that the next person at this computer could be given (issue 19).
        assert saved is None
    else:
        assert saved is not None and saved["c"] is False  # kept in the browser, marked not yet confirmed
    assert not answer_recorded(session, version)
    assert session.errors == []
    set_faults(session, **{key: False for key in FAULTS[fault]})
    next_page(frame)  # any change saves again at once
    wait_recorded(session)
    assert answer_recorded(session, version)
    assert cmi_get(session.stored(), STATUS[version]["location"]) == "learn--typed"
    assert local_state(frame)["c"] is True


@pytest.mark.parametrize("version", VERSIONS)
def test_failed_commits_are_retried_without_learner_action(version: str, build_package: Any, lms: Any) -> None:
    session = lms(version, build_package("runtime-full", version), faults={"commit_fail_first": 2})
    frame = session.frame
    answer_single(frame)
    wait_recorded(session)  # retries back off 1 s, 2 s, 4 s …
    assert answer_recorded(session, version)
    commits = session.calls("LMSCommit" if version == "scorm12" else "Commit")
    assert [c["result"] for c in commits[:2]] == ["false"] * 2


@pytest.mark.parametrize("version", VERSIONS)
def test_intermittent_commit_failures_lose_nothing(version: str, build_package: Any, lms: Any) -> None:
    session = lms(version, build_package("runtime-full", version), faults={"commit_fail_every": 2})
    frame = session.frame
    answer_single(frame)
    fill(frame, "k-multiple", "multiple", "ac")
    submit(frame, "k-multiple")
    fill(frame, "k-truefalse", "true-false", "a")
    submit(frame, "k-truefalse")
    next_page(frame)
    wait_recorded(session)
    ids = {r["id"].rsplit(":", 1)[-1] for r in interactions(session.stored())}
    assert {"k-single", "k-multiple", "k-truefalse"} <= ids
    assert cmi_get(session.stored(), STATUS[version]["location"]) == "learn--typed"


@pytest.mark.parametrize("version", ["scorm2004"])
def test_dropped_connection_recovers(version: str, build_package: Any, lms: Any) -> None:
    session = lms(version, build_package("runtime-full", version))
    session.go_offline()
    answer_single(session.frame)
    assert notice(session.frame, "lms-alert") == NOT_RECORDED
    session.go_online()
    wait_recorded(session)
    assert answer_recorded(session, version)


@pytest.mark.parametrize("version", VERSIONS)
def test_answers_the_lms_never_got_come_back_from_the_browser(version: str, build_package: Any, lms: Any,
                                                              lms_launcher: Any) -> None:
    session = lms(version, build_package("runtime-full", version), faults={"set_value_fails": ["cmi.suspend_data"]})
    answer_single(session.frame)
    session.page.evaluate("() => window.__lms.unloadSco()")
    stored = session.stored()
    assert "k-single" not in str(cmi_get(stored, "cmi.suspend_data"))
    again = lms_launcher.open(session.spec, stored=stored, context=session.context)
    frame = again.frame
    if frame.locator("#resume-panel").is_visible():
        frame.get_by_role("button", name="Continue where you left off").click()
    go_to(frame, "learn--choices")
    assert form(frame, "k-single").locator('input[value="b"]').is_checked()
    next_page(frame)
    # Now the LMS has it too: the restored state was written and committed.
    assert again.rejected() == []
    suspend = cmi_get(again.stored(), "cmi.suspend_data")
    key = frame.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent)"
                         ".questions.find(q => q.id === 'k-single').key")
    assert key in suspend


@pytest.mark.parametrize("version", VERSIONS)
def test_an_unsent_answer_on_a_later_page_is_written_once_its_key_arrives(
        version: str, build_package: Any, lms: Any, lms_launcher: Any, tmp_path: Any, monkeypatch: Any) -> None:
    # Issue 11: later pages' reveal data travels in their chunk scripts, which the runtime adds only
    # after launch; an answer the LMS never got is written at launch and may need that key.
    course = tmp_path / "runtime-later"
    shutil.copytree(COURSES / "runtime-full", course)
    monkeypatch.setattr("scr_course.render.html.EARLY_BYTES", 1)  # only the first page in index.html
    monkeypatch.setattr("scr_course.render.html.WHOLE_BYTES", 0)  # even though the fixture is small
    package = build_package(course, version)
    data = json.loads(re.search(r'id="scr-data">(.*?)</script>', (package / "index.html").read_text(), re.S).group(1))
    assert "reveal" not in next(q for q in data["questions"] if q["id"] == "k-single")
    session = lms(version, package, faults={"set_value_fails": ["cmi.interactions"]})
    answer_single(session.frame)  # right, so its interaction carries the key
    session.page.evaluate("() => window.__lms.unloadSco()")
    assert not answer_recorded(session, version)
    again = lms_launcher.open(session.spec, stored=session.stored(), context=session.context)
    page_ids(again.frame)  # the later pages (and keys) have arrived
    for _ in range(100):  # written by the runtime on the keys' arrival, with no learner action
        if answer_recorded(again, version):
            break
        again.page.wait_for_timeout(100)
    [record] = [r for r in interactions(again.stored()) if r["id"].endswith("k-single")]
    # A 2004 knowledge check is its id and result only (issue 20); 1.2 writes the key it waited for.
    assert patterns(record) == (["b"] if version == "scorm12" else []) and record["result"] == "correct"
    assert again.rejected() == []


def stored_with_suspend(version: str, suspend: str, location: str) -> dict[str, Any]:
    if version == "scorm12":
        return {"cmi": {"suspend_data": suspend, "core": {"exit": "suspend", "lesson_location": location,
                                                          "lesson_status": "incomplete"}}}
    return {"cmi": {"suspend_data": suspend, "exit": "suspend", "location": location,
                    "completion_status": "incomplete"}}


@pytest.mark.parametrize(("version", "suspend"), [
    ("scorm12", "garbage{not ours}"), ("scorm2004", "garbage{not ours}"),
    ("scorm12", "1abcd0000"),  # an older format
    ("scorm2004", "2zzzz01aaaa"),  # another course's state (tag differs)
])
def test_corrupted_or_old_suspend_data_is_ignored(version: str, suspend: str, build_package: Any, lms: Any) -> None:
    session = lms(version, build_package("runtime-full", version),
                  stored=stored_with_suspend(version, suspend, "learn--typed"))
    frame = session.frame
    assert "could not be used" in notice(frame, "lms-note")
    assert current_page(frame) == START
    next_page(frame)
    answer_single(frame)
    assert session.rejected() == [] and session.errors == []
    assert cmi_get(session.stored(), "cmi.suspend_data").startswith("3")


@pytest.mark.parametrize("version", ["scorm12"])
def test_changed_question_drops_only_its_answer(version: str, build_package: Any, lms: Any, relaunch: Any) -> None:
    session = lms(version, build_package("runtime-full", version))
    frame = session.frame
    answer_single(frame)
    fill(frame, "k-multiple", "multiple", "ac")
    submit(frame, "k-multiple")
    data = frame.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent)")
    single = next(q for q in data["questions"] if q["id"] == "k-single")
    stored = session.stored()
    suspend = cmi_get(stored, "cmi.suspend_data")
    at = suspend.index(single["key"] + single["check"] + "1")
    other = "0" if single["check"] != "0" else "1"
    changed = suspend[:at + 4] + other + suspend[at + 5:]
    stored["cmi"]["suspend_data"] = changed
    session.close()
    again = lms(version, session.spec.package_dir, stored=stored)
    frame = again.frame
    frame.get_by_role("button", name="Continue where you left off").click()
    assert current_page(frame) == "learn--choices"
    assert not form(frame, "k-single").locator("input:checked").count()
    assert form(frame, "k-multiple").locator('input[value="a"]').is_checked()
    assert again.rejected() == []


def test_two_tabs_warn(build_package: Any, open_sco: Any) -> None:
    first = open_sco(build_package("runtime-full", "scorm12"))
    second = first.context.new_page()
    second.goto(first.page.url)
    warning = "This course is also open in another tab or window."
    second.wait_for_function("(w) => document.getElementById('tab-alert').textContent.startsWith(w)", arg=warning)
    first.page.wait_for_function("(w) => document.getElementById('tab-alert').textContent.startsWith(w)", arg=warning)
    second.close()
    first.page.wait_for_function("() => document.getElementById('tab-alert').textContent === ''")
