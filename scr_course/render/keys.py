"""Answer keys as the runtime gets them: salted digests to score with, obfuscated data to reveal.

Issue 10: the page must not hold keyed answers as plain text or flags. The runtime scores a
response by comparing ``digest(salt, response)`` with the question's digests, and decodes the
reveal data (correct options, feedback, explanation) only when the learner may see it. This
deters casual reading of the page source; it cannot stop a determined learner, because any
key a browser can check against is inside the package (docs/authoring.md says so).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from scr_course.model import Question, QuestionKind

CHOICE_IDS = "abcdefghijklmnopqrstuvwxyz0123456789"
FNV_PRIME = 16777619
SECOND_PRIME = 0x5BD1E995


def question_salt(course_id: str, question_id: str) -> str:
    """Eight hex characters, different for every question, the same on every build."""
    return hashlib.sha1(f"salt:{course_id}:{question_id}".encode()).hexdigest()[:8]


def _imul(a: int, b: int) -> int:
    return (a * b) & 0xFFFFFFFF


def digest(salt: str, response: str) -> str:
    """Two 32-bit FNV-1a style hashes over UTF-16 code units, as runtime/js/62-keys.js computes."""
    text = f"{salt}:{response}".encode("utf-16-le")
    first, second = 0x811C9DC5, 0x2F3A91E7
    for index in range(0, len(text), 2):
        unit = text[index] | (text[index + 1] << 8)
        first = _imul(first ^ unit, FNV_PRIME)
        second = _imul(second ^ unit, SECOND_PRIME)
    return f"{first:08x}{second:08x}"


def normalise(text: str) -> str:
    """Fill-in comparison form: whitespace collapsed, lower case (the runtime's ``norm``)."""
    return " ".join(text.split()).lower()


def matching_targets(question: Question) -> list[tuple[str, str]]:
    """Right-hand sides in the order shown, each with the letter the runtime stores for it."""
    texts = sorted({Markup(c.match or "").striptags() for c in question.choices}, key=lambda t: (t.lower(), t))
    return [(CHOICE_IDS[i], text) for i, text in enumerate(texts)]


def correct_response(question: Question) -> str:
    """The right response in the suspend_data encoding ("" for fill-in and numeric)."""
    if question.kind is QuestionKind.MATCHING:
        letters = {text: letter for letter, text in matching_targets(question)}
        return "".join(letters[Markup(c.match or "").striptags()] for c in question.choices)
    if question.kind is QuestionKind.ORDERING:
        return "".join(c.id for c in question.choices)  # authored order; ids follow display order
    if question.kind in (QuestionKind.FILL_IN, QuestionKind.NUMERIC):
        return ""
    return "".join(sorted(c.id for c in question.choices if c.correct))


def digests(question: Question, salt: str) -> list[str]:
    """Digests of every right response (several for fill-in; none for numeric, scored by range)."""
    if question.kind is QuestionKind.FILL_IN:
        accepted = {normalise(c.plain) for c in question.choices if c.correct}
        return sorted(digest(salt, answer) for answer in accepted)
    if question.kind is QuestionKind.NUMERIC:
        return []
    return [digest(salt, correct_response(question))]


def _keystream(seed: int) -> Iterator[int]:
    """Bytes of the runtime's mulberry32 ``prng`` (00-core.js), one per call: its top 8 bits."""
    state = seed & 0xFFFFFFFF
    while True:
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = _imul(state ^ (state >> 15), 1 | state)
        t = ((t + _imul(t ^ (t >> 7), 61 | t)) & 0xFFFFFFFF) ^ t
        yield ((t ^ (t >> 14)) & 0xFFFFFFFF) >> 24


def reveal_data(question: Question, salt: str) -> str:
    """What revealing needs, JSON XOR-ed with a keystream seeded by the salt, in base64."""
    data: dict[str, Any] = {
        "k": correct_response(question),
        "c": [c.id for c in question.choices if c.correct] if question.kind not in (
            QuestionKind.MATCHING, QuestionKind.ORDERING) else [],
        "a": [c.plain for c in question.choices if c.correct] if question.kind is QuestionKind.FILL_IN else [],
        "f": {c.id: str(c.feedback) for c in question.choices if c.feedback},
        "x": str(question.explanation) if question.explanation else "",
    }
    if question.kind is QuestionKind.FILL_IN:
        # Typed answers find their option (and its feedback) by their comparison form.
        data["m"] = {normalise(c.plain): c.id for c in question.choices}
    if question.kind is QuestionKind.NUMERIC:
        data["v"] = question.value
        data["t"] = question.tolerance
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    stream = _keystream(int(salt, 16))
    return base64.b64encode(bytes(b ^ next(stream) for b in raw)).decode("ascii")
