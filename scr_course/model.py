"""The typed course model passed between stages: frozen dataclasses only, no I/O."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from scr_course.diagnostics import SourceLocation


class BuildTarget(enum.Enum):
    """A package format the compiler writes."""

    SCORM12 = "scorm12"
    SCORM2004 = "scorm2004"
    CMI5 = "cmi5"


class Packaging(enum.Enum):
    """How modules are split into SCOs and packages."""

    SINGLE = "single"
    SCO_PER_MODULE = "sco-per-module"
    PACKAGE_PER_MODULE = "package-per-module"


class CompletionRule(enum.Enum):
    """What makes a SCO complete."""

    PAGES = "pages"
    ASSESSMENT = "assessment"


class StatusVocabulary(enum.Enum):
    """SCORM 1.2 lesson_status words used for a scored SCO."""

    PASSED_FAILED = "passed-failed"
    COMPLETED_INCOMPLETE = "completed-incomplete"


class FailStatus(enum.Enum):
    """Status reported while a failed learner may still try again."""

    FAILED = "failed"
    INCOMPLETE = "incomplete"


class HtmlPolicy(enum.Enum):
    """What happens to raw HTML written in Markdown."""

    ESCAPE = "escape"
    ALLOW = "allow"


class QuestionKind(enum.Enum):
    """Question types; values are the authoring names."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"
    FILL_IN = "fill-in"
    NUMERIC = "numeric"
    MATCHING = "matching"
    ORDERING = "ordering"


class ReviewMode(enum.Enum):
    """What a learner sees after submitting an assessment (front matter ``review:``)."""

    SCORE = "score"
    TOPICS = "topics"
    ANSWERS = "answers"
    """Keyed answers too, but only once the learner has passed or has no attempts left."""


class CalloutKind(enum.Enum):
    """Labelled boxes an author can put on a page."""

    VIGNETTE = "vignette"
    WARNING = "warning"
    NOTE = "note"
    CONTENT_NOTE = "content-note"
    KEY_MESSAGES = "key-messages"


@dataclass(frozen=True, slots=True, kw_only=True)
class Standard:
    """Headings of one professional framework, e.g. PQS:KSS."""

    framework: str
    headings: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Tracking:
    """How the SCO reports progress, score and status."""

    completion: CompletionRule = CompletionRule.PAGES
    pass_mark: int = 80
    status: StatusVocabulary = StatusVocabulary.PASSED_FAILED
    on_fail: FailStatus = FailStatus.INCOMPLETE


class MoveOn(enum.Enum):
    """What a scored cmi5 AU needs for the LMS to satisfy it (cmi5 13.1.4 moveOn)."""

    PASSED = "passed"
    COMPLETED_AND_PASSED = "completed-and-passed"


class LaunchMethod(enum.Enum):
    """Where the LMS may open a cmi5 AU (cmi5 13.1.4 launchMethod)."""

    ANY_WINDOW = "any-window"
    OWN_WINDOW = "own-window"


@dataclass(frozen=True, slots=True, kw_only=True)
class Cmi5Settings:
    """course.yml's ``cmi5:`` keys."""

    iri: str = ""
    """Base IRI of course, AU and objective ids; empty: ``urn:scr-course:<course id>``."""
    move_on: MoveOn = MoveOn.PASSED
    """For AUs completed by assessment; AUs completed by pages always move on when Completed."""
    launch_method: LaunchMethod = LaunchMethod.ANY_WINDOW


class ThemeFont(enum.Enum):
    """Font stacks a theme may choose: installed system fonts only, nothing is downloaded."""

    SYSTEM = "system"
    SERIF = "serif"
    ROUNDED = "rounded"


@dataclass(frozen=True, slots=True, kw_only=True)
class ThemeColour:
    """One colour of course.yml's ``theme.colours`` (or ``theme.colours.dark``)."""

    name: str
    """primary, accent, background, text or link."""
    value: str
    """Lower-case ``#rrggbb``."""
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """An organisation's look: colours for light and dark mode, a font stack and a logo."""

    logo: str | None = None
    """Path of the logo image, relative to the course folder."""
    logo_alt: str = ""
    logo_loc: SourceLocation | None = None
    light: tuple[ThemeColour, ...] = ()
    dark: tuple[ThemeColour, ...] = ()
    font: ThemeFont = ThemeFont.SYSTEM
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class InterfaceString:
    """One interface string a course overrides in course.yml (``strings:``) or ``locale/<lang>.yml``."""

    key: str
    text: str
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class CourseConfig:
    """Everything course.yml says, validated."""

    id: str
    title: str
    version: str
    language: str = "en"
    description: str = ""
    keywords: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    standards: tuple[Standard, ...] = ()
    tracking: Tracking = field(default_factory=Tracking)
    packaging: Packaging = Packaging.SINGLE
    targets: tuple[BuildTarget, ...] = (BuildTarget.SCORM12, BuildTarget.SCORM2004, BuildTarget.CMI5)
    cmi5: Cmi5Settings = field(default_factory=Cmi5Settings)
    pages_before: tuple[PurePosixPath, ...] = ()
    """Course-level pages shown before the modules, relative to the course folder."""
    pages_after: tuple[PurePosixPath, ...] = ()
    page_lines: tuple[tuple[PurePosixPath, SourceLocation], ...] = ()
    """Where course.yml lists each course-level page, so a missing one is reported on its own line."""
    html: HtmlPolicy = HtmlPolicy.ESCAPE
    theme: Theme | None = None
    strings: tuple[InterfaceString, ...] = ()
    """Interface strings course.yml overrides (``strings:``), checked against the catalogue later."""
    """None means the built-in look."""
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One option of a question (or one pair of a matching question)."""

    id: str
    """Single character a–z, stable within the question (SCORM 1.2 needs one character)."""
    text: Markup
    correct: bool
    feedback: Markup | None = None
    match: Markup | None = None
    """Right-hand side, for matching questions."""
    plain: str = ""
    """The option as plain text (for fill-in answers and LMS reporting)."""
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A question with its options, feedback and scoring."""

    id: str
    kind: QuestionKind
    prompt: Markup
    choices: tuple[Choice, ...]
    explanation: Markup | None = None
    weight: int = 1
    value: float | None = None
    """Numeric questions: the correct value."""
    tolerance: float = 0.0
    description: str = ""
    """Plain-text prompt, at most 250 characters (SCORM 2004 interaction description)."""
    topic: str | None = None
    """``topic=`` on the question line: a module id (results link to it) or any name."""
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Reflection:
    """A free-text prompt; never scored."""

    id: str
    prompt: Markup
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Prose:
    """Trusted HTML produced by our Markdown renderer."""

    html: Markup


