"""The content blocks of a page: prose, callouts, figures, charts, sequences, media, details."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from markupsafe import Markup

from scr_course.diagnostics import SourceLocation
from scr_course.model.questions import Question, Reflection


class CalloutKind(enum.Enum):
    """Labelled boxes an author can put on a page."""

    VIGNETTE = "vignette"
    WARNING = "warning"
    NOTE = "note"
    CONTENT_NOTE = "content-note"
    KEY_MESSAGES = "key-messages"


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
