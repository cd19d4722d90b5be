"""Take the player screenshots in docs/screenshots from a real build.

    python tests/browser/screenshots.py [--course course_src] [--out docs/screenshots]

Writes {start,contents,content,question-feedback,results,finish,cpd-record}-{375,1280}.png
(contents: the drawer opened on a phone; the sidebar on a desktop; cpd-record: the record as it
prints). The SCO runs as the top document
with a tiny always-successful SCORM 2004 API, so the pictures show a tracked session.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from harness import HarnessServer, build_course, extract_package, read_manifest  # noqa: E402

STUB_API = """
window.API_1484_11 = (function () {
  var data = {};
  return {
    Initialize: function () { return "true"; }, Terminate: function () { return "true"; },
    Commit: function () { return "true"; }, GetLastError: function () { return "0"; },
    GetErrorString: function () { return ""; }, GetDiagnostic: function () { return ""; },
    GetValue: function (k) { return data[k] || (k === "cmi.learner_name" ? "Learner, Sample" : ""); },
    SetValue: function (k, v) { data[k] = v; return "true"; }
  };
})();
"""
# Later pages arrive in a second script (pages.js) after the runtime starts.
LOADED = """() => { const d = JSON.parse(document.getElementById('scr-data').textContent);
  return document.querySelectorAll('section.page').length === d.pages.length + 1; }"""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# Page-side steps; each returns the element to bring to the top of the screen.
CONTENT = """() => {
  const page = [...document.querySelectorAll('section.page')].find(s => s.querySelector('.callout-vignette'))
    || document.querySelectorAll('section.page')[1];
  location.hash = '#' + page.id;
  return page.id;
}"""
QUESTION = """() => {
  const data = JSON.parse(document.getElementById('scr-data').textContent);
  const checks = data.modules.filter(m => !m.scored).map(m => m.id);
  const q = data.questions.find(q => q.kind === 'single' && checks.includes(q.module) &&
    q.choices.some(c => !c.correct && document.querySelector(
      `form[data-question="${q.id}"] [data-feedback-for="${c.id}"]`)));
  location.hash = '#' + q.page;
  return q.id;
}"""
ANSWER_WRONG = """(qid) => {
  const data = JSON.parse(document.getElementById('scr-data').textContent);
  const q = data.questions.find(x => x.id === qid);
  const wrong = q.choices.find(c => !c.correct && document.querySelector(
    `form[data-question="${qid}"] [data-feedback-for="${c.id}"]`));
  const form = document.querySelector(`form[data-question="${qid}"]`);
  form.querySelector(`input[value="${wrong.id}"]`).click();
  form.querySelector('button[type=submit]').click();
}"""
ASSESSMENT = """(allRight) => {
  const end = document.querySelector('[data-quiz-end]');
  const section = end.closest('section.page');
  location.hash = '#' + section.id;
  const data = JSON.parse(document.getElementById('scr-data').textContent);
  const pool = data.modules.filter(m => m.scored).flatMap(m => m.questions);
  let n = 0;
  for (const form of document.querySelectorAll('form[data-question]')) {
    const q = data.questions.find(x => x.id === form.dataset.question);
    if (!pool.includes(q.id) || form.hidden) continue;
    n += 1;
    // About three in four right, so the review shows both kinds.
    const right = allRight || n % 4 !== 0;
    if (q.kind === 'single' || q.kind === 'true-false' || q.kind === 'multiple') {
      q.choices.filter(c => c.correct === right || (!right && q.kind === 'multiple' && c.correct))
        .forEach(c => { const i = form.querySelector(`input[value="${c.id}"]`); if (i && !i.checked) i.click(); });
      if (!form.querySelector('input:checked')) form.querySelector('input').click();
    } else if (q.kind === 'matching') {
      q.choices.forEach((c, i) => { form.querySelectorAll('select')[i].value = right ? c.id : q.choices[0].id; });
    } else if (q.kind === 'fill-in' || q.kind === 'numeric') {
      form.querySelector('input').value = right ? (q.kind === 'numeric' ? String(q.value) : q.choices[0].text) : '0';
    }
  }
  end.querySelector('[data-quiz-submit]').click();
}"""


def shoot(course: Path, out: Path) -> list[Path]:
    """Build ``course`` for SCORM 2004, open it at 375 and 1280 px and write the PNGs."""
    from playwright.sync_api import sync_playwright

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        [zip_path] = build_course(course, "scorm2004", Path(tmp) / "zips")
        root = extract_package(zip_path, Path(tmp) / "pkg")
        launch = read_manifest(root).launch
        server = HarnessServer(HERE / "harness", {}).start()
        try:
            url = server.url + server.mount("screens", root) + launch
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for width in (375, 1280):
                    context = browser.new_context(viewport={"width": width, "height": 812 if width < 800 else 900})
                    context.add_init_script(STUB_API)
                    page = context.new_page()
                    page.goto(url)
                    page.wait_for_function(LOADED)
                    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
                    written.append(out / f"start-{width}.png")
                    page.screenshot(path=str(written[-1]))
                    if width < 800:
                        page.locator("#contents-title").click()
                    page.locator('.contents [data-page-link]').nth(4).evaluate("a => a.scrollIntoView({block: 'center'})")
                    written.append(out / f"contents-{width}.png")
                    page.screenshot(path=str(written[-1]))
                    page.evaluate("() => { document.getElementById('contents').open = innerWidth >= 864; }")
                    page_id = page.evaluate(CONTENT)
                    page.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page_id)
                    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
                    written.append(out / f"content-{width}.png")
                    page.screenshot(path=str(written[-1]))
                    qid = page.evaluate(QUESTION)
                    page.evaluate(ANSWER_WRONG, qid)
                    page.locator(f'form[data-question="{qid}"]').evaluate(
                        "f => { f.scrollIntoView(); scrollBy(0, -16); }")
                    written.append(out / f"question-feedback-{width}.png")
                    page.screenshot(path=str(written[-1]))
                    page.evaluate(ASSESSMENT, False)
                    page.locator("[data-results]").evaluate(
                        "r => { document.activeElement.blur(); r.scrollIntoView(); scrollBy(0, -16); }")
                    written.append(out / f"results-{width}.png")
                    page.screenshot(path=str(written[-1]))
                    # A pass, then Finish from the results, the finish screen and the CPD record.
                    if page.locator("[data-quiz-retry]").is_visible():
                        page.locator("[data-quiz-retry]").click()
                        page.evaluate(ASSESSMENT, True)
                    page.get_by_role("button", name="Finish the course").click()
                    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
                    written.append(out / f"finish-{width}.png")
                    page.screenshot(path=str(written[-1]))
                    with page.expect_download() as info:
                        page.get_by_role("button", name="Download CPD record").click()
                    record = Path(info.value.path()).read_text(encoding="utf-8")
                    sheet = context.new_page()
                    sheet.emulate_media(media="print")
                    sheet.set_content(record)
                    written.append(out / f"cpd-record-{width}.png")
                    sheet.screenshot(path=str(written[-1]), full_page=True)
                    context.close()
                browser.close()
        finally:
            server.stop()
    return written


def main() -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=REPO / "course_src")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in shoot(args.course, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
