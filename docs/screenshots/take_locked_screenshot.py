"""Regenerate docs/screenshots/locked-{contents,page}-{1280,375}.png: gating (course.yml navigation).

Builds a copy of course_src with ``navigation: modules-before-assessment``, opens the SCORM 1.2
launch page from disk in headless Chromium (no LMS: progress stays in the browser, and the later
pages come from their chunk scripts over file://), and saves:

- locked-contents: the contents with the assessment's locked entries (on a phone, the drawer open);
- locked-page: what choosing a locked entry shows instead of the page.

    python docs/screenshots/take_locked_screenshot.py [--src course_src] [--out docs/screenshots]
                                                      [--widths 1280,375] [--dark]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from take_welsh_screenshot import CHROMIUM_ARGS, course_variant

from scr_course.model import BuildTarget

HERE = Path(__file__).resolve().parent
GATED = ("packaging: single\n", "packaging: single\nnavigation: modules-before-assessment\n")


def take(src: Path, out: Path, widths: list[int], dark: bool) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        launch = course_variant(src, Path(folder), GATED, BuildTarget.SCORM12)
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in widths:
            page = browser.new_page(viewport={"width": width, "height": 800 if width < 600 else 900},
                                    color_scheme="dark" if dark else "light")
            page.goto(launch.as_uri())
            page.wait_for_selector("section.page:not([hidden])")
            # Every page there, so the first module's pages can be seen (the assessment stays locked).
            page.wait_for_function("() => { const d = JSON.parse(document.getElementById('scr-data').textContent);"
                                   " return document.querySelectorAll('section.page').length === d.pages.length + 1; }")
            first = page.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent).modules[0].pages")
            for page_id in first:
                page.evaluate("(id) => { location.hash = '#' + id; }", page_id)
                page.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page_id)
            locked = page.locator(".contents a[data-locked]").first
            if not locked.is_visible():
                page.locator("#contents-title").click()
            locked.evaluate("a => a.scrollIntoView({block: 'center'})")
            suffix = f"-{width}{'-dark' if dark else ''}.png"
            page.screenshot(path=str(out / f"locked-contents{suffix}"))
            locked.click()
            page.wait_for_selector("#locked-panel:not([hidden])")
            page.evaluate("() => window.scrollTo(0, 0)")
            page.screenshot(path=str(out / f"locked-page{suffix}"))
            print(f"wrote {out}/locked-{{contents,page}}{suffix}")
            page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path, default=Path("course_src"))
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--widths", default="1280,375")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    take(args.src, args.out, [int(w) for w in args.widths.split(",")], args.dark)


if __name__ == "__main__":
    main()
