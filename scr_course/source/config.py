"""course.yml → a validated, frozen CourseConfig; problems become diagnostics."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.model import (
    BuildTarget,
    Cmi5Settings,
    CompletionRule,
    CourseConfig,
    FailStatus,
    HtmlPolicy,
    LaunchMethod,
    MoveOn,
    Navigation,
    Packaging,
    Standard,
    StatusVocabulary,
    Tracking,
)
from scr_course.source.strings import read_string_overrides
from scr_course.source.theme import read_theme
from scr_course.source.yamlnodes import Reader, YamlValue, parse_yaml

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

COURSE_KEYS = (
    "id", "title", "version", "language", "description", "keywords", "authors",
    "audience", "standards", "tracking", "packaging", "navigation", "targets", "cmi5", "pages", "html", "theme", "strings",
)
TRACKING_KEYS = ("completion", "pass_mark", "status", "on_fail")
PAGES_KEYS = ("before", "after")
CMI5_KEYS = ("iri", "move_on", "launch_method")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`#?]+$")
"""An absolute IRI without query or fragment (ids are built by appending ``/au/…``)."""


def parse_config(text: str, loc: SourceLocation, diagnostics: Diagnostics) -> CourseConfig:
    """Validate course.yml; always returns a config (with defaults where values are wrong)."""
    parsed = parse_yaml(text, loc, diagnostics)
    if parsed is None:
        # The syntax error is reported; guessing at missing keys would only add noise.
        return CourseConfig(id="course", title="Untitled course", version="0", loc=loc)
    node = parsed if parsed.value is not None else YamlValue(value={}, loc=loc)
    reader = Reader(node, diagnostics, "course.yml", COURSE_KEYS)

    course_id = reader.text("id", "course", required=True) or "course"
    if not SLUG.match(course_id):
        diagnostics.error(reader.loc("id"), Code.CONFIG_VALUE,
                          f"id '{course_id}' must be a slug: lower-case letters, digits and hyphens")
        course_id = "course"
    version = reader.text("version", "0", required=True) or "0"
    version = _version_as_written(text, loc, reader, version, diagnostics)
    if not re.match(r"^[0-9A-Za-z][0-9A-Za-z.+-]*$", version):
        diagnostics.error(reader.loc("version"), Code.CONFIG_VALUE,
                          f"version '{version}' may only hold letters, digits, '.', '+' and '-'")
        version = "0"
    language = reader.text("language", "en") or "en"
    if not LANGUAGE_TAG.match(language):
        diagnostics.error(reader.loc("language"), Code.CONFIG_VALUE,
                          f"language '{language}' is not a language tag such as en-GB")
        language = "en"

    tracking = reader.sub("tracking", TRACKING_KEYS)
    pages = reader.sub("pages", PAGES_KEYS)
    html_policy = reader.choice("html", HtmlPolicy, HtmlPolicy.ESCAPE)
    packaging = reader.choice("packaging", Packaging, Packaging.SINGLE)
    navigation = reader.choice("navigation", Navigation, Navigation.FREE)
    if navigation is not Navigation.FREE and packaging is not Packaging.SINGLE:
        diagnostics.warning(reader.loc("navigation"), Code.CONFIG_NAVIGATION_IGNORED,
                            f"navigation: {navigation.value} has no effect with packaging: {packaging.value}: each "
                            "module is its own SCO and the LMS decides which a learner may open; use packaging: single")
    before, after = _read_paths(pages, "before", diagnostics), _read_paths(pages, "after", diagnostics)
    return CourseConfig(
        id=course_id,
        title=reader.text("title", "Untitled course", required=True) or "Untitled course",
        version=version,
        language=language,
        description=reader.text("description", "") or "",
        keywords=reader.text_list("keywords"),
        authors=reader.text_list("authors"),
        audience=reader.text_list("audience"),
        standards=read_standards(reader, "standards"),
        tracking=Tracking(
            completion=tracking.choice("completion", CompletionRule, CompletionRule.PAGES),
            pass_mark=tracking.integer("pass_mark", 80, 0, 100) or 0,
            status=tracking.choice("status", StatusVocabulary, StatusVocabulary.PASSED_FAILED),
            on_fail=tracking.choice("on_fail", FailStatus, FailStatus.INCOMPLETE),
        ),
        packaging=packaging,
        packaging_loc=reader.loc("packaging"),
        navigation=navigation,
        targets=_read_targets(reader, diagnostics),
        cmi5=_read_cmi5(reader.sub("cmi5", CMI5_KEYS), course_id, diagnostics),
        pages_before=tuple(path for path, _ in before),
        pages_after=tuple(path for path, _ in after),
        page_lines=before + after,
        html=html_policy,
        theme=read_theme(reader, diagnostics),
        strings=read_string_overrides(reader.mapping.get("strings"), "'strings'", diagnostics),
        loc=loc,
    )


def _version_as_written(text: str, loc: SourceLocation, reader: Reader, version: str,
                        diagnostics: Diagnostics) -> str:
    """YAML reads ``version: 1.10`` as the number 1.1; say so instead of shipping 'course-1.1.zip'."""
    node = reader.mapping.get("version")
    if node is None or isinstance(node.value, bool) or not isinstance(node.value, int | float):
        return version
    lines = text.split("\n")
    index = node.loc.line - loc.line
    written = lines[index].partition(":")[2].partition(" #")[0].strip() if 0 <= index < len(lines) else ""
    if written and written != version:
        diagnostics.error(node.loc, Code.CONFIG_TYPE,
                          f"version {written} is read by YAML as the number {version}; "
                          f"quote it to keep the text: version: \"{written}\"")
        return written if re.match(r"^[0-9A-Za-z][0-9A-Za-z.+-]*$", written) else version
    return version


def read_standards(reader: Reader, key: str) -> tuple[Standard, ...]:
    """A mapping of framework name to a list of headings (also used by module front matter)."""
    value = reader.mapping.get(key)
    if value is None or value.value is None:
        return ()
    if not isinstance(value.value, dict):
        reader.diagnostics.error(value.loc, Code.CONFIG_TYPE,
                                 f"'{key}' must map a framework (e.g. PCF) to a list of headings")
        return ()
    frameworks = Reader(value, reader.diagnostics, f"'{key}'", tuple(value.value))
    return tuple(
        Standard(framework=name, headings=frameworks.text_list(name)) for name in value.value
    )


def _read_targets(reader: Reader, diagnostics: Diagnostics) -> tuple[BuildTarget, ...]:
    names = reader.text_list("targets")
    if not reader.has("targets"):
        return tuple(BuildTarget)
    targets: list[BuildTarget] = []
    allowed = [t.value for t in BuildTarget]
    for name in names:
        if name not in allowed:
            diagnostics.error(reader.loc("targets"), Code.CONFIG_VALUE,
                              f"unknown target '{name}' (use {', '.join(allowed)})")
        elif BuildTarget(name) not in targets:
            targets.append(BuildTarget(name))
    if not targets and len(names) == 0:
        diagnostics.error(reader.loc("targets"), Code.CONFIG_VALUE, "'targets' must name at least one target")
        return tuple(BuildTarget)
    return tuple(sorted(targets, key=lambda t: allowed.index(t.value)))


def _read_cmi5(reader: Reader, course_id: str, diagnostics: Diagnostics) -> Cmi5Settings:
    iri = (reader.text("iri", "") or "").rstrip("/")
    if iri and not IRI.match(iri):
        example = f"https://learning.example.org/courses/{course_id}"
        diagnostics.error(reader.loc("iri"), Code.CONFIG_VALUE,
                          f"cmi5 iri '{iri}' is not an absolute IRI such as {example} (no spaces, query or fragment)")
        iri = ""
    return Cmi5Settings(
        iri=iri,
        move_on=reader.choice("move_on", MoveOn, MoveOn.PASSED),
        launch_method=reader.choice("launch_method", LaunchMethod, LaunchMethod.ANY_WINDOW),
    )


def _read_paths(reader: Reader, key: str, diagnostics: Diagnostics) -> tuple[tuple[PurePosixPath, SourceLocation], ...]:
    node = reader.mapping.get(key)
    items = node.value if node is not None and isinstance(node.value, list) else []
    lines = [item.loc for item in items if not isinstance(item.value, bool) and isinstance(item.value, str | int | float)]
    paths: list[tuple[PurePosixPath, SourceLocation]] = []
    for index, text in enumerate(reader.text_list(key)):
        line = lines[index] if index < len(lines) else reader.loc(key)
        path = PurePosixPath(text)
        if path.is_absolute() or ".." in path.parts or "\\" in text:
            diagnostics.error(line, Code.SOURCE_UNSAFE_PATH,
                              f"page path '{text}' must be relative and stay inside the course folder")
            continue
        paths.append((path, line))
    return tuple(paths)
