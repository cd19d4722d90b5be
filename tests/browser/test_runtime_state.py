"""The suspend_data the player writes follows the contract in scr_course/checks/state.py and fits the budget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runtime_actions import VERSIONS, check_final, cmi_get, go_to, page_ids, take_assessment

from scr_course.checks.state import SUSPEND_LIMITS, course_keys, course_tag, question_check, worst_case
from scr_course.pipeline import check
from scr_course.plan import plan_packages

pytestmark = pytest.mark.browser

COURSE = Path(__file__).parent.parent / "fixtures" / "courses" / "runtime-full"
LONGEST = {
    "k-single": ("single", "a"),
    "k-multiple": ("multiple", "abc"),
    "k-truefalse": ("true-false", "b"),
    "k-fillin": ("fill-in", "a very long answer that goes on and on past the limit"),
    "k-numeric": ("numeric", "-1.234567890123456789012345"),
    "k-matching": ("matching", "cab"),
    "k-ordering": ("ordering", "cba"),
}


def decode(value: str) -> dict[str, Any]:
    """Read suspend_data exactly as state.py documents it (no separators, base-36 lengths)."""
    pos = 0

    def take(n: int) -> str:
        nonlocal pos
        part = value[pos:pos + n]
        assert len(part) == n, f"suspend_data ends early at {pos}"
        pos += n
        return part

    def num(n: int) -> int:
        return int(take(n), 36)

    assert take(1) == "3"
    state: dict[str, Any] = {"tag": take(4)}
    state["pages"] = [take(4) for _ in range(num(2))]
    state["quizzes"] = [{"key": take(4), "attempts": num(1), "status": take(1), "best": num(2), "seed": num(4),
                         "position": num(2)} for _ in range(num(1))]
    answers = {}
    for _ in range(num(2)):
        key, check_char = take(4), take(1)
        answers[key] = (check_char, take(num(1)))
    state["answers"] = answers
    reflections = {}
    for _ in range(num(1)):
        key = take(4)
        reflections[key] = take(num(2))
    state["reflections"] = reflections
    assert pos == len(value), "trailing characters"
    return state


def visit_everything_with_longest_answers(frame: Any) -> None:
    for page in page_ids(frame):
        go_to(frame, page)
    for qid, (kind, value) in LONGEST.items():
        go_to(frame, frame.evaluate(f"() => document.querySelector('form[data-question=\"{qid}\"]')"
                                    ".closest('section').dataset.page"))
        check_final(frame, qid, kind, value)
    go_to(frame, "learn--reflect")
    for rid in ("r-first", "r-second"):
        box = frame.locator(f'[data-reflection-input="{rid}"]')
        box.fill("é" + "x" * 2000)  # more than any limit; maxlength and the runtime cut it
        box.blur()
    go_to(frame, "check--questions")
    take_assessment(frame, right=False)


@pytest.mark.parametrize("version", VERSIONS)
def test_worst_case_suspend_data_fits_the_compilers_estimate(version: str, build_package: Any, lms: Any) -> None:
    report = check(COURSE)
    assert report.course is not None
    [sco] = plan_packages(report.course)[0].scos
    limit = SUSPEND_LIMITS[version]
    estimate = worst_case(sco, limit)
    session = lms(version, build_package("runtime-full", version))
    frame = session.frame
    visit_everything_with_longest_answers(frame)
    suspend = cmi_get(session.stored(), "cmi.suspend_data")
    assert len(suspend) <= estimate <= limit
    if version == "scorm12":
        assert len(suspend) <= 4096
    data = frame.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent)")
    chars = data["limits"]["reflectionChars"]
    assert frame.locator('[data-reflection-input="r-first"]').get_attribute("maxlength") == str(chars)
    state = decode(suspend)
    keys = course_keys(report.course)
    assert state["tag"] == course_tag("runtime-full")
    assert state["pages"] == [keys[f"p:{p}"] for p in page_ids(frame)]
    questions = {q.id: q for m in report.course.modules for q in m.questions}
    answers = state["answers"]
    fillin = answers[keys["q:k-fillin"]]
    assert fillin == (question_check(questions["k-fillin"]), LONGEST["k-fillin"][1][:data["limits"]["fillInChars"]])
    assert answers[keys["q:k-numeric"]][1] == LONGEST["k-numeric"][1][:data["limits"]["numericChars"]]
    assert answers[keys["q:k-multiple"]][1] == "abc"
    assert answers[keys["q:k-matching"]][1] == "cab"
    assert answers[keys["q:k-ordering"]][1] == "cba"
    assert [len(text) for text in state["reflections"].values()] == [chars, chars]
    [quiz] = state["quizzes"]
    assert quiz["key"] == keys["m:check"] and quiz["attempts"] == 1 and quiz["status"] == "f" and quiz["best"] == 0
    assert session.rejected() == []


def test_resume_after_a_full_session_restores_everything(build_package: Any, lms: Any, relaunch: Any) -> None:
    session = lms("scorm12", build_package("runtime-full", "scorm12"))
    visit_everything_with_longest_answers(session.frame)
    first = cmi_get(session.stored(), "cmi.suspend_data")
    again = relaunch(session)
    again.frame.get_by_role("button", name="Continue where you left off").click()
    assert again.frame.locator("[data-results]").is_visible()  # the submitted attempt's results
    go_to(again.frame, "learn--arranging")  # a page change saves the restored state unchanged
    assert cmi_get(again.stored(), "cmi.suspend_data") == first
    assert again.rejected() == []
