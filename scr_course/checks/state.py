"""The learner-state (suspend_data) format shared with the runtime: keys and worst-case size.

The runtime (scorm_templates/runtime/player.js) writes the state as:

    "3" tag(4)
    pages:       count(2) + key(4) per page seen
    quizzes:     count(1) + per scored module: key(4) attempts(1) status(1) best(2) seed(4)
                 position(2)
    answers:     count(2) + per answered question: key(4) check(1) length(1) response
    reflections: count(1) + per saved reflection: key(4) length(2) text

Counts and lengths are base-36 numbers, zero padded. Every part is length-prefixed, so
learner text needs no escaping. Keys come from ids (never positions), so a course update
keeps the state of everything that still exists; ``check`` changes when a question's
content changes, and the runtime then drops that one answer.

Format 3 (issue 10) added to each quiz the position in the attempt (the question on screen,
or the count of drawn questions for the check screen), so a resume lands on the same question.
The runtime still reads format 2 (without it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from scr_course.model import Course, Module, Question, QuestionKind, Sco

FORMAT = "3"
KEY_LENGTH = 4
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
SUSPEND_LIMITS = {"scorm12": 4096, "scorm2004": 64000, "cmi5": 1_000_000}
"""SCORM 1.2 CMIString4096; SCORM 2004 4th Ed. cmi.suspend_data SPM 64000; cmi5 keeps state as a
JSON document in the xAPI State API, which has no size limit (1 MB is a sane bound, not a rule)."""
FILL_IN_CHARS = 35
NUMERIC_CHARS = 20
REFLECTION_MAX = 1200
REFLECTION_MIN = 200
"""Below this a reflection prompt is not worth offering: the build fails instead."""
QUIZ_RECORD = KEY_LENGTH + 1 + 1 + 2 + 4 + 2


def base36(number: int, width: int) -> str:
    """The last ``width`` base-36 digits of a number, zero padded."""
    digits = []
    for _ in range(width):
        number, rest = divmod(number, 36)
        digits.append(BASE36[rest])
    return "".join(reversed(digits))


def _hash36(text: str, width: int) -> str:
    return base36(int(hashlib.sha1(text.encode()).hexdigest(), 16), width)


def course_tag(course_id: str) -> str:
    """Four characters that tell one course's state from another's."""
    return _hash36("course:" + course_id, KEY_LENGTH)


def assign_keys(names: Iterable[str]) -> dict[str, str]:
    """Stable 4-character keys for namespaced ids ('q:…', 'p:…'); collisions probe deterministically."""
    return dict(_assign_keys(tuple(sorted(set(names)))))


@lru_cache(maxsize=8)
def _assign_keys(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    keys: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        number = int(hashlib.sha1(name.encode()).hexdigest(), 16) % 36**KEY_LENGTH
        while base36(number, KEY_LENGTH) in used:
            number = (number + 1) % 36**KEY_LENGTH
        key = base36(number, KEY_LENGTH)
        used.add(key)
        keys[name] = key
    return tuple(keys.items())


def course_keys(course: Course) -> dict[str, str]:
    """Keys for every module ('m:'), page ('p:'), question ('q:') and reflection ('r:') of the course."""
    names = [f"p:{p.id}" for p in course.pages_before + course.pages_after]
    for module in course.modules:
        names += _module_names(module)
    return assign_keys(names)


@lru_cache(maxsize=4096)
def _module_names(module: Module) -> tuple[str, ...]:
    """The namespaced ids of a module and what it holds; remembered per module object, which the
    parse cache gives back unchanged for an unchanged file (issue 24: preview rebuilds)."""
    return (f"m:{module.id}", *(f"p:{p.id}" for p in module.pages), *(f"q:{q.id}" for q in module.questions),
            *(f"r:{r.id}" for r in module.reflections))


def question_check(question: Question) -> str:
    """One character that changes when what counts as the right answer changes."""
    parts = [question.kind.value, str(question.value), str(question.tolerance)]
    if question.kind in (QuestionKind.MATCHING, QuestionKind.ORDERING):
        parts.append("ids-by-display-order")  # issue 10 changed what their responses' letters mean
    parts += [f"{c.id}:{c.correct}:{c.plain}:{c.match or ''}" for c in question.choices]
    return _hash36("|".join(parts), 1)


def response_length(question: Question) -> int:
    """Longest response payload the runtime may store for a question."""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        return 1
    if question.kind is QuestionKind.FILL_IN:
        return FILL_IN_CHARS
    if question.kind is QuestionKind.NUMERIC:
        return NUMERIC_CHARS
    return len(question.choices)


def fixed_size(sco: Sco) -> int:
    """Worst-case state size without reflection text."""
    parts = [_module_state(m) for m in sco.modules]
    pages = len(sco.pages_before) + len(sco.pages_after) + sum(p.pages for p in parts)
    base = state_size(pages, sum(p.scored for p in parts), (), sum(p.reflections for p in parts))
    return base + sum(p.answers for p in parts)


def sco_reflections(sco: Sco) -> int:
    """How many reflection prompts the SCO's modules hold."""
    return sum(_module_state(m).reflections for m in sco.modules)


@dataclass(frozen=True, slots=True)
class _ModuleState:
    """One module's share of the worst-case state: counted once per module object (issue 24)."""

    pages: int
    scored: int
    answers: int
    """Characters its answers can take: key, check and length, and the longest response, per question."""
    reflections: int


@lru_cache(maxsize=4096)
def _module_state(module: Module) -> _ModuleState:
    return _ModuleState(pages=len(module.pages), scored=int(module.quiz.scored),
                        answers=sum(KEY_LENGTH + 2 + response_length(q) for q in module.questions),
                        reflections=len(module.reflections))


def state_size(pages: int, scored_modules: int, response_lengths: Iterable[int], reflections: int) -> int:
    """Worst-case state size without reflection text, from counts (``validate --report`` has only these)."""
    size = len(FORMAT) + KEY_LENGTH
    size += 2 + KEY_LENGTH * pages
    size += 1 + QUIZ_RECORD * scored_modules
    size += 2 + sum(KEY_LENGTH + 2 + length for length in response_lengths)
    size += 1 + (KEY_LENGTH + 2) * reflections
    return size


def reflection_cap(sco: Sco, limit: int) -> int:
    """Characters each reflection may hold so the whole state fits ``limit``."""
    count = sco_reflections(sco)
    if count == 0:
        return REFLECTION_MAX
    return min(REFLECTION_MAX, (limit - fixed_size(sco)) // count)


def worst_case(sco: Sco, limit: int) -> int:
    """Largest suspend_data the runtime can write for this SCO under ``limit``."""
    count = sco_reflections(sco)
    return fixed_size(sco) + count * max(0, reflection_cap(sco, limit))
