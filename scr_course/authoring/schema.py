"""JSON Schemas (draft 2020-12) for course.yml and for module and page front matter, for editors.

Keys come from the tuples the config and parse stages accept (``COURSE_KEYS``, ``MODULE_KEYS``…)
and allowed words from the model's enums, so a new key or value shows up here by itself; a key
without a description below still appears (with a pointer to the docs) and unknown keys are
refused, which is what catches typos in the editor before ``scr-course check`` does.
"""

from __future__ import annotations

import enum
import json

from scr_course.model import (
    BuildTarget,
    CompletionRule,
    FailStatus,
    HtmlPolicy,
    LaunchMethod,
    MoveOn,
    Navigation,
    Packaging,
    ReviewMode,
    StatusVocabulary,
    ThemeFont,
)
from scr_course.parse.course import MODULE_KEYS, PAGE_KEYS
from scr_course.source.config import CMI5_KEYS, COURSE_KEYS, IRI, LANGUAGE_TAG, PAGES_KEYS, SLUG, TRACKING_KEYS
from scr_course.source.strings import DEFAULT_LANGUAGE, builtin_catalogue
from scr_course.source.theme import COLOUR_KEYS, THEME_KEYS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DOCS = "docs/authoring.md"
Schema = dict[str, object]

TEXT: Schema = {"type": "string"}
TEXT_LIST: Schema = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": ["string", "number"]}}]}
STANDARDS: Schema = {
    "type": ["object", "null"],
    "description": "Frameworks and their headings, e.g. PCF: [Critical reflection and analysis].",
    "additionalProperties": TEXT_LIST,
}


def _text(description: str, pattern: str | None = None) -> Schema:
    return {"type": "string", "description": description, **({"pattern": pattern} if pattern else {})}


def _number(description: str, low: int, high: int) -> Schema:
    return {"type": "integer", "minimum": low, "maximum": high, "description": description}


def _words(description: str, kind: type[enum.Enum]) -> Schema:
    return {"enum": [m.value for m in kind], "description": description}


def _flag(description: str) -> Schema:
    return {"type": "boolean", "description": description}


def _listed(description: str) -> Schema:
    return {**TEXT_LIST, "description": description}


def _object(title: str, keys: tuple[str, ...], known: dict[str, Schema], description: str) -> Schema:
    """A mapping of exactly ``keys``: described ones as given, any other accepted key left open."""
    properties = {key: known.get(key, {"description": f"See {DOCS}."}) for key in keys}
    return {"type": "object", "title": title, "description": description, "properties": properties,
            "additionalProperties": False}


TRACKING: dict[str, Schema] = {
    "completion": _words("pages: every page seen; assessment: the scored assessment done.", CompletionRule),
    "pass_mark": _number("Percentage needed to pass a scored module (default 80).", 0, 100),
    "status": _words("SCORM 1.2 status words for a scored course.", StatusVocabulary),
    "on_fail": _words("Status while a learner who failed may still try again.", FailStatus),
}
CMI5: dict[str, Schema] = {
    "iri": _text("Base IRI of the cmi5 course, AU and objective ids, e.g. https://learning.example.org/courses/x "
                 "(default urn:scr-course:<id>); never change it once learners have records.", IRI.pattern),
    "move_on": _words("cmi5 moveOn of an AU completed by assessment.", MoveOn),
    "launch_method": _words("cmi5 launchMethod: any-window (may be framed) or own-window.", LaunchMethod),
}
PAGES: dict[str, Schema] = {
    "before": _listed("Course-level pages shown before the modules (paths relative to the course folder)."),
    "after": _listed("Course-level pages shown after the modules."),
}
COLOUR: Schema = {"type": "string", "pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$",
                  "description": "A hex colour in quotes."}
