"""The runtime's view of a SCO: ids, keys, answer keys and limits, as a JSON document."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from scr_course.checks.state import (
    FILL_IN_CHARS,
    NUMERIC_CHARS,
    SUSPEND_LIMITS,
    course_tag,
    question_check,
    reflection_cap,
)
from scr_course.checks.timing import module_minutes
from scr_course.model import BuildTarget, Course, Page, Question, QuestionKind, Sco
from scr_course.render.cmi5 import au_iri, mastery_score, move_on
from scr_course.render.keys import digests, matching_targets, question_salt, reveal_data
from scr_course.resources import runtime_source
from scr_course.source.strings import course_strings
from scr_course.source.theme import base_palette, palette

START_ID = "course-start"
"""The start screen's address (#course-start), kept apart from page ids (``module--slug``)."""


def sco_pages(sco: Sco) -> tuple[tuple[Page, str | None], ...]:
    """Every page of the SCO in reading order, with its module id (None for course pages)."""
    pages: list[tuple[Page, str | None]] = [(p, None) for p in sco.pages_before]
    pages += [(p, m.id) for m in sco.modules for p in m.pages]
    pages += [(p, None) for p in sco.pages_after]
    return tuple(pages)


def runtime_data(course: Course, sco: Sco, target: BuildTarget) -> dict[str, Any]:
    """Plain data for the runtime; JSON-serialisable and deterministic."""
    return {**shared_runtime_data(course, sco), **target_runtime_data(course, sco, target)}


def target_runtime_data(course: Course, sco: Sco, target: BuildTarget) -> dict[str, Any]:
    """The part of ``runtime_data`` that depends on the target: its name, strings, limits and cmi5's own."""
    limit = SUSPEND_LIMITS[target.value]
    return {
        "target": target.value,
        "strings": _memo_for(course).strings_for(target),
        "cmi5": {"au": au_iri(course.config, sco), "moveOn": move_on(course.config, sco),
                 "masteryScore": mastery_score(sco)} if target is BuildTarget.CMI5 else None,
        "limits": {"suspendData": limit, "reflectionChars": max(0, reflection_cap(sco, limit)),
                   "fillInChars": FILL_IN_CHARS, "numericChars": NUMERIC_CHARS},
    }


def shared_runtime_data(course: Course, sco: Sco) -> dict[str, Any]:
    """The part of ``runtime_data`` that is the same for every target (issue 24: made once per SCO)."""
    tracking = course.config.tracking
    pages = sco_pages(sco)
    memo = _memo_for(course)
    keys = memo.keys
    scored = sco.scored_modules
    return {
        "format": 2,
        "course": {"id": course.config.id, "title": course.config.title, "version": course.config.version,
                   "language": course.config.language, "tag": course_tag(course.config.id),
                   # For the CPD record: the frameworks the course maps to (course.yml standards).
                   "standards": [{"framework": s.framework, "headings": list(s.headings)}
                                 for s in course.config.standards],
                   # The theme's logo, for the CPD record (issue 12); None for the built-in look.
                   "logo": ({"src": course.logo.href, "alt": course.logo.alt, "width": course.logo.width,
                             "height": course.logo.height} if course.logo else None),
                   # The record's colour (issue 21): the theme's primary as light mode shows it (paper is white).
                   "brand": palette(course.config.theme, "light")["--brand"] if course.config.theme
                   else base_palette()[0]["--brand"]},
        "start": START_ID,
        # Gating (52-gating.js): which pages open only after others.
        "navigation": course.config.navigation.value,
        "sco": {"id": sco.id, "title": sco.title},
        "tracking": {
            # A SCO without a scored module can only complete by pages, whatever course.yml says.
            "completion": tracking.completion.value if scored else "pages",
            "passMark": scored[0].quiz.pass_mark if scored else None,
            "status": tracking.status.value,
            "onFail": tracking.on_fail.value,
            "scored": bool(scored),
        },
        # counts: the page is teaching that progress waits for (not a course page, not progress=false).
        "pages": [{"id": p.id, "key": keys[f"p:{p.id}"], "title": p.title, "module": module_id,
                   "counts": module_id is not None and p.progress} for p, module_id in pages],
        "modules": [{
            "id": m.id, "key": keys[f"m:{m.id}"], "title": m.title,
            "pages": [p.id for p in m.pages], "minutes": module_minutes(m),
            "scored": m.quiz.scored, "assessment": m.quiz.assessment, "passMark": m.quiz.pass_mark,
            "draw": m.quiz.draw, "drawTopics": [[d.topic, d.count] for d in m.quiz.draw_topics],
            "shuffle": m.quiz.shuffle, "attempts": m.quiz.attempts,
            "review": m.quiz.review.value, "retries": m.quiz.retries,
            "questions": [q.id for q in m.questions],
        } for m in sco.modules],
        "questions": runtime_questions(course, sco),
        "topics": _topics(course, sco),
        "reflections": [{"id": r.id, "key": keys[f"r:{r.id}"], "page": p.id, "module": m.id}
                        for m in sco.modules for p in m.pages for r in p.reflections],
    }


