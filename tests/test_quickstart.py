"""The README's Quick start, run literally in a fresh clone with a PEP 668 (externally managed) Python."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""A login shell's PATH: no virtual environment, so ``python3`` is the machine's own."""


def quick_start_commands(readme: str) -> list[str]:
    """The shell blocks of the README's Quick start section, in order."""
    section = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def clean_environment() -> dict[str, str]:
    """This process's environment (pip's index settings included) minus any active virtual environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_BREAK_SYSTEM_PACKAGES", "PIP_USER")}
    env["PATH"] = SYSTEM_PATH
    return env


@pytest.mark.slow
def test_the_readme_quick_start_works_in_a_fresh_clone_with_an_externally_managed_python(tmp_path: Path) -> None:
    env = clean_environment()
    python = shutil.which("python3", path=SYSTEM_PATH)
    assert python, "no python3 on the system PATH"
    stdlib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                            check=True, capture_output=True, text=True, env=env).stdout.strip()
    # PEP 668: this marker is what makes `python3 -m pip install .` fail on Debian and Ubuntu.
    assert (Path(stdlib) / "EXTERNALLY-MANAGED").is_file(), f"{python} is not marked externally managed"

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, env=env)
    commands = quick_start_commands((clone / "README.md").read_text(encoding="utf-8"))
    assert len(commands) == 2 and all("\n" not in c for c in commands), commands
    install, tests = commands
    assert tests == "bash tests/run_all.sh"

    done = subprocess.run(["bash", "-c", install], cwd=clone, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    packages = sorted(p.name for p in (clone / "build").glob("*.zip"))
    assert packages == ["scr-learning-2014-17-1.2.0-cmi5.zip", "scr-learning-2014-17-1.2.0-scorm12.zip",
                        "scr-learning-2014-17-1.2.0-scorm2004.zip"]

    # The second command: the same venv gets the test extra, chromium and npm packages; one test is enough
    # to show the suite starts (the whole suite is what runs this test).
    one = "tests/test_build.py::test_build_writes_one_zip_per_target_with_a_summary"
    done = subprocess.run(["bash", "-c", f"{tests} -q -p no:cacheprovider {one}"], cwd=clone, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert (clone / ".venv" / "bin" / "pytest").is_file()
