"""The browser harness proves itself: real scorm-again, real recording, strictness, resume, faults, axe."""

from __future__ import annotations

import textwrap
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from harness import (
    Faults,
    HarnessError,
    HarnessServer,
    LmsSession,
    assert_no_serious_violations,
    read_manifest,
)

pytestmark = pytest.mark.browser

VERSIONS = ["scorm12", "scorm2004"]

# The elements the self-test SCO uses, per version.
ELEMENTS = {
    "scorm12": {"entry": "cmi.core.entry", "status": "cmi.core.lesson_status", "exit": "cmi.core.exit",
                "set": "LMSSetValue", "get": "LMSGetValue", "commit": "LMSCommit", "finish": "LMSFinish",
                "init": "LMSInitialize", "api": "API"},
    "scorm2004": {"entry": "cmi.entry", "status": "cmi.completion_status", "exit": "cmi.exit",
                  "set": "SetValue", "get": "GetValue", "commit": "Commit", "finish": "Terminate",
                  "init": "Initialize", "api": "API_1484_11"},
}
FAILURE_CODES = {  # set, commit, finish
    "scorm12": ("101", "101", "101"),
    "scorm2004": ("351", "391", "111"),
}


@pytest.fixture
def selftest(lms: Any, selftest_dir: Path) -> Any:
    """``selftest(version, **options)``: launch the hand-written SCO through the LMS."""

    def launch(version: str, **options: Any) -> LmsSession:
        session: LmsSession = lms(version, selftest_dir, launch="sco.html", **options)
        return session

    return launch


def api_call(session: LmsSession, method: str, *args: Any) -> Any:
    """Call the LMS API from inside the SCO frame, as the SCO would (the call is recorded)."""
    api = ELEMENTS[session.version]["api"]
    return session.frame.evaluate(f"([m, args]) => window.parent.{api}[m](...args)", [method, list(args)])


def cmi_get(data: dict[str, Any], path: str) -> Any:
    """``cmi_get(stored, "cmi.core.lesson_status")``."""
    node: Any = data
    for part in path.split("."):
        node = node[part]
    return node


# --- recording and persistence ------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_calls_are_recorded_and_commits_persisted(selftest: Any, version: str) -> None:
    names = ELEMENTS[version]
    session = selftest(version)

    methods = [call["method"] for call in session.calls()]
    assert methods[:2] == [names["init"], names["get"]]
    assert methods[-1] == names["commit"]
    first = session.calls()[0]
    assert first["args"] == [""] and first["argTypes"] == ["string"]
    assert first["result"] == "true" and first["error"] == "0"
    assert session.rejected() == []
    stored = session.stored()
    assert stored is not None
    assert cmi_get(stored, names["status"]) == "incomplete"
    assert cmi_get(stored, "cmi.suspend_data") == "visits=1"
    assert cmi_get(stored, names["entry"]) == "ab-initio"

    session.frame.get_by_role("button", name="Finish").click()

    assert session.calls()[-1]["method"] == names["finish"]
    assert [commit["method"] for commit in session.commits()] == [names["commit"], names["finish"]]
    stored = session.stored()
    assert stored is not None
    if version == "scorm12":
        assert stored["cmi"]["core"]["lesson_status"] == "passed"
        assert stored["cmi"]["core"]["score"]["raw"] == "85"
    else:
        assert (stored["cmi"]["completion_status"], stored["cmi"]["success_status"]) == ("completed", "passed")
        assert stored["cmi"]["score"]["scaled"] == "0.85"
    assert session.rejected() == []
    assert session.errors == []
    assert session.frame.get_by_role("status").inner_text() == "Finished."


@pytest.mark.parametrize("version", VERSIONS)
def test_cmi_is_the_lms_side_data_model(selftest: Any, version: str) -> None:
    session = selftest(version, learner={"id": "u-42", "name": "Doe, Jane"})

    cmi = session.cmi()

    assert cmi is not None
    learner = cmi["cmi"]["core"]["student_id"] if version == "scorm12" else cmi["cmi"]["learner_id"]
    assert learner == "u-42"
    assert cmi_get(cmi, "cmi.suspend_data") == "visits=1"


def test_manifest_and_init_data_reach_the_sco(selftest: Any) -> None:
    session = selftest("scorm12", init={"cmi.student_data.mastery_score": "80", "cmi.launch_data": "x=1"})

    assert api_call(session, "LMSGetValue", "cmi.student_data.mastery_score") == "80"
    assert api_call(session, "LMSGetValue", "cmi.launch_data") == "x=1"


