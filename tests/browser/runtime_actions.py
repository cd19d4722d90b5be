"""What a learner does in the player, as small functions shared by the test_runtime_* modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

if TYPE_CHECKING:
    from playwright.sync_api import Frame

VERSIONS = ["scorm12", "scorm2004"]

# Answers for tests/fixtures/courses/runtime-full, module "learn": (kind, right answer, wrong answer).
KNOWLEDGE_CHECKS: dict[str, tuple[str, Any, Any]] = {
    "k-single": ("single", "b", "a"),
    "k-multiple": ("multiple", "ac", "b"),
    "k-truefalse": ("true-false", "a", "b"),
    "k-fillin": ("fill-in", "  PARIS ", "Lyon"),
    "k-numeric": ("numeric", "6.4", "7"),
    # Matching answers are letters of the right-hand sides in the order shown (Miaow, Moo, Woof);
    # ordering ids follow the order shown (One, Three, Two), so neither spells out the key.
    "k-matching": ("matching", "bca", "abc"),
    "k-ordering": ("ordering", "acb", "bca"),
}
LEARN_PAGES = ["learn--start", "learn--reading", "learn--choices", "learn--typed", "learn--arranging",
               "learn--reflect"]

STATUS = {
    "scorm12": {"status": "cmi.core.lesson_status", "raw": "cmi.core.score.raw", "location": "cmi.core.lesson_location",
                "exit": "cmi.core.exit", "session": "cmi.core.session_time", "response": "student_response"},
    "scorm2004": {"status": "cmi.completion_status", "raw": "cmi.score.raw", "location": "cmi.location",
                  "exit": "cmi.exit", "session": "cmi.session_time", "response": "learner_response"},
}


def cmi_get(data: dict[str, Any] | None, path: str) -> Any:
    """``cmi_get(session.stored(), "cmi.core.lesson_status")``; None when absent."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def interactions(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The stored interaction records in index order."""
    records = cmi_get(data, "cmi.interactions") or {}
    return [records[key] for key in sorted(records, key=int) if key.isdigit()]


def patterns(record: dict[str, Any]) -> list[str]:
    """The correct-response patterns of one interaction record."""
    responses = record.get("correct_responses") or {}
    return [responses[key]["pattern"] for key in sorted(responses, key=int)]


def current_page(frame: Frame) -> str | None:
    """The id of the page on screen, or None while a panel (resume, finish) is shown.

    A page whose chunk is still on its way is waited for (its loading line shows meanwhile)."""
    frame.wait_for_function("() => { const l = document.getElementById('page-loading');"
                            " return !l || l.hidden || l.dataset.state !== 'loading'; }")
    return frame.evaluate("() => { const s = document.querySelector('section.page:not([hidden])');"
                          " return s ? s.dataset.page : null; }")


START = "course-start"
"""The start screen: first in the reading order, shown at launch, but not a tracked page."""


def page_ids(frame: Frame) -> list[str]:
    """Every tracked page id in reading order (the start screen is not one); waits for later pages."""
    frame.wait_for_function("() => { const d = JSON.parse(document.getElementById('scr-data').textContent);"
                            " return document.querySelectorAll('section.page').length === d.pages.length + 1; }")
    return frame.evaluate("() => [...document.querySelectorAll('section.page')].map(s => s.dataset.page)"
                          ".filter(id => id !== 'course-start')")


