"""A small cmi5 LMS for the tests: it launches an AU as the cmi5 specification has an LMS do it.

Duties (cmi5 "Quartz" sections in brackets):

* reads the package's cmi5.xml like an LMS import (course, AU id, url, moveOn, masteryScore);
* creates a registration per enrolment [9.2], a session id per launch, and writes the
  ``LMS.LaunchData`` state document: contextTemplate, launchMode, moveOn, masteryScore,
  returnURL, launchParameters [10.2.1];
* records ``launched`` for the learner in the LRS before the AU opens [9.3.1];
* builds the launch URL with endpoint, fetch, registration, activityId and actor [8.1];
* hands out an auth token per launch at the fetch URL, once; a second POST gets error-code 1 [8.2];
* is as strict as ADL CATAPULT's player (issue 20): the token belongs to its session and dies at
  ``terminated`` [8.1.2.0-2]; a new launch of a registration abandons its open session
  [9.3.6.0-1]; every request is checked as CATAPULT's LRS proxy checks it (``cmi5_rules.py``).
  A broken rule is answered 403 (or 400) and kept in ``violations``: the tests fail on any;
* is the xAPI endpoint the AU talks to. Statements are passed on to the real LRS (Ralph) with
  the LMS's own LRS account (as CATAPULT does); Ralph has no State API and no Agent Profile API,
  so this LMS serves those two resources itself (in cmi5 the LMS owns the endpoint, so this is a
  legitimate LMS design, but it means state documents are not stored in Ralph);
* records ``satisfied`` for the AU and the course once the AU's moveOn is met [9.3.9, 10.2.4];
* lets a test make it fail: ``fault`` may answer any AU request with a status of its choosing.

The AU is served from another origin (the harness server), so every request is cross-origin and
the CORS answers here are tested too.
"""

from __future__ import annotations

import base64
import json
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .cmi5_rules import Refused, RegistrationState, SessionState, after_success, check_request, check_token
from .lrs import RalphLrs

CMI5 = "https://w3id.org/xapi/cmi5/context/"
CS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
VERBS = {"launched": "http://adlnet.gov/expapi/verbs/launched", "satisfied": "https://w3id.org/xapi/adl/verbs/satisfied",
         "abandoned": "https://w3id.org/xapi/adl/verbs/abandoned"}


@dataclass(frozen=True)
class CourseInfo:
    """What an LMS keeps from importing cmi5.xml (one AU: the tests build single-AU packages)."""

    course_id: str
    au_id: str
    url: str
    move_on: str
    mastery_score: float | None
    launch_method: str
    title: str

    @classmethod
    def read(cls, package: Path) -> CourseInfo:
        root = ElementTree.parse(package / "cmi5.xml").getroot()
        course = root.find(f"{CS}course")
        au = root.find(f"{CS}au")
        assert course is not None and au is not None, "cmi5.xml has no course or no AU"
        mastery = au.get("masteryScore")
        return cls(course_id=course.get("id") or "", au_id=au.get("id") or "", url=au.findtext(f"{CS}url") or "",
                   move_on=au.get("moveOn", "NotApplicable"), mastery_score=float(mastery) if mastery else None,
                   launch_method=au.get("launchMethod", "AnyWindow"),
                   title=au.findtext(f"{CS}title/{CS}langstring") or "")


@dataclass
class XapiRequest:
    """One request an AU made to the endpoint, as the LMS saw it (``verbs``: of a statements POST)."""

    at: float
    method: str
    resource: str
    status: int
    statement_ids: list[str]
    verbs: list[str]
    refused: str = ""


@dataclass
class Launch:
    """One AU session: its registration, session id, fetch URL, token, state and requests."""

    registration: str
    session: str
    actor: dict[str, Any]
    activity_id: str
    info: CourseInfo
    move_on: str
    state: SessionState
    fetch_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    fetched: int = 0
    url: str = ""
    requests: list[XapiRequest] = field(default_factory=list)

    @property
    def auth(self) -> str:
        """What the AU puts after ``Basic``: this session's token, good for this session only."""
        return base64.b64encode(f"{self.fetch_id}:{self.token}".encode()).decode()


