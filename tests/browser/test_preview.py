"""``scr-course preview`` in headless Chromium: the simulated LMS, its inspector panel and live reload (issue 5)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from tests.conftest import ServedPreview as Preview

pytestmark = pytest.mark.browser

WAIT_MS = 15_000
MODULE = Path("modules/01-basics.md")
INITIALIZE = {"scorm12": "LMSInitialize", "scorm2004": "Initialize"}


@pytest.fixture
def preview(course: Callable[[str], Path], serve_preview: Callable[..., Preview]) -> Preview:
    """``minimal`` served by an in-process preview; stopped after the test."""
    return serve_preview(course("minimal"), poll_timeout=5)


@pytest.fixture
def open_player(browser: Browser, preview: Preview) -> Iterator[Callable[..., Page]]:
    """``open_player(target="scorm12", **context_options)``: the player at 1280 px, once the SCO has initialised."""
    contexts = []

    def open_page(target: str = "scorm12", **options: Any) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{preview.url}?target={target}")
        wait_for_call(page, INITIALIZE[target])
        return page

    yield open_page
    for context in contexts:
        context.close()


def wait_for_call(page: Page, method: str, element: str | None = None, count: int = 1) -> None:
    """Wait until the call log shows ``count`` calls of ``method`` (on ``element``)."""
    selector = f'#calls tbody tr[data-method="{method}"]' + (f'[data-element="{element}"]' if element else "")
    page.wait_for_function("([s, n]) => document.querySelectorAll(s).length >= n", arg=[selector, count],
                           timeout=WAIT_MS)


def sco(page: Page) -> Any:
    """The SCO's frame (a FrameLocator: follows reloads)."""
    return page.frame_locator("#sco-frame")


def visible_page(page: Page) -> Any:
    """The page section the SCO shows."""
    return sco(page).locator("section.page:not([hidden])")


def jump(page: Page, title: str) -> None:
    """Use the panel's "Jump to page" with the keyboard-operable select and Go button."""
    page.select_option("#page-select", label=title)
    page.click("#page-go")


def session_text(page: Page) -> str:
    """The inspector's 'session' line, e.g. '#2 running · entry resume · attempt 1'."""
    return page.locator('#state dd[data-field="session"]').inner_text()


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_answered_question_appears_in_the_panel(open_player: Callable[..., Page], target: str) -> None:
    from playwright.sync_api import expect

    page = open_player(target)
    jump(page, "Second page")
    expect(visible_page(page)).to_have_attribute("data-page", "basics--second-page", timeout=WAIT_MS)
    question = sco(page).locator('form[data-question="q-single"]')
    question.locator('input[value="b"]').check()
    question.locator("button[type=submit]").click()

    rows = page.locator("#interactions tbody tr")
    expect(rows.filter(has_text="q-single")).to_have_count(1, timeout=WAIT_MS)
    expect(rows.filter(has_text="q-single")).to_contain_text("correct")
    setter = "LMSSetValue" if target == "scorm12" else "SetValue"
    wait_for_call(page, setter, "cmi.interactions.0.id")
    # Every call the runtime made was accepted (2004's 403 on first reads is the spec's "not set").
    failed = page.eval_on_selector_all("#calls tbody tr.error", "rows => rows.map(r => r.dataset.method + ' '"
                                       " + r.dataset.element + ' ' + r.dataset.error)")
    assert [row for row in failed if not row.startswith("GetValue ") or not row.endswith(" 403")] == []


def test_edit_shows_in_the_frame_without_a_manual_reload(open_player: Callable[..., Page], preview: Preview) -> None:
    from playwright.sync_api import expect

    page = open_player()
    jump(page, "Basics")
    expect(visible_page(page)).to_contain_text("Opening text", timeout=WAIT_MS)
    page.evaluate("() => { window.notReloaded = true; }")

    preview.edit(MODULE, lambda text: text.replace("Opening text", "Edited opening text"))

    expect(visible_page(page)).to_contain_text("Edited opening text", timeout=WAIT_MS)
    assert page.evaluate("() => window.notReloaded") is True, "only the frame reloads, not the player"
    # The learner state survived the reload: a second session, with the first one's data.
    expect(page.locator('#state dd[data-field="session"]')).to_contain_text("#2", timeout=WAIT_MS)
    expect(page.locator("#suspend")).to_contain_text("Basics")
    assert any("changed: 01-basics.md" in line for line in preview.lines)