def chunk_scripts(package_dir: Any) -> list[tuple[str, dict[str, Any]]]:
    """The chunks of later pages of a package's index.html, in order: (file name, {"html", "keys"})."""
    folder = Path(package_dir)
    found = sorted(folder.glob("index-pages-*.js"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    # Line 2 of each: window.scrPageChunks["index-pages-N.js"] = {"html": …, "keys": …};
    return [(p.name, json.loads(p.read_text(encoding="utf-8").splitlines()[1].split(" = ", 1)[1].rstrip(";")))
            for p in found]


def package_markup(package_dir: Any) -> str:
    """All the page markup of an unzipped package: index.html, then what its chunk scripts carry:
    the later pages' markup and (as the files hold them, encoded) their questions' reveal data."""
    html = (Path(package_dir) / "index.html").read_text(encoding="utf-8")
    for _, chunk in chunk_scripts(package_dir):
        html += chunk["html"] + json.dumps(chunk["keys"], ensure_ascii=False)
    return html


def go_to(frame: Frame, page_id: str) -> None:
    """Open a page through the contents list (opening the contents drawer first on a phone)."""
    link = frame.locator(f'.contents [data-page-link="{page_id}"]')
    # The phone drawer is a <details>: ask whether it is open rather than whether a link is visible,
    # which is briefly true while a closing drawer still paints (a race on a loaded machine).
    for attempt in range(3):
        if frame.evaluate("() => !document.getElementById('contents').open"):
            frame.locator("#contents-title").click()
        try:
            link.wait_for(state="visible", timeout=5000)
            break
        except PlaywrightTimeout:
            # A media-query change that lands late (after set_viewport_size) closes the phone drawer
            # again (99-start.js keeps it open only on wide screens): open it once more.
            if attempt == 2:
                raise
    link.click()
    # A page in a chunk not yet loaded shows once its script has arrived (the loading line meanwhile).
    frame.wait_for_function("(id) => { const s = document.querySelector(`section.page[data-page='${id}']`);"
                            " return !!s && !s.hidden; }", arg=page_id)
    assert current_page(frame) == page_id


def next_page(frame: Frame, times: int = 1) -> None:
    """Press Next ``times`` times."""
    for _ in range(times):
        frame.get_by_role("button", name="Next", exact=True).click()


def form(frame: Frame, qid: str) -> Any:
    """The question's form locator."""
    return frame.locator(f'form[data-question="{qid}"]')


def fill(frame: Frame, qid: str, kind: str, value: Any) -> None:
    """Put an answer into a question without submitting it."""
    box = form(frame, qid)
    if kind in ("single", "true-false"):
        box.locator(f'input[value="{value}"]').check()
    elif kind == "multiple":
        for checkbox in box.locator("input").all():
            if checkbox.get_attribute("value") in value:
                checkbox.check()
            else:
                checkbox.uncheck()
    elif kind in ("fill-in", "numeric"):
        box.locator("[data-answer-input]").fill(value)
    elif kind == "matching":
        for left, target in zip("abcdefghijklmnopqrstuvwxyz", value, strict=False):
            box.locator(f'select[name="{qid}--{left}"]').select_option(target)
    else:
        order(frame, qid, value)


def order(frame: Frame, qid: str, wanted: str) -> None:
    """Reorder an ordering question with its Move up buttons until it reads ``wanted``."""
    box = form(frame, qid)
    for _ in range(len(wanted) ** 2):
        now = "".join(li.get_attribute("data-choice") or "" for li in box.locator("li").all())
        if now == wanted:
            return
        for position, choice in enumerate(now):
            if position and wanted.index(choice) < wanted.index(now[position - 1]):
                box.locator(f'li[data-choice="{choice}"] [data-move="up"]').click()
                break
    raise AssertionError(f"could not order {qid} as {wanted}")


def submit(frame: Frame, qid: str) -> str:
    """Press the knowledge check's Check answer button; the verdict line shown."""
    box = form(frame, qid)
    box.locator("button[type=submit]").click()
    verdict = box.locator("[data-verdict]")
    return verdict.inner_text() if verdict.is_visible() else box.locator("[data-problem]").inner_text()


def check_final(frame: Frame, qid: str, kind: str, value: Any) -> str:
    """Answer a knowledge check and use up its retries with the same answer; the last verdict."""
    fill(frame, qid, kind, value)
    verdict = submit(frame, qid)
    button = form(frame, qid).locator("button[type=submit]")
    while button.is_visible() and button.inner_text() == "Try again":
        button.click()
        fill(frame, qid, kind, value)
        verdict = submit(frame, qid)
    return verdict


def answer_checks(frame: Frame, right: bool = True) -> None:
    """Answer every knowledge check of runtime-full's first module (on their pages)."""
    page_ids(frame)  # every chunk of later pages in, so each question's form can be found
    for qid, (kind, good, bad) in KNOWLEDGE_CHECKS.items():
        page = frame.evaluate(f"() => document.querySelector('form[data-question=\"{qid}\"]')"
                              ".closest('section').dataset.page")
        if current_page(frame) != page:
            go_to(frame, page)
        check_final(frame, qid, kind, good if right else bad)


def drawn_questions(frame: Frame) -> list[str]:
    """The assessment questions of this attempt, in the attempt's order (one is shown at a time)."""
    return frame.evaluate("""() => [...document.querySelectorAll('form[data-drawn]')]
      .sort((a, b) => a.dataset.drawn - b.dataset.drawn).map(f => f.dataset.question)""")


def shown_question(frame: Frame) -> str | None:
    """The assessment question on screen, or None."""
    return frame.evaluate("() => { const f = document.querySelector('form[data-drawn]:not([hidden])');"
                          " return f ? f.dataset.question : null; }")


def take_assessment(frame: Frame, right: bool | tuple[bool, ...]) -> list[str]:
    """On the assessment page: answer the drawn "Right"/"Wrong" questions one screen at a time
    (each choice is saved as made; ``right`` per question when a tuple), check, submit; the drawn ids."""
    drawn = drawn_questions(frame)
    for index, qid in enumerate(drawn):
        assert shown_question(frame) == qid
        label = "Right" if (right[index] if isinstance(right, tuple) else right) else "Wrong"
        form(frame, qid).locator(".option").filter(has=frame.get_by_text(label, exact=True)).locator("input").check()
        if index < len(drawn) - 1:
            frame.get_by_role("button", name="Next question").click()
    frame.get_by_role("button", name="Check answers and submit").click()
    frame.get_by_role("button", name="Submit assessment").click()
    frame.locator("[data-results]").wait_for(state="visible")
    return drawn


def finish(frame: Frame) -> None:
    """Go to the last page and press Finish."""
    go_to(frame, page_ids(frame)[-1])
    frame.get_by_role("button", name="Finish").click()
    frame.locator("#finish-panel").wait_for(state="visible")


def local_state(frame: Frame) -> dict[str, Any] | None:
    """The player's browser-storage record ({o, s, l, c, i, t, k}) for this SCO, or None (the first found)."""
    value = frame.evaluate("() => { for (let i = 0; i < localStorage.length; i++) {"
                           " const k = localStorage.key(i); if (k.startsWith('scr:')) return localStorage.getItem(k); }"
                           " return null; }")
    return json.loads(value) if value else None


def notice(frame: Frame, which: str) -> str:
    """Text of a notice: ``lms-note`` (quiet), ``lms-alert`` (recording problem), ``tab-alert``."""
    return frame.locator(f"#{which}").inner_text().strip()


def answer_key(course: Path) -> dict[str, tuple[str, str]]:
    """Every question's (kind, right response), from the compiler's model: the page has no key."""
    from scr_course.pipeline import check
    from scr_course.render.keys import correct_response

    report = check(course)
    assert report.course is not None
    key: dict[str, tuple[str, str]] = {}
    for question in (q for m in report.course.modules for q in m.questions):
        response = correct_response(question)
        if question.kind.value == "fill-in":
            response = next(c.plain for c in question.choices if c.correct)
        elif question.kind.value == "numeric":
            response = str(question.value)
        key[question.id] = (question.kind.value, response)
    return key


def answer_attempt(frame: Frame, key: dict[str, tuple[str, str]], right: bool = True,
                   submit_it: bool = True) -> list[str]:
    """Answer every drawn question of the attempt on screen (right, or wrong where possible)."""
    drawn = drawn_questions(frame)
    for index, qid in enumerate(drawn):
        kind, good = key[qid]
        value = good
        if not right:
            choices = form(frame, qid).locator("input[type=radio], input[type=checkbox]")
            ids = [c.get_attribute("value") or "" for c in choices.all()]
            value = next(i for i in ids if i not in good) if ids else "wrong answer"
        fill(frame, qid, kind, value)
        if index < len(drawn) - 1:
            frame.get_by_role("button", name="Next question").click()
    if submit_it:
        frame.get_by_role("button", name="Check answers and submit").click()
        frame.get_by_role("button", name="Submit assessment").click()
        frame.locator("[data-results]").wait_for(state="visible")
    return drawn


def pass_course_assessment(frame: Frame, course: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Go to the course's scored assessment and answer it right: (runtime data, assessment module, its page)."""
    data = frame.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent)")
    [final] = [m for m in data["modules"] if m["assessment"]]
    frame.locator("[data-quiz-end]").first.wait_for(state="attached")  # later pages load after the first
    end_page = frame.evaluate("() => document.querySelector('[data-quiz-end]').closest('section').dataset.page")
    go_to(frame, end_page)
    answer_attempt(frame, answer_key(course))
    assert "Your score: 100%" in frame.locator("[data-results]").inner_text()
    return data, final, end_page
