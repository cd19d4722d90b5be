"""The wheel carries scorm_templates: a plain install builds a course from outside the repo."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO


@pytest.mark.slow
def test_wheel_installs_and_builds_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
                   check=True, cwd=tmp_path)
    (wheel,) = dist.glob("scr_course-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=tmp_path)
    work = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES / "minimal", work / "course")
    where = subprocess.run([str(python), "-c", "import scorm_templates, scr_course; print(scr_course.__file__)"],
                           check=True, cwd=work, capture_output=True, text=True).stdout
    assert str(env_dir) in where  # the installed copy, not the checkout
    cli = env_dir / "bin" / "scr-course"
    built = subprocess.run([str(cli), "build", "--src", "course", "--out", "out"], cwd=work,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    packages = sorted((work / "out").glob("*.zip"))
    assert [p.name for p in packages] == ["minimal-1.0.0-cmi5.zip", "minimal-1.0.0-scorm12.zip", "minimal-1.0.0-scorm2004.zip"]
    valid = subprocess.run([str(cli), "validate", *map(str, packages)], cwd=work, capture_output=True, text=True)
    assert valid.returncode == 0, valid.stderr
