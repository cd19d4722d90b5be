"""The preview's in-memory xAPI endpoint (cmi5 packages in ``scr-course preview``)."""

from __future__ import annotations

import json

from scr_course.preview.xapi import TOKEN, PreviewXapi

AUTH = "Basic " + TOKEN
AGENT = json.dumps({"objectType": "Agent", "account": {"homePage": "http://localhost", "name": "p"}})


def test_the_token_is_handed_out_once_per_launch() -> None:
    xapi = PreviewXapi()
    code, body = xapi.handle("POST", "fetch", {"launch": "1", "moveOn": "Passed", "masteryScore": "0.8"}, b"", "")
    assert (code, json.loads(body)) == (200, {"auth-token": TOKEN})
    code, body = xapi.handle("POST", "fetch", {"launch": "1"}, b"", "")
    assert json.loads(body)["error-code"] == "1"
    code, body = xapi.handle("GET", "activities/state", {"stateId": "LMS.LaunchData", "activityId": "urn:x",
                                                         "agent": AGENT, "registration": "r"}, b"", AUTH)
    data = json.loads(body)
    assert (data["moveOn"], data["masteryScore"], data["launchMode"]) == ("Passed", 0.8, "Normal")
    assert data["contextTemplate"]["contextActivities"]["grouping"] == [{"objectType": "Activity", "id": "urn:x"}]


def test_statements_need_the_token_and_are_kept_once() -> None:
    xapi = PreviewXapi()
    statement = {"id": "6a1b6c8e-5f5e-4a8e-9a55-0a7f1d3c2b10", "verb": {"id": "v"}}
    assert xapi.handle("POST", "statements", {}, json.dumps([statement]).encode(), "")[0] == 401
    for _ in range(2):
        assert xapi.handle("POST", "statements", {}, json.dumps([statement]).encode(), AUTH)[0] == 200
    _, body = xapi.handle("GET", "log", {"since": "0"}, b"", "")
    assert json.loads(body)["total"] == 1
    assert xapi.handle("POST", "statements", {}, b"{not json", AUTH)[0] == 400


def test_state_documents_round_trip() -> None:
    xapi = PreviewXapi()
    query = {"stateId": "s", "activityId": "urn:x", "agent": AGENT, "registration": "r"}
    assert xapi.handle("GET", "activities/state", query, b"", AUTH)[0] == 404
    assert xapi.handle("PUT", "activities/state", query, b'{"a":1}', AUTH)[0] == 204
    assert xapi.handle("GET", "activities/state", query, b"", AUTH) == (200, b'{"a":1}')
