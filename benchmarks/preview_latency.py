"""Edit → visible latency of ``scr-course preview`` on a generated 100-module course (issue 5).

Starts the preview in-process on a free loopback port, opens it in headless Chromium, shows a
page of module 50, then saves that module repeatedly with a new marker word and times how long
until the marker is in the SCO frame's document (watch → rebuild → long poll → frame reload →
runtime start). Prints the figures; asserts nothing.

    python benchmarks/preview_latency.py [--modules 100] [--edits 10] [--packaging sco-per-module|single]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate_course
from scr_course.model import BuildTarget
from scr_course.preview import PreviewOptions, PreviewServer

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SEEN = """(marker) => {
  const doc = document.getElementById('sco-frame').contentDocument;
  const page = doc && doc.querySelector('section.page:not([hidden])');
  return !!page && page.textContent.includes(marker);
}"""


def measure(modules: int, edits: int, packaging: str, target: BuildTarget) -> None:
    """Run the edit loop and print latency figures."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        src = generate_course(Path(folder) / "course", modules, image_sizes=(2_000, 4_000))
        config = src / "course.yml"
        text = re.sub(r"packaging: \S+", f"packaging: {packaging}", config.read_text())
        # One SCO of 100 modules outgrows SCORM 1.2's 4,096-character suspend_data: build 2004 only.
        text = re.sub(r"targets: .*", f"targets: [{target.value}]", text)
        config.write_text(text, encoding="utf-8")
        middle = sorted((src / "modules").glob("*.md"))[modules // 2]
        module_number = int(middle.name.split("-")[0])
        page_id = f"module-{module_number}--page-1-of-module-{module_number}"
        lines: list[str] = []
        server = PreviewServer(PreviewOptions(src=src, target=target, port=0, open_browser=False),
                               report=lines.append).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{server.url}?target={target.value}#{page_id}")
                page.wait_for_function(
                    "(id) => { const d = document.getElementById('sco-frame').contentDocument;"
                    " const s = d && d.querySelector('section.page:not([hidden])'); return s && s.id === id; }",
                    arg=page_id, timeout=60_000)
                text = middle.read_text(encoding="utf-8")
                anchor = f"## Page 1 of module {module_number}\n\n"
                timings = []
                for number in range(edits + 1):
                    marker = f"Marker{number}x"
                    start = time.perf_counter()
                    middle.write_text(text.replace(anchor, f"{anchor}{marker} ", 1), encoding="utf-8")
                    page.wait_for_function(SEEN, arg=marker, polling="raf", timeout=30_000)
                    if number:   # the first edit warms caches (parse of every file, Jinja, the runtime)
                        timings.append(time.perf_counter() - start)
                    time.sleep(0.3)
                browser.close()
        finally:
            server.stop()
        builds = [float(m.group(1)) for m in map(re.compile(r"built \S+ in (\d+) ms").search, lines) if m]
        ms = sorted(t * 1000 for t in timings)
        print(f"{modules} modules, packaging {packaging}, {target.value}: {len(ms)} edits of one module")
        print(f"  edit → visible in the frame: median {statistics.median(ms):.0f} ms, "
              f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms")
        print(f"  of which server rebuild: median {statistics.median(builds[2:]):.0f} ms "
              f"(first full build {builds[0]:.0f} ms)")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=100)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--packaging", default="sco-per-module", choices=["sco-per-module", "single"])
    parser.add_argument("--target", default="scorm12", choices=[t.value for t in BuildTarget])
    args = parser.parse_args()
    measure(args.modules, args.edits, args.packaging, BuildTarget(args.target))


if __name__ == "__main__":
    main()
