"""Issue 14: what authors write right is built right (the broken corpus holds what they write wrong)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.pipeline import check

COMMENTED = """\
# Module <!-- TODO: better title -->

## Page <!-- TODO: check with the reviewer -->

Text. <!-- TODO: cite the source --> More text.

<!-- TODO: a whole
block of notes -->

::: question id=q1
Who holds the pieces? <!-- TODO: reword -->

- [x] Several agencies, each one piece. <!-- TODO: keyed -->
  > Right. <!-- TODO: longer feedback -->
- [ ] One agency holds them all.
- [ ] The family holds them all.
:::
"""


def _index_html(out: Path) -> str:
    with zipfile.ZipFile(next(out.glob("*-scorm12.zip"))) as archive:
        return archive.read("index.html").decode()


@pytest.mark.parametrize("html", ["escape", "allow"])
def test_html_comments_are_author_notes_never_shown(write_course: Callable[..., Path], tmp_path: Path,
                                                   html: str) -> None:
    write_course({"course.yml": f'id: tiny\ntitle: Tiny\nversion: "1.0"\nhtml: {html}\n',
                  "modules/01-a.md": COMMENTED})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out", "--strict"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output and "error" not in result.output
    page = _index_html(tmp_path / "out")
    assert "TODO" not in page and "&lt;!--" not in page and "<!--" not in page
    assert "Text.  More text." in page
    course = check(Path("src")).course
    assert course is not None
    module = course.modules[0]
    question = module.questions[0]
    assert module.title == "Module" and module.pages[0].title == "Page"
    assert question.description == "Who holds the pieces?"
    assert question.choices[0].plain == "Several agencies, each one piece."


def test_comment_inside_code_is_kept_as_code(write_course: Callable[..., Path], tmp_path: Path) -> None:
    write_course({"modules/01-a.md": "# M\n\n## P\n\nWrite `<!-- note -->` for a note.\n\n```\n<!-- kept -->\n```\n"})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out", "--target", "scorm12"])
    assert result.exit_code == 0, result.output
    page = _index_html(tmp_path / "out")
    assert "<code>&lt;!-- note --&gt;</code>" in page and "&lt;!-- kept --&gt;" in page


def test_image_path_with_a_space_works_in_angle_brackets(write_course: Callable[..., Path], tmp_path: Path) -> None:
    write_course({"modules/01-a.md": "# M\n\n## P\n\n![A chart](<../assets/my chart.svg>)\n",
                  "assets/my chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out", "--strict"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(next((tmp_path / "out").glob("*-scorm12.zip"))) as archive:
        assert "assets/my chart.svg" in archive.namelist()
        assert '<img src="assets/my%20chart.svg" alt="A chart"' in archive.read("index.html").decode()
    validate = CliRunner().invoke(main, ["validate", *map(str, sorted((tmp_path / "out").glob("*.zip")))])
    assert validate.exit_code == 0, validate.output


def test_a_link_title_is_not_taken_for_a_space_in_the_path(write_course: Callable[..., Path]) -> None:
    write_course({"modules/01-a.md": '# M\n\n## P\n\nSee [the site](https://example.org "Example site").\n'})
    result = CliRunner().invoke(main, ["check", "--src", "src", "--strict"])
    assert result.exit_code == 0, result.output


def test_quoted_version_keeps_its_text(write_course: Callable[..., Path], tmp_path: Path) -> None:
    write_course({"course.yml": 'id: tiny\ntitle: Tiny\nversion: "1.10"\n',
                  "modules/01-a.md": "# M\n\n## P\n\nText.\n"})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out", "--strict"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.zip")) == [
        "tiny-1.10-cmi5.zip", "tiny-1.10-scorm12.zip", "tiny-1.10-scorm2004.zip"]


def test_a_whole_number_version_needs_no_quotes(write_course: Callable[..., Path]) -> None:
    write_course({"course.yml": "id: tiny\ntitle: Tiny\nversion: 2\n", "modules/01-a.md": "# M\n\n## P\n\nText.\n"})
    result = CliRunner().invoke(main, ["check", "--src", "src", "--strict"])
    assert result.exit_code == 0, result.output


def test_explanation_after_a_blank_line_is_the_explanation(write_course: Callable[..., Path]) -> None:
    write_course({"modules/01-a.md": "# M\n\n## P\n\n::: question id=q1\nWho?\n\n- [x] Several agencies.\n"
                  "  > Right.\n- [ ] One agency.\n  > No: each holds\n  one piece.\n- [ ] The family.\n\n"
                  "Each agency holds one piece.\n:::\n"})
    report = check(Path("src"))
    assert not report.failed(strict=True), [d.format() for d in report.diagnostics]
    assert report.course is not None
    question = report.course.modules[0].questions[0]
    assert "Each agency holds one piece." in str(question.explanation)
    assert "one piece" in str(question.choices[1].feedback)


def test_files_used_by_a_module_in_modules_are_not_called_ignored(write_course: Callable[..., Path]) -> None:
    write_course({"modules/01-a.md": "# M\n\n## P\n\n![A chart](chart.svg)\n",
                  "modules/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    result = CliRunner().invoke(main, ["check", "--src", "src", "--strict"])
    assert result.exit_code == 0, result.output


def test_unclosed_block_before_the_next_page_gives_one_error(write_course: Callable[..., Path]) -> None:
    write_course({"modules/01-a.md": "# M\n\n## P\n\n::: vignette Sam\nSam is 14.\n\n## Next\n\n::: note\nA note.\n:::\n"})
    result = CliRunner().invoke(main, ["check", "--src", "src"])
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if ": error: " in line]
    assert problems == ["src/modules/01-a.md:5: error: '::: vignette' is never closed; end it with a line ':::' "
                        "[container.unclosed]"]
    course = check(Path("src")).course
    assert course is not None and [p.title for p in course.modules[0].pages] == ["P", "Next"]


def test_strict_prints_warnings_as_errors(write_course: Callable[..., Path]) -> None:
    write_course({"modules/01-a.md": "# M\n\n## P\n\nSome <b>bold</b> words.\n"})
    loose = CliRunner().invoke(main, ["check", "--src", "src"])
    assert loose.exit_code == 0 and "src/modules/01-a.md:5: warning: raw HTML is shown as text" in loose.output
    strict = CliRunner().invoke(main, ["check", "--src", "src", "--strict"])
    assert strict.exit_code == 1
    assert "src/modules/01-a.md:5: error: raw HTML is shown as text" in strict.output
    assert "warning" not in strict.output


def test_a_decorative_image_has_empty_alt_and_presentation_role(write_course: Callable[..., Path],
                                                                 tmp_path: Path) -> None:
    """Issue 23: ![](file){decorative} is hidden from screen readers; a missing alt stays an error."""
    write_course({"modules/01-a.md": "# M\n\n## P\n\n![](../assets/rule.svg){decorative} Text after.\n",
                  "assets/rule.svg": "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='4'/>"})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out", "--strict", "--target", "scorm12"])
    assert result.exit_code == 0, result.output
    page = _index_html(tmp_path / "out")
    assert '<img src="assets/rule.svg" alt="" role="presentation"' in page
    assert "{decorative}" not in page and " Text after." in page
