"""What a reviewer needs beside the content: numbers, answer keys, LMS ids, sources, counts and times."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from scr_course.authoring.summary import WORDS_PER_MINUTE, ModuleSummary, summarise_module
from scr_course.model import (
    BuildTarget,
    Course,
    Module,
    Page,
    Question,
    QuestionKind,
    QuizSettings,
    Sco,
)
from scr_course.plan import plan_packages
from scr_course.render.cmi5 import au_iri

KIND_NAMES = {
    QuestionKind.SINGLE: "single choice", QuestionKind.MULTIPLE: "multiple response",
    QuestionKind.TRUE_FALSE: "true or false", QuestionKind.FILL_IN: "fill in the blank",
    QuestionKind.NUMERIC: "numeric", QuestionKind.MATCHING: "matching", QuestionKind.ORDERING: "ordering",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionFacts:
    """One question as the review shows it."""

    number: str
    """``2.3``: module 2, question 3 (``C.1`` on a course page)."""
    kind: str
    key: str
    """The keyed answer in one line, e.g. ``B and D`` or ``6 (6.5 to 5.5 accepted)``."""
    interaction_ids: tuple[tuple[str, str], ...]
    """(standard, id the LMS reports) for each target the course is built for."""
    topic: str | None
    source: str
    """``path:line`` of the ``::: question`` line, as diagnostics print it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionFacts:
    """One section of the review: a module, or the course pages before or after the modules."""

    title: str
    number: int | None
    """Module number (1-based); None for course pages."""
    module: Module | None
    pages: tuple[Page, ...]
    summary: ModuleSummary
    minutes: int
    minutes_estimated: bool
    settings: tuple[tuple[str, str], ...]
    """Scoring settings as (label, value), for scored modules."""
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewSheet:
    """Everything the review documents print, computed once for HTML and DOCX alike."""

    sections: tuple[SectionFacts, ...]
    questions: dict[str, QuestionFacts]
    """By question id (ids are unique in a course)."""
    course_facts: tuple[tuple[str, str], ...]
    totals: tuple[tuple[str, str], ...]
    words_per_minute: int = WORDS_PER_MINUTE


def interaction_ids(course: Course, question: Question, sco: Sco | None = None) -> tuple[tuple[str, str], ...]:
    """The ids the runtime reports for a question (runtime/js/30-lms.js interactionFields, 35-cmi5.js)."""
    ids: list[tuple[str, str]] = []
    for target in course.config.targets:
        if target is BuildTarget.SCORM12:
            # SCORM 1.2 identifiers: CMIIdentifier, no URN characters.
            ids.append(("SCORM 1.2", re.sub(r"[^A-Za-z0-9_-]", "_", question.id)))
        elif target is BuildTarget.SCORM2004:
            ids.append(("SCORM 2004", f"urn:scr:{course.config.id}:{question.id}"))
        elif target is BuildTarget.CMI5 and sco is not None:
            # xAPI activity of the "answered" statement: the question under its AU.
            ids.append(("cmi5", f"{au_iri(course.config, sco)}/questions/{question.id}"))
    return tuple(ids)


def answer_key(question: Question) -> str:
    """The right answer in one line, in the words a reviewer checks against the options."""
    kind = question.kind
    if kind is QuestionKind.NUMERIC and question.value is not None:
        value = _number(question.value)
        if question.tolerance:
            low, high = _number(question.value - question.tolerance), _number(question.value + question.tolerance)
            return f"{value} (anything from {low} to {high} is accepted)"
        return value
    if kind is QuestionKind.FILL_IN:
        accepted = [c.plain or _plain(c.text) for c in question.choices if c.correct]
        return "accepted answers: " + "; ".join(accepted)
    if kind is QuestionKind.MATCHING:
        return "; ".join(f"{_plain(c.text)} → {_plain(c.match or Markup())}" for c in question.choices)
    if kind is QuestionKind.ORDERING:
        return " → ".join(_plain(c.text) for c in question.choices)
    letters = [c.id.upper() for c in question.choices if c.correct]
    return " and ".join(letters) if len(letters) < 3 else ", ".join(letters[:-1]) + " and " + letters[-1]