class Cmi5Lms(ThreadingHTTPServer):
    """The launcher's HTTP side on 127.0.0.1: ``/fetch/<id>``, ``/xapi/…``, ``/returned``."""

    daemon_threads = True

    def __init__(self, lrs: RalphLrs) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lrs = lrs
        self.launches: dict[str, Launch] = {}
        self.documents: dict[tuple[str, ...], tuple[str, bytes]] = {}
        """State and agent-profile documents: key -> (content type, bytes)."""
        self.satisfied: set[str] = set()
        self.registrations: dict[str, RegistrationState] = {}
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self.violations: list[str] = []
        """Every cmi5 rule an AU broke, ``<requirement id> <what> [<method> <resource>]``."""
        self.fault: Callable[[Launch, str, str, list[dict[str, Any]]], int | None] | None = None
        """Set by a test: (launch, method, resource, statements) -> a status to answer instead, or None."""
        self._thread = threading.Thread(target=self.serve_forever, name="cmi5-lms", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Cmi5Lms:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser closing a window mid-request is normal here; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    # ----- LMS duties -----

    def launch(self, package_url: str, info: CourseInfo, *, actor: dict[str, Any] | None = None,
               registration: str | None = None, mode: str = "Normal", mastery_score: float | None = None,
               move_on: str | None = None, launch_parameters: str = "", return_url: bool = True,
               language: str | None = None) -> Launch:
        """Prepare one launch and return it; ``launch.url`` is what the LMS opens."""
        actor = actor or {"objectType": "Agent", "name": "Test Learner",
                          "account": {"homePage": self.url, "name": "learner-1"}}
        registration = registration or str(uuid.uuid4())
        session = str(uuid.uuid4())
        activity_id = f"{self.url}/activities/{uuid.uuid5(uuid.NAMESPACE_URL, info.au_id)}"
        template = {"contextActivities": {"grouping": [{"objectType": "Activity", "id": info.au_id}]},
                    "extensions": {CMI5 + "extensions/sessionid": session}}
        score = mastery_score if mastery_score is not None else info.mastery_score
        launch = Launch(registration=registration, session=session, actor=actor, activity_id=activity_id,
                        info=info, move_on=move_on or info.move_on,
                        state=SessionState(actor=actor, registration=registration, activity_id=activity_id,
                                           mode=mode, template=template, mastery=score))
        self.abandon_open_sessions(registration)
        data: dict[str, Any] = {"contextTemplate": template, "launchMode": mode, "moveOn": launch.move_on,
                                "launchParameters": launch_parameters}
        if score is not None:
            data["masteryScore"] = score
        if return_url:
            data["returnURL"] = f"{self.url}/returned"
        agent = json.dumps(actor, separators=(",", ":"), sort_keys=True)
        self.documents[("state", launch.activity_id, agent, launch.registration, "LMS.LaunchData")] = (
            "application/json", json.dumps(data).encode())
        if language is not None:
            self.documents[("profile", agent, "cmi5LearnerPreferences")] = (
                "application/json", json.dumps({"languagePreference": language, "audioPreference": "on"}).encode())
        self.launches[launch.fetch_id] = launch
        launched = self.statement(launch, "launched", {
            CMI5 + "extensions/launchmode": mode, CMI5 + "extensions/launchurl": package_url,
            CMI5 + "extensions/moveon": launch.move_on, CMI5 + "extensions/launchparameters": launch_parameters})
        self.send(launched)
        query = urllib.parse.urlencode({
            "endpoint": f"{self.url}/xapi/", "fetch": f"{self.url}/fetch/{launch.fetch_id}",
            "registration": launch.registration, "activityId": launch.activity_id,
            "actor": json.dumps(actor, separators=(",", ":"))})
        launch.url = f"{package_url}?{query}"
        return launch

    def abandon_open_sessions(self, registration: str) -> None:
        """A new launch ends the registration's open session with ``abandoned`` (cmi5 9.3.6.0-1, as CATAPULT)."""
        for earlier in list(self.launches.values()):
            state = earlier.state
            if earlier.registration == registration and state.token_fetched and not (state.terminated or state.abandoned):
                state.abandoned = True
                self.send(self.statement(earlier, "abandoned", result={"duration": "PT0S"}))

    def violations_of(self, launch: Launch) -> list[str]:
        """The rule breaks of one launch (its requests refused for breaking a cmi5 rule)."""
        return [r.refused for r in launch.requests if r.refused and not r.refused.startswith("-")]

    def statement(self, launch: Launch, verb: str, extensions: dict[str, Any] | None = None,
                  object_id: str | None = None, result: dict[str, Any] | None = None) -> dict[str, Any]:
        """An LMS statement [9.3.1, 9.3.9]: the cmi5 category and the session's context."""
        context: dict[str, Any] = {
            "registration": launch.registration,
            "contextActivities": {"category": [{"id": CMI5 + "categories/cmi5"}],
                                  "grouping": [{"objectType": "Activity", "id": launch.info.au_id}]},
            "extensions": {CMI5 + "extensions/sessionid": launch.session, **(extensions or {})}}
        statement = {"id": str(uuid.uuid4()), "actor": launch.actor,
                     "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
                     "object": {"objectType": "Activity", "id": object_id or launch.activity_id},
                     "context": context, "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds")}
        if result:
            statement["result"] = result
        return statement

    def send(self, statement: dict[str, Any]) -> None:
        status, body = self.lrs.request("POST", "statements", [statement], user="lms")
        assert status == 200, (status, body)

    def check_move_on(self, launch: Launch, statements: list[dict[str, Any]]) -> None:
        """Record satisfied (AU, then the one-AU course) when the AU's moveOn is met [10.2.4]."""
        key = launch.registration
        verbs = {s["verb"]["id"].rsplit("/", 1)[-1] for s in statements
                 if s.get("context", {}).get("registration") == key}
        with self.lock:
            seen = self.__dict__.setdefault("_verbs", {}).setdefault(key, set())
            seen |= verbs
            rule = {"Completed": {"completed"} <= seen, "Passed": {"passed"} <= seen,
                    "CompletedAndPassed": {"completed", "passed"} <= seen,
                    "CompletedOrPassed": bool({"completed", "passed"} & seen),
                    "NotApplicable": True}[launch.move_on]
            if not rule or key in self.satisfied:
                return
            self.satisfied.add(key)
        self.send(self.statement(launch, "satisfied", object_id=launch.activity_id))
        self.send(self.statement(launch, "satisfied", object_id=launch.info.course_id))


