"""The sample course on a slow 4G connection: first content, usable, bytes before usable, resume.

Budgets (issues 11 and 21), SCORM 1.2 package at 375 px wide, under Chromium's own network
throttling through the DevTools protocol (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip),
from a plain local HTTP server that sends no compression, cache disabled; each figure is the
median of 5 cold loads:

- first content visible (first contentful paint) <= 1.0 s;
- usable <= 1.5 s: the runtime is running and a press of Next has shown the next page;
- bytes received before usable <= 150 KB;
- resumed page visible <= 2.0 s after "Continue": a returning learner (the saved place is a page
  two thirds into the course, in a later chunk) presses Continue as soon as the panel offers it.

There is no LMS around the package: the runtime keeps its state in browser storage and offers
the same "Welcome back" panel from it, so resuming is measured without an LMS's own requests.

    python benchmarks/slow_4g.py            # prints a table with PASS/MISS, exit 1 on a miss
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Request, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from first_paint import CHROMIUM_ARGS, _unpack, served

REPO = Path(__file__).resolve().parent.parent
RUNS = 5
TARGET = "scorm12"
VIEWPORT = {"width": 375, "height": 667}
FIRST_CONTENT_BUDGET = 1000.0
USABLE_BUDGET = 1500.0
BYTES_BUDGET = 150 * 1024
RESUME_BUDGET = 2000.0
THROTTLE = {
    "offline": False,
    "latency": 150,  # ms, added to every round trip
    "downloadThroughput": 1.6 * 1_000_000 / 8,  # bytes per second
    "uploadThroughput": 750 * 1_000 / 8,
}
# Time from navigation start: first contentful paint, then Next pressed as soon as the runtime
# runs, until the page after the start screen is on screen.
MEASURE = """() => new Promise(resolve => {
  const tick = () => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const next = document.getElementById('next-page');
    if (paint && document.documentElement.classList.contains('js') && next && !next.hidden) {
      next.click();
      const wait = () => {
        const shown = document.querySelector('section.page:not([hidden])');
        if (shown && shown.dataset.page !== 'course-start') resolve([paint.startTime, performance.now()]);
        else setTimeout(wait, 5);
      };
      wait();
    } else setTimeout(tick, 5);
  };
  tick();
})"""
# "Continue" pressed as soon as the resume panel shows it: ms from the press until the saved page
# shows, and the chunk scripts asked for by then.
RESUME = """(pageId) => new Promise(resolve => {
  const tick = () => {
    const button = document.getElementById('resume-continue');
    const panel = document.getElementById('resume-panel');
    if (document.documentElement.classList.contains('js') && panel && !panel.hidden && button) {
      const pressed = performance.now();
      button.click();
      const wait = () => {
        const shown = document.getElementById(pageId);
        if (shown && !shown.hidden) {
          const at = performance.now();
          const chunks = performance.getEntriesByType('resource')
            .filter(e => e.name.includes('-pages-') && e.startTime <= at).map(e => e.name.split('/').pop());
          resolve([at - pressed, chunks]);
        }
        else setTimeout(wait, 5);
      };
      wait();
    } else setTimeout(tick, 5);
  };
  tick();
})"""
ALL_PAGES = """() => { const d = JSON.parse(document.getElementById('scr-data').textContent);
  return document.querySelectorAll('section.page').length === d.pages.length + 1; }"""


def _throttled_page(browser: Browser, context: Any = None) -> tuple[Any, Page]:
    context = context or browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    return context, page


def measure_start(browser: Browser, url: str) -> tuple[float, float, int]:
    """One cold first visit: (first content ms, usable ms, bytes received before usable)."""
    context, page = _throttled_page(browser)
    try:
        sizes: dict[str, int] = {}

        def record(request: Request) -> None:
            sizes[request.url] = request.sizes()["responseBodySize"]

        page.on("requestfinished", record)
        page.goto(url, wait_until="commit")
        first, usable = page.evaluate(MEASURE)
        before = sum(sizes.values())
        # Sizes are asked of the browser; a listener still running as it closes would fail noisily.
        page.remove_listener("requestfinished", record)
        # Let the later pages arrive (and prove they do) before the browser goes away.
        page.wait_for_function(ALL_PAGES, timeout=60_000)
        return first, usable, before
    finally:
        context.close()


def measure_resume(browser: Browser, url: str, page_id: str) -> tuple[float, list[str]]:
    """One cold return: ms from "Continue" to the saved page, and the chunk scripts asked for until then."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        # The first session (not measured): open the page, so the browser keeps it as the place.
        first = context.new_page()
        first.goto(f"{url}#{page_id}")
        first.wait_for_function(f"() => {{ const s = document.getElementById('{page_id}'); return s && !s.hidden; }}")
        first.close()
        _, page = _throttled_page(browser, context)
        page.goto(url, wait_until="commit")
        took, asked = page.evaluate(RESUME, page_id)
        return float(took), list(asked)
    finally:
        context.close()


def resume_page(browser: Browser, url: str) -> str:
    """The page two thirds into the course: its chunk is a later one."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        ids: list[str] = page.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent).pages.map(p => p.id)")
        return ids[len(ids) * 2 // 3]
    finally:
        context.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _unpack(REPO / "course_src", Path(tmp), TARGET)
        sizes = {p.name: p.stat().st_size for p in folder.glob("index*")}
        with served(folder) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
            try:
                starts = [measure_start(browser, base + "/index.html") for _ in range(RUNS)]
                target = resume_page(browser, base + "/index.html")
                resumes = [measure_resume(browser, base + "/index.html", target) for _ in range(RUNS)]
            finally:
                browser.close()
    first = statistics.median(r[0] for r in starts)
    usable = statistics.median(r[1] for r in starts)
    received = statistics.median(r[2] for r in starts)
    resumed = statistics.median(r[0] for r in resumes)
    verdict = {True: "PASS", False: "MISS"}
    load = os.getloadavg()
    print(f"sample course, SCORM 1.2 at {VIEWPORT['width']} px, slow 4G (1.6 Mbit/s, 150 ms RTT), "
          f"median of {RUNS} cold loads; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
          f"on {os.cpu_count()} cores")
    chunks = sorted(name for name in sizes if "-pages-" in name)
    print("files: " + ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in sorted(sizes.items())
                                if name not in chunks)
          + f"; {len(chunks)} chunks of later pages, {min(sizes[c] for c in chunks) / 1024:.0f}–"
            f"{max(sizes[c] for c in chunks) / 1024:.0f} KB" if chunks else "")
    print(f"resumed on {target}; chunks asked for before it showed: {', '.join(resumes[0][1])}")
    print("| figure | median | runs | budget | |")
    print("|---|---|---|---|---|")
    rows = [
        ("first content visible", first, [r[0] for r in starts], FIRST_CONTENT_BUDGET, "ms"),
        ("usable (runtime running, Next works)", usable, [r[1] for r in starts], USABLE_BUDGET, "ms"),
        ("received before usable", received, [r[2] for r in starts], BYTES_BUDGET, "KB"),
        ("resumed page visible after Continue", resumed, [r[0] for r in resumes], RESUME_BUDGET, "ms"),
    ]
    ok = True
    for name, median, runs, budget, unit in rows:
        scale = 1024 if unit == "KB" else 1
        shown = ", ".join(f"{value / scale:.0f}" for value in runs)
        print(f"| {name} | {median / scale:.0f} {unit} | {shown} | {budget / scale:.0f} {unit} | "
              f"{verdict[median <= budget]} |")
        ok = ok and median <= budget
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
