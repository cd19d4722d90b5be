"""Regenerate docs/screenshots/preview-1280.png from the real preview of course_src at 1280 px.

Serves a temporary copy of course_src with ``scr-course preview``'s server, opens it in
headless Chromium, answers the first knowledge check so the inspector has an interaction to
show, and saves the screenshot next to this script.

    python docs/screenshots/take_preview_screenshot.py [--src course_src]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from scr_course.model import BuildTarget
from scr_course.preview import PreviewOptions, PreviewServer

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
FIRST_CHECK = """() => {
  const doc = document.getElementById('sco-frame').contentDocument;
  const data = JSON.parse(doc.getElementById('scr-data').textContent);
  const scored = new Set(data.modules.filter(m => m.scored).map(m => m.id));
  const q = data.questions.find(q => !scored.has(q.module) && (q.kind === 'single' || q.kind === 'true-false'));
  return q ? [q.id, q.page] : null;
}"""


def take(src: Path, out: Path) -> None:
    """Serve ``src``, answer one question, screenshot the player at 1280 by 1300."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / src.name
        shutil.copytree(src, copy)
        server = PreviewServer(PreviewOptions(src=copy, target=BuildTarget.SCORM2004, port=0, open_browser=False),
                               report=lambda line: None).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 1300})
                page.goto(f"{server.url}?target=scorm2004")
                page.wait_for_selector('#calls tbody tr[data-method="Initialize"]')
                page.wait_for_function("() => document.documentElement.dataset.frameEpoch")
                question, page_id = page.evaluate(FIRST_CHECK)
                page.select_option("#page-select", value=page.eval_on_selector(
                    "#page-select", "(s, id) => [...s.options].find(o => o.value.endsWith('|' + id)).value", page_id))
                page.click("#page-go")
                frame = page.frame_locator("#sco-frame")
                form = frame.locator(f'form[data-question="{question}"]')
                form.locator("input").first.check()
                form.locator("button[type=submit]").click()
                page.locator("#interactions tbody tr", has_text=question).wait_for()
                page.wait_for_timeout(300)
                page.screenshot(path=str(out))
                browser.close()
        finally:
            server.stop()


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path("course_src"))
    parser.add_argument("--out", type=Path, default=HERE / "preview-1280.png")
    args = parser.parse_args()
    take(args.src, args.out)
    print(args.out)


if __name__ == "__main__":
    main()