# --- strictness -----------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "element", "code"), [
    ("scorm12", "cmi.core.lesson_status", "405"),
    ("scorm2004", "cmi.completion_status", "406"),
])
def test_scorm_again_rejects_an_invalid_vocabulary_value(selftest: Any, version: str, element: str,
                                                         code: str) -> None:
    session = selftest(version)
    before = session.stored()

    assert api_call(session, ELEMENTS[version]["set"], element, "bogus") == "false"

    rejected = session.rejected()
    assert [(call["args"], call["error"]) for call in rejected] == [([element, "bogus"], code)]
    assert "strict" not in rejected[0] and "fault" not in rejected[0]  # scorm-again's own refusal
    assert session.stored() == before


@pytest.mark.parametrize(("version", "element", "value", "rule"), [
    ("scorm12", "cmi.core.session_time", "0:05:03", "timespan"),
    ("scorm12", "cmi.core.exit", "normal", "exit-vocabulary"),
    ("scorm12", "cmi.suspend_data", "x" * 4097, "suspend-data-length"),
    ("scorm12", "cmi.interactions.0.id", "q 1", "identifier"),
    ("scorm2004", "cmi.session_time", "PT1.5H", "timeinterval"),
    ("scorm2004", "cmi.interactions.0.id", "q 1", "long-identifier"),
])
def test_strict_rules_refuse_what_scorm_again_lets_through(selftest: Any, version: str, element: str, value: str,
                                                           rule: str) -> None:
    strict = selftest(version)
    lenient = selftest(version, strict=False)

    assert api_call(strict, ELEMENTS[version]["set"], element, value) == "false"
    assert api_call(lenient, ELEMENTS[version]["set"], element, value) == "true"

    refused = strict.rejected()[-1]
    assert refused["strict"] == rule
    assert refused["error"] == {"scorm12": "405", "scorm2004": "406"}[version]


def test_strict_rules_check_12_responses_against_the_interaction_type(selftest: Any) -> None:
    session = selftest("scorm12")
    for element, value in [("cmi.interactions.0.id", "q1"), ("cmi.interactions.0.type", "choice")]:
        assert api_call(session, "LMSSetValue", element, value) == "true"

    assert api_call(session, "LMSSetValue", "cmi.interactions.0.student_response", "a,c") == "true"
    assert api_call(session, "LMSSetValue", "cmi.interactions.0.student_response", "answer-a") == "false"
    assert session.rejected()[-1]["strict"] == "response-format"


def test_2004_timestamps_with_milliseconds_are_refused(selftest: Any) -> None:
    session = selftest("scorm2004")
    for element, value in [("cmi.interactions.0.id", "urn:scr:q1"), ("cmi.interactions.0.type", "choice")]:
        assert api_call(session, "SetValue", element, value) == "true"

    assert api_call(session, "SetValue", "cmi.interactions.0.timestamp", "2024-05-01T10:00:00.12Z") == "true"
    assert api_call(session, "SetValue", "cmi.interactions.0.timestamp", "2024-05-01T10:00:00.123Z") == "false"
    assert session.rejected()[-1]["strict"] == "timestamp"


@pytest.mark.parametrize("version", VERSIONS)
def test_values_must_be_strings(selftest: Any, version: str) -> None:
    session = selftest(version)
    element = "cmi.core.score.raw" if version == "scorm12" else "cmi.score.raw"

    assert api_call(session, ELEMENTS[version]["set"], element, 85) == "false"

    refused = session.rejected()[-1]
    assert (refused["args"], refused["argTypes"], refused["strict"]) == ([element, 85], ["string", "number"],
                                                                          "string-value")


def test_12_calls_after_finish_are_refused_and_not_persisted(selftest: Any) -> None:
    session = selftest("scorm12")
    session.frame.get_by_role("button", name="Finish").click()
    stored = session.stored()

    assert api_call(session, "LMSSetValue", "cmi.core.lesson_status", "failed") == "false"
    assert api_call(session, "LMSCommit", "") == "false"

    assert [(call["strict"], call["error"]) for call in session.rejected()] == [("after-finish", "301")] * 2
    assert session.stored() == stored


def test_2004_not_initialized_reads_are_not_rejections(selftest: Any) -> None:
    session = selftest("scorm2004")

    assert api_call(session, "GetValue", "cmi.location") == "page-1"
    assert api_call(session, "GetValue", "cmi.score.raw") == ""

    assert session.calls()[-1]["error"] == "403"
    assert session.rejected() == []


def test_2004_stored_status_is_what_the_lms_evaluates(selftest: Any) -> None:
    # RTE 4.2.4.1: with a completion threshold, "completed" without progress_measure is unknown.
    session = selftest("scorm2004", init={"cmi.completion_threshold": "0.8"})

    assert api_call(session, "SetValue", "cmi.completion_status", "completed") == "true"
    assert api_call(session, "Commit", "") == "true"

    stored = session.stored()
    assert stored is not None and stored["cmi"]["completion_status"] == "unknown"


