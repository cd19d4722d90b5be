"""Source locations, diagnostic codes and the collector every stage reports into."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import PurePosixPath


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceLocation:
    """Where a model node came from, as the author would type the path in their terminal."""

    path: PurePosixPath
    """File path relative to the working directory (absolute when the course is outside it),
    e.g. ``course_src/modules/01-intro.md``."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    column: int | None = None
    """1-based column, when known."""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        if self.line and self.column:
            text += f":{self.column}"
        return text

    def at_line(self, line: int) -> SourceLocation:
        """The same file at another line."""
        return SourceLocation(path=self.path, line=line)


class Severity(enum.Enum):
    """How bad a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"


class Code(enum.Enum):
    """Diagnostic codes, ``area.kebab-case``; each value's docstring is its meaning."""

    CONFIG_YAML = "config.yaml"
    CONFIG_UNKNOWN_KEY = "config.unknown-key"
    CONFIG_MISSING_KEY = "config.missing-key"
    CONFIG_TYPE = "config.type"
    CONFIG_VALUE = "config.value"
    CONFIG_NAVIGATION_IGNORED = "config.navigation-ignored"
    THEME_CONTRAST = "theme.contrast"
    SOURCE_ENCODING = "source.encoding"
    SOURCE_MISSING = "source.missing"
    SOURCE_TOO_LARGE = "source.too-large"
    SOURCE_UNSAFE_PATH = "source.unsafe-path"
    SOURCE_IGNORED = "source.ignored"
    SOURCE_PLACEHOLDER = "source.placeholder"
    MODULE_EMPTY = "module.empty"
    MODULE_TITLE = "module.missing-title"
    TIMING_DURATION_LOW = "timing.duration-low"
    MODULE_AFTER_ASSESSMENT = "module.after-assessment"
    FRONT_MATTER_UNCLOSED = "front-matter.unclosed"
    PAGE_DUPLICATE_ID = "page.duplicate-id"
    CONTAINER_UNCLOSED = "container.unclosed"
    CONTAINER_UNKNOWN = "container.unknown"
    CONTAINER_ATTRIBUTE = "container.attribute"
    BLOCK_SHAPE = "block.shape"
    CHART_TABLE = "chart.table"
    CHART_VALUE = "chart.value"
    MEDIA_CAPTIONS = "media.captions"
    MEDIA_WEBVTT = "media.webvtt"
    MEDIA_TRANSCRIPT = "media.transcript"
    MEDIA_SIZE = "media.size"
    QUIZ_UNKNOWN_TYPE = "quiz.unknown-type"
    QUIZ_NO_OPTIONS = "quiz.no-options"
    QUIZ_NO_CORRECT = "quiz.no-correct-choice"
    QUIZ_ALL_CORRECT = "quiz.all-correct"
    QUIZ_SHAPE = "quiz.shape"
    QUIZ_DUPLICATE_ID = "quiz.duplicate-id"
    QUIZ_POOL = "quiz.pool"
    QUIZ_PASS_MARK = "quiz.pass-mark"
    QUIZ_FEEDBACK_INDENT = "quiz.feedback-indent"
    QUIZ_LAZY_LINE = "quiz.lazy-line"
    ITEM_KEY_LONGEST = "item.key-longest"
    ITEM_KEY_LENGTH = "item.key-length"
    ITEM_ALL_NONE_ABOVE = "item.all-none-above"
    ITEM_DUPLICATE_OPTION = "item.duplicate-option"
    ITEM_REPEATS_CHECK = "item.repeats-check"
    ITEM_PASS_UNREACHABLE = "item.pass-unreachable"
    ITEM_NEGATIVE_STEM = "item.negative-stem"
    ITEM_FEW_OPTIONS = "item.few-options"
    ITEM_KEY_SHAPE = "item.key-shape"
    ASSET_MISSING = "asset.missing"
    ASSET_ALT_TEXT = "asset.alt-text"
    ASSET_UNSAFE = "asset.unsafe-path"
    ASSET_SPACE = "asset.space-in-path"
    ASSET_SIZE = "asset.size"
    ASSET_UNSAFE_SVG = "asset.unsafe-svg"
    LINK_BROKEN = "link.broken"
    HTML_RAW = "html.raw"
    HTML_SCRIPT = "html.script"
    HTML_COMMENT = "html.comment"
    STATE_BUDGET = "state.budget"
    PACKAGING_MOODLE_2004 = "packaging.moodle-2004"
    STRINGS_LANGUAGE = "strings.language"
    STRINGS_MISSING = "strings.missing"
    STRINGS_UNKNOWN_KEY = "strings.unknown-key"
    STRINGS_PLACEHOLDER = "strings.placeholder"

    @property
    def help(self) -> str:
        """What the code means, in one line (listed in docs/authoring.md)."""
        return _HELP.get(self, "")