@dataclass(frozen=True, slots=True, kw_only=True)
class Callout:
    """A labelled box: a case vignette, a content warning, a note or key messages."""

    kind: CalloutKind
    title: str
    body: Markup
    label: str = ""
    """The author's own label (``label="Practice example"``); empty for the kind's default."""
    loc: SourceLocation


class ChartKind(enum.Enum):
    """How a ``::: chart`` draws its table."""

    BAR = "bar"
    COLUMN = "column"
    LINE = "line"


class MediaKind(enum.Enum):
    """Time-based media a page can play."""

    VIDEO = "video"
    AUDIO = "audio"


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """An image file in the package, with the size read from the file so the page does not shift."""

    href: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One image with its caption and an optional long description (``::: figure``)."""

    id: str
    image: Image
    caption: Markup
    description: Markup | None = None
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartSeries:
    """One data column of a chart."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    """A chart drawn at build time from a Markdown table (``::: chart``)."""

    id: str
    """Unique in the course; prefixes the ids inside the SVG."""
    kind: ChartKind
    title: str
    unit: str
    category_label: str
    """The table's first header cell, e.g. "Year"."""
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    caption: Markup | None = None
    """Prose written in the block around the table."""
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class SequenceItem:
    """One step of a process, or one entry of a timeline."""

    title: Markup
    """The bold lead of the list item (a step's name, or a date or period)."""
    body: Markup
    datetime: str | None = None
    """Timelines: the machine-readable date (``2014``, ``2014-03``, ``2014-03-01``, ``2014/2017``) or None."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sequence:
    """A numbered process (``::: steps``) or a timeline (``::: timeline``)."""

    kind: str
    """``steps`` or ``timeline``."""
    items: tuple[SequenceItem, ...]
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Media:
    """A video or audio file with its captions and transcript (``::: video``, ``::: audio``)."""

    id: str
    kind: MediaKind
    src: str
    media_type: str
    captions: str | None = None
    """Package path of the WebVTT captions track (required for video)."""
    poster: Image | None = None
    transcript: Markup | None = None
    caption: Markup | None = None
    """Prose written inside the block, shown under the player."""
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Details:
    """A native disclosure (``::: details Title``) holding other non-question blocks."""

    title: str
    blocks: tuple[Block, ...]
    loc: SourceLocation


Block = Prose | Question | Reflection | Callout | Figure | Chart | Sequence | Media | Details


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One screen of the course."""

    id: str
    """Unique within the course: ``<module-id>--<page-slug>``."""
    title: str
    blocks: tuple[Block, ...]
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


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Module:
    """One Markdown module file.

    Compared and hashed by identity: an unchanged file gives back the very same Module from
    the parse cache, which lets preview reuse its rendered pages without walking the tree.
    """

    id: str
    title: str
    duration: int | None
    objectives: tuple[str, ...]
    standards: tuple[Standard, ...]
    pages: tuple[Page, ...]
    quiz: QuizSettings
    loc: SourceLocation

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Sco:
    """One launchable unit: the modules that share one LMS attempt."""

    id: str
    title: str
    href: str
    """Launch file inside the package."""
    modules: tuple[Module, ...]
    pages_before: tuple[Page, ...]
    pages_after: tuple[Page, ...]

    @property
    def scored_modules(self) -> tuple[Module, ...]:
        """Modules whose quiz counts towards this SCO's score."""
        return tuple(m for m in self.modules if m.quiz.scored)


@dataclass(frozen=True, slots=True, kw_only=True)
class PackagePlan:
    """One zip to write: its file name and SCOs."""

    name: str
    title: str
    scos: tuple[Sco, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputFile:
    """A file of a package: bytes rendered in memory, or a source file streamed as it is."""

    href: str
    data: bytes | None = None
    source: Path | None = None