def test_syntax_error_shows_an_overlay_until_fixed(open_player: Callable[..., Page], preview: Preview) -> None:
    from playwright.sync_api import expect

    page = open_player()
    overlay = page.locator("#overlay")
    expect(overlay).to_be_hidden()
    good = (preview.src / MODULE).read_text(encoding="utf-8")

    preview.edit(MODULE, lambda text: text.replace("What do you think?\n:::\n", "What do you think?\n"))

    expect(overlay).to_be_visible(timeout=WAIT_MS)
    problem = r"minimal/modules/01-basics\.md:\d+: error: '::: reflection' is never closed"
    expect(overlay).to_contain_text(re.compile(problem))
    expect(page.locator("#build-status")).to_contain_text("Build failed")
    expect(sco(page).locator("body")).to_contain_text("Before you start")   # the last good build stays
    assert any("never closed" in line for line in preview.lines), "the terminal shows it too"

    preview.edit(MODULE, lambda _: good.replace("Opening text", "Fixed opening text"))

    expect(overlay).to_be_hidden(timeout=WAIT_MS)
    jump(page, "Basics")
    expect(visible_page(page)).to_contain_text("Fixed opening text", timeout=WAIT_MS)


def test_close_and_relaunch_resumes_with_the_suspended_data(open_player: Callable[..., Page]) -> None:
    from playwright.sync_api import expect

    page = open_player()
    jump(page, "Quiz")
    expect(visible_page(page)).to_have_attribute("data-page", "basics--quiz", timeout=WAIT_MS)
    before = page.locator("#suspend code").inner_text()

    page.get_by_role("button", name="Close and relaunch").click()

    expect(page.locator('#state dd[data-field="session"]')).to_contain_text("#2 running · entry resume",
                                                                             timeout=WAIT_MS)
    answers = page.evaluate("""() => {
      const rows = [...document.querySelectorAll('#calls tbody tr')];
      const start = rows.findIndex(r => r.textContent.startsWith('launch #2'));
      const read = el => rows.slice(start).find(r => r.dataset.method === 'LMSGetValue' && r.dataset.element === el);
      const value = el => read(el) && read(el).querySelector('.outcome .line').textContent;
      return {entry: value('cmi.core.entry'), suspend: value('cmi.suspend_data')};
    }""")
    assert answers == {"entry": "resume", "suspend": before}, "the LMS handed the saved data back"
    expect(page.locator('#state dd[data-field="location"]')).to_have_text("basics--quiz")


def test_reset_learner_starts_a_fresh_attempt(open_player: Callable[..., Page]) -> None:
    from playwright.sync_api import expect

    page = open_player()
    jump(page, "Quiz")
    expect(visible_page(page)).to_have_attribute("data-page", "basics--quiz", timeout=WAIT_MS)

    page.get_by_role("button", name="Reset learner").click()

    expect(page.locator('#state dd[data-field="session"]')).to_contain_text("#2 running · entry ab-initio",
                                                                             timeout=WAIT_MS)
    # A fresh attempt opens on the start screen (issue 11), not on the page it was reset from.
    expect(visible_page(page)).to_have_attribute("data-page", "course-start", timeout=WAIT_MS)
    expect(page.locator("#calls")).to_contain_text("learner reset")


def test_switching_scorm_version_relaunches_under_the_other_api(open_player: Callable[..., Page]) -> None:
    from playwright.sync_api import expect

    page = open_player("scorm12")
    assert page.evaluate("() => typeof window.API.LMSInitialize") == "function"

    page.select_option("#target-select", "scorm2004")

    page.wait_for_url(re.compile(r"target=scorm2004"), timeout=WAIT_MS)
    wait_for_call(page, "Initialize")
    assert page.evaluate("() => [typeof window.API, window.API_1484_11.version]") == ["undefined", "1.0"]
    expect(page.locator('#state dd[data-field="status"]')).to_be_visible()
    assert "/sco/scorm2004/0/index.html" in (page.locator("#sco-frame").get_attribute("src") or "")


