"""``scr-course export review``: every page and question with keys, feedback, ids and sources, in HTML and DOCX."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_BREAK

from scr_course.cli import main
from scr_course.pipeline import check

from .conftest import REPO


def export(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", "review", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def docx_text(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """All the document's text (paragraphs and table cells) and its headings as (style, text)."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    return "\n".join(parts), headings


def visible(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_both_documents_hold_every_question_with_its_key_feedback_ids_and_source(
    course: Callable[[str], Path], tmp_path: Path
) -> None:
    root = course("question-types")
    code, output = export("--src", str(root), "--out", "out")
    assert code == 0, output
    page = (tmp_path / "out" / "question-types-2.1-review.html").read_text(encoding="utf-8")
    text, headings = docx_text(tmp_path / "out" / "question-types-2.1-review.docx")
    shown = visible(page)
    parsed = check(root).course
    assert parsed is not None
    questions = [q for m in parsed.modules for q in m.questions]
    assert len(questions) == 11
    for question in questions:
        for document in (shown, text):
            assert question.id in document
            assert f"urn:scr:question-types:{question.id}" in document  # SCORM 2004 interaction id
            assert str(question.loc) in document  # source file:line
            for choice in question.choices:
                if choice.feedback:
                    assert visible(choice.feedback).strip() in document
    expected_keys = [
        "Keyed answer: B", "Keyed answer: A and C", "Keyed answer: A",
        "Keyed answer: accepted answers: Paris; paris city",
        "Keyed answer: 6 (anything from 5.5 to 6.5 is accepted)",
        "Keyed answer: Cow → Moo; Dog → Woof; Cat → Miaow",
        "Keyed answer: One → Two → Three",
    ]
    for key in expected_keys:
        assert key in shown and key in text
    for line in ("Water is wet by definition.", "Lyon is a city, but not the capital."):
        assert line in shown and line in text
    assert f"{Path('question-types/modules/01-checks.md')}:9" in text  # the '::: question id=single' line
    assert "question id single LMS interaction id (SCORM 1.2) single" in shown
    # One Heading 1 per module (and the sign-off), a Heading 2 per page, a Heading 3 per question.
    assert [t for s, t in headings if s == "Heading 1"] == ["Module 1: Knowledge checks", "Module 2: Final check",
                                                              "Sign-off"]
    assert [t for s, t in headings if s == "Heading 2"][1:] == ["Choices", "Typed answers", "Arranging",
                                                                 "Final check", "Questions"]
    assert len([t for s, t in headings if s == "Heading 3"]) == 11
    assert "scored final assessment pass mark 75% questions 2 drawn at random from 3 order shuffled for each attempt attempts 2" in shown


def test_docx_has_page_breaks_tables_numbered_lists_and_a_sign_off_table(
    course: Callable[[str], Path], tmp_path: Path
) -> None:
    code, output = export("--src", str(course("question-types")), "--out", "out", "--format", "docx")
    assert code == 0, output
    assert not list((tmp_path / "out").glob("*.html"))
    document = docx.Document(str(tmp_path / "out" / "question-types-2.1-review.docx"))
    breaks = [r for p in document.paragraphs for r in p.runs
              if any(b.get(docx.oxml.ns.qn("w:type")) == "page" for b in r._r.iter(docx.oxml.ns.qn("w:br")))]
    assert len(breaks) == 3  # before each module and before the sign-off
    assert WD_BREAK.PAGE is not None
    sign_off = document.tables[-1]
    assert [c.text for c in sign_off.rows[0].cells] == ["Name", "Role", "Date", "Decision"]
    assert len(sign_off.rows) == 5
    options = [t for t in document.tables if t.rows[0].cells[0].text in ("option", "step")]
    assert len(options) == 10  # every question but the numeric one lists its options
    single = options[0]
    assert [[c.text for c in row.cells] for row in single.rows] == [
        ["option", "text", "key", "feedback"],
        ["A", "Alpha", "✗ incorrect", "Alpha feedback."],
        ["B", "Beta", "✓ correct", "Beta feedback."],
        ["C", "Gamma", "✗ incorrect", ""],
    ]
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert numbered and len(ids) == 1  # the objectives list ("Try every type"), with its own numbering
    assert numbered[0].text == "Try every type"


def test_the_same_source_gives_the_same_bytes(course: Callable[[str], Path], tmp_path: Path) -> None:
    root = str(course("question-types"))
    export("--src", root, "--out", "a")
    export("--src", root, "--out", "b")
    for name in ("question-types-2.1-review.html", "question-types-2.1-review.docx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_sample_course_review_is_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = export("--src", str(REPO / "course_src"), "--out", "a")
    assert code == 0, output
    parsed = check(REPO / "course_src").course
    assert parsed is not None
    stem = f"{parsed.config.id}-{parsed.config.version}-review"
    page = visible((tmp_path / "a" / f"{stem}.html").read_text(encoding="utf-8"))
    text, headings = docx_text(tmp_path / "a" / f"{stem}.docx")
    for module in parsed.modules:
        assert ("Heading 1", f"Module {parsed.modules.index(module) + 1}: {module.title}") in headings
        for p in module.pages:
            assert p.title in page and p.title in text
        for q in module.questions:
            assert f"urn:scr:scr-learning-2014-17:{q.id}" in page and f"urn:scr:scr-learning-2014-17:{q.id}" in text
    for p in parsed.pages_before + parsed.pages_after:
        assert p.title in page and p.title in text
    titles = [f"Module {n}: {m.title}" for n, m in enumerate(parsed.modules, start=1)]
    assert [t for s, t in headings if s == "Heading 1"] == ["Before the modules", *titles, "After the modules", "Sign-off"]


def test_a_broken_course_writes_nothing_and_a_bad_format_is_a_usage_error(
    write_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\n::: question id=q\nPick.\n\n- [ ] One\n- [ ] Two\n:::\n"})
    code, output = export("--src", str(root), "--out", "out")
    assert code == 1
    assert "[quiz.no-correct-choice]" in output
    assert not (tmp_path / "out").exists()
    code, output = export("--src", str(root), "--format", "pdf")
    assert code == 2
    assert "use one or more of html, docx" in output


def test_figures_charts_steps_timelines_and_details_are_in_both_documents(
    course: Callable[[str], Path], tmp_path: Path
) -> None:
    code, output = export("--src", str(course("blocks")), "--out", "out")
    assert code == 0, output
    page = visible((tmp_path / "out" / "blocks-1.0.0-review.html").read_text(encoding="utf-8"))
    text, _ = docx_text(tmp_path / "out" / "blocks-1.0.0-review.docx")
    for document in (page, text):
        assert "Three nested circles labelled child, family and community" in document  # figure alt text
        assert "chart-modules-01-blocks-35" in document and "Reviews notified by year (reviews)" in document
        assert "Parental mental health" in document and "40" in document  # the chart's data, as a table
        assert "Notify" in document and "the national panel within five working days." in document  # a step
        assert "Details (closed until the learner opens it): Worked answer" in document
    assert 'src="data:image/svg+xml;base64,' in (tmp_path / "out" / "blocks-1.0.0-review.html").read_text(
        encoding="utf-8")


def test_a_question_topic_and_a_stratified_draw_are_shown(write_course: Callable[..., Path], tmp_path: Path) -> None:
    question = "::: question id={id} topic={topic}\nPick.\n\n- [x] Yes\n- [ ] No\n:::\n\n"
    final = ("---\nassessment: true\ndraw: {neglect: 1, poverty: 1}\n---\n# Final\n\n## Questions\n\n"
             + "".join(question.format(id=f"f{n}", topic=t) for n, t in enumerate(["neglect", "neglect", "poverty"])))
    root = write_course({"modules/01-final.md": final})
    code, output = export("--src", str(root), "--out", "out")
    assert code == 0, output
    page = visible((tmp_path / "out" / "tiny-1.0-review.html").read_text(encoding="utf-8"))
    text, _ = docx_text(tmp_path / "out" / "tiny-1.0-review.docx")
    for document in (page, text):
        assert "2 drawn at random from 3 (1 from neglect; 1 from poverty)" in document
    assert "topic neglect source" in page and "topic poverty source" in page
    assert "topic\npoverty" in text


def test_a_cmi5_course_shows_the_xapi_activity_id_of_each_question(write_course: Callable[..., Path],
                                                                    tmp_path: Path) -> None:
    config = "id: tiny\ntitle: Tiny\nversion: '1.0'\ntargets: [scorm12, cmi5]\npackaging: sco-per-module\n"
    module = "# A\n\n## P\n\n::: question id=q1\nPick.\n\n- [x] Yes\n- [ ] No\n:::\n"
    root = write_course({"course.yml": config, "modules/01-a.md": module, "modules/02-b.md": module.replace("q1", "q2")})
    code, output = export("--src", str(root), "--out", "out")
    assert code == 0, output
    page = visible((tmp_path / "out" / "tiny-1.0-review.html").read_text(encoding="utf-8"))
    text, _ = docx_text(tmp_path / "out" / "tiny-1.0-review.docx")
    for document in (page, text):
        assert "urn:scr-course:tiny/au/a/questions/q1" in document  # each module is its own AU
        assert "urn:scr-course:tiny/au/b/questions/q2" in document
        assert "urn:scr:tiny:q1" not in document  # no SCORM 2004 target, so no 2004 id
