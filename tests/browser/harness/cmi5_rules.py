"""What the tests' cmi5 LMS enforces before an AU's request reaches the LRS: the same list as the
LRS proxy of ADL's CATAPULT cmi5 player (``player/service/plugins/routes/lrs.js``), written here
from the cmi5 requirement ids it cites. A request that breaks one is answered 403 (400 where
CATAPULT says bad request) and recorded as a violation; a test fails on any violation.

Requirement ids are those of the cmi5 Quartz specification as CATAPULT numbers them (npm
``@cmi5/requirements``). One rule goes beyond CATAPULT: in a single POST nothing may follow
``terminated`` (9.3.0.0-5), which CATAPULT checks only across requests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

CMI5 = "https://w3id.org/xapi/cmi5/context/"
CATEGORY = CMI5 + "categories/cmi5"
MOVEON = CMI5 + "categories/moveon"
SESSION_ID = CMI5 + "extensions/sessionid"
MASTERY = CMI5 + "extensions/masteryscore"
VERB = "http://adlnet.gov/expapi/verbs/"
RESULTS = ("completed", "passed", "failed")


class Refused(Exception):
    """A request the LMS will not pass on: ``requirement`` (or "" when no rule was broken), HTTP status."""

    def __init__(self, requirement: str, message: str, status: int = 403) -> None:
        super().__init__(f"{requirement} {message}".strip())
        self.requirement = requirement
        self.status = status


def violated(requirement: str, message: str, status: int = 403) -> Refused:
    return Refused(requirement, message, status)


@dataclass
class SessionState:
    """What the LMS knows of one AU session (CATAPULT's ``sessions`` row)."""

    actor: dict[str, Any]
    registration: str
    activity_id: str
    mode: str
    template: dict[str, Any]
    mastery: float | None
    token_fetched: bool = False
    prefs_fetched: bool = False
    initialized: bool = False
    terminated: bool = False
    abandoned: bool = False
    verbs: set[str] = field(default_factory=set)
    """cmi5-defined verbs this session has recorded."""


@dataclass
class RegistrationState:
    """What the LMS knows of a registration for the AU (CATAPULT's ``registrations_courses_aus``)."""

    completed: bool = False
    passed: bool = False


def check_token(session: SessionState | None) -> SessionState:
    """8.1.2.0-2: the fetched token works for its own session only, and dies at ``terminated``.
    An abandoned session is refused too, but that is no violation: the AU cannot know (CATAPULT)."""
    if session is None:
        raise Refused("", "no valid cmi5 auth token", 401)
    if not session.token_fetched:
        raise violated("8.1.2.0-2", "token not fetched yet")
    if session.terminated:
        raise violated("8.1.2.0-2", "session terminated")
    if session.abandoned:
        raise Refused("", "session abandoned")
    return session


def check_request(session: SessionState, registration: RegistrationState, method: str, resource: str,
                  query: dict[str, str], headers: Any, body: bytes) -> list[str]:
    """Every check CATAPULT makes before passing a request on; returns the cmi5-defined verbs of
    a statements POST/PUT (recorded by ``after_success`` once the LRS took them)."""
    if method == "POST" and "method" in query:
        raise Refused("", "alternate request syntax is not supported", 400)
    if resource == "statements" and method in ("POST", "PUT"):
        payload = json.loads(body or b"null")
        return check_statements(session, registration, payload if isinstance(payload, list) else [payload])
    if resource in ("activities/state", "agents", "agents/profile"):
        if "agent" not in query:
            raise violated("11.0.0.0-1", "'agent' parameter missing", 400)
        try:
            agent = json.loads(query["agent"])
        except ValueError as exc:
            raise Refused("", f"agent parameter is not JSON: {exc}", 400) from exc
        if agent != session.actor:
            raise violated("8.1.3.0-3", f"{resource} for another agent")
    if resource == "activities/state":
        if "registration" in query and query["registration"] != session.registration:
            raise violated("8.1.4.0-3", "state request for another registration")
        if query.get("stateId") == "LMS.LaunchData" and method != "GET":
            raise violated("10.2.1.0-5", f"{method} LMS.LaunchData")
    if resource == "agents/profile" and query.get("profileId") == "cmi5LearnerPreferences":
        if method == "DELETE":
            raise Refused("", "the learner preferences are the LMS's to delete")
        if method in ("PUT", "POST"):
            check_preferences(headers, body)
            raise Refused("", "the learner preferences are the LMS's to change")
    return []


def check_preferences(headers: Any, body: bytes) -> None:
    """11.0.0.0-5, 11.1.0.0-1: an AU's write to cmi5LearnerPreferences is checked, then refused anyway."""
    if not (headers.get("Content-Type") or "").startswith("application/json"):
        raise violated("11.0.0.0-5", "Content-Type is not application/json")
    document = json.loads(body or b"{}")
    for key in ("languagePreference", "audioPreference"):
        if key not in document:
            raise violated("11.0.0.0-5", f"'{key}' missing")
    if not re.fullmatch(r"[-A-Za-z0-9]+(?:,[-A-Za-z0-9]+)*", str(document["languagePreference"])):
        raise violated("11.1.0.0-1", "languagePreference invalid")


def check_statements(session: SessionState, registration: RegistrationState,
                     statements: list[dict[str, Any]]) -> list[str]:
    """Each statement in order, as CATAPULT checks them (section numbers of cmi5 in brackets)."""
    if not session.prefs_fetched:
        raise violated("11.0.0.0-3", "learner preferences not yet retrieved")
    batch: list[str] = []
    for st in statements:
        for prop in ("actor", "verb", "object"):
            if prop not in st:
                raise violated("4.1.0.0-1", f"statement missing {prop}", 400)
        if "id" not in st.get("verb", {}):
            raise violated("4.1.0.0-1", "statement missing verb.id", 400)
        sid, verb_id = st.get("id"), st["verb"]["id"]
        if sid is None:
            raise violated("9.1.0.0-1", "statement id missing")
        if verb_id == "http://adlnet.gov/expapi/verbs/voided":
            raise violated("6.3.0.0-1", sid)
        if "timestamp" not in st:
            raise violated("9.7.0.0-1", sid)
        if not re.search(r"(Z|\+00:?(?:00)?)$", st["timestamp"]):
            raise violated("9.7.0.0-2", sid)
        if st["actor"] != session.actor:
            raise violated("8.1.3.0-3", f"actor differs in {sid}")
        context = st.get("context")
        if not context:
            raise violated("9.6.0.0-1", f"no context: {sid}")
        if "contextActivities" not in context:
            raise violated("10.2.1.0-6", f"no contextActivities: {sid}")
        check_template(context, session.template, sid)
        categories = {c.get("id") for c in context["contextActivities"].get("category") or []}
        verb = verb_id.removeprefix(VERB)
        if MOVEON in categories and (CATEGORY not in categories or verb not in RESULTS):
            raise violated("9.6.2.2-2", sid)
        if context.get("registration") != session.registration:
            raise violated("9.6.1.0-1", f"registration missing or different in {sid}")
        if not (context.get("extensions") or {}).get(SESSION_ID):
            raise violated("9.6.3.1-4", sid)
        # As in CATAPULT, a session is initialized once the LRS took `initialized`: a statement in
        # the same POST after it is still too early.
        if not session.initialized and verb_id != VERB + "initialized":
            raise violated("9.3.0.0-4", f"{verb} before initialized: {sid}")
        if session.terminated or "terminated" in batch:
            raise violated("9.3.0.0-5", f"{verb} after terminated: {sid}")
        if session.abandoned:
            raise Refused("", f"9.3.6.0-2 session abandoned ({sid})")
        if CATEGORY in categories:
            check_defined(session, registration, st, verb, categories, batch)
            batch.append(verb)
        elif verb == "terminated":
            batch.append(verb)
    return batch


def check_template(context: dict[str, Any], template: dict[str, Any], sid: str) -> None:
    """10.2.1.0-6 (and 9.6.2.0-1): the LMS's contextTemplate is in the statement's context."""
    for prop, expected in template.items():
        provided = context.get(prop)
        if prop == "contextActivities":
            for kind, activities in expected.items():
                have = (provided or {}).get(kind) or []
                for n, activity in enumerate(activities):
                    if n >= len(have) or have[n].get("id") != activity["id"]:
                        raise violated("10.2.1.0-6", f"{prop}.{kind}[{n}] differs from the template in {sid}")
        elif provided is None:
            raise violated("10.2.1.0-6", f"'{prop}' missing in {sid}")
        else:
            for key, value in expected.items():
                if provided.get(key) != value:
                    raise violated("10.2.1.0-6", f"{prop}.{key} differs from the template in {sid}")


def check_defined(session: SessionState, registration: RegistrationState, st: dict[str, Any], verb: str,
                  categories: set[str | None], batch: list[str]) -> None:
    """A cmi5-defined statement: its actor, object, result and place in the session and registration."""
    sid, actor, result = st["id"], st["actor"], st.get("result")
    if actor.get("objectType", "Agent") != "Agent":
        raise violated("9.2.0.0-2", sid)
    if not {"name", "homePage"} <= set(actor.get("account") or {}):
        raise violated("9.2.0.0-3", sid)
    if "id" not in st["object"]:
        raise violated("9.4.0.0-1", sid)
    if st["object"]["id"] != session.activity_id:
        raise violated("8.1.5.0-6", sid)
    if verb in RESULTS and session.mode in ("Browse", "Review"):
        raise violated("10.2.2.0-2" if session.mode == "Browse" else "10.2.2.0-3", f"{verb} in {session.mode}: {sid}")
    missing = {"completed": "9.5.3.0-1", "passed": "9.5.2.0-1", "failed": "9.5.2.0-2", "terminated": "9.5.4.1-1"}
    if not result:
        if verb in missing:
            raise violated(missing[verb], f"{verb} without result: {sid}")
    else:
        check_result(session, st, verb, result, categories)
    check_order(session, registration, st, verb, batch)


def check_result(session: SessionState, st: dict[str, Any], verb: str, result: dict[str, Any],
                 categories: set[str | None]) -> None:
    sid = st["id"]
    if "completion" in result and verb != "completed":
        raise violated("9.5.3.0-2", sid)
    if verb == "completed" and result.get("completion") is not True:
        raise violated("9.5.3.0-1", sid)
    if "success" in result and verb not in ("passed", "failed"):
        raise violated("9.5.2.0-3", sid)
    if verb == "passed" and result.get("success") is not True:
        raise violated("9.5.2.0-1", sid)
    if verb == "failed" and result.get("success") is not False:
        raise violated("9.5.2.0-2", sid)
    if ("completion" in result or "success" in result) and MOVEON not in categories:
        raise violated("9.6.2.2-1", sid)
    score = result.get("score")
    if score:
        if verb not in ("passed", "failed"):
            raise violated("9.5.1.0-2", sid)
        if score.get("raw") and ("min" not in score or "max" not in score):
            raise violated("9.5.1.0-3", sid)
        if session.mastery and st["context"]["extensions"].get(MASTERY) != session.mastery:
            raise violated("9.6.3.2-2", f"masteryscore extension differs from the launch data in {sid}")
    durations = {"terminated": "9.5.4.1-1", "completed": "9.5.4.1-2", "passed": "9.5.4.1-3", "failed": "9.5.4.1-4"}
    if "duration" not in result and verb in durations:
        raise violated(durations[verb], sid)


def check_order(session: SessionState, registration: RegistrationState, st: dict[str, Any], verb: str,
                batch: list[str]) -> None:
    """9.3.0.0-x: once each per session, completed and passed once per registration, one of
    passed/failed per session, no failed after passed, passed and failed against the mastery score."""
    sid, done = st["id"], session.verbs | set(batch)
    scaled = ((st.get("result") or {}).get("score") or {}).get("scaled")
    if verb in ("initialized", "terminated", "completed", "passed", "failed") and verb in done:
        raise violated("9.3.0.0-2", f"{verb} twice in a session: {sid}")
    if verb == "completed" and registration.completed:
        raise violated("9.3.0.0-6", sid)
    if verb == "passed":
        if session.mastery and scaled is not None and scaled < session.mastery:
            raise violated("9.3.4.0-2", f"passed with {scaled} < {session.mastery}: {sid}")
        if "failed" in done:
            raise violated("9.3.0.0-3", sid)
        if registration.passed:
            raise violated("9.3.0.0-7", sid)
    if verb == "failed":
        if session.mastery and scaled is not None and scaled >= session.mastery:
            raise violated("9.3.5.0-2", f"failed with {scaled} >= {session.mastery}: {sid}")
        if "passed" in done:
            raise violated("9.3.0.0-3", sid)
        if registration.passed:
            raise violated("9.3.0.0-8", sid)
    if verb not in ("initialized", "terminated", "completed", "passed", "failed"):
        raise violated("9.3.0.0-1", f"unknown cmi5-defined verb {verb}: {sid}")


def after_success(session: SessionState, registration: RegistrationState, verbs: list[str]) -> None:
    """The LRS took the statements: the session and registration move on (CATAPULT afterLRSRequest)."""
    session.verbs |= set(verbs)
    session.initialized = session.initialized or "initialized" in verbs
    session.terminated = session.terminated or "terminated" in verbs
    registration.completed = registration.completed or "completed" in verbs
    registration.passed = registration.passed or "passed" in verbs
