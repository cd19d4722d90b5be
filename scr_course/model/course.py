"""The course as parsed: pages, modules, assessment settings, assets and the course itself."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scr_course.diagnostics import SourceLocation
from scr_course.model.blocks import Block, Image
from scr_course.model.config import CourseConfig, Standard
from scr_course.model.questions import Question, Reflection


class ReviewMode(enum.Enum):
    """What a learner sees after submitting an assessment (front matter ``review:``)."""

    SCORE = "score"
    TOPICS = "topics"
    ANSWERS = "answers"
    """Keyed answers too, but only once the learner has passed or has no attempts left."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One screen of the course."""

    id: str
    """Unique within the course: ``<module-id>--<page-slug>``."""
    title: str
    blocks: tuple[Block, ...]
    progress: bool = True
    """False for a reference page (``progress=false``): seen or not, it never holds its module back."""
    on_this_page: str | None = None
    """The heading of the page's jump links (``on_this_page="Choose your role"``); None: "On this page"."""
    loc: SourceLocation

    @property
    def questions(self) -> tuple[Question, ...]:
        """The questions on this page, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Question))

    @property
    def reflections(self) -> tuple[Reflection, ...]:
        """The reflection prompts on this page, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Reflection))


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicDraw:
    """One entry of a stratified ``draw: {topic: n}``."""

    topic: str
    count: int
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class QuizSettings:
    """Scoring rules of a module; a module is scored when ``scored`` is true."""

    scored: bool = False
    assessment: bool = False
    pass_mark: int | None = None
    draw: int | None = None
    """Questions drawn per attempt (the sum of ``draw_topics`` when drawing by topic)."""
    draw_topics: tuple[TopicDraw, ...] = ()
    """Stratified draw ``draw: {topic: n, …}``: n questions from each topic, in the order written."""
    shuffle: bool = False
    attempts: int = 0
    """0 means unlimited."""
    review: ReviewMode = ReviewMode.TOPICS
    retries: int = 1
    """Knowledge checks: how many times a wrong answer may be tried again before it is revealed."""
    draw_loc: SourceLocation | None = None
    """The front matter line of ``draw``, for problems with it."""
    pass_mark_loc: SourceLocation | None = None
    """The front matter line of ``pass_mark``, when the module sets its own."""


WordCounts = tuple[int, int, int, int]
"""See ``Module.word_counts``."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Module:
    """One Markdown module file.

    Compared and hashed by identity: an unchanged file gives back the very same Module from
    the parse cache, which lets preview reuse its rendered pages without walking the tree.
    """

    id: str
    title: str
    duration: int | None
    """Minutes stated in front matter; None means the estimate (scr_course/checks/timing.py) is used."""
    objectives: tuple[str, ...]
    standards: tuple[Standard, ...]
    pages: tuple[Page, ...]
    quiz: QuizSettings
    loc: SourceLocation
    duration_loc: SourceLocation | None = None
    """Where ``duration`` is written, for the timing.duration-low warning."""
    word_counts: WordCounts | None = None
    """Words read on the pages, words of the questions with their feedback, vignettes, words of
    the questions without feedback (model/words.py), counted when the module is parsed: in
    parallel, and kept in the parse cache, instead of by the checks and again by every render
    worker (issue 24). None: counted when asked."""

    @property
    def questions(self) -> tuple[Question, ...]:
        """All questions of the module (its pool, when scored)."""
        return tuple(q for p in self.pages for q in p.questions)

    @property
    def reflections(self) -> tuple[Reflection, ...]:
        """All reflection prompts of the module."""
        return tuple(r for p in self.pages for r in p.reflections)


@dataclass(frozen=True, slots=True, kw_only=True)
class Asset:
    """A file copied into the package as it is."""

    src: Path
    href: PurePosixPath
    """Path inside the package, e.g. ``assets/figure.svg``."""
    media_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Course:
    """The whole parsed course."""

    config: CourseConfig
    modules: tuple[Module, ...]
    pages_before: tuple[Page, ...] = ()
    pages_after: tuple[Page, ...] = ()
    assets: tuple[Asset, ...] = ()
    logo: Image | None = None
    """The theme's logo, measured (set by the parse stage)."""
    state_keys: tuple[tuple[str, str], ...] = ()
    """Learner-state keys by namespaced id ('q:…', 'p:…'), assigned by the check stage."""
    strings: tuple[tuple[str, str], ...] = ()
    """Every interface string (key, text) in the course's language, overrides applied; empty: the built-in ones."""

    @property
    def pages_in_order(self) -> tuple[Page, ...]:
        """Every page in reading order: the course pages before the modules, the modules', those after."""
        return (*self.pages_before, *(p for m in self.modules for p in m.pages), *self.pages_after)