# --- close and relaunch ----------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_close_fires_pagehide_and_keeps_the_store(selftest: Any, version: str) -> None:
    names = ELEMENTS[version]
    session = selftest(version)

    session.close()

    assert session.closed
    assert session.calls()[-1]["method"] == names["finish"]  # the SCO's pagehide handler ran
    stored = session.stored()
    assert stored is not None and cmi_get(stored, names["exit"]) == "suspend"


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_after_suspend_resumes_with_the_stored_data(selftest: Any, relaunch: Any, version: str) -> None:
    names = ELEMENTS[version]
    first = selftest(version)

    second = relaunch(first)

    reads = {call["args"][0]: call["result"] for call in second.calls(names["get"])}
    assert reads[names["entry"]] == "resume"
    assert reads["cmi.suspend_data"] == "visits=1"
    assert second.frame.locator("#visits").inner_text() == "2"
    assert cmi_get(second.stored() or {}, "cmi.suspend_data") == "visits=2"


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_after_a_normal_exit_starts_a_new_attempt(selftest: Any, relaunch: Any, version: str) -> None:
    names = ELEMENTS[version]
    first = selftest(version)
    first.frame.get_by_role("button", name="Finish").click()

    second = relaunch(first)

    reads = {call["args"][0]: call for call in second.calls(names["get"])}
    assert reads[names["entry"]]["result"] == "ab-initio"
    assert reads["cmi.suspend_data"]["result"] == ""
    assert second.frame.locator("#visits").inner_text() == "1"


def test_stored_data_that_does_not_load_fails_the_launch(selftest: Any) -> None:
    stored = {"cmi.core.exit": "suspend", "cmi.core.lesson_status": "bogus"}

    with pytest.raises(HarnessError, match=r"cmi\.core\.lesson_status"):
        selftest("scorm12", stored=stored)


# --- faults ----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_api_missing(selftest: Any, version: str) -> None:
    session = selftest(version, faults=Faults(api_missing=True))

    assert session.calls() == [] and session.cmi() is None
    assert session.page.evaluate("() => 'API' in window || 'API_1484_11' in window") is False
    assert session.frame.get_by_role("status").inner_text() == "No LMS found: progress is not saved."


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_throw(selftest: Any, version: str) -> None:
    session = selftest(version, faults={"throw": True})

    (call,) = session.calls()
    assert call["method"] == ELEMENTS[version]["init"] and call["fault"] == "throw"
    assert "throws" in call["threw"]
    assert any("LMS fault injected" in error for error in session.errors)  # the SCO did not catch it


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_set_value_fails_for_listed_elements(selftest: Any, version: str) -> None:
    session = selftest(version, faults=Faults(set_value_fails=("cmi.suspend_data",)))

    (refused,) = session.rejected()
    assert refused["args"][0] == "cmi.suspend_data" and refused["fault"] == "set_value_fails"
    assert (refused["result"], refused["error"]) == ("false", FAILURE_CODES[version][0])
    assert cmi_get(session.stored() or {}, ELEMENTS[version]["status"]) == "incomplete"


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_commit_fails(selftest: Any, version: str) -> None:
    session = selftest(version, faults=Faults(commit_fails=True))

    (refused,) = session.rejected()
    assert (refused["method"], refused["fault"]) == (ELEMENTS[version]["commit"], "commit_fails")
    assert (refused["result"], refused["error"]) == ("false", FAILURE_CODES[version][1])
    assert session.stored() is None


def test_fault_commit_fail_every_nth(selftest: Any) -> None:
    session = selftest("scorm12", faults=Faults(commit_fail_every=2))  # the SCO's own commit is the 1st

    results = [api_call(session, "LMSCommit", "") for _ in range(4)]

    assert results == ["false", "true", "false", "true"]


def test_fault_commit_fail_first_n(selftest: Any) -> None:
    session = selftest("scorm2004", faults=Faults(commit_fail_first=2))  # the SCO's own commit is the 1st

    results = [api_call(session, "Commit", "") for _ in range(3)]

    assert results == ["false", "true", "true"]
    assert len(session.commits()) == 2


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_finish_fails_and_leaves_the_session_open(selftest: Any, version: str) -> None:
    names = ELEMENTS[version]
    session = selftest(version, faults=Faults(finish_fails=True))

    session.frame.get_by_role("button", name="Finish").click()

    refused = session.rejected()[-1]
    assert (refused["method"], refused["fault"], refused["error"]) == (names["finish"], "finish_fails",
                                                                       FAILURE_CODES[version][2])
    assert api_call(session, names["commit"], "") == "true"  # still initialized


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_connection_dropped_on_demand(selftest: Any, version: str) -> None:
    names = ELEMENTS[version]
    session = selftest(version)
    stored = session.stored()

    session.go_offline()
    session.frame.get_by_role("button", name="Finish").click()

    assert session.rejected()[-1]["fault"] == "offline"
    assert session.stored() == stored
    session.go_online()
    assert api_call(session, names["finish"], "") == "true"
    assert cmi_get(session.stored() or {}, names["exit"]) in {"", "normal"}


