"""Words a learner reads, counted one way for the time estimate, `summary` and the review export."""

from __future__ import annotations

import re
from html import unescape

from scr_course.model import (
    Block,
    Callout,
    Chart,
    Details,
    Figure,
    Media,
    Module,
    Page,
    Prose,
    Question,
    Reflection,
    Sequence,
    WordCounts,
)

_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_WORD = re.compile(r"[\w’'-]+")


def _words(html: str) -> int:
    """Words of rendered HTML as ``Markup.striptags`` leaves them, with one regex pass (issue 24: the
    time estimate counts every page of every module, and striptags' Python loop showed in profiles)."""
    text = _TAG.sub("", html)
    return len(_WORD.findall(unescape(text) if "&" in text else text))


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


def page_words(page: Page) -> tuple[int, int, int]:
    """(words read on the page, words in its questions, vignettes): one page's share of `module_words`."""
    prose = len(page.title.split())
    question_words = vignettes = 0
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


def module_words(module: Module) -> tuple[int, int, int]:
    """(words read on the pages, words in its questions, vignettes): also the basis of the time estimate."""
    return module_word_counts(module)[:3]


def module_word_counts(module: Module) -> WordCounts:
    """The module's ``word_counts``: made when it was parsed, else counted now."""
    return module.word_counts if module.word_counts is not None else word_counts(module.pages)


def word_counts(pages: tuple[Page, ...]) -> WordCounts:
    """A module's ``word_counts``, from its pages: ``module_words`` and its questions without feedback."""
    counts = [page_words(page) for page in pages]
    without_feedback = sum(words_of_question(q, feedback=False) for p in pages for q in p.questions)
    return sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts), without_feedback
