"""``scr-course new course`` and where commands find the course when ``--src`` is not given."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.validate import validate_package


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


STARTER_PLACEHOLDERS = {
    4: "Replace this with what the learner", 22: "Introduce the module here",
    27: "Write the page here", 31: "Replace this alt text", 36: "Replace this question",
    38: "This one. Options marked [x] are correct", 39: "Feedback shown when the learner picks this option",
    40: "replace this option", 41: "Feedback explaining why this option is not right",
    43: "After the options, explain the answer", 48: "Replace this reflection prompt",
}
"""Every line of the starter module that holds its text rather than the author's (issue 23, point 10)."""


def _replace_starter_text(module: Path) -> None:
    """What an author does: their own text on each flagged line; the author notes (comments) may stay."""
    lines = module.read_text(encoding="utf-8").split("\n")
    own = {4: "  - Choose the safe way out of a ward when the alarm sounds.",
           22: "Fire spreads fast on a ward. This module shows what to do in the first minute.",
           27: "Every ward has two ways out. Learn both before your first shift.",
           31: "![A ward plan: the beds, the nurses' station and two fire exits](../assets/page-outline.svg)",
           36: "The alarm sounds and smoke fills the corridor. What do you do first?",
           38: "- [x] Close the doors near the fire and raise the alarm.",
           39: "  > Right: closed doors hold smoke back while you move patients away.",
           40: "- [ ] Open the windows to let the smoke out.",
           41: "  > Fresh air feeds the fire; keep windows and doors shut.",
           43: "Closing doors buys minutes: smoke and fire spread more slowly behind them.",
           48: "Where are the two ways out of your own ward?"}
    for number, text in own.items():
        lines[number - 1] = text
    module.write_text("\n".join(lines), encoding="utf-8")


def test_a_new_course_names_every_placeholder_until_the_author_replaces_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("new", "course", "safer-recruitment")
    assert code == 0, output
    root = tmp_path / "safer-recruitment"
    for rel in ("course.yml", ".gitignore", "modules/01-getting-started.md",
                "assets/page-outline.svg", "course.schema.json"):
        assert (root / rel).is_file(), rel
        assert f"created {Path('safer-recruitment') / rel}" in output
    config = yaml.safe_load((root / "course.yml").read_text(encoding="utf-8"))
    assert config["id"] == "safer-recruitment" and config["title"] == "Safer recruitment"
    assert config["version"] == "0.1.0" and config["pages"]["before"] == []
    # Issue 23: nothing the author did not write reaches the catalogue or the learner.
    assert "description" not in config and not (root / "pages").exists()
    assert "build/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    module = (root / "modules" / "01-getting-started.md").read_text(encoding="utf-8")
    assert "::: question id=" in module and "::: reflection id=" in module and "](../assets/page-outline.svg)" in module

    monkeypatch.chdir(root)  # as the author would: cd into the course, run with no --src
    # The starter's text explains the format; none of it may reach learners unflagged (issue 23):
    # every line of it is named, and --strict refuses the course until each is replaced.
    code, output = run("check", "--strict")
    assert code == 1
    rel = "modules/01-getting-started.md"
    assert output.splitlines() == [
        f"{rel}:{number}: error: placeholder text from 'scr-course new' ('{phrase}…'); write your own here "
        "before learners see it [source.placeholder]" for number, phrase in STARTER_PLACEHOLDERS.items()]
    code, output = run("check")  # a warning each without --strict: preview and build still work
    assert code == 0 and output.count("warning: placeholder text") == len(STARTER_PLACEHOLDERS), output
    _replace_starter_text(root / "modules" / "01-getting-started.md")
    code, output = run("check", "--strict")
    assert code == 0, output
    assert output == "safer-recruitment: ok: 1 module, 1 question\n"
    code, output = run("build", "--strict")
    assert code == 0, output
    packages = sorted((root / "build").glob("*.zip"))
    assert [p.name for p in packages] == [f"safer-recruitment-0.1.0-{t}.zip" for t in ("cmi5", "scorm12", "scorm2004")]
    for package in packages:
        assert validate_package(package) == []


