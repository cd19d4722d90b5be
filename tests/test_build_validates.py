"""Issue 23: the build never writes a package its own ``validate`` rejects."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course import pipeline
from scr_course.cli import main
from scr_course.model import BuildTarget
from scr_course.package_jobs import package_one
from scr_course.plan import plan_packages, zip_name
from scr_course.validate import validate_package

from .conftest import FIXTURES, REPO

LONG = "T" * 201
MODULE = "# Module\n\n## Page\n\nText.\n"


def test_a_201_character_course_title_is_refused_at_its_line(write_course: Callable[..., Path],
                                                             tmp_path: Path) -> None:
    write_course({"course.yml": f'id: tiny\nversion: "1.0"\ntitle: {LONG}\n', "modules/01-a.md": MODULE})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out"])
    assert result.exit_code == 1
    assert ("src/course.yml:3: error: title is 201 characters; a SCORM 1.2 manifest title may have at most 200"
            in result.output)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.zip"))


def test_a_201_character_module_title_is_refused_at_the_module(write_course: Callable[..., Path],
                                                               tmp_path: Path) -> None:
    write_course({"course.yml": 'id: tiny\ntitle: Tiny\nversion: "1.0"\npackaging: sco-per-module\n',
                  "modules/01-a.md": MODULE, "modules/02-b.md": f"# {LONG}\n\n## Page\n\nText.\n"})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out"])
    assert result.exit_code == 1
    assert "src/modules/02-b.md:1: error: module title is 201 characters" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.zip"))


def test_a_package_validate_rejects_is_never_written(course: Callable[[str], Path], tmp_path: Path) -> None:
    """The last step of build is the safety net for limits ``check`` does not know: a title over the
    limit is slipped past the checks here, as a future renderer change could, and must still stop."""
    report = pipeline.check(course("minimal"))
    assert report.course is not None and not report.failed()
    broken = dataclasses.replace(report.course, config=dataclasses.replace(report.course.config, title=LONG))
    plan = plan_packages(broken)[0]
    previous = tmp_path / "out" / zip_name(plan, BuildTarget.SCORM12)
    previous.parent.mkdir()
    previous.write_bytes(b"the last good package")
    result = package_one(broken, (plan, BuildTarget.SCORM12, previous))
    assert result.refused and "maxLength" in result.refused[0]
    assert previous.read_bytes() == b"the last good package"
    assert [p.name for p in previous.parent.iterdir()] == [previous.name]


COURSES = ["course_src", *sorted(p.name for p in FIXTURES.iterdir() if (p / "course.yml").is_file())]


@pytest.mark.parametrize("name", COURSES)
def test_every_zip_build_writes_passes_validate(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = REPO / "course_src" if name == "course_src" else FIXTURES / name
    shutil.copytree(source, tmp_path / "src", symlinks=True)
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out", "--no-cache"])
    assert result.exit_code == 0, result.output
    zips = sorted((tmp_path / "out").glob("*.zip"))
    assert zips, result.output
    for package in zips:
        assert validate_package(package) == [], package.name
