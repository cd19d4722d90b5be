"""Questions and reflections, the blocks a learner answers."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from markupsafe import Markup

from scr_course.diagnostics import SourceLocation


class QuestionKind(enum.Enum):
    """Question types; values are the authoring names."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"
    FILL_IN = "fill-in"
    NUMERIC = "numeric"
    MATCHING = "matching"
    ORDERING = "ordering"


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
    shuffle: bool = True
    """Single and multiple choice: options may be shown in a random order (``shuffle=false`` keeps
    them as written, for options that refer to each other)."""
    loc: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Reflection:
    """A free-text prompt; never scored."""

    id: str
    prompt: Markup
    loc: SourceLocation
