"""Regenerate docs/screenshots/review-1280.png: a page of the review export of course_src.

Exports the review (HTML) of course_src to a temporary folder, opens it in headless Chromium at
1280 px, scrolls to the first question and saves the screenshot next to this script; also
prints the A4 page count of the HTML as Chromium would print it.

    python docs/screenshots/take_review_screenshot.py [--src course_src]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from scr_course.pipeline import export_review

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def take(src: Path, out: Path) -> None:
    """Export, open, scroll to the first question, screenshot at 1280 by 1100."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        report = export_review(src, Path(folder), ("html",))
        assert not report.failed(), [d.format() for d in report.diagnostics]
        (written,) = report.packages
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1100})
            page.goto(written.path.resolve().as_uri())
            page.evaluate("document.querySelector('.question').scrollIntoView()")
            page.evaluate("window.scrollBy(0, -160)")
            page.screenshot(path=str(out))
            pdf = page.pdf(format="A4")
            browser.close()
    print(f"wrote {out}; the HTML prints on {pdf.count(b'/Type /Page') - pdf.count(b'/Type /Pages')} A4 pages")


def main() -> None:
    """Command line: --src."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", type=Path, default=Path("course_src"))
    take(parser.parse_args().src, HERE / "review-1280.png")


if __name__ == "__main__":
    main()