class _Handler(BaseHTTPRequestHandler):
    server: Cmi5Lms
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, body: bytes = b"", content_type: str = "application/json") -> None:
        self.send_response(code)
        self._cors()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _cors(self) -> None:
        origin = self.headers.get("Origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
            self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Experience-API-Version")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
            self.send_header("Access-Control-Expose-Headers", "ETag, X-Experience-API-Version")

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_OPTIONS(self) -> None:
        self._send(204)

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _route(self, method: str) -> None:
        parts = urllib.parse.urlsplit(self.path)
        self.server.requests.append((method, parts.path))
        body = self._body() if method in ("POST", "PUT") else b""
        if parts.path.startswith("/fetch/") and method == "POST":
            return self._fetch(parts.path.removeprefix("/fetch/"))
        if parts.path == "/returned":
            return self._send(200, b"<!doctype html><title>LMS</title><h1>Back in the LMS</h1>", "text/html")
        if not parts.path.startswith("/xapi/"):
            return self._send(404, b"{}")
        resource = parts.path.removeprefix("/xapi/")
        query = dict(urllib.parse.parse_qsl(parts.query))
        launch = self._authorised()
        try:
            check_token(launch.state if launch else None)
        except Refused as refused:
            return self._refuse(launch, method, resource, body, refused)
        assert launch is not None
        statements = self._statements_in(method, resource, body)
        record = XapiRequest(time.monotonic(), method, resource, 0, [str(st.get("id")) for st in statements],
                             [str(st.get("verb", {}).get("id", "")).rsplit("/", 1)[-1] for st in statements])
        launch.requests.append(record)
        faulty = self.server.fault(launch, method, resource, statements) if self.server.fault else None
        if faulty:
            record.status, record.refused = faulty, "-fault"
            return self._send(faulty, b'{"error": "the test made this request fail"}')
        registration = self.server.registrations.setdefault(launch.registration, RegistrationState())
        with self.server.lock:
            try:
                verbs = check_request(launch.state, registration, method, resource, query, self.headers, body)
            except Refused as refused:
                launch.requests.pop()
                return self._refuse(launch, method, resource, body, refused)
            if resource == "statements":
                code, answer = self._to_lrs(method, parts.query, body)
                if code < 300 and method in ("POST", "PUT"):
                    after_success(launch.state, registration, verbs)
            elif resource in ("activities/state", "agents/profile"):
                code, answer = self._document(method, resource, query, body)
                if (resource, query.get("profileId"), method) == ("agents/profile", "cmi5LearnerPreferences", "GET"):
                    launch.state.prefs_fetched = launch.state.prefs_fetched or code in (200, 404)
            elif resource == "about":
                code, answer = 200, b'{"version": ["1.0.3"]}'
            else:
                code, answer = 404, b"{}"
        record.status = code
        if code < 300 and resource == "statements" and method in ("POST", "PUT"):
            by_registration = {each.registration: each for each in self.server.launches.values()}
            for statement in statements:
                owner = by_registration.get(statement.get("context", {}).get("registration", ""))
                if owner is not None:
                    self.server.check_move_on(owner, [statement])
        self._send(code, answer)

    @staticmethod
    def _statements_in(method: str, resource: str, body: bytes) -> list[dict[str, Any]]:
        if resource != "statements" or method not in ("POST", "PUT") or not body:
            return []
        try:
            sent = json.loads(body)
        except ValueError:
            return []
        return [st for st in (sent if isinstance(sent, list) else [sent]) if isinstance(st, dict)]

    def _refuse(self, launch: Launch | None, method: str, resource: str, body: bytes, refused: Refused) -> None:
        """Answer a refused request; a broken cmi5 rule is also a violation that fails the test."""
        statements = self._statements_in(method, resource, body)
        if refused.requirement:
            self.server.violations.append(f"{refused} [{method} {resource}]")
        if launch is not None:
            launch.requests.append(XapiRequest(
                time.monotonic(), method, resource, refused.status, [str(st.get("id")) for st in statements],
                [str(st.get("verb", {}).get("id", "")).rsplit("/", 1)[-1] for st in statements],
                refused=str(refused) if refused.requirement else f"-{refused}"))
        self._send(refused.status, json.dumps({"error": str(refused)}).encode())

    def _fetch(self, fetch_id: str) -> None:
        launch = self.server.launches.get(fetch_id)
        if launch is None:
            return self._send(200, b'{"error-code": "3", "error-text": "unknown launch"}')
        launch.fetched += 1
        if launch.fetched > 1:
            # cmi5 8.2.3: the token may be fetched once; error-code 1 means "already in use".
            return self._send(200, b'{"error-code": "1", "error-text": "the auth token was fetched already"}')
        launch.state.token_fetched = True
        self._send(200, json.dumps({"auth-token": launch.auth}).encode())

    def _authorised(self) -> Launch | None:
        """The launch whose token the request carries (one token, one session: cmi5 8.1.2.0-2)."""
        header = self.headers.get("Authorization", "")
        for launch in self.server.launches.values():
            if header == "Basic " + launch.auth:
                return launch
        return None

    def _to_lrs(self, method: str, query: str, body: bytes) -> tuple[int, bytes]:
        """Pass statements on to Ralph with the LMS's LRS account; 502 when Ralph is unreachable."""
        request = urllib.request.Request(
            self.server.lrs.url + "statements" + (f"?{query}" if query else ""), data=body or None, method=method,
            headers={"Authorization": "Basic " + RalphLrs.token("au"),
                     "X-Experience-API-Version": self.headers.get("X-Experience-API-Version", ""),
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            return 502, b'{"error": "the LRS cannot be reached"}'

    def _document(self, method: str, resource: str, query: dict[str, str], body: bytes) -> tuple[int, bytes]:
        try:
            agent = json.dumps(json.loads(query["agent"]), separators=(",", ":"), sort_keys=True)
            key = (("state", query["activityId"], agent, query.get("registration", ""), query["stateId"])
                   if resource == "activities/state" else ("profile", agent, query["profileId"]))
        except (KeyError, ValueError):
            return 400, b'{"error": "missing or bad parameters"}'
        documents = self.server.documents
        if method == "GET":
            if key not in documents:
                return 404, b"{}"
            return 200, documents[key][1]
        if method == "DELETE":
            documents.pop(key, None)
            return 204, b""
        documents[key] = (self.headers.get("Content-Type", "application/octet-stream"), body)
        return 204, b""
