"""The worst case a package can send its LMS, from its runtime data alone: state size, interactions, commits.

In: the runtime data of one SCO (the ``scr-data`` JSON in its page: questions, modules, pages,
reflections, limits) and the SCORM version. Out: the longest suspend_data the runtime can write,
the interaction ids it uses, and the largest Commit body Moodle would post (``moodle_beacon``).

The records mirror what ``scorm_templates/runtime/js/30-lms.js`` writes, each field at the
longest value the runtime allows: every question answered, every key known (a key is written once
revealed), every multiple-choice option chosen, typed answers at their limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scr_course.checks.state import state_size
from scr_course.validate.moodle_beacon import CommitPayload, payload

FILL_IN_PATTERNS = 5
"""The runtime writes at most five accepted answers of a fill-in question as patterns."""
PATTERN_CHARS = 250
"""…each cut to 250 characters (SCORM 2004 localized string; 1.2 allows 255, cut there too)."""
RETAKES_12 = 99
"""A 1.2 id names its attempt (``-attempt-N``); two digits is a generous bound for its length."""
TYPES = {"single": "choice", "multiple": "choice", "true-false": "true-false", "fill-in": "fill-in",
         "numeric": "numeric", "matching": "matching", "ordering": "sequencing"}


@dataclass(frozen=True, slots=True)
class WorstCase:
    """What one SCO can send at most."""

    suspend_data: int
    """Characters of the longest learner state."""
    suspend_limit: int
    interaction_ids: tuple[str, ...]
    """As the LMS sees them (SCORM 1.2 retries and retakes add ``-attempt-N``)."""
    commit: CommitPayload
    """The largest Commit body Moodle would post (SCORM 2004: Terminate after everything; 1.2: one submit)."""


def worst_case(data: Mapping[str, Any], version: str) -> WorstCase:
    """The worst case for one SCO's runtime data under ``scorm12`` or ``scorm2004``."""
    limits = data["limits"]
    questions: list[dict[str, Any]] = data["questions"]
    scored = {m["id"] for m in data["modules"] if m["scored"]}
    lengths = [_stored_length(q, limits) for q in questions]
    suspend = state_size(len(data["pages"]), len(scored), lengths, len(data["reflections"]))
    suspend += len(data["reflections"]) * limits["reflectionChars"]
    scalars = _scalars(version, suspend, max((len(p["id"]) for p in data["pages"]), default=0))
    course_id = data["course"]["id"]
    if version == "scorm2004":
        ids = tuple(f"urn:scr:{course_id}:{q['id']}" for q in questions)
        elements = dict(scalars)
        for index, question in enumerate(questions):
            fields = _fields_2004(question, ids[index], question["module"] in scored, limits)
            elements.update((f"cmi.interactions.{index}.{name}", value) for name, value in fields)
        return WorstCase(suspend, limits["suspendData"], ids, payload(version, elements, ending=True))
    ids = tuple(_id_12(q) for q in questions)
    # Moodle's 1.2 player posts only what changed: the largest Commit is one assessment submit
    # (its drawn questions, longest first) with a new state, or the final LMSFinish.
    batches = [[q for q in questions if q["module"] == m["id"]] for m in data["modules"] if m["scored"]]
    draws = [m["draw"] or len(m["questions"]) for m in data["modules"] if m["scored"]]
    largest: CommitPayload | None = None
    for batch, draw in zip(batches or [questions[:1]], draws or [1], strict=True):
        elements = dict(scalars)
        records = sorted((_fields_12(q, limits) for q in batch), key=_record_size, reverse=True)[:draw]
        for index, fields in enumerate(records):
            elements.update((f"cmi.interactions.{100 + index}.{name}", value) for name, value in fields)
        body = payload(version, elements, ending=True)
        if largest is None or body.multipart > largest.multipart:
            largest = body
    assert largest is not None
    return WorstCase(suspend, limits["suspendData"], ids, largest)


def _stored_length(question: Mapping[str, Any], limits: Mapping[str, int]) -> int:
    kind = question["kind"]
    if kind in ("single", "true-false"):
        return 1
    if kind == "fill-in":
        return limits["fillInChars"]
    if kind == "numeric":
        return limits["numericChars"]
    return len(question["choices"])


def _scalars(version: str, suspend: int, location: int) -> dict[str, str]:
    if version == "scorm12":
        return {"cmi.suspend_data": "x" * suspend, "cmi.core.lesson_location": "x" * location,
                "cmi.core.lesson_status": "incomplete", "cmi.core.score.raw": "100", "cmi.core.score.min": "0",
                "cmi.core.score.max": "100", "cmi.core.exit": "suspend"}
    return {"cmi.suspend_data": "x" * suspend, "cmi.location": "x" * location, "cmi.score.scaled": "0.99",
            "cmi.score.min": "0", "cmi.score.max": "100", "cmi.score.raw": "100",
            "cmi.progress_measure": "0.9999", "cmi.completion_status": "incomplete",
            "cmi.success_status": "unknown", "cmi.exit": "suspend", "cmi.session_time": "PT9999H59M59.99S"}


def _responses(question: Mapping[str, Any], limits: Mapping[str, int], version: str) -> tuple[str, list[str]]:
    """The longest learner response and the longest patterns, in the version's formats."""
    sep, pair = ("[,]", "[.]") if version == "scorm2004" else (",", ".")
    ids = [c["id"] for c in question["choices"]]
    kind = question["kind"]
    if kind == "true-false":
        value = "false" if version == "scorm2004" else "f"
        return value, [value]
    if kind == "single":
        longest = max(ids, key=len)
        return longest, [longest]
    if kind == "fill-in":
        return "x" * limits["fillInChars"], ["x" * PATTERN_CHARS] * FILL_IN_PATTERNS
    if kind == "numeric":
        number = "-" + "9" * (limits["numericChars"] - 1)
        return number, [number + "[:]" + number if version == "scorm2004" else number]
    if kind == "matching":
        letter = "z"
        joined = sep.join(f"{i}{pair}{letter}" for i in ids)
        return joined, [joined]
    return sep.join(ids), [sep.join(ids)]


def _fields_2004(question: Mapping[str, Any], rid: str, scored: bool,
                 limits: Mapping[str, int]) -> list[tuple[str, str]]:
    if not scored:
        return [("id", rid), ("result", "incorrect")]
    response, patterns = _responses(question, limits, "scorm2004")
    fields = [("id", rid), ("type", TYPES[question["kind"]])]
    fields += [(f"correct_responses.{i}.pattern", p) for i, p in enumerate(patterns)]
    if str(question["weight"]) != "1":
        fields.append(("weighting", str(question["weight"])))
    return [*fields, ("learner_response", response), ("result", "incorrect")]


def _id_12(question: Mapping[str, Any]) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "_" for c in question["id"])


def _fields_12(question: Mapping[str, Any], limits: Mapping[str, int]) -> list[tuple[str, str]]:
    response, patterns = _responses(question, limits, "scorm12")
    fields = [("id", f"{_id_12(question)}-attempt-{RETAKES_12}"), ("type", TYPES[question["kind"]])]
    fields += [(f"correct_responses.{i}.pattern", p) for i, p in enumerate(patterns)]
    return [*fields, ("weighting", str(question["weight"])), ("student_response", response), ("result", "wrong"),
            ("latency", "9999:59:59.99"), ("time", "23:59:59")]


def _record_size(fields: Sequence[tuple[str, str]]) -> int:
    return sum(len(name) + len(value) for name, value in fields)
