"""A course at a glance: pages, words, questions by type, reflections and standards per module."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scr_course.checks.timing import WORDS_PER_MINUTE, module_minutes
from scr_course.model import Course, Module, QuestionKind
from scr_course.model.words import module_words

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