def test_the_stub_answers_with_scorm_error_codes(open_player: Callable[..., Page]) -> None:
    page = open_player("scorm2004")
    codes = page.evaluate("""() => {
      const api = window.API_1484_11;
      const out = {};
      const code = (name, fn) => { fn(); out[name] = api.GetLastError(); };
      code('init twice', () => api.Initialize(''));
      code('unknown', () => api.GetValue('cmi.nonsense'));
      code('read-only', () => api.SetValue('cmi.credit', 'no-credit'));
      code('write-only', () => api.GetValue('cmi.exit'));
      code('type', () => api.SetValue('cmi.completion_status', 'done'));
      code('range', () => api.SetValue('cmi.score.scaled', '1.5'));
      code('dependency', () => api.SetValue('cmi.interactions.5.type', 'choice'));
      code('ok', () => api.SetValue('cmi.score.scaled', '0.5'));
      out.children = api.GetValue('cmi.score._children');
      return out;
    }""")
    assert codes == {"init twice": "103", "unknown": "401", "read-only": "404", "write-only": "405",
                     "type": "406", "range": "407", "dependency": "351", "ok": "0",
                     "children": "scaled,raw,min,max"}
    page.click("#hide-info")   # the panel can hide the GetLastError noise
    assert page.locator('#calls tbody tr[data-method="GetLastError"]').first.is_hidden()


def test_stub_12_validates_values(open_player: Callable[..., Page]) -> None:
    page = open_player("scorm12")
    codes = page.evaluate("""() => {
      const api = window.API;
      const out = {};
      const code = (name, fn) => { const r = fn(); out[name] = [String(r), api.LMSGetLastError()]; };
      code('status', () => api.LMSSetValue('cmi.core.lesson_status', 'not attempted'));
      code('score', () => api.LMSSetValue('cmi.core.score.raw', '101'));
      code('keyword', () => api.LMSSetValue('cmi.core._children', 'x'));
      code('write-only', () => api.LMSGetValue('cmi.interactions.0.id'));
      code('time', () => api.LMSSetValue('cmi.core.session_time', '0:05:03'));
      code('no children', () => api.LMSGetValue('cmi.core.lesson_status._children'));
      code('finish', () => api.LMSFinish(''));
      code('after finish', () => api.LMSGetValue('cmi.core.lesson_status'));
      return out;
    }""")
    assert codes == {"status": ["false", "405"], "score": ["false", "405"], "keyword": ["false", "402"],
                     "write-only": ["", "404"], "time": ["false", "405"], "no children": ["", "202"],
                     "finish": ["true", "0"], "after finish": ["", "301"]}


def test_the_panel_is_usable_by_keyboard_at_1280_px(open_player: Callable[..., Page],
                                                    axe_check: Callable[..., list[Any]]) -> None:
    from harness import assert_no_serious_violations
    from playwright.sync_api import expect

    page = open_player(bypass_csp=True)   # bypass_csp only so axe-core can be injected
    sizes = page.evaluate("""() => {
      const panel = document.getElementById('inspector');
      return {panel: panel.getBoundingClientRect().width, frame: document.getElementById('sco-frame').clientWidth,
              overflow: panel.scrollWidth - panel.clientWidth,
              font: parseFloat(getComputedStyle(document.querySelector('#calls td')).fontSize)};
    }""")
    assert sizes["panel"] >= 440 and sizes["frame"] >= 780, sizes
    assert sizes["overflow"] <= 0, "no sideways scrolling in the panel at 1280 px"
    assert sizes["font"] >= 12

    # Tab from the top of the inspector reaches every control, in reading order; Enter activates them.
    page.focus("#inspector")
    reached = []
    for _ in range(14):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.id"))
    controls = ["target-select", "page-select", "page-go", "relaunch", "reset", "clear-log", "hide-info", "log-wrap"]
    assert all(c in reached for c in controls), reached
    assert [reached.index(c) for c in controls] == sorted(reached.index(c) for c in controls), reached
    page.focus("#relaunch")
    page.keyboard.press("Enter")
    expect(page.locator('#state dd[data-field="session"]')).to_contain_text("#2", timeout=WAIT_MS)
    assert_no_serious_violations(axe_check(page))


