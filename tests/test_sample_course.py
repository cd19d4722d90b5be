"""The shipped course keeps the shape issue 4 promises, so an edit cannot silently break it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from scr_course.diagnostics import Code, Severity
from scr_course.model import Callout, CalloutKind, Course, QuestionKind
from scr_course.pipeline import BuildOptions, build, check
from scr_course.summary import summary_table
from scr_course.validate import validate_package

from .conftest import REPO

SOURCE = REPO / "course_src"


# TEMPORARY (issue 13): the item-writing checks are new, and the sample course's assessment is being
# rewritten to pass them (it keys the longest option). Until that lands, tolerate ONLY those codes
# here; every other warning still fails this test. Delete PENDING_ITEM_CODES once course_src is clean.
PENDING_ITEM_CODES = frozenset(code for code in Code if code.value.startswith("item."))


@pytest.fixture(scope="module")
def sample() -> Course:
    report = check(SOURCE)
    blocking = [d for d in report.diagnostics
                if d.severity is Severity.ERROR or d.code not in PENDING_ITEM_CODES]
    assert not blocking, "\n".join(d.format(strict=True) for d in blocking)
    assert report.course is not None
    return report.course


def test_five_modules_then_a_final_assessment(sample: Course) -> None:
    *modules, final = sample.modules
    assert len(modules) == 5
    assert not any(m.quiz.scored for m in modules)
    assert final.quiz.assessment and final.quiz.pass_mark == 80
    assert final.quiz.draw is not None and final.quiz.draw >= 15
    assert len(final.questions) > final.quiz.draw
    assert sample.config.tracking.pass_mark == 80


@pytest.mark.parametrize("index", range(5))
def test_each_module_has_what_a_module_needs(sample: Course, index: int) -> None:
    module = sample.modules[index]
    assert module.duration is not None and 15 <= module.duration <= 25
    assert module.objectives
    assert 4 <= len(module.pages) <= 8
    callouts = [b for p in module.pages for b in p.blocks if isinstance(b, Callout)]
    assert any(c.kind is CalloutKind.VIGNETTE for c in callouts), "a case vignette"
    assert any(c.kind is CalloutKind.KEY_MESSAGES for c in callouts), "key messages"
    assert len(module.questions) >= 5
    assert module.reflections
    assert module.pages[-1].title.lower().startswith("references")
    known = {h for s in sample.config.standards for h in s.headings}
    assert module.standards and all(set(s.headings) <= known for s in module.standards)


def test_every_choice_option_has_feedback(sample: Course) -> None:
    for module in sample.modules:
        for question in module.questions:
            if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE):
                missing = [c.plain for c in question.choices if c.feedback is None]
                assert not missing, f"{question.loc}: options without feedback: {missing}"


def test_no_all_or_none_of_the_above(sample: Course) -> None:
    for module in sample.modules:
        for question in module.questions:
            for choice in question.choices:
                assert "of the above" not in choice.plain.lower(), question.loc


def test_course_pages_content_note_glossary_references(sample: Course) -> None:
    assert [p.id for p in sample.pages_before] == ["page--content-note"]
    assert [p.id for p in sample.pages_after] == ["page--glossary", "page--references"]


def test_sample_course_builds_and_validates(tmp_path: Path) -> None:
    report = build(BuildOptions(src=SOURCE, out=tmp_path))
    assert [p.path.name.rsplit("-", 1)[1] for p in report.packages] == ["scorm12.zip", "scorm2004.zip", "cmi5.zip"]
    for package in report.packages:
        assert validate_package(package.path) == []
        with zipfile.ZipFile(package.path) as archive:
            html = archive.read("index.html").decode()
        assert 'alt=""' not in html  # every image says what it shows


def test_course_outline_document_matches_the_course(sample: Course) -> None:
    outline = (REPO / "docs" / "course-outline.md").read_text(encoding="utf-8")
    assert summary_table(sample) in outline, "run `scr-course summary` and paste the table into docs/course-outline.md"