def test_fault_connection_dropped_after_a_time(selftest: Any) -> None:
    limit = 400
    session = selftest("scorm12", faults=Faults(offline_after_ms=limit))
    session.page.wait_for_timeout(limit + 100)

    api_call(session, "LMSCommit", "")

    commits = session.calls("LMSCommit")
    assert len(commits) == 2
    for call in commits:  # the load-time commit may or may not beat the limit on a slow machine
        assert call["result"] == ("false" if call["t"] >= limit else "true")
    assert commits[-1]["fault"] == "offline"


# --- launch modes --------------------------------------------------------------------------


def test_deeply_nested_sco_still_finds_the_api(selftest: Any) -> None:
    session = selftest("scorm2004", nesting=8)  # deeper than the 7 hops of ADL's 1.2 APIWrapper

    assert urlsplit(session.frame.url).path.endswith("/sco.html")
    assert session.calls()[0]["method"] == "Initialize"
    assert session.rejected() == []


def test_no_lms_mode_has_no_api(open_sco: Any, selftest_dir: Path) -> None:
    sco = open_sco(selftest_dir, launch="sco.html")

    assert sco.frame.get_by_role("status").inner_text() == "No LMS found: progress is not saved."
    assert sco.errors == []


@pytest.mark.parametrize("target", VERSIONS)
def test_real_package_is_built_served_and_launched(build_package: Any, lms: Any, target: str) -> None:
    package = build_package("minimal", target)

    assert build_package("minimal", target) == package  # cached for the session
    info = read_manifest(package)
    assert (info.version, info.launch) == (target, "index.html")
    session = lms(target, package)
    assert urlsplit(session.frame.url).path.endswith("/index.html")
    assert "A tiny course" in session.frame.title()  # the real page, whatever its runtime does
    if target == "scorm2004":
        assert session.spec.init["cmi.completion_threshold"] == "1.0"


def test_version_must_match_the_manifest(build_package: Any, lms: Any) -> None:
    with pytest.raises(HarnessError, match="scorm12 package"):
        lms("scorm2004", build_package("minimal", "scorm12"))


# --- accessibility ---------------------------------------------------------------------------


def test_axe_passes_the_selftest_sco(selftest: Any, axe_check: Any) -> None:
    session = selftest("scorm12")

    violations = axe_check(session.frame)

    assert_no_serious_violations(violations)
    assert violations == []


def test_axe_finds_and_reports_violations(open_sco: Any, selftest_dir: Path, axe_check: Any) -> None:
    page = open_sco(selftest_dir, launch="inaccessible.html")

    violations = axe_check(page.frame)

    assert {"html-has-lang", "image-alt", "color-contrast", "label"} <= {v["id"] for v in violations}
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)") as failure:
        assert_no_serious_violations(violations)
    assert "<img src=\"missing.png\">" in str(failure.value)


# --- server and manifest reading (no browser) ------------------------------------------------


def test_server_serves_only_its_roots(harness_server: HarnessServer, selftest_dir: Path) -> None:
    mount = harness_server.mount("selftest-files", selftest_dir)

    with urllib.request.urlopen(harness_server.url + mount + "sco.js") as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
    for path in ["/pkg/selftest-files/../../conftest.py", "/pkg/selftest-files/%2e%2e/lms.js", "/pkg/nope/x",
                 "/etc/passwd", "/vendor/unknown.js"]:
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(harness_server.url + path)
        assert error.value.code == 404, path


def test_read_manifest_takes_what_an_lms_initialises(tmp_path: Path) -> None:
    (tmp_path / "imsmanifest.xml").write_text(textwrap.dedent("""\
        <manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
                  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
                  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
          <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
          <organizations default="O">
            <organization identifier="O"><title>T</title>
              <item identifier="I" identifierref="R" parameters="?start=2"><title>T</title>
                <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.9"/>
                <adlcp:dataFromLMS>mode=exam</adlcp:dataFromLMS>
                <imsss:sequencing><imsss:objectives>
                  <imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">
                    <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
                  </imsss:primaryObjective>
                </imsss:objectives></imsss:sequencing>
              </item>
            </organization>
          </organizations>
          <resources xml:base="content/">
            <resource identifier="R" type="webcontent" adlcp:scormType="sco" href="start.html"/>
          </resources>
        </manifest>
    """), encoding="utf-8")

    info = read_manifest(tmp_path)

    assert (info.version, info.launch) == ("scorm2004", "content/start.html?start=2")
    assert info.lms_data == {"cmi.completion_threshold": "0.9", "cmi.scaled_passing_score": "0.8",
                             "cmi.launch_data": "mode=exam"}