def test_a_description_given_reaches_the_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("new", "course", "fire", "--description", "Fire safety for ward staff: what to do first.")
    assert code == 0, output
    config = yaml.safe_load((tmp_path / "fire" / "course.yml").read_text(encoding="utf-8"))
    assert config["description"] == "Fire safety for ward staff: what to do first."
    _replace_starter_text(tmp_path / "fire" / "modules" / "01-getting-started.md")
    code, output = run("build", "--src", "fire", "--strict", "--target", "scorm12")
    assert code == 0, output
    with zipfile.ZipFile(tmp_path / "build" / "fire-0.1.0-scorm12.zip") as archive:
        assert "Fire safety for ward staff: what to do first." in archive.read("imsmanifest.xml").decode()


def test_old_scaffold_placeholders_are_flagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Courses made by earlier versions still carry the catalogue and content-note placeholders."""
    monkeypatch.chdir(tmp_path)
    assert run("new", "course", "old")[0] == 0
    config = tmp_path / "old" / "course.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "before: []", "before: [pages/content-note.md]") + "description: Describe the course here for the LMS catalogue.\n",
        encoding="utf-8")
    (tmp_path / "old" / "pages").mkdir()
    (tmp_path / "old" / "pages" / "content-note.md").write_text(
        "# Before you start\n\nSay here what this course discusses that some learners may find difficult.\n",
        encoding="utf-8")
    code, output = run("check", "--src", "old", "--strict")
    assert code == 1
    assert "old/course.yml:" in output and "old/pages/content-note.md:3: error: placeholder text" in output


def test_every_key_of_the_new_course_yml_has_a_comment(tmp_path: Path) -> None:
    code, output = run("new", "course", str(tmp_path / "c"), "--title", "Working with families: \"what works\"")
    assert code == 0, output
    text = (tmp_path / "c" / "course.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["title"] == "Working with families: \"what works\""
    lines = text.splitlines()
    keys = [n for n, line in enumerate(lines) if re.match(r"^\s*[a-z_]+:", line)]
    assert len(keys) >= 17
    for n in keys:
        assert lines[n - 1].lstrip().startswith("#"), f"no comment above: {lines[n]}"


def test_new_course_refuses_a_folder_with_files_but_accepts_a_fresh_git_repository(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = run("new", "course", str(tmp_path / "busy"))
    assert code == 1
    assert "folder is not empty (notes.txt…); a new course needs a new or empty folder, nothing was written" in output
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    code, output = run("new", "course", str(tmp_path / "repo"), "--title", "Repo course")
    assert code == 0, output
    assert (tmp_path / "repo" / "course.yml").is_file()


def test_src_is_course_src_when_it_exists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("new", "course", str(tmp_path / "course_src"), "--title", "Project")
    (tmp_path / "course.yml").write_text("not: the course\n", encoding="utf-8")  # course_src wins
    monkeypatch.chdir(tmp_path)
    code, output = run("check")
    assert code == 0, output
    assert output.splitlines()[-1] == "course_src: ok: 1 module, 1 question"
    assert output.startswith("course_src/modules/01-getting-started.md:4: warning: placeholder text")
    code, output = run("new", "module", "Working together")
    assert code == 0, output
    assert output == f"created {Path('course_src/modules/02-working-together.md')}\n"


def test_outside_a_course_commands_say_how_to_start_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    hint = "start one with: scr-course new course my-course, or pass --src FOLDER"
    for args in (["check"], ["build"], ["summary"], ["new", "module", "Anything"]):
        code, output = run(*args)
        assert code == 1, args
        assert output == f"error: no course here: {tmp_path.resolve()} has neither a course_src folder nor a course.yml; {hint}\n"
    (tmp_path / "empty").mkdir()
    code, output = run("new", "module", "Anything", "--src", "empty")
    assert code == 1
    assert output == "empty: error: not a course folder (no course.yml); start one with: scr-course new course my-course\n"
    assert list((tmp_path / "empty").iterdir()) == []
