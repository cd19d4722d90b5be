"""The preview server without a browser: what it serves, what it refuses, and that it keeps running (issues 5, 6)."""

from __future__ import annotations

import contextlib
import gc
import json
import socket
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.model import BuildTarget
from scr_course.preview import PreviewOptions
from scr_course.preview.incremental import IncrementalBuilder
from scr_course.preview.server import decode_path

from .conftest import ServedPreview as Served

MODULE = Path("modules/01-basics.md")


@pytest.fixture
def served(course: Callable[[str], Path], serve_preview: Callable[..., Served]) -> Served:
    """The ``minimal`` fixture course, served; stopped after the test."""
    return serve_preview(course("minimal"))


@pytest.mark.parametrize("path", [
    "/../../etc/passwd",
    "/sco/scorm12/0/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/sco/scorm12/0/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/sco/scorm12/0/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/sco/scorm12/0/..%5c..%5cetc%5cpasswd",
    "/__preview/static/..%2f..%2fscr_course%2fcli.py",
    "/__preview/static/../../pyproject.toml",
    "/sco/scorm12/0/%00index.html",
    "/sco/scorm12/0/%ff%fe",
    "//etc/passwd",
    "/sco/scorm12/0//etc/passwd",
    "/sco/scorm12/0/course.yml",
    "/sco/scorm12/0/modules/01-basics.md",
])
def test_path_traversal_is_refused(served: Served, path: str) -> None:
    code, body = served.raw(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
    assert code in (400, 404), (path, code)
    assert b"root:" not in body and b"[project]" not in body and b"import" not in body


def test_decode_path_rejects_dot_segments_however_encoded() -> None:
    assert decode_path("/sco/scorm12/0/assets/a%20b.svg") == ["sco", "scorm12", "0", "assets", "a b.svg"]
    for bad in ("/a/../b", "/a/%2e%2e/b", "/a/%2E%2e/b", "/a/.", "/a%2fb", "/a%5cb", "/a%00", "relative", "/%c3%28"):
        assert decode_path(bad) is None, bad


def test_serves_exactly_the_files_the_zip_holds(served: Served, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--src", str(served.src), "--out", str(tmp_path / "zips"),
                                       "--target", "scorm12"])
    assert result.exit_code == 0, result.output
    (package,) = (tmp_path / "zips").glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        for name in names:
            code, body = served.get(f"/sco/scorm12/0/{name}")
            assert (code, body) == (200, archive.read(name)), name
    assert not [n for n in names if "preview" in n or n.endswith(("lms-datamodel.js", "lms-stub.js", "panel-views.js", "panel.js", "panel.css"))]


def test_player_page_defines_the_api_before_the_frame_and_has_no_inline_script(served: Served) -> None:
    code, body = served.get("/")
    html = body.decode()
    assert code == 200
    head, _, rest = html.partition("</head>")
    assert '<script src="/__preview/static/lms-stub.js"></script>' in head
    assert '<script src="/__preview/static/panel.js"></script>' in head
    assert "<iframe" in rest and "<iframe" not in head
    scripts = [s for s in html.split("<script")[1:] if 'src="' not in s.split(">", 1)[0]]
    assert all('type="application/json"' in s.split(">", 1)[0] for s in scripts), "only JSON data blocks inline"
    assert "&lt;test&gt;" in html, "the course title is escaped"


