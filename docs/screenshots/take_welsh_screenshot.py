"""Regenerate docs/screenshots/welsh-question-1280.png and -375.png: the sample course's interface in Welsh.

Builds a copy of course_src with ``language: cy``, opens the SCORM 2004 launch page in headless
Chromium (from disk: no LMS, so progress stays in the browser), goes to the first knowledge
check, answers it wrongly and saves screenshots at 1280 and 375 px next to this script.

    python docs/screenshots/take_welsh_screenshot.py [--src course_src]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import zipfile
from pathlib import Path

from scr_course.model import BuildTarget
from scr_course.pipeline import BuildOptions, build

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def welsh_package(src: Path, work: Path) -> Path:
    """Build ``src`` with language: cy and unzip the SCORM 2004 package; the launch file."""
    return course_variant(src, work, ("language: en-GB", "language: cy"), BuildTarget.SCORM2004)


def course_variant(src: Path, work: Path, change: tuple[str, str], target: BuildTarget) -> Path:
    """Build a copy of ``src`` with one course.yml line changed, unzip ``target``; the launch file."""
    copy = work / "course_src"
    shutil.copytree(src, copy)
    config = copy / "course.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    report = build(BuildOptions(src=copy, out=work / "out", targets=(target,), cache=False))
    assert not report.failed(), [d.format() for d in report.diagnostics]
    with zipfile.ZipFile(report.packages[0].path) as archive:
        archive.extractall(work / "package")
    return work / "package" / "index.html"


def take(src: Path) -> None:
    """Screenshot the first knowledge check, answered wrongly, at 1280 and 375 px."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        launch = welsh_package(src, Path(folder))
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width, height in ((1280, 900), (375, 800)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(launch.as_uri())
            page.wait_for_selector("section.page:not([hidden])")
            target = page.evaluate("() => { const f = document.querySelector('section.page form[data-question]');"
                                   " return f.closest('section.page').dataset.page; }")
            page.evaluate(f"location.hash = '#{target}'")
            page.wait_for_selector(f'section[data-page="{target}"]:not([hidden])')
            form = page.locator(f'section[data-page="{target}"] form[data-question]').first
            form.locator("input[type=radio], input[type=checkbox]").first.check()
            form.locator('button[type="submit"]').first.click()
            form.scroll_into_view_if_needed()
            out = HERE / f"welsh-question-{width}.png"
            page.screenshot(path=str(out))
            print(f"wrote {out}")
            page.close()
        browser.close()


def main() -> None:
    """Command line: --src."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", type=Path, default=Path("course_src"))
    take(parser.parse_args().src)


if __name__ == "__main__":
    main()
