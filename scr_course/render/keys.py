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
from typing import Any

from markupsafe import Markup

from scr_course.model import Question, QuestionKind

CHOICE_IDS = "abcdefghijklmnopqrstuvwxyz0123456789"


def question_salt(course_id: str, question_id: str) -> str:
    """Eight hex characters, different for every question, the same on every build."""
    return hashlib.sha1(f"salt:{course_id}:{question_id}".encode()).hexdigest()[:8]


def digest(salt: str, response: str) -> str:
    """First 64 bits of SHA-256 over the UTF-8 of ``salt:response``, in hex, as runtime/js/62-keys.js computes."""
    return hashlib.sha256(f"{salt}:{response}".encode()).hexdigest()[:16]


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


def _keystream(salt: str, length: int) -> bytes:
    """SHA-256 in counter mode: block ``i`` is SHA-256 of ``salt:i`` (ASCII), as 62-keys.js ``stream`` makes it.

    Issue 24: a block of 32 bytes per hashlib call, so no Python loop runs per byte.
    """
    blocks = (length + 31) // 32
    return b"".join(hashlib.sha256(f"{salt}:{i}".encode()).digest() for i in range(blocks))[:length]


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
    return base64.b64encode(_xor_keystream(raw, salt)).decode("ascii")


def open_reveal_data(reveal: str, salt: str) -> dict[str, Any]:
    """What ``reveal_data`` scrambled, as 62-keys.js ``secret`` decodes it (for checking the runtime against)."""
    value: dict[str, Any] = json.loads(_xor_keystream(base64.b64decode(reveal), salt))
    return value


def _xor_keystream(data: bytes, salt: str) -> bytes:
    """``data`` XOR-ed with the salt's keystream (its own inverse), as whole integers."""
    stream = _keystream(salt, len(data))
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")