def test_security_headers(served: Served) -> None:
    with socket.create_connection(("127.0.0.1", served.port)) as conn:
        conn.sendall(b"HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        head = conn.recv(65536).decode()
    assert "Content-Security-Policy: default-src 'self'; script-src 'self';" in head
    assert "frame-ancestors 'none'" in head and "X-Content-Type-Options: nosniff" in head
    assert "Cache-Control: no-store" in head


def test_binds_loopback_by_default_and_refuses_other_host_names(served: Served) -> None:
    assert PreviewOptions(src=Path("x")).host == "127.0.0.1"
    assert served.server.httpd.server_address[0] == "127.0.0.1"
    assert served.get("/", headers="")[0] == 200
    code, _ = served.raw(b"GET / HTTP/1.1\r\nHost: attacker.example:8000\r\nConnection: close\r\n\r\n")
    assert code == 421, "DNS rebinding: a page on another name must not read the preview"
    assert served.raw(b"GET / HTTP/1.1\r\nHost: localhost:1234\r\nConnection: close\r\n\r\n")[0] == 200


def test_build_errors_reach_the_overlay_endpoint_and_clear_when_fixed(served: Served) -> None:
    first = served.status()
    assert first["ok"] and first["problems"] == []
    good = (served.src / MODULE).read_text(encoding="utf-8")

    served.edit(MODULE, lambda text: text.replace("- [x] Right", "- [ ] Right"))
    broken = served.wait_for_epoch(first["epoch"])

    assert broken["ok"] is False and broken["hasBuild"] is True
    assert [p["text"] for p in broken["problems"]] == [
        "minimal/modules/01-basics.md:20: error: question has no correct option; mark one with '- [x]' "
        "[quiz.no-correct-choice]"]
    assert "minimal/modules/01-basics.md:20: error: question has no correct option" in "\n".join(served.lines)
    code, body = served.get("/sco/scorm12/0/index.html")
    assert code == 200 and b"q-single" in body, "the last good build is still served"

    (served.src / MODULE).write_text(good.replace("Opening text", "Fixed text"), encoding="utf-8")
    fixed = served.wait_for_epoch(broken["epoch"])

    assert fixed["ok"] is True and fixed["problems"] == []
    assert b"Fixed text" in served.get("/sco/scorm12/0/index.html")[1]


def test_long_poll_answers_on_timeout_with_the_same_epoch(served: Served) -> None:
    epoch = served.status()["epoch"]
    start = time.monotonic()
    code, body = served.get(f"/__preview/events?epoch={epoch}&player=1")
    assert code == 200 and json.loads(body)["epoch"] == epoch
    assert 0.8 <= time.monotonic() - start < 5


def test_status_describes_the_scos_from_the_manifest(course: Callable[[str], Path]) -> None:
    preview = Served(course("question-types"), target=BuildTarget.SCORM2004)
    try:
        state = preview.status()
    finally:
        preview.server.stop()
    assert state["target"] == "scorm2004"
    sco = state["scos"][0]
    assert sco["href"] == "index.html" and sco["scaledPassingScore"] is not None
    assert sco["pages"][0] == {"id": "checks--choices", "title": "Choices"}
    assert sco["scaledPassingScore"] == "0.75" and sco["masteryScore"] is None
    assert state["course"]["id"] == "question-types"


def test_server_survives_bad_input(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    bad_requests = [
        b"GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"\xff\xfe\xfd\r\n\r\n",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\n" + b"X-Long: " + b"b" * 70_000 + b"\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
        b"GET /?target=nope&package=99999999999&epoch=abc HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /__preview/events?epoch=-5&player=%ff HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /sco/cmi5/0/index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /sco/scorm12/99999/index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"GET /?" + b"&".join(b"k%d=v" % i for i in range(500)) + b" HTTP/1.1\r\nConnection: close\r\n\r\n",
    ]
    for request in bad_requests:
        # The server may close without a status line; it must just stay up.
        with contextlib.suppress(ValueError, IndexError, ConnectionError):
            served.raw(request, timeout=10)
    # A half-sent request that never finishes does not block others.
    with socket.create_connection(("127.0.0.1", served.port)) as stalled:
        stalled.sendall(b"GET / HTTP/1.1\r\nHost: local")
        assert served.get("/")[0] == 200
    # Bad course input: invalid UTF-8, then a crash inside the compiler.
    epoch = served.status()["epoch"]
    (served.src / MODULE).write_bytes(b"# Basics\n\n\xff\xfe broken\n")
    state = served.wait_for_epoch(epoch)
    assert not state["ok"] and "not valid UTF-8" in state["problems"][0]["text"]

    def crash(self: IncrementalBuilder, target: BuildTarget, package: int = 0) -> None:
        raise RuntimeError("compiler bug")

    monkeypatch.setattr(IncrementalBuilder, "rebuild", crash)
    (served.src / "course.yml").write_text("id: x\n", encoding="utf-8")
    state = served.wait_for_epoch(state["epoch"])
    assert not state["ok"]
    assert "internal error while building: RuntimeError('compiler bug')" in state["problems"][0]["text"]
    assert served.get("/")[0] == 200 and served.get("/sco/scorm12/0/index.html")[0] == 200
    assert [line for line in served.lines if "Traceback" in line and "compiler bug" not in line] == []


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_thousand_mixed_requests_without_errors_or_memory_growth(served: Served) -> None:
    """Issue 6: a bounded local load loop (8 workers, 127.0.0.1 only) against the in-process server."""
    epoch = served.status()["epoch"]
    mix = [
        ("/", 200), ("/__preview/status", 200), ("/sco/scorm12/0/index.html", 200),
        ("/sco/scorm12/0/runtime/player.js", 200), ("/sco/scorm12/0/assets/diagram.svg", 200),
        ("/sco/scorm12/0/imsmanifest.xml", 200), ("/__preview/static/panel.js", 200),
        ("/sco/scorm2004/0/index.html", 200), ("/nothing-here", 404), ("/../../etc/passwd", 400),
        ("/%2e%2e/%2e%2e/etc/passwd", 400), (f"/__preview/events?epoch={epoch - 1}&player=1", 200),
    ]

    def run(count: int) -> list[tuple[str, int, int]]:
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(lambda i: (mix[i % len(mix)][0], mix[i % len(mix)][1],
                                            served.get(mix[i % len(mix)][0])[0]), range(count)))

    run(200)   # warm up: caches, both targets built, thread stacks
    gc.collect()
    threads_before, rss_before = threading.active_count(), _rss_kib()

    results = run(1000)

    gc.collect()
    time.sleep(0.2)
    growth = _rss_kib() - rss_before
    assert [r for r in results if r[1] != r[2]] == []
    assert threading.active_count() <= threads_before + 2, "handler threads end with their requests"
    print(f"RSS {rss_before} KiB -> {rss_before + growth} KiB over 1,000 requests; threads {threads_before}")
    assert growth < 8 * 1024, f"RSS grew by {growth} KiB over 1,000 requests"
    assert not [line for line in served.lines if "Traceback" in line]


def test_cli_preview_refuses_a_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["preview", "--src", str(tmp_path / "nope"), "--no-open", "--port", "0"])
    assert result.exit_code == 1
    assert "course folder not found" in result.output