def review_sheet(course: Course) -> ReviewSheet:
    """Numbers, keys, ids, counts and times for every section and question of the course."""
    questions: dict[str, QuestionFacts] = {}
    sections: list[SectionFacts] = []

    # Which launchable unit each module is in (cmi5 ids name it); course pages are in the first.
    scos = [sco for plan in plan_packages(course) for sco in plan.scos]
    sco_of = {m.id: sco for sco in scos for m in sco.modules}

    def add_questions(prefix: str, pages: tuple[Page, ...], module_id: str | None = None) -> None:
        sco = sco_of.get(module_id or "", scos[0] if scos else None)
        for index, question in enumerate((q for p in pages for q in p.questions), start=1):
            questions[question.id] = QuestionFacts(
                number=f"{prefix}.{index}", kind=KIND_NAMES.get(question.kind, question.kind.value),
                key=answer_key(question), interaction_ids=interaction_ids(course, question, sco),
                topic=question.topic, source=str(question.loc))

    if course.pages_before:
        sections.append(_pages_section("Before the modules", course.pages_before))
        add_questions("B", course.pages_before)
    for number, module in enumerate(course.modules, start=1):
        summary = summarise_module(module)
        words = summary.prose_words + summary.question_words
        sections.append(SectionFacts(
            title=module.title, number=number, module=module, pages=module.pages, summary=summary,
            minutes=module.duration or _minutes(words), minutes_estimated=module.duration is None,
            settings=_settings(module.quiz, len(module.questions)), source=str(module.loc)))
        add_questions(str(number), module.pages, module.id)
    if course.pages_after:
        sections.append(_pages_section("After the modules", course.pages_after))
        add_questions("A", course.pages_after)
    return ReviewSheet(sections=tuple(sections), questions=questions, course_facts=_course_facts(course),
                       totals=_totals(sections))


def _pages_section(title: str, pages: tuple[Page, ...]) -> SectionFacts:
    # Course pages are counted the way modules are, through a module-shaped holder.
    holder = Module(id="pages", title=title, duration=None, objectives=(), standards=(), pages=pages,
                    quiz=QuizSettings(), loc=pages[0].loc)
    summary = summarise_module(holder)
    return SectionFacts(title=title, number=None, module=None, pages=pages, summary=summary,
                        minutes=_minutes(summary.prose_words + summary.question_words), minutes_estimated=True,
                        settings=(), source=str(pages[0].loc))


def _settings(quiz: QuizSettings, pool: int) -> tuple[tuple[str, str], ...]:
    if not quiz.scored:
        # Knowledge checks: how often a wrong answer may be tried again before the key is shown.
        return (("knowledge checks", f"{quiz.retries} retr{'y' if quiz.retries == 1 else 'ies'} before the "
                 "answer is shown" if quiz.retries else "the answer is shown after the first try"),
                ("option order", "new at each launch (true/false, ordering and shuffle=false questions: as written)"),
                ) if pool else ()
    if quiz.draw_topics:
        drawn = "; ".join(f"{d.count} from {d.topic}" for d in quiz.draw_topics)
        questions = f"{quiz.draw} drawn at random from {pool} ({drawn})"
    else:
        questions = f"{quiz.draw} drawn at random from {pool}" if quiz.draw else f"all {pool}"
    return (("scored", "final assessment" if quiz.assessment else "yes"),
            ("pass mark", f"{quiz.pass_mark}%"),
            ("questions", questions),
            ("order", "shuffled for each attempt" if quiz.shuffle else "as written"),
            ("attempts", str(quiz.attempts) if quiz.attempts else "unlimited"),
            ("after submitting", REVIEW_MODES.get(quiz.review.value, quiz.review.value)))


REVIEW_MODES = {
    "score": "the score only",
    "topics": "the score and how the learner did by topic",
    "answers": "the score, topics and the keyed answers (once passed or out of attempts)",
}


def _course_facts(course: Course) -> tuple[tuple[str, str], ...]:
    config = course.config
    tracking = config.tracking
    rows = [
        ("course id", config.id), ("version", config.version), ("language", config.language),
        ("packages", ", ".join(t.value for t in config.targets) + f" ({config.packaging.value})"),
        ("completion", "every page viewed" if tracking.completion.value == "pages" else "the assessment passed"),
        ("pass mark", f"{tracking.pass_mark}%"),
    ]
    if config.audience:
        rows.append(("audience", "; ".join(config.audience)))
    if config.authors:
        rows.append(("authors", "; ".join(config.authors)))
    rows += [(f"standards: {s.framework}", "; ".join(s.headings)) for s in config.standards]
    return tuple(rows)


def _totals(sections: list[SectionFacts]) -> tuple[tuple[str, str], ...]:
    modules = [s for s in sections if s.module is not None]
    words = sum(s.summary.prose_words + s.summary.question_words for s in sections)
    return (
        ("modules", str(len(modules))),
        ("pages", str(sum(s.summary.pages for s in sections))),
        ("words", f"{words:,}"),
        ("questions", str(sum(s.summary.question_count for s in sections))),
        ("reflections", str(sum(s.summary.reflections for s in sections))),
        ("minutes", str(sum(s.minutes for s in sections))),
    )


def _minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0


def _number(value: float) -> str:
    return f"{value:g}"


def _plain(html: str) -> str:
    return Markup(html).striptags()
