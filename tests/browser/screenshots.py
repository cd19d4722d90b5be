"""Take the player screenshots in docs/screenshots from a real build.

    python tests/browser/screenshots.py [--course course_src] [--out docs/screenshots]

Writes {start,contents,content,chart,knowledge-check-retry,question-feedback,assessment-question,
results-revise,results,finish,cpd-record}-{375,1280}.png and chart-320.png (contents: the drawer open on
a phone; results-revise: a failed attempt's topics; results: a pass, led by Finish; cpd-record: the
record as printed, all of it)
(``--widths 320,375,1280 --dark`` for a look at other sizes and dark mode). The SCO runs as the
top document with a tiny always-successful SCORM 2004 API, so the pictures show a tracked
session; answers come from the compiler's model, since the page holds no readable key.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from harness import HarnessServer, build_course, extract_package, read_manifest  # noqa: E402
from runtime_actions import answer_key, drawn_questions, fill, form, page_ids, submit  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

STUB_API = """
window.API_1484_11 = (function () {
  var data = window.scrStubStart || {};
  return {
    Initialize: function () { return "true"; }, Terminate: function () { return "true"; },
    Commit: function () { return "true"; }, GetLastError: function () { return "0"; },
    GetErrorString: function () { return ""; }, GetDiagnostic: function () { return ""; },
    GetValue: function (k) { return data[k] || (k === "cmi.learner_name" ? "Learner, Sample" : ""); },
    SetValue: function (k, v) { data[k] = v; return "true"; }
  };
})();
"""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _first(frame: Page, selector: str) -> str:
    return frame.evaluate(f"() => {{ const f = document.querySelector({selector!r});"
                          " return f ? f.closest('section.page').id : null; }")


def _open(page: Page, page_id: str) -> None:
    page.evaluate("(id) => { location.hash = '#' + id; }", page_id)
    page.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page_id)


def _snap(page: Page, path: Path, locator: Locator | None = None) -> Path:
    if locator is not None:
        # Clear of the sticky contents bar on a phone (the page's scroll-padding says how tall it is).
        locator.evaluate("n => { n.scrollIntoView(); scrollBy(0, -(parseFloat("
                         "getComputedStyle(document.documentElement).scrollPaddingTop) || 16)); }")
    page.screenshot(path=str(path))
    return path


def shoot(course: Path, out: Path, widths: tuple[int, ...] = (375, 1280), dark: bool = False) -> list[Path]:
    """Build ``course`` for SCORM 2004, drive it like a learner and write the PNGs."""
    from playwright.sync_api import sync_playwright

    key = answer_key(course)
    written: list[Path] = []
    suffix = "-dark" if dark else ""
    with tempfile.TemporaryDirectory() as tmp:
        [zip_path] = build_course(course, "scorm2004", Path(tmp) / "zips")
        root = extract_package(zip_path, Path(tmp) / "pkg")
        launch = read_manifest(root).launch
        server = HarnessServer(HERE / "harness", {}).start()
        try:
            url = server.url + server.mount("screens", root) + launch
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for width in widths:
                    context = browser.new_context(viewport={"width": width, "height": 812 if width < 800 else 900},
                                                  color_scheme="dark" if dark else "light")
                    context.add_init_script(STUB_API)
                    page = context.new_page()
                    page.goto(url)
                    frame = page.main_frame
                    page_ids(frame)  # waits for the later pages (the chunk scripts)
                    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
                    written.append(_snap(page, out / f"start-{width}{suffix}.png"))
                    if width < 864:
                        page.locator("#contents-title").click()  # the drawer
                    page.locator(".contents [data-page-link]").nth(4).evaluate(
                        "a => a.scrollIntoView({block: 'center'})")
                    written.append(_snap(page, out / f"contents-{width}{suffix}.png"))
                    page.evaluate("() => { document.getElementById('contents').open = innerWidth >= 864; }")
                    content = _first(page, ".callout-vignette") or page_ids(frame)[1]
                    _open(page, content)
                    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
                    written.append(_snap(page, out / f"content-{width}{suffix}.png"))
                    written.append(_chart(page, out / f"chart-{width}{suffix}.png"))
                    # A knowledge check answered wrongly once: its feedback and Try again.
                    qid = page.evaluate("""() => {
                      const data = JSON.parse(document.getElementById('scr-data').textContent);
                      const checks = data.modules.filter(m => !m.scored).map(m => m.id);
                      const q = data.questions.find(q => q.kind === 'single' && checks.includes(q.module));
                      return q.id; }""")
                    _open(page, page.evaluate("(id) => document.querySelector(`form[data-question='${id}']`)"
                                              ".closest('section.page').id", qid))
                    kind, right = key[qid]
                    box = form(frame, qid)
                    wrong = next(v for v in (i.get_attribute("value") for i in box.locator("input").all()) if v != right)
                    fill(frame, qid, kind, wrong)
                    submit(frame, qid)
                    written.append(_snap(page, out / f"knowledge-check-retry-{width}{suffix}.png", box))
                    box.get_by_role("button", name="Try again").click()
                    others = [v for v in (i.get_attribute("value") for i in box.locator("input").all())
                              if v not in (right, wrong)]
                    fill(frame, qid, kind, others[0] if others else wrong)
                    submit(frame, qid)
                    written.append(_snap(page, out / f"question-feedback-{width}{suffix}.png", box))
                    # The assessment: one question per screen, then results with topics.
                    end = _first(page, "[data-quiz-end]")
                    _open(page, end)
                    drawn = drawn_questions(frame)
                    for index, aid in enumerate(drawn):
                        kind, good = key[aid]
                        values = [i.get_attribute("value") or "" for i in form(frame, aid).locator("input").all()]
                        # About two in three right, so the results have topics to revise.
                        fill(frame, aid, kind, next((v for v in values if v not in good), good)
                             if index % 3 == 2 else good)
                        if index == 2:
                            page.evaluate("() => document.activeElement.blur()")
                            written.append(_snap(page, out / f"assessment-question-{width}{suffix}.png",
                                                 frame.locator("[data-attempt]")))
                        if index < len(drawn) - 1:
                            frame.get_by_role("button", name="Next question").click()
                    frame.get_by_role("button", name="Check answers and submit").click()
                    frame.get_by_role("button", name="Submit assessment").click()
                    page.evaluate("() => document.activeElement.blur()")
                    written.append(_snap(page, out / f"results-revise-{width}{suffix}.png",
                                         frame.locator("[data-results]")))
                    context.close()
                    written += _finish(browser, url, key, width, out, suffix, dark)
                if 320 not in widths:  # issue 21: a chart as a 320 px phone draws it
                    context = browser.new_context(viewport={"width": 320, "height": 640},
                                                  color_scheme="dark" if dark else "light")
                    context.add_init_script(STUB_API)
                    page = context.new_page()
                    page.goto(url)
                    page_ids(page.main_frame)
                    written.append(_chart(page, out / f"chart-320{suffix}.png"))
                    context.close()
                browser.close()
        finally:
            server.stop()
    return written


def _chart(page: Page, path: Path) -> Path:
    """The first chart of the course, its title at the top of the screen."""
    _open(page, _first(page, ".block-chart"))
    page.evaluate("() => document.activeElement.blur()")
    return _snap(page, path, page.locator("section.page:not([hidden]) .block-chart").first)


def _finish(browser: Any, url: str, key: dict[str, Any], width: int, out: Path, suffix: str,
            dark: bool) -> list[Path]:
    """Every page seen, a reflection written and the assessment passed in a learner's later session:
    Finish from the results, the finish screen, the CPD record printed."""
    context = browser.new_context(viewport={"width": width, "height": 812 if width < 800 else 900},
                                  color_scheme="dark" if dark else "light")
    # A returning learner: 1 h 20 min in earlier sessions, as the LMS keeps it (the record adds this one).
    context.add_init_script("window.scrStubStart = {'cmi.total_time': 'PT1H20M0S'};")
    context.add_init_script(STUB_API)
    page = context.new_page()
    page.goto(url)
    frame = page.main_frame
    for page_id in page_ids(frame):  # every teaching page seen, so every module is done
        _open(page, page_id)
    reflection = frame.locator("section.page textarea").first
    _open(page, reflection.evaluate("n => n.closest('section.page').id"))
    reflection.fill("Ask for the chronology at the next core group and check who has seen the child this month.")
    reflection.blur()
    _open(page, _first(page, "[data-quiz-end]"))
    drawn = drawn_questions(frame)
    for index, aid in enumerate(drawn):
        kind, good = key[aid]
        fill(frame, aid, kind, good)
        if index < len(drawn) - 1:
            frame.get_by_role("button", name="Next question").click()
    frame.get_by_role("button", name="Check answers and submit").click()
    frame.get_by_role("button", name="Submit assessment").click()
    page.evaluate("() => document.activeElement.blur()")
    shots = [_snap(page, out / f"results-{width}{suffix}.png", frame.locator("[data-results]"))]
    frame.get_by_role("button", name="Finish the course").click()
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    shots.append(_snap(page, out / f"finish-{width}{suffix}.png"))
    with page.expect_download() as info:
        frame.get_by_role("button", name="Download CPD record").click()
    sheet = context.new_page()
    sheet.emulate_media(media="print")
    sheet.set_content(Path(info.value.path()).read_text(encoding="utf-8"))
    shots.append(out / f"cpd-record-{width}{suffix}.png")
    sheet.screenshot(path=str(shots[-1]), full_page=True)
    context.close()
    return shots


def main() -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=REPO / "course_src")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--widths", default="375,1280")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    widths = tuple(int(w) for w in args.widths.split(","))
    for path in shoot(args.course, args.out, widths, args.dark):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
