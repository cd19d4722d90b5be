"""Source errors come out as ``path:line: error: message [code]``, all at once, exit 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main

GOOD_MODULE = "# A\n\n## Page\n\nText.\n"


def run_check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--src", str(root.name)])
    assert "Traceback" not in result.output
    return result.exit_code, [line for line in result.output.splitlines() if ": error: " in line]


CASES = {
    "missing-title": (
        {"modules/01-a.md": "Just text, no heading.\n"},
        "src/modules/01-a.md:1: error: module has no title: start it with '# Title' [module.missing-title]",
    ),
    "no-correct-answer": (
        {"modules/01-a.md": "# A\n\n## P\n\n::: question id=q1\nWhy?\n\n- [ ] No\n- [ ] Nope\n:::\n"},
        "src/modules/01-a.md:5: error: question has no correct option; mark one with '- [x]' [quiz.no-correct-choice]",
    ),
    "unknown-type": (
        {"modules/01-a.md": "# A\n\n## P\n\n::: question type=essay\nWhy?\n\n- [x] Yes\n:::\n"},
        "src/modules/01-a.md:5: error: unknown question type 'essay' (use single, multiple, true-false, "
        "fill-in, numeric, matching, ordering) [quiz.unknown-type]",
    ),
    "duplicate-id": (
        {"modules/01-a.md": "# A\n\n## P\n\n::: question id=same\nOne?\n\n- [x] Y\n- [ ] N\n:::\n",
         "modules/02-b.md": "# B\n\n## P\n\n::: question id=same\nTwo?\n\n- [x] Y\n- [ ] N\n:::\n"},
        "src/modules/02-b.md:5: error: duplicate question id 'same' (first used at src/modules/01-a.md:5) "
        "[quiz.duplicate-id]",
    ),
    "missing-asset": (
        {"modules/01-a.md": "# A\n\n## P\n\n![A chart](../assets/chart.png)\n"},
        "src/modules/01-a.md:5: error: image '../assets/chart.png' not found (paths are relative to the Markdown file, "
        "modules/01-a.md) [asset.missing]",
    ),
    "missing-alt-text": (
        {"modules/01-a.md": "# A\n\n## P\n\n![](pic.svg)\n", "modules/pic.svg": "<svg/>"},
        "src/modules/01-a.md:5: error: image 'pic.svg' has no alt text; describe what it shows in ![...], or, "
        "if it is purely decorative, mark it: ![](pic.svg){decorative} [asset.alt-text]",
    ),
    "bad-yaml": (
        {"course.yml": "id: tiny\ntitle: [unclosed\nversion: 1\n", "modules/01-a.md": GOOD_MODULE},
        "src/course.yml:3: error: invalid YAML: expected ',' or ']', but got ':' [config.yaml]",
    ),
    "unknown-key": (
        {"course.yml": "id: tiny\ntitle: T\nversion: '1'\ntrackng:\n  pass_mark: 80\n", "modules/01-a.md": GOOD_MODULE},
        "src/course.yml:4: error: unknown key 'trackng' in course.yml (did you mean 'tracking'?) "
        "[config.unknown-key]",
    ),
    "bad-front-matter-yaml": (
        {"modules/01-a.md": "---\nduration: [1\n---\n# A\n\n## P\n\nText.\n"},
        "src/modules/01-a.md:2: error: invalid YAML: expected ',' or ']', but got '<stream end>' [config.yaml]",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_error_is_reported_with_file_and_line(name: str, write_course: Callable[..., Path]) -> None:
    files, expected = CASES[name]
    code, errors = run_check(write_course(files))
    assert code == 1
    assert expected in errors, errors


def test_all_problems_come_out_in_one_run(write_course: Callable[..., Path]) -> None:
    files: dict[str, str] = {"course.yml": "id: tiny\ntitle: T\nversion: '1'\ncolour: red\n"}
    files.update(CASES["no-correct-answer"][0])
    files["modules/02-b.md"] = "# B\n\n## P\n\n![](missing.png)\n"
    code, errors = run_check(write_course(files))
    assert code == 1
    assert [e.split(": error: ")[0] for e in errors] == [
        "src/course.yml:4", "src/modules/01-a.md:5", "src/modules/02-b.md:5", "src/modules/02-b.md:5"]


def test_failed_build_leaves_previous_packages_untouched(
    write_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = write_course({"modules/01-a.md": GOOD_MODULE})
    runner = CliRunner()
    first = runner.invoke(main, ["build", "--src", "src", "--out", "out"])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.zip")}
    assert sorted(before) == ["tiny-1.0-cmi5.zip", "tiny-1.0-scorm12.zip", "tiny-1.0-scorm2004.zip"]
    (root / "modules/01-a.md").write_text("# A\n\n## P\n\n::: question\nBroken?\n\n- [ ] No\n:::\n")
    second = runner.invoke(main, ["build", "--src", "src", "--out", "out"])
    assert second.exit_code == 1
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.zip")}
    assert after == before  # same files, same bytes
    assert not list((tmp_path / "out").glob(".*.tmp"))  # no temporary leftovers


def test_missing_course_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--src", "nowhere"])
    assert result.exit_code == 1
    assert "nowhere: error: course folder not found" in result.output


def test_every_diagnostic_code_explains_itself() -> None:
    from scr_course.diagnostics import Code

    assert all(code.help for code in Code), [code for code in Code if not code.help]