def runtime_questions(course: Course, sco: Sco) -> list[dict[str, Any]]:
    """The runtime data of the SCO's questions, in page order: fresh dicts, the same for every target."""
    memo = _memo_for(course)
    return [memo.question(q, m.id, p.id) for m in sco.modules for p in m.pages for q in p.questions]


def runtime_strings(strings: dict[str, str], target: str) -> dict[str, str]:
    """``strings`` cut to the keys the target's joined runtime names as literals.

    Issue 21 (bytes before a slow-4G learner can start): the launch file carried every interface
    string, a third of them words the pages already show (callout and figure labels, the start
    screen) or words of another target (cmi5's in SCORM packages). The runtime names its keys as
    whole literals, or as a literal prefix it completes ("date.month_" + n), so a key no literal
    names or begins can never be asked for.
    """
    literals = _runtime_literals(target)
    prefixes = tuple(literal for literal in literals if literal.endswith((".", "_")) and len(literal) > 1)
    return {key: text for key, text in strings.items() if key in literals or key.startswith(prefixes)}


@lru_cache(maxsize=8)
def _runtime_literals(target: str) -> frozenset[str]:
    source = runtime_source("runtime/player.js", target).decode("utf-8")
    return frozenset(re.findall(r'"([a-z0-9_][a-z0-9_.]*)"', source))


def _topics(course: Course, sco: Sco) -> dict[str, dict[str, Any]]:
    """Topics named by the SCO's questions: a module's title (and first page, when in this SCO)."""
    modules = {m.id: m for m in course.modules}
    here = {m.id for m in sco.modules}
    topics: dict[str, dict[str, Any]] = {}
    for question in (q for m in sco.modules for q in m.questions):
        name = question.topic
        if name is None or name in topics:
            continue
        module = modules.get(name)
        topics[name] = {"title": module.title if module else name,
                        "page": module.pages[0].id if module and module.pages and name in here else None}
    return topics


class _CourseMemo:
    """What every SCO and target of one course share: the state keys and each question's keys.

    Issue 24: a build renders each SCO for every target, so the scrambled reveal data and the
    digests of a question (the same for every target) are made once, not once per render. A
    memo belongs to one course object; the next course replaces it (preview rebuilds).
    """

    def __init__(self, course: Course) -> None:
        self.course = course
        self.keys = dict(course.state_keys)
        self.strings = course_strings(course)
        self._target_strings: dict[BuildTarget, dict[str, str]] = {}
        self._questions: dict[str, dict[str, Any]] = {}

    def strings_for(self, target: BuildTarget) -> dict[str, str]:
        """The interface strings the target's runtime can show: the rest are the pages' own, already in the markup."""
        if target not in self._target_strings:
            self._target_strings[target] = runtime_strings(self.strings, target.value)
        return self._target_strings[target]

    def question(self, question: Question, module_id: str, page_id: str) -> dict[str, Any]:
        """The runtime data of one question: a fresh dict each time, as callers may take parts out."""
        cache_key = f"{module_id}\n{page_id}\n{question.id}"
        if cache_key not in self._questions:
            self._questions[cache_key] = _question(self.course.config.id, question, self.keys[f"q:{question.id}"],
                                                   module_id, page_id)
        data = dict(self._questions[cache_key])
        data["choices"] = [dict(choice) for choice in data["choices"]]  # later-page texts are taken out
        return data


_memo: _CourseMemo | None = None


def _memo_for(course: Course) -> _CourseMemo:
    global _memo
    if _memo is None or _memo.course is not course:
        _memo = _CourseMemo(course)
    return _memo


def _question(course_id: str, question: Question, key: str, module_id: str, page_id: str) -> dict[str, Any]:
    # No correctness flag and no keyed text: scoring compares digests, revealing decodes "reveal".
    salt = question_salt(course_id, question.id)
    data: dict[str, Any] = {
        "id": question.id, "key": key, "check": question_check(question),
        "kind": question.kind.value, "weight": question.weight, "module": module_id, "page": page_id,
        "description": question.description, "topic": question.topic,
        "choices": [{"id": c.id, "text": c.plain} for c in question.choices
                    if question.kind not in (QuestionKind.FILL_IN, QuestionKind.NUMERIC)],
        "salt": salt, "digests": digests(question, salt), "reveal": reveal_data(question, salt),
    }
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        data["shuffle"] = question.shuffle
    if question.kind is QuestionKind.MATCHING:
        data["targets"] = [text for _, text in matching_targets(question)]
    return data


def data_json(data: dict[str, Any]) -> Markup:
    """JSON safe to place inside <script type="application/json">: '<' is escaped."""
    return Markup(json_part(data))


def data_json_parts(parts: dict[str, str]) -> Markup:
    """``data_json`` of a dict whose values are given as ``json_part`` texts, made once for several dicts."""
    return Markup("{" + ",".join(f"{json_part(key)}:{parts[key]}" for key in sorted(parts)) + "}")


def json_part(value: object) -> str:
    """One value as ``data_json`` writes it inside a dict (the same text, so parts can be joined)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
