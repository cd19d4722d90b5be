"""What course.yml says: targets, packaging, tracking, cmi5, theme and interface strings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import PurePosixPath

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


class Navigation(enum.Enum):
    """Gating: which pages a learner may open before others (course.yml ``navigation``)."""

    FREE = "free"
    MODULES_BEFORE_ASSESSMENT = "modules-before-assessment"
    SEQUENTIAL = "sequential"


class HtmlPolicy(enum.Enum):
    """What happens to raw HTML written in Markdown."""

    ESCAPE = "escape"
    ALLOW = "allow"


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
    packaging_loc: SourceLocation | None = None
    navigation: Navigation = Navigation.FREE
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
