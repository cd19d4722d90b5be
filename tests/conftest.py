"""Shared fixtures: tiny fixture courses copied to a temporary folder, golden-file updating."""

from __future__ import annotations

import json
import shutil
import socket
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "courses"
GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).parent.parent

MINIMAL_COURSE_YML = """\
id: tiny
title: Tiny
version: "1.0"
"""


@pytest.fixture(autouse=True)
def private_cache_key(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test signs parse caches with a key of its own, never the key in the user's home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


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


class ServedPreview:
    """An in-process ``scr-course preview`` on a free loopback port, with a raw HTTP client."""

    def __init__(self, src: Path, **options: Any) -> None:
        from scr_course.preview import PreviewOptions, PreviewServer

        self.src = src
        self.lines: list[str] = []
        options.setdefault("poll_timeout", 1)
        self.server = PreviewServer(PreviewOptions(src=src, port=0, open_browser=False, **options),
                                    report=self.lines.append).start()
        self.url = self.server.url
        self.port = self.server.httpd.server_address[1]

    def raw(self, request: bytes, timeout: float = 10) -> tuple[int, bytes]:
        """Send bytes as they are (no client-side normalisation of the path); status and body."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as conn:
            conn.sendall(request)
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split(b" ", 2)[1]), body

    def get(self, path: str, headers: str = "") -> tuple[int, bytes]:
        """A GET with Connection: close."""
        return self.raw(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n".encode())

    def status(self, query: str = "") -> dict[str, Any]:
        """The inspector's status JSON."""
        code, body = self.get("/__preview/status" + query)
        assert code == 200, body
        return json.loads(body)  # type: ignore[no-any-return]

    def wait_for_epoch(self, after: int, timeout: float = 10) -> dict[str, Any]:
        """Long-poll until a build newer than ``after`` is reported, as the browser does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, body = self.get(f"/__preview/events?epoch={after}&player=1")
            state = json.loads(body)
            if state["epoch"] > after:
                return state  # type: ignore[no-any-return]
        raise AssertionError(f"no rebuild after epoch {after}: {self.lines}")

    def edit(self, rel: Path, change: Callable[[str], str]) -> None:
        """Rewrite a source file the way an editor saves it."""
        path = self.src / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture
def serve_preview() -> Iterator[Callable[..., ServedPreview]]:
    """``serve_preview(src, **PreviewOptions)``: a started preview, stopped after the test."""
    started: list[ServedPreview] = []

    def start(src: Path, **options: Any) -> ServedPreview:
        started.append(ServedPreview(src, **options))
        return started[-1]

    yield start
    for preview in started:
        preview.server.stop()
