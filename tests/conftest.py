"""Shared fixtures: tiny fixture courses copied to a temporary folder, golden-file updating."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "courses"
GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).parent.parent

MINIMAL_COURSE_YML = """\
id: tiny
title: Tiny
version: "1.0"
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when golden files should be rewritten instead of compared."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Copy ``tests/fixtures/courses/<name>`` into the temporary folder (the working directory)."""
    monkeypatch.chdir(tmp_path)

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target, symlinks=True)
        return target

    return copy


@pytest.fixture
def write_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write a course from a dict of relative path → text (dedented) into ``tmp_path/src``."""
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str | bytes], *, with_config: bool = True) -> Path:
        root = tmp_path / "src"
        if with_config and "course.yml" not in files:
            files = {"course.yml": MINIMAL_COURSE_YML, **files}
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return write