def test_cli_preview_reports_a_port_in_use(served: Served) -> None:
    result = CliRunner().invoke(main, ["preview", "--src", str(served.src), "--no-open", "--port", str(served.port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{served.port}" in result.output


def test_cli_preview_serves_until_interrupted(course: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from scr_course.preview import server as server_module

    started: list[str] = []

    def interrupt() -> None:
        started.append("waited")
        raise KeyboardInterrupt

    monkeypatch.setattr(server_module, "wait_for_interrupt", interrupt)
    result = CliRunner().invoke(main, ["preview", "--src", str(course("minimal")), "--no-open", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "built scorm12 in" in result.output and "preview of " in result.output and "stopping" in result.output
    assert started == ["waited"]


def test_assets_and_templates_trigger_a_rebuild(served: Served) -> None:
    import os

    from scr_course.resources import template_folder

    epoch = served.status()["epoch"]
    (served.src / "assets" / "diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>new</title></svg>',
                                                       encoding="utf-8")
    epoch = served.wait_for_epoch(epoch)["epoch"]
    assert b"<title>new</title>" in served.get("/sco/scorm12/0/assets/diagram.svg")[1]

    templates = template_folder()
    assert templates is not None, "tests run from a checkout or a plain install"
    os.utime(templates / "html" / "sco.html.j2")   # a template saved without changes
    served.wait_for_epoch(epoch)
    player = served.status()["player"]
    os.utime(templates / "preview" / "panel.css")   # the preview's own files reload the whole player page
    deadline = time.monotonic() + 10
    while served.status()["player"] == player and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served.status()["player"] == player + 1


def test_each_package_of_a_package_per_module_course_is_served(course: Callable[[str], Path]) -> None:
    src = course("question-types")
    (src / "course.yml").write_text((src / "course.yml").read_text(encoding="utf-8")
                                    + "packaging: package-per-module\n", encoding="utf-8")
    preview = Served(src)
    try:
        first, second = preview.status("?package=0"), preview.status("?target=scorm12&package=1")
        assert [p["name"] for p in first["packages"]] == ["question-types-checks-2.1", "question-types-final-2.1"]
        assert first["scos"][0]["pages"][0]["id"].startswith("checks--")
        assert second["scos"][0]["pages"][0]["id"].startswith("final--")
        assert b"final--questions" in preview.get("/sco/scorm12/1/index.html")[1]
        assert preview.get("/sco/scorm12/7/index.html")[0] == 404, "a package number past the last serves nothing"
        assert preview.get("/?target=scorm12&package=7")[0] == 302
    finally:
        preview.server.stop()