@pytest.fixture
def per_module(browser: Browser, course: Callable[[str], Path],
               serve_preview: Callable[..., Preview]) -> Iterator[Page]:
    """``question-types`` with one SCO per module, open in the player (SCORM 2004)."""
    src = course("question-types")
    (src / "course.yml").write_text((src / "course.yml").read_text(encoding="utf-8") + "packaging: sco-per-module\n",
                                    encoding="utf-8")
    served = serve_preview(src, poll_timeout=5)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{served.url}?target=scorm2004")
    wait_for_call(page, "Initialize")
    yield page
    context.close()


def test_jump_to_a_page_of_another_sco(per_module: Page) -> None:
    from playwright.sync_api import expect

    page = per_module
    assert page.locator("#page-select optgroup").count() == 2, "pages are grouped by SCO"
    assert "/sco/scorm2004/0/checks.html" in (page.locator("#sco-frame").get_attribute("src") or "")

    jump(page, "Questions")

    expect(visible_page(page)).to_have_attribute("data-page", "final--questions", timeout=WAIT_MS)
    assert "/sco/scorm2004/0/final.html" in (page.locator("#sco-frame").get_attribute("src") or "")
    expect(page.locator("#calls")).to_contain_text("launch #2 (launch): Final check")


def test_a_2004_navigation_request_launches_the_next_sco(per_module: Page) -> None:
    from playwright.sync_api import expect

    page = per_module
    page.evaluate("() => { const api = window.API_1484_11;"
                  " api.SetValue('adl.nav.request', 'continue'); api.Terminate(''); }")

    expect(page.locator("#calls")).to_contain_text("Final check", timeout=WAIT_MS)
    page.wait_for_function("() => document.getElementById('sco-frame').getAttribute('src').endsWith('final.html')",
                           timeout=WAIT_MS)


def test_cmi5_preview_lists_the_statements_sent(browser: Browser, preview: Preview) -> None:
    """Issue 15: cmi5 beside SCORM in the preview; its own in-memory xAPI endpoint, the panel lists statements."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{preview.url}?target=cmi5")
        assert page.locator("#target-select").input_value() == "cmi5"
        rows = page.locator("#statements tbody tr")
        rows.first.wait_for(timeout=WAIT_MS)
        assert rows.first.locator("td").nth(2).inner_text() == "initialized"
        frame = sco(page)
        frame.get_by_role("button", name="Next", exact=True).click()
        page.wait_for_function("() => [...document.querySelectorAll('#statements tbody tr td:nth-child(3)')]"
                               ".some(td => td.textContent === 'experienced')", timeout=WAIT_MS)
        assert page.locator("#calls").is_hidden() and page.locator("#state").is_hidden()
        assert frame.locator("#lms-alert").inner_text() == ""
        page.get_by_role("button", name="Close and relaunch").click()
        page.wait_for_function("() => [...document.querySelectorAll('#statements tbody tr td:nth-child(3)')]"
                               ".filter(td => td.textContent === 'initialized').length === 2", timeout=WAIT_MS)
        verbs = [td.inner_text() for td in page.locator("#statements tbody tr td:nth-child(3)").all()]
        assert verbs.index("terminated") < len(verbs) - 1 - verbs[::-1].index("initialized")
    finally:
        context.close()


def test_a_page_on_another_origin_cannot_take_the_fetch_token(browser: Browser, preview: Preview) -> None:
    """L8 in Chromium: a simple cross-origin POST (no preflight) to the fetch URL is refused; the player's own works."""
    context = browser.new_context()
    try:
        page = context.new_page()
        other = preview.url.replace("localhost", "127.0.0.1")
        assert other != preview.url
        page.goto(f"{other}__preview/status")  # a page on http://127.0.0.1:<port>, another origin than localhost
        target = f"{preview.url}__preview/xapi/fetch?launch=cross"
        page.evaluate("url => fetch(url, {method: 'POST', mode: 'no-cors'}).catch(() => null)", target)
        page.goto(f"{preview.url}__preview/status")  # now the preview's own origin
        answer = page.evaluate("url => fetch(url, {method: 'POST'}).then(r => r.json())", target)
    finally:
        context.close()
    assert answer == {"auth-token": answer.get("auth-token")} and answer["auth-token"], answer
