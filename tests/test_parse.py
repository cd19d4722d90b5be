"""Markdown → model: every question type, with source lines and stable ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scr_course.model import QuestionKind
from scr_course.pipeline import check


def _questions(root: Path) -> dict[str, object]:
    report = check(root)
    assert not report.failed(), [d.format() for d in report.diagnostics]
    assert report.course is not None
    return {q.id: q for m in report.course.modules for q in m.questions}


def test_every_question_type_is_parsed_with_its_line(course: Callable[[str], Path]) -> None:
    questions = _questions(course("question-types"))
    expected = {
        "single": (QuestionKind.SINGLE, 9), "multiple": (QuestionKind.MULTIPLE, 19),
        "truefalse": (QuestionKind.TRUE_FALSE, 27), "fillin": (QuestionKind.FILL_IN, 39),
        "numeric": (QuestionKind.NUMERIC, 48), "matching": (QuestionKind.MATCHING, 56),
        "ordering": (QuestionKind.ORDERING, 64),
    }
    for qid, (kind, line) in expected.items():
        question = questions[qid]
        assert question.kind is kind, qid  # type: ignore[attr-defined]
        assert question.loc.line == line, qid  # type: ignore[attr-defined]
        assert str(question.loc.path).endswith("question-types/modules/01-checks.md")  # type: ignore[attr-defined]


def test_choice_details_feedback_and_explanation(course: Callable[[str], Path]) -> None:
    questions = _questions(course("question-types"))
    single = questions["single"]
    assert [c.id for c in single.choices] == ["a", "b", "c"]  # type: ignore[attr-defined]
    assert [c.correct for c in single.choices] == [False, True, False]  # type: ignore[attr-defined]
    assert str(single.choices[1].text) == "<strong>Beta</strong>"  # type: ignore[attr-defined]
    assert "Beta feedback." in str(single.choices[1].feedback)  # type: ignore[attr-defined]
    assert single.choices[2].feedback is None  # type: ignore[attr-defined]
    assert single.choices[0].loc.line == 12  # type: ignore[attr-defined]
    truefalse = questions["truefalse"]
    assert truefalse.weight == 3  # type: ignore[attr-defined]
    assert "wet by definition" in str(truefalse.explanation)  # type: ignore[attr-defined]
    assert questions["multiple"].description == "Pick the even numbers."  # type: ignore[attr-defined]


def test_typed_and_arranged_answers(course: Callable[[str], Path]) -> None:
    questions = _questions(course("question-types"))
    fillin = questions["fillin"]
    assert [c.plain for c in fillin.choices if c.correct] == ["Paris", "paris city"]  # type: ignore[attr-defined]
    numeric = questions["numeric"]
    assert (numeric.value, numeric.tolerance) == (6.0, 0.5)  # type: ignore[attr-defined]
    matching = questions["matching"]
    assert [(c.plain, str(c.match)) for c in matching.choices] == [  # type: ignore[attr-defined]
        ("Cow", "Moo"), ("Dog", "Woof"), ("Cat", "Miaow")]
    ordering = questions["ordering"]
    assert [c.plain for c in ordering.choices] == ["One", "Two", "Three"]  # type: ignore[attr-defined]


def test_question_without_id_gets_one_from_its_text_not_its_position(write_course: Callable[..., Path]) -> None:
    body = "::: question\nSame text.\n\n- [x] A\n- [ ] B\n:::\n"
    first = _questions(write_course({"modules/01-a.md": f"# A\n\n## P\n\n{body}"}))
    moved = _questions(write_course({"modules/01-a.md": f"# A\n\n## Earlier page\n\nText.\n\n## P\n\n{body}"}))
    assert list(first) == list(moved)
    assert next(iter(first)).startswith("q-")


def test_pages_split_at_level_two_headings_with_ids(course: Callable[[str], Path]) -> None:
    report = check(course("minimal"))
    assert report.course is not None
    module = report.course.modules[0]
    assert [p.id for p in module.pages] == ["basics--start", "basics--second-page", "basics--quiz"]
    assert [p.loc.line for p in module.pages] == [8, 12, 35]
    assert 'href="#basics--second-page"' in str(module.pages[0].blocks[0].html)  # type: ignore[union-attr]


def test_page_settings_in_heading_braces(write_course: Callable[..., Path]) -> None:
    module = ("# A\n\nText.\n\n## Roles {#roles on_this_page=\"Choose your role\"}\n\nText.\n\n"
              "## References {progress=false}\n\nSources.\n\n## Sets {a}\n\nBraces that are not settings.\n")
    report = check(write_course({"modules/01-a.md": module}))
    assert report.course is not None and not report.failed()
    pages = {p.id: p for p in report.course.modules[0].pages}
    assert list(pages) == ["a--start", "a--roles", "a--references", "a--sets-a"]
    assert pages["a--roles"].on_this_page == "Choose your role" and pages["a--roles"].progress
    assert not pages["a--references"].progress and pages["a--references"].title == "References"
    assert pages["a--sets-a"].title == "Sets {a}"
    broken = check(write_course({"modules/01-a.md": "# A\n\n## R {#r progress=maybe colour=red}\n\nText.\n"}))
    messages = [(d.code.value, d.loc.line, d.message) for d in broken.diagnostics if d.severity.value == "error"]
    assert [(code, line) for code, line, _ in messages] == [("container.attribute", 3), ("container.attribute", 3)]
    assert sorted(m for _, _, m in messages)[0].startswith("progress= is true or false, not 'maybe'")
    assert "unknown attribute 'colour'" in sorted(m for _, _, m in messages)[1]


def test_crlf_and_bom_sources_parse_like_plain_ones(write_course: Callable[..., Path]) -> None:
    text = "# A\r\n\r\n## P\r\n\r\n::: question id=q1\r\nWhy?\r\n\r\n- [x] Yes\r\n- [ ] No\r\n:::\r\n"
    root = write_course({"modules/01-a.md": b"\xef\xbb\xbf" + text.encode()})
    questions = _questions(root)
    assert questions["q1"].loc.line == 5  # type: ignore[attr-defined]
