"""A course at a glance: pages, words, questions by type, reflections and standards per module."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from scr_course.model import (
    Block,
    Callout,
    Chart,
    Course,
    Details,
    Figure,
    Media,
    Module,
    Prose,
    Question,
    QuestionKind,
    Reflection,
    Sequence,
)
from scr_course.timing import WORDS_PER_MINUTE, module_minutes

__all__ = ["WORDS_PER_MINUTE", "ModuleSummary", "summarise_module", "summary_table"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModuleSummary:
    """Counts for one module."""

    id: str
    title: str
    pages: int
    prose_words: int
    question_words: int
    questions: tuple[tuple[str, int], ...]
    reflections: int
    vignettes: int
    duration: int
    """Minutes: the stated duration, or the estimate."""
    scored: str
    standards: tuple[str, ...]

    @property
    def question_count(self) -> int:
        """All questions in the module."""
        return sum(n for _, n in self.questions)


def _words(html: str) -> int:
    return len(re.findall(r"[\w’'-]+", Markup(html).striptags()))


def content_words(block: Block) -> int:
    """Words a learner reads in a figure, chart, steps, timeline, media block or disclosure."""
    if isinstance(block, Figure):
        return _words(block.caption) + _words(block.description or "")
    if isinstance(block, Chart):
        return len(block.title.split()) + _words(block.caption or "")
    if isinstance(block, Sequence):
        return sum(_words(item.title) + _words(item.body) for item in block.items)
    if isinstance(block, Media):
        return _words(block.caption or "") + _words(block.transcript or "")
    if isinstance(block, Details):
        return len(block.title.split()) + sum(
            _words(b.html) if isinstance(b, Prose) else _words(b.body) if isinstance(b, Callout) else content_words(b)
            for b in block.blocks)
    return 0


def words_of_question(question: Question, feedback: bool = True) -> int:
    """Words of a question: prompt and options, and with ``feedback`` its feedback and explanation."""
    parts: list[str] = [question.prompt, *(c.text + (c.match or "") for c in question.choices)]
    if feedback:
        parts.append(question.explanation or "")
        parts.extend(c.feedback or "" for c in question.choices)
    return sum(_words(p) for p in parts)


def module_words(module: Module) -> tuple[int, int, int]:
    """(words read on the pages, words in its questions, vignettes): also the basis of the time estimate."""
    prose = question_words = vignettes = 0
    for page in module.pages:
        prose += len(page.title.split())
        for block in page.blocks:
            if isinstance(block, Prose):
                prose += _words(block.html)
            elif isinstance(block, Callout):
                prose += _words(block.body)
                vignettes += block.kind.value == "vignette"
            elif isinstance(block, Reflection):
                prose += _words(block.prompt)
            elif isinstance(block, Question):
                question_words += words_of_question(block)
            else:
                prose += content_words(block)
    return prose, question_words, vignettes


def summarise_module(module: Module) -> ModuleSummary:
    """Count what the module holds."""
    prose, question_words, vignettes = module_words(module)
    kinds = Counter(q.kind for q in module.questions)
    quiz = module.quiz
    scored = ""
    if quiz.scored:
        pool = len(module.questions)
        drawn = f"{quiz.draw} of {pool}" if quiz.draw else f"all {pool}"
        scored = f"{drawn} questions, pass mark {quiz.pass_mark}%"
    return ModuleSummary(
        id=module.id, title=module.title, pages=len(module.pages), prose_words=prose,
        question_words=question_words,
        questions=tuple((k.value, kinds[k]) for k in QuestionKind if kinds[k]),
        reflections=len(module.reflections), vignettes=vignettes, duration=module_minutes(module), scored=scored,
        standards=tuple(f"{s.framework}: {h}" for s in module.standards for h in s.headings),
    )


def summary_table(course: Course) -> str:
    """A Markdown table, one row per module, and a total row."""
    rows = [summarise_module(m) for m in course.modules]
    lines = [
        "| # | module | pages | words (prose) | words (questions) | questions | by type | reflections | vignettes | minutes |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for number, row in enumerate(rows, start=1):
        kinds = ", ".join(f"{n} {k}" for k, n in row.questions) or "–"
        minutes = row.duration
        title = row.title + (f" (scored: {row.scored})" if row.scored else "")
        lines.append(f"| {number} | {title} | {row.pages} | {row.prose_words:,} | {row.question_words:,} | "
                     f"{row.question_count} | {kinds} | {row.reflections} | {row.vignettes} | {minutes} |")
    lines.append(f"| | **Total** | {sum(r.pages for r in rows)} | {sum(r.prose_words for r in rows):,} | "
                 f"{sum(r.question_words for r in rows):,} | {sum(r.question_count for r in rows)} | | "
                 f"{sum(r.reflections for r in rows)} | {sum(r.vignettes for r in rows)} | "
                 f"{sum(r.duration for r in rows)} |")
    lines.append("")
    lines.append("| # | module | standards |")
    lines.append("|---|---|---|")
    for number, row in enumerate(rows, start=1):
        lines.append(f"| {number} | {row.title} | {'; '.join(row.standards) or '–'} |")
    return "\n".join(lines) + "\n"
