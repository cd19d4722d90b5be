"""Module times: the estimate, the stated duration, the low-duration warning and the manifest."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from scr_course.checks.timing import estimate_minutes, iso_duration, module_minutes
from scr_course.cli import main
from scr_course.diagnostics import Diagnostics
from scr_course.model import BuildTarget
from scr_course.model.words import module_words, word_counts
from scr_course.pipeline import load_checked_course
from scr_course.plan import plan_packages
from scr_course.render import render_package

from .conftest import REPO

WORDS = " ".join(["word"] * 1000)


def write_module(folder: Path, front: str, body: str) -> Path:
    path = folder / "modules" / "01-basics.md"
    path.write_text(f"---\n{front}---\n# Basics\n\n{body}\n", encoding="utf-8")
    return path


def test_estimate_counts_words_questions_and_reflections(course: Callable[[str], Path]) -> None:
    folder = course("minimal")
    write_module(folder, "objectives: [Know]\n", f"## Reading\n\n{WORDS}\n\n::: reflection id=r1\nWhat did you notice?\n:::\n")
    parsed = load_checked_course(folder, Diagnostics())
    module = parsed.modules[0]
    words = module_words(module)[0]
    assert 1000 <= words <= 1010
    # 1000 words at 200 a minute, plus 4 minutes for the reflection, rounded up.
    assert estimate_minutes(module) == 10
    assert module.duration is None and module_minutes(module) == 10


def test_stated_duration_wins_and_a_low_one_is_a_warning_at_its_line(course: Callable[[str], Path]) -> None:
    folder = course("minimal")
    write_module(folder, "objectives: [Know]\nduration: 4\n", f"## Reading\n\n{WORDS}\n")
    result = CliRunner().invoke(main, ["check", "--src", str(folder)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "[timing.duration-low]" in line]
    assert len(lines) == 1
    assert lines[0].startswith("minimal/modules/01-basics.md:3: warning: duration 4 minutes is under 80% of the estimate (6 minutes")
    assert module_minutes(load_checked_course(folder, Diagnostics()).modules[0]) == 4
    assert CliRunner().invoke(main, ["check", "--src", str(folder), "--strict"]).exit_code == 1


def test_a_generous_duration_is_not_reported(course: Callable[[str], Path]) -> None:
    folder = course("minimal")
    write_module(folder, "objectives: [Know]\nduration: 5\n", "## Reading\n\n" + " ".join(["word"] * 900) + "\n")
    result = CliRunner().invoke(main, ["check", "--src", str(folder)])
    assert result.exit_code == 0 and "timing.duration-low" not in result.output


def test_sample_course_states_no_duration_below_its_estimate() -> None:
    diagnostics = Diagnostics()
    sample = load_checked_course(REPO / "course_src", diagnostics)
    assert not [d for d in diagnostics.items if d.code.value == "timing.duration-low"]
    assert sum(module_minutes(m) for m in sample.modules) >= 150


def test_manifests_carry_the_total_as_typical_learning_time() -> None:
    sample = load_checked_course(REPO / "course_src", Diagnostics())
    total = sum(module_minutes(m) for m in sample.modules)
    plan = plan_packages(sample)[0]
    found = {}
    for target in (BuildTarget.SCORM12, BuildTarget.SCORM2004):
        manifest = render_package(sample, plan, target)[0]
        root = etree.fromstring(manifest.data)
        found[target] = [e.text for e in root.iter() if etree.QName(e).localname in ("datetime", "duration")]
    assert found[BuildTarget.SCORM12] == [iso_duration(total)]
    assert found[BuildTarget.SCORM2004] == [iso_duration(total)]
    assert iso_duration(165) == "PT2H45M" and iso_duration(60) == "PT1H" and iso_duration(5) == "PT5M"


def test_word_counts_made_at_parse_time_are_the_pages_counted_afresh() -> None:
    """Issue 24: modules carry their word counts from the parse (made in parallel, cached); the
    estimate from them equals the estimate counted from the pages, for every sample module."""
    sample = load_checked_course(REPO / "course_src", Diagnostics())
    assert any(m.quiz.scored for m in sample.modules) and any(not m.quiz.scored for m in sample.modules)
    for module in sample.modules:
        assert module.word_counts is not None
        afresh = dataclasses.replace(module, word_counts=None)
        assert module.word_counts == word_counts(module.pages)
        assert module_words(module) == module_words(afresh)
        assert estimate_minutes(module) == estimate_minutes(afresh), module.id
