"""course.yml navigation (issue 21 gating): read, passed to the runtime, and warned about where it cannot work."""

from __future__ import annotations

from pathlib import PurePosixPath

from scr_course.diagnostics import Code, Diagnostics, Severity, SourceLocation
from scr_course.model import Navigation
from scr_course.source.config import parse_config

LOC = SourceLocation(path=PurePosixPath("course.yml"), line=1)
HEAD = 'id: c\ntitle: T\nversion: "1"\n'


def read(extra: str) -> tuple[Navigation, list[tuple[Severity, Code, int, str]]]:
    diagnostics = Diagnostics()
    config = parse_config(HEAD + extra, LOC, diagnostics)
    return config.navigation, [(d.severity, d.code, d.loc.line, d.message) for d in diagnostics.items]


def test_free_by_default_and_each_value_read() -> None:
    assert read("") == (Navigation.FREE, [])
    for value in Navigation:
        assert read(f"navigation: {value.value}\n") == (value, [])


def test_an_unknown_value_is_an_error_on_its_line() -> None:
    navigation, problems = read("navigation: locked\n")
    assert navigation is Navigation.FREE
    assert [(s, c, line) for s, c, line, _ in problems] == [(Severity.ERROR, Code.CONFIG_VALUE, 4)]


def test_gating_with_a_sco_per_module_is_a_warning_on_the_navigation_line() -> None:
    navigation, problems = read("packaging: sco-per-module\nnavigation: modules-before-assessment\n")
    assert navigation is Navigation.MODULES_BEFORE_ASSESSMENT
    [(severity, code, line, message)] = problems
    assert (severity, code, line) == (Severity.WARNING, Code.CONFIG_NAVIGATION_IGNORED, 5)
    assert "packaging: single" in message
