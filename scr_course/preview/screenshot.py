"""``scr-course screenshot``: one page of the course as a PNG, drawn by the system's Chromium.

The SCORM 1.2 package is rendered in memory and served from a loopback server that lives only as
long as the picture takes: no live-reload connection, nothing written but the PNG, and no
DevTools client (``chromium --headless --screenshot`` does the drawing).

The course is shown in a frame of exactly the picture's size, as an LMS shows it, not as the top
document: ``--screenshot`` draws the top document from its first pixel whatever it has been
scrolled to, so a page the runtime scrolls on opening (an assessment brings its question to the
top) came out as a blank band above the sticky contents bar. A frame's own scrolling is drawn as
the learner sees it.
"""

from __future__ import annotations

import difflib
import html
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from functools import partial
from pathlib import Path

from scr_course.diagnostics import CourseError
from scr_course.model import BuildTarget, Course
from scr_course.package import write_file
from scr_course.plan import plan_packages
from scr_course.render import render_package

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BUDGET_MS = 4000
"""Virtual time the page gets to start and draw (timers run ahead of the wall clock)."""
TIMEOUT_S = 90
FRAME_PAGE = "scr-screenshot-frame.html"
"""The page the picture is taken of: the course in a frame filling it (not a file of any package)."""


def frame_page(launch: str, width: int, height: int) -> bytes:
    """A page holding the course in a ``width`` by ``height`` frame at its top-left corner."""
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Screenshot</title>"
            "<style>html,body{margin:0;overflow:hidden}iframe{display:block;border:0;"
            f"width:{width}px;height:{height}px}}</style></head>"
            f"<body><iframe title=\"Course\" src=\"{html.escape(launch)}\"></iframe></body></html>\n").encode("utf-8")


def find_browser() -> str:
    """The Chromium to drive: $SCR_CHROMIUM, else the first of BROWSERS on PATH."""
    found = os.environ.get("SCR_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if not found:
        raise CourseError("error: screenshot needs Chromium; install it (Debian: apt install chromium) or set "
                          "SCR_CHROMIUM to its path")
    return found


def page_ids(course: Course) -> list[str]:
    """Every page id a learner can open, in reading order (the start screen is 'start')."""
    return ["start", *(p.id for p in course.pages_in_order)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def take_screenshot(course: Course, out: Path, page: str | None, width: int, height: int) -> Path:
    """Render the course, open ``page`` at ``width`` by ``height`` CSS pixels, write the PNG to ``out``."""
    known = page_ids(course)
    if page is not None and page not in known:
        close = difflib.get_close_matches(page, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f" (pages: {', '.join(known[:6])}…)"
        raise CourseError(f"error: no page '{page}' in the course{hint}")
    browser = find_browser()
    plan = plan_packages(course)[0]
    with tempfile.TemporaryDirectory(prefix="scr-screenshot-") as folder:
        root = Path(folder) / "site"
        for output in render_package(course, plan, BuildTarget.SCORM12):
            data = output.data if output.data is not None else (output.source.read_bytes() if output.source else b"")
            write_file(data, root / output.href)
        launch = plan.scos[0].href + (f"#{page}" if page and page != "start" else "")
        write_file(frame_page(launch, width, height), root / FRAME_PAGE)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/{FRAME_PAGE}"
            target = Path(folder) / "shot.png"
            command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                       f"--user-data-dir={Path(folder) / 'profile'}", "--no-first-run",
                       f"--window-size={width},{height}", f"--virtual-time-budget={BUDGET_MS}",
                       f"--screenshot={target}", url]
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise CourseError(f"error: Chromium did not finish the screenshot within {TIMEOUT_S} s") from None
        finally:
            server.shutdown()
            server.server_close()
        if not target.is_file() or target.stat().st_size == 0:
            detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise CourseError(f"error: Chromium wrote no screenshot ({detail})")
        write_file(target.read_bytes(), out)
    return out
