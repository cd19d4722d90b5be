"""The sample course on a slow 4G connection: first content visible, and the course usable.

Budgets (issue 11): first contentful paint <= 1.0 s, usable <= 1.5 s, under Chromium's own
network throttling through the DevTools protocol (1.6 Mbit/s down, 750 kbit/s up, 150 ms
round trip), from a plain local HTTP server that sends no compression. "Usable" means the
runtime is running and Next works: the script has started (``html.js``) and a press of Next
has shown the next page. Each figure is the median of several cold loads (no cache).

    python benchmarks/slow_4g.py            # prints a table with PASS/MISS, exit 1 on a miss
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Request, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from first_paint import CHROMIUM_ARGS, _unpack, served

REPO = Path(__file__).resolve().parent.parent
RUNS = 5
FIRST_CONTENT_BUDGET = 1000.0
USABLE_BUDGET = 1500.0
THROTTLE = {
    "offline": False,
    "latency": 150,  # ms, added to every round trip
    "downloadThroughput": 1.6 * 1_000_000 / 8,  # bytes per second
    "uploadThroughput": 750 * 1_000 / 8,
}
# Time from navigation start: first contentful paint, then Next pressed as soon as the runtime
# runs, until the page after the start screen is on screen.
MEASURE = """() => new Promise(resolve => {
  const t0 = performance.timeOrigin;
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


ALL_PAGES = """() => { const d = JSON.parse(document.getElementById('scr-data').textContent);
  return document.querySelectorAll('section.page').length === d.pages.length + 1; }"""


def measure(url: str) -> tuple[float, float, int]:
    """One cold load: (first content ms, usable ms, bytes before usable)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", THROTTLE)
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
            browser.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _unpack(REPO / "course_src", Path(tmp), "scorm2004")
        sizes = {p.name: p.stat().st_size for p in folder.glob("index*")}
        with served(folder) as base:
            runs = [measure(base + "/index.html") for _ in range(RUNS)]
    first = statistics.median(r[0] for r in runs)
    usable = statistics.median(r[1] for r in runs)
    verdict = {True: "PASS", False: "MISS"}
    print(f"sample course, SCORM 2004, slow 4G (1.6 Mbit/s, 150 ms RTT), median of {RUNS} cold loads")
    print("files: " + ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in sorted(sizes.items()))
          + f"; received before usable: {statistics.median(r[2] for r in runs) / 1024:.0f} KB")
    print("| figure | median | runs | budget | |")
    print("|---|---|---|---|---|")
    print(f"| first content visible | {first:.0f} ms | {', '.join(f'{r[0]:.0f}' for r in runs)} | "
          f"{FIRST_CONTENT_BUDGET:.0f} ms | {verdict[first <= FIRST_CONTENT_BUDGET]} |")
    print(f"| usable (runtime running, Next works) | {usable:.0f} ms | {', '.join(f'{r[1]:.0f}' for r in runs)} | "
          f"{USABLE_BUDGET:.0f} ms | {verdict[usable <= USABLE_BUDGET]} |")
    return 0 if first <= FIRST_CONTENT_BUDGET and usable <= USABLE_BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
