"""``scr-course new module``: numbering, slugs, a file that builds clean, and no overwriting."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.authoring import new_module as scaffold
from scr_course.authoring.new_module import next_module_name
from scr_course.cli import main


def new_module(src: Path, title: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", "module", title, "--src", str(src)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(("existing", "title", "expected"), [
    ([], "Working together", "01-working-together.md"),
    (["01-basics.md", "02-more.md"], "Next steps", "03-next-steps.md"),
    (["01-a.md", "07-b.md"], "After a gap", "08-after-a-gap.md"),
    (["0009-nine.md"], "Ten", "0010-ten.md"),
    (["99-last.md"], "Hundredth", "100-hundredth.md"),
    (["notes.md", "01-a.md"], "Two", "02-two.md"),
    (["01-a.md"], "Child protection: roles & duties (2024)!", "02-child-protection-roles-duties-2024.md"),
    (["01-a.md"], "Ça va? Über-Modul", "02-ca-va-uber-modul.md"),
    (["01-a.md"], "Введение", "02-module-2.md"),
])
def test_numbering_and_slug(existing: list[str], title: str, expected: str) -> None:
    assert next_module_name(existing, title) == expected


def test_new_module_builds_clean(course: Callable[[str], Path], tmp_path: Path) -> None:
    src = course("minimal")
    code, output = new_module(src, "Working with families")
    assert code == 0, output
    created = src / "modules" / "02-working-with-families.md"
    assert output.strip() == f"created {created}"
    text = created.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "\n# Working with families\n" in text
    assert "::: question id=working-with-families-q1" in text and "::: reflection id=working-with-families-r1" in text

    # It builds as it is, but its placeholder text must not reach learners unnoticed (issue 14).
    check = CliRunner().invoke(main, ["check", "--src", str(src)])
    assert check.exit_code == 0, check.output
    flagged = [line for line in check.output.splitlines() if "warning" in line or "error" in line]
    assert flagged[0] == ("minimal/modules/02-working-with-families.md:4: warning: placeholder text from "
                          "'scr-course new' ('Replace this with what the learner…'); write "
                          "your own here before learners see it [source.placeholder]")
    assert len(flagged) == 10 and all(line.endswith("[source.placeholder]") for line in flagged)
    assert "2 modules, 4 questions" in check.output
    strict = CliRunner().invoke(main, ["check", "--src", str(src), "--strict"])
    assert strict.exit_code == 1 and "02-working-with-families.md:4: error: placeholder text" in strict.output
    build = CliRunner().invoke(main, ["build", "--src", str(src), "--out", str(tmp_path / "out")])
    assert build.exit_code == 0, build.output


def test_a_course_with_no_modules_gets_01(write_course: Callable[..., Path]) -> None:
    src = write_course({})
    code, output = new_module(src, "First steps")
    assert code == 0, output
    assert (src / "modules" / "01-first-steps.md").is_file()
    check = CliRunner().invoke(main, ["check", "--src", str(src)])
    assert check.exit_code == 0 and ": error: " not in check.output, check.output


def test_two_new_modules_in_a_row_both_build(course: Callable[[str], Path]) -> None:
    src = course("minimal")
    assert new_module(src, "Second")[0] == 0
    assert new_module(src, "Third")[0] == 0
    assert sorted(p.name for p in (src / "modules").glob("*.md")) == ["01-basics.md", "02-second.md", "03-third.md"]
    check = CliRunner().invoke(main, ["check", "--src", str(src)])
    assert check.exit_code == 0 and ": error: " not in check.output, check.output


def test_refuses_a_module_id_already_in_use(course: Callable[[str], Path]) -> None:
    src = course("minimal")
    before = sorted((src / "modules").iterdir())
    code, output = new_module(src, "Basics")
    assert code == 1
    assert "error: a module with the id 'basics' already exists" in output
    assert sorted((src / "modules").iterdir()) == before


def test_never_overwrites_a_file(course: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    src = course("minimal")
    taken = src / "modules" / "02-taken.md"
    taken.write_text("# Mine\n\n## Keep me\n\nAuthor's text.\n", encoding="utf-8")
    # Another process created the file between numbering and writing.
    monkeypatch.setattr(scaffold, "next_module_name", lambda existing, title: "02-taken.md")
    ids = itertools.count()
    monkeypatch.setattr(scaffold, "module_id_from_name", lambda rel: f"id-{next(ids)}")
    code, output = new_module(src, "Taken")
    assert code == 1
    assert "02-taken.md: error: file already exists; nothing was written" in output
    assert taken.read_text(encoding="utf-8") == "# Mine\n\n## Keep me\n\nAuthor's text.\n"


@pytest.mark.parametrize("title", ["", "   ", "Two\nlines"])
def test_refuses_an_empty_or_multiline_title(course: Callable[[str], Path], title: str) -> None:
    code, output = new_module(course("minimal"), title)
    assert code == 1
    assert "one-line title" in output


def test_refuses_a_missing_course_folder(tmp_path: Path) -> None:
    code, output = new_module(tmp_path / "nope", "Anything")
    assert code == 1
    assert "course folder not found" in output
    assert not (tmp_path / "nope").exists()


def test_a_module_added_later_goes_before_the_final_assessment(write_course: Callable[..., Path]) -> None:
    """Issue 23 (was: warned about after the assessment): the assessment moves one number up."""
    final = ("---\nassessment: true\n---\n# Final\n\n## Q\n\n::: question id=f1\nWho holds the picture?\n\n"
             "- [x] Several agencies, each one piece.\n- [ ] The school, through its records.\n"
             "- [ ] The GP, through the notes.\n- [ ] The family, through its story.\n:::\n")
    src = write_course({"modules/01-a.md": "# A\n\n## P\n\nText.\n", "modules/02-final.md": final})
    code, output = new_module(src, "Afterthought")
    assert code == 0, output
    assert f"renamed {src}/modules/02-final.md to {src}/modules/03-final.md" in output
    assert (src / "modules" / "03-final.md").read_text() == final
    check = CliRunner().invoke(main, ["check", "--src", "src"])
    assert "module.after-assessment" not in check.output and "src/modules/02-afterthought.md" in check.output
