"""Issue 23: new module --assessment and before the assessment, new page, build --clean and stale zips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from scr_course.pipeline import check

from .test_starter import run


def test_a_module_added_later_goes_before_the_assessment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "course", "fire")[0] == 0
    code, output = run("new", "module", "Final check", "--assessment", "--src", "fire")
    assert code == 0 and "created fire/modules/02-final-check.md" in output, output
    (tmp_path / "fire" / "modules" / "01-getting-started.md").write_text(
        "# Getting started\n\n## Start\n\nSee [the final check](02-final-check.md).\n", encoding="utf-8")
    code, output = run("new", "module", "Raising the alarm", "--src", "fire")
    assert code == 0, output
    assert "renamed fire/modules/02-final-check.md to fire/modules/03-final-check.md" in output
    assert "created fire/modules/02-raising-the-alarm.md" in output
    names = sorted(p.name for p in (tmp_path / "fire" / "modules").iterdir())
    assert names == ["01-getting-started.md", "02-raising-the-alarm.md", "03-final-check.md"]
    assert "(03-final-check.md)" in (tmp_path / "fire" / "modules" / "01-getting-started.md").read_text()
    course = check(tmp_path / "fire").course
    assert course is not None
    assert [m.id for m in course.modules] == ["getting-started", "raising-the-alarm", "final-check"]
    assert course.modules[-1].quiz.assessment
    codes = {d.code.value for d in check(tmp_path / "fire").diagnostics}
    assert codes == {"source.placeholder"}  # only the scaffold text to replace, no item or order problems
    code, output = run("new", "module", "Another final", "--assessment", "--src", "fire")
    assert code == 1 and "already has its scored assessment" in output


def test_new_page_is_written_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "course", "fire")[0] == 0
    assert run("new", "page", "Glossary", "--src", "fire")[0] == 0
    code, output = run("new", "page", "Content note", "--before", "--src", "fire")
    assert code == 0 and "created fire/pages/content-note.md" in output, output
    config = yaml.safe_load((tmp_path / "fire" / "course.yml").read_text(encoding="utf-8"))
    assert config["pages"] == {"before": ["pages/content-note.md"], "after": ["pages/glossary.md"]}
    assert "# yaml-language-server" in (tmp_path / "fire" / "course.yml").read_text(encoding="utf-8")
    assert run("new", "page", "Glossary", "--src", "fire")[0] == 1  # never overwrites
    code, output = run("check", "--src", "fire")
    assert code == 0 and "fire/pages/glossary.md:3: warning: placeholder text" in output


def test_new_page_in_a_block_list(write_course: Callable[..., Path]) -> None:
    write_course({"course.yml": 'id: tiny\ntitle: Tiny\nversion: "1.0"\npages:\n  after:\n    - pages/a.md\n',
                  "pages/a.md": "# A\n\nText.\n", "modules/01-m.md": "# M\n\n## P\n\nText.\n"})
    assert run("new", "page", "Sources", "--src", "src")[0] == 0
    config = yaml.safe_load(Path("src/course.yml").read_text(encoding="utf-8"))
    assert config["pages"]["after"] == ["pages/a.md", "pages/sources.md"]


def test_stale_zips_are_named_and_clean_removes_them(write_course: Callable[..., Path], tmp_path: Path) -> None:
    write_course({"modules/01-m.md": "# M\n\n## P\n\nText.\n"})
    assert run("build", "--src", "src", "--out", "out")[0] == 0
    config = tmp_path / "src" / "course.yml"
    config.write_text(config.read_text().replace('version: "1.0"', 'version: "1.1"'))
    code, output = run("build", "--src", "src", "--out", "out", "--target", "scorm12")
    assert code == 0
    for target in ("scorm12", "scorm2004", "cmi5"):
        assert f"out/tiny-1.0-{target}.zip is not a package of this course as it is now" in output
    assert "tiny-1.1-" not in output.split("note:", 1)[-1].split("\n")[0]  # its own zips are not stale
    (tmp_path / "out" / "someone-elses.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip, not ours
    code, output = run("build", "--src", "src", "--out", "out", "--clean")
    assert code == 0 and output.count("removed out/tiny-1.0-") == 3
    assert sorted(p.name for p in (tmp_path / "out").glob("*.zip")) == [
        "someone-elses.zip", "tiny-1.1-cmi5.zip", "tiny-1.1-scorm12.zip", "tiny-1.1-scorm2004.zip"]
