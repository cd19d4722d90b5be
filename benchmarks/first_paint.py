"""Browser figures for the benchmark: first content visible, and suspend_data with every question answered."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import statistics
import sys
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Frame, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate_course

from scr_course.pipeline import BuildOptions, build

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# Only the first page is laid out before the runtime starts (the others carry `hidden`), so the
# first contentful paint is the first page's content; we also wait for the runtime to be running.
FIRST_PAINT = """() => new Promise(resolve => {
  const done = () => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    if (paint && document.documentElement.classList.contains('js')) resolve(paint.startTime);
    else setTimeout(done, 20);
  };
  done();
})"""


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """A quiet local HTTP server for ``folder`` on 127.0.0.1."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _unpack(src: Path, work: Path, target: str) -> Path:
    report = build(BuildOptions(src=src, out=work / "zips", cache=False))
    if report.failed():
        raise SystemExit("\n".join(d.format() for d in report.diagnostics))
    package = next(p.path for p in report.packages if p.path.name.endswith(f"-{target}.zip"))
    folder = work / "unpacked"
    shutil.rmtree(folder, ignore_errors=True)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    return folder


def first_content_ms(src: Path, work: Path, runs: int = 7) -> float:
    """Median ms from navigation start to the first contentful paint of the first page (no LMS, local server)."""
    folder = _unpack(src, work, "scorm12")
    times = []
    with served(folder) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(f"{url}/index.html")
            times.append(page.evaluate(FIRST_PAINT))
            assert page.evaluate("() => document.querySelectorAll('section.page:not([hidden])').length") == 1
            context.close()
        browser.close()
    return float(statistics.median(times))


LONG_ANSWERS = {"fill-in": "a chronology of every contact and concern", "numeric": "-123456.789012345678901"}


def _answer_everything(frame: Frame) -> None:
    data = json.loads(frame.locator("#scr-data").text_content() or "{}")
    for question in data["questions"]:
        qid, kind = question["id"], question["kind"]
        frame.locator(f'[data-page-link="{question["page"]}"]').click()
        box = frame.locator(f'form[data-question="{qid}"]')
        choices = [c["id"] for c in question["choices"]]
        if kind in ("single", "true-false"):
            box.locator(f'input[value="{choices[0]}"]').check()
        elif kind == "multiple":
            for choice in choices:
                box.locator(f'input[value="{choice}"]').check()
        elif kind in LONG_ANSWERS:
            box.locator("[data-answer-input]").fill(LONG_ANSWERS[kind])
        elif kind == "matching":
            for choice in choices:
                box.locator(f'select[name="{qid}--{choice}"]').select_option(choices[-1])
        else:
            box.locator("li").first.locator('[data-move="down"]').click()
        box.locator("button[type=submit]").click()


def state_length(questions: int, work: Path) -> tuple[int, str]:
    """suspend_data length once every question of a generated single-SCO course is answered."""
    target = "scorm12" if questions <= 150 else "scorm2004"
    modules = 25 if questions <= 150 else 100
    per_module = questions // modules + (1 if questions % modules else 0)
    src = generate_course(work / "course", modules, questions=per_module, reflections=False, packaging="single",
                          targets=f"[{target}]", image_sizes=(100, 200))
    folder = _unpack(src, work, target)
    with served(folder) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/index.html")
        frame = page.main_frame
        _answer_everything(frame)
        record = page.evaluate("() => { for (let i = 0; i < localStorage.length; i++) {"
                               " const k = localStorage.key(i); if (k.startsWith('scr:')) return localStorage.getItem(k); }"
                               " return null; }")
        browser.close()
    state = json.loads(record)["s"]
    return len(state), target