COLOURS: dict[str, Schema] = {key: COLOUR for key in COLOUR_KEYS}
THEME: dict[str, Schema] = {
    "logo": _text("Logo image, relative to the course folder (PNG, JPEG, WebP, GIF or safe SVG)."),
    "logo_alt": _text("The organisation's name as the logo shows it (\"\" when the title beside it says it)."),
    "font": _words("Font stack: fonts already on learners' devices.", ThemeFont),
    "colours": _object("colours", (*COLOUR_KEYS, "dark"),
                       {**COLOURS, "dark": _object("dark", COLOUR_KEYS, COLOURS, "Colours for dark mode.")},
                       "Theme colours; every pair must reach WCAG AA contrast."),
}
COURSE: dict[str, Schema] = {
    "id": _text("Course identifier: lower-case letters, digits and hyphens.", SLUG.pattern),
    "title": _text("Title shown to learners and in the LMS catalogue."),
    "version": _text("Course version, as quoted text (\"1.10\"); part of the zip names.",
                     r"^[0-9A-Za-z][0-9A-Za-z.+-]*$"),
    "language": _text("Language tag of the content and interface, e.g. en-GB or cy.", LANGUAGE_TAG.pattern),
    "description": _text("One or two sentences for the LMS catalogue."),
    "keywords": _listed("Words that help people find the course."),
    "authors": _listed("People or teams who wrote the course."),
    "audience": _listed("Who the course is for."),
    "standards": STANDARDS,
    "tracking": _object("tracking", TRACKING_KEYS, TRACKING, "How the package reports to the LMS."),
    "packaging": _words("single, sco-per-module or package-per-module.", Packaging),
    "navigation": _words("Gating: free (any page at any time), modules-before-assessment (the assessment opens "
                         "once every other module is done) or sequential (pages open in order).", Navigation),
    "targets": {"type": "array", "items": {"enum": [t.value for t in BuildTarget]}, "minItems": 1,
                "uniqueItems": True, "description": "Packages `scr-course build` writes."},
    "cmi5": _object("cmi5", CMI5_KEYS, CMI5, "Settings of the cmi5 package (docs/cmi5.md)."),
    "pages": _object("pages", PAGES_KEYS, PAGES, "Course-level pages, shown before and after the modules."),
    "theme": _object("theme", THEME_KEYS, THEME, "The organisation's logo, font and colours."),
    "html": _words("Raw HTML in Markdown: escape (shown as text) or allow.", HtmlPolicy),
    "strings": {"type": "object", "description": "Interface strings to word differently, by key (see "
                "scorm_templates/locale/en-GB.yml), e.g. nav.next: Continue.",
                "propertyNames": {"enum": sorted(builtin_catalogue(DEFAULT_LANGUAGE))},
                "additionalProperties": {"type": "string"}},
}
MODULE: dict[str, Schema] = {
    "id": _text("Module identifier (default: from the file name).", SLUG.pattern),
    "title": _text("Module title (default: the '#' heading)."),
    "duration": _number("Minutes the module takes.", 1, 600),
    "objectives": _listed("What the learner will be able to do after the module."),
    "standards": STANDARDS,
    "assessment": _flag("The course's scored final assessment."),
    "pass_mark": _number("Percentage needed to pass this module's questions (makes it scored).", 0, 100),
    "draw": {"description": "Questions drawn at random for each attempt: a number from the whole pool, or "
             "{topic: n, ...} to draw n from each topic= of the pool.",
             "anyOf": [{"type": "integer", "minimum": 1, "maximum": 10_000},
                       {"type": "object", "minProperties": 1,
                        "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 10_000}}]},
    "shuffle": _flag("Show the questions in a random order."),
    "attempts": _number("Attempts allowed; 0 means unlimited.", 0, 35),
    "review": _words("After submitting: score, topics (score and topics to revise) or answers (keyed answers "
                     "too, once passed or out of attempts).", ReviewMode),
    "retries": _number("Knowledge checks: tries after a wrong answer before it is revealed.", 0, 9),
}
PAGE: dict[str, Schema] = {
    "id": _text("Page identifier (default: from the file name)."),
    "title": _text("Page title (default: the '#' heading)."),
}


def schema_for(kind: str) -> Schema:
    """The JSON Schema of ``course`` (course.yml), ``module`` or ``page`` (front matter)."""
    title, keys, known = {
        "course": ("scr-course course.yml", COURSE_KEYS, COURSE),
        "module": ("scr-course module front matter", MODULE_KEYS, MODULE),
        "page": ("scr-course course-page front matter", PAGE_KEYS, PAGE),
    }[kind]
    schema = _object(title, keys, known, f"Settings of a scr-course {kind}; see {DOCS}.")
    if kind == "course":
        schema["required"] = ["id", "title", "version"]
    return {"$schema": DRAFT, "$id": f"urn:scr-course:schema:{kind}", **schema}


SCHEMA_KINDS = ("course", "module", "page")


def schema_text(kind: str) -> str:
    """The schema as indented JSON text, ending in a newline."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