_HELP = {
    Code.CONFIG_YAML: "course.yml or a front matter block is not valid YAML",
    Code.CONFIG_UNKNOWN_KEY: "a key that course.yml or front matter does not know (often a typo)",
    Code.CONFIG_MISSING_KEY: "a required key (id, title, version) is missing from course.yml",
    Code.CONFIG_TYPE: "a value of the wrong type, e.g. text where a whole number is expected",
    Code.CONFIG_VALUE: "a value outside what is allowed, e.g. a pass mark over 100 or an unknown target",
    Code.CONFIG_NAVIGATION_IGNORED: ("navigation locks pages, but packaging puts each module in its own SCO, "
                                     "where there is nothing to lock: the LMS decides the order"),
    Code.THEME_CONTRAST: "a theme colour pair (text, link, button or chart colour on its background) below WCAG AA contrast",
    Code.SOURCE_ENCODING: "a source file that is not UTF-8 text",
    Code.SOURCE_MISSING: "a file the course needs (course.yml, a listed page) does not exist",
    Code.SOURCE_TOO_LARGE: "a Markdown or YAML file over 2 MiB, refused before parsing",
    Code.SOURCE_UNSAFE_PATH: "a path that is absolute, climbs out with '..', or goes through a link outside the course",
    Code.SOURCE_IGNORED: "a file in modules/ that is not a module (e.g. '02-x.MD' or 'notes.txt') and so is ignored",
    Code.SOURCE_PLACEHOLDER: "placeholder text from 'scr-course new' that was never replaced",
    Code.MODULE_EMPTY: "a course, module or page with no content",
    Code.MODULE_TITLE: "a module or page without its one '#' title, or with more than one",
    Code.TIMING_DURATION_LOW: ("a module's stated duration is under 80% of the time its words, questions and "
                               "reflections need"),
    Code.MODULE_AFTER_ASSESSMENT: "a module after the final assessment (learners would meet it after being scored)",
    Code.FRONT_MATTER_UNCLOSED: "a front matter block opened with '---' but never closed with a second '---'",
    Code.PAGE_DUPLICATE_ID: "two modules or pages with the same id",
    Code.CONTAINER_UNCLOSED: "a '::: name' block without its closing ':::' line",
    Code.CONTAINER_UNKNOWN: "a '::: name' block of a kind scr-course does not know, or one nested where it cannot be",
    Code.CONTAINER_ATTRIBUTE: "a malformed or unknown attribute on a '::: question' or '::: reflection' line",
    Code.BLOCK_SHAPE: "a figure, steps, timeline or details block whose content does not have the shape it needs",
    Code.CHART_TABLE: "a '::: chart' without one well-formed table of categories and series",
    Code.CHART_VALUE: "a chart cell that is empty, negative or not a number",
    Code.MEDIA_CAPTIONS: "a '::: video' without a captions=file.vtt track",
    Code.MEDIA_WEBVTT: "a captions file that is not valid WebVTT (header, cue timings, order)",
    Code.MEDIA_TRANSCRIPT: "a '::: audio' without a transcript, or a transcript file that cannot be used",
    Code.MEDIA_SIZE: "a video or audio file over 20 MB (warning: LMS upload limits)",
    Code.QUIZ_UNKNOWN_TYPE: "a question type that is not one of the seven supported",
    Code.QUIZ_NO_OPTIONS: "a question without its options list, or with too few options",
    Code.QUIZ_NO_CORRECT: "a question that nobody can answer correctly",
    Code.QUIZ_ALL_CORRECT: "a choice question whose every option is marked correct",
    Code.QUIZ_SHAPE: "a question whose options do not fit its type (e.g. two right answers in single choice)",
    Code.QUIZ_DUPLICATE_ID: "two questions or two reflections with the same id (resume and LMS reports rely on ids)",
    Code.QUIZ_POOL: "a scored module whose pool cannot supply what it draws, or an assessment that is missing",
    Code.QUIZ_PASS_MARK: "scored modules in one SCO with different pass marks (the manifest holds one)",
    Code.QUIZ_FEEDBACK_INDENT: "a '>' feedback quote not indented under its option, so it ends the options list",
    Code.QUIZ_LAZY_LINE: "a line written straight after an option or its feedback, without a blank line, that joins it",
    Code.ITEM_KEY_LONGEST: "in a scored module, the keyed option is the longest in more than a third of single-answer questions",
    Code.ITEM_KEY_LENGTH: "a scored question whose one keyed option is over 1.5 times the mean length of its distractors",
    Code.ITEM_ALL_NONE_ABOVE: "an 'all of the above' or 'none of the above' option",
    Code.ITEM_DUPLICATE_OPTION: "two options of one question that are the same or nearly the same text",
    Code.ITEM_REPEATS_CHECK: "a scored question whose prompt nearly repeats a knowledge check's prompt elsewhere in the course",
    Code.ITEM_PASS_UNREACHABLE: "a pass mark that some draw of questions makes reachable only with full marks",
    Code.ITEM_NEGATIVE_STEM: "a prompt with 'not', 'except' or 'least' that is not emphasised",
    Code.ITEM_FEW_OPTIONS: "a scored single-answer question with fewer than three options",
    Code.ITEM_KEY_SHAPE: "a keyed option whose punctuation or reason, delay or urgency words set it apart from "
                         "every distractor",
    Code.ASSET_MISSING: "an image that does not exist in the course folder",
    Code.ASSET_ALT_TEXT: "an image without alt text",
    Code.ASSET_UNSAFE: "an image outside the package (remote, absolute, or outside the course folder)",
    Code.ASSET_SPACE: "an image or link path with a space that is not written in angle brackets '<...>'",
    Code.ASSET_SIZE: "an image whose width and height cannot be read from the file, or that is not PNG, JPEG, WebP, GIF or SVG",
    Code.ASSET_UNSAFE_SVG: "an SVG image with scripts, event handlers, foreignObject or references to other files",
    Code.LINK_BROKEN: "a link to a page, module or file that does not exist, or with a scheme that is not allowed",
    Code.HTML_RAW: "raw HTML in Markdown, shown as text unless course.yml says 'html: allow'",
    Code.HTML_SCRIPT: "scripts, frames, event handlers or javascript: links in allowed raw HTML",
    Code.HTML_COMMENT: "an HTML comment '<!--' without its closing '-->'",
    Code.PACKAGING_MOODLE_2004: ("several SCOs in one SCORM 2004 package: Moodle records only the first "
                                 "(warning; build scorm12 for several SCOs, or use one SCO)"),
    Code.STATE_BUDGET: "the learner state of a SCO could outgrow what the LMS must store (SCORM 1.2: 4,096 characters)",
    Code.STRINGS_LANGUAGE: "a course language with no interface catalogue: the buttons and messages stay in British English",
    Code.STRINGS_MISSING: "an interface string missing from the course language's catalogue, shown in English instead",
    Code.STRINGS_UNKNOWN_KEY: "an interface string override ('strings:' or locale/<lang>.yml) for a key that does not exist",
    Code.STRINGS_PLACEHOLDER: "an interface string that drops or adds a {placeholder} compared with the English one",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """One problem found in the course source."""

    loc: SourceLocation
    severity: Severity
    code: Code
    message: str

    def format(self, strict: bool = False) -> str:
        """gcc/ruff style: ``path:line: error: message [code]``; under ``--strict`` warnings read as errors."""
        severity = Severity.ERROR if strict else self.severity
        return f"{self.loc}: {severity.value}: {self.message} [{self.code.value}]"


@dataclass(slots=True)
class Diagnostics:
    """Collector passed explicitly through the stages, so all problems come out in one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, loc: SourceLocation, code: Code, message: str) -> None:
        """Record an error."""
        self.items.append(Diagnostic(loc=loc, severity=Severity.ERROR, code=code, message=message))

    def warning(self, loc: SourceLocation, code: Code, message: str) -> None:
        """Record a warning."""
        self.items.append(Diagnostic(loc=loc, severity=Severity.WARNING, code=code, message=message))

    @property
    def has_errors(self) -> bool:
        """True when at least one error was recorded."""
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file and line order, duplicates removed."""
        unique = {(d.loc.path, d.loc.line, d.code, d.message): d for d in self.items}
        return sorted(unique.values(), key=lambda d: (str(d.loc.path), d.loc.line, d.message))


class CourseError(Exception):
    """Raised only when nothing can continue, e.g. the course folder does not exist."""
