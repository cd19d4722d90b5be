"""The preview's own in-memory xAPI endpoint for cmi5 packages: a preview tool, not an LRS.

It plays the LMS's part just far enough for the AU to run in the preview: a one-time fetch URL
per launch, an ``LMS.LaunchData`` document for every registration, the State API and the
learner-preferences profile, and a list of the statements received, which the inspector shows.
Nothing is validated as an LRS would and nothing outlives the preview process; the cmi5 tests
use a real LRS instead (tests/browser/harness/lrs.py).
"""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

CMI5 = "https://w3id.org/xapi/cmi5/context/"
TOKEN = "cHJldmlldzpwcmV2aWV3"
"""base64("preview:preview"): the one token this endpoint accepts."""
MAX_STATEMENTS = 2000

Answer = tuple[int, bytes]


class PreviewXapi:
    """Statements, documents and launches of one preview server, behind one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.statements: list[dict[str, Any]] = []
        self._documents: dict[tuple[str, ...], bytes] = {}
        self._launches: dict[str, dict[str, Any]] = {}
        self._session = ""

    def handle(self, method: str, resource: str, query: dict[str, str], body: bytes, auth: str) -> Answer:
        """One request to ``/__preview/xapi/<resource>``: (HTTP status, JSON body)."""
        if resource == "fetch" and method == "POST":
            return self._fetch(query)
        if resource == "log" and method == "GET":
            with self._lock:
                since = int(query.get("since", "0")) if query.get("since", "0").isdigit() else 0
                return 200, _json({"total": len(self.statements), "statements": self.statements[since:]})
        if auth != "Basic " + TOKEN:
            return 401, _json({"error": "no valid cmi5 auth token"})
        if resource == "statements" and method in ("POST", "PUT"):
            return self._store(body)
        if resource in ("activities/state", "agents/profile"):
            return self._document(method, resource, query, body)
        return 404, _json({"error": "not part of the preview endpoint"})

    def _fetch(self, query: dict[str, str]) -> Answer:
        launch = query.get("launch", "")
        with self._lock:
            record = self._launches.get(launch)
            if record is not None:
                # cmi5 8.2.3: one token per launch; the AU tells the learner when it asks twice.
                return 200, _json({"error-code": "1", "error-text": "the auth token was fetched already"})
            self._session = str(uuid.uuid4())
            self._launches[launch] = {"moveOn": query.get("moveOn", "NotApplicable"),
                                      "masteryScore": query.get("masteryScore", ""), "session": self._session}
            self._last = launch
        return 200, _json({"auth-token": TOKEN})

    def _store(self, body: bytes) -> Answer:
        try:
            sent = json.loads(body)
        except ValueError:
            return 400, _json({"error": "not JSON"})
        batch = sent if isinstance(sent, list) else [sent]
        with self._lock:
            known = {s.get("id") for s in self.statements}
            fresh = [s for s in batch if isinstance(s, dict) and s.get("id") not in known]
            self.statements += fresh
            del self.statements[:-MAX_STATEMENTS]
        return 200, _json([s.get("id") for s in batch if isinstance(s, dict)])

    def _document(self, method: str, resource: str, query: dict[str, str], body: bytes) -> Answer:
        key: tuple[str, ...]
        if resource == "activities/state":
            key = ("state", query.get("activityId", ""), query.get("agent", ""), query.get("registration", ""),
                   query.get("stateId", ""))
        else:
            key = ("profile", query.get("agent", ""), query.get("profileId", ""))
        with self._lock:
            if method == "GET" and key[-1] == "LMS.LaunchData":
                return 200, _json(self._launch_data(query.get("activityId", "")))
            if method == "GET":
                found = self._documents.get(key)
                return (200, found) if found is not None else (404, _json({}))
            if method in ("PUT", "POST"):
                self._documents[key] = body
                return 204, b""
        return 405, _json({"error": "method not allowed"})

    def _launch_data(self, activity_id: str) -> dict[str, Any]:
        launch = self._launches.get(getattr(self, "_last", ""), {})
        data: dict[str, Any] = {
            "contextTemplate": {"contextActivities": {"grouping": [{"objectType": "Activity", "id": activity_id}]},
                                "extensions": {CMI5 + "extensions/sessionid": launch.get("session", self._session)}},
            "launchMode": "Normal", "moveOn": launch.get("moveOn", "NotApplicable"), "launchParameters": ""}
        if launch.get("masteryScore"):
            data["masteryScore"] = float(launch["masteryScore"])
        return data


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
