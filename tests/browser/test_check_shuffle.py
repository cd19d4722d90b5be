"""Issue 22: a knowledge check's options come in a fresh order at each launch, so the key's place
gives nothing away; ordering and true/false items, and a question written ``shuffle=false``, keep
their order; and the learner's choice is still scored and recorded by option, not by place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runtime_actions import fill, form, go_to, interactions, page_ids, submit

from scr_course.model import QuestionKind
from scr_course.pipeline import check

REPO = Path(__file__).parent.parent.parent
SHOWN_ORDER = """() => Object.fromEntries([...document.querySelectorAll('form[data-question]')].map(f =>
  [f.dataset.question, [...f.querySelectorAll('[data-choice]')].map(o => o.dataset.choice).join('')]))"""
"""Question id -> the ids of its options (or ordering items) in the order on screen."""


def _shown(session: Any) -> dict[str, str]:
    page_ids(session.frame)  # waits until the later pages (and their questions) are in
    orders: dict[str, str] = session.frame.evaluate(SHOWN_ORDER)
    return orders


def _clean(session: Any) -> None:
    assert session.rejected() == [], session.rejected()
    assert session.errors == []


@pytest.mark.browser
def test_sample_course_checks_show_a_new_order_at_each_launch_and_still_score(build_package: Any,
                                                                            lms: Any) -> None:
    course = check(REPO / "course_src").course
    assert course is not None
    checks = {q.id: q for m in course.modules if not m.quiz.scored for q in m.questions}
    written = {qid: "".join(c.id for c in q.choices) for qid, q in checks.items()}
    shuffling = [qid for qid, q in checks.items() if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)]
    assert len(shuffling) >= 20
    package = build_package("course_src", "scorm2004")
    first = _shown(lms("scorm2004", package))
    session = lms("scorm2004", package)
    second = _shown(session)
    for qid, q in checks.items():
        assert sorted(first[qid]) == sorted(second[qid]) == sorted(written[qid]), qid  # same options
        if q.kind is QuestionKind.TRUE_FALSE:
            assert first[qid] == second[qid] == written[qid], f"{qid}: True stays before False"
        elif q.kind is QuestionKind.ORDERING:
            assert first[qid] == second[qid], f"{qid}: ordering items are not reshuffled per launch"
    # A 4-option check keeps its order by chance 1 time in 24: most must move.
    moved = [qid for qid in shuffling if first[qid] != second[qid]]
    assert len(moved) * 2 > len(shuffling), f"only {len(moved)} of {len(shuffling)} checks changed order"
    assert sum(first[qid] != written[qid] for qid in shuffling) * 2 > len(shuffling)

    # Scoring follows the option, not its place: the keyed options of a single check shown out of
    # its written place, and of a multiple check, are marked right. SCORM 2004 records a knowledge
    # check as its id and result only (the Moodle payload work, 30-lms.js); SCORM 1.2 still records
    # the learner's response, so there the response must also be the keyed options in written order.
    records = {r["id"]: r for r in interactions(_answer_keyed(session, checks, second, written, moved))}
    for qid in _chosen(checks, second, written, moved):
        assert records[f"urn:scr:{course.config.id}:{qid}"]["result"] == "correct", qid
    _clean(session)

    session12 = lms("scorm12", build_package("course_src", "scorm12"))
    shown12 = _shown(session12)
    moved12 = [qid for qid in shuffling if shown12[qid] != written[qid]]
    records = {r["id"]: r for r in interactions(_answer_keyed(session12, checks, shown12, written, moved12))}
    for qid in _chosen(checks, shown12, written, moved12):
        record = records[qid]
        assert record["result"] == "correct", qid
        assert record["student_response"] == ",".join(_keyed(checks[qid])), qid
    _clean(session12)


def _chosen(checks: dict[str, Any], shown: dict[str, str], written: dict[str, str],
            moved: list[str]) -> tuple[str, str]:
    """A single check whose keyed option is shown out of its written place, and a multiple check
    shown out of its written order."""
    single = next(qid for qid in moved if checks[qid].kind is QuestionKind.SINGLE
                  and shown[qid].index(_keyed(checks[qid])) != written[qid].index(_keyed(checks[qid])))
    multiple = next(qid for qid in moved if checks[qid].kind is QuestionKind.MULTIPLE)
    return single, multiple


def _answer_keyed(session: Any, checks: dict[str, Any], shown: dict[str, str], written: dict[str, str],
                  moved: list[str]) -> Any:
    """Answers the chosen checks with their keyed options, each marked right; the stored LMS data."""
    for qid in _chosen(checks, shown, written, moved):
        page = session.frame.evaluate(f"() => document.querySelector('form[data-question=\"{qid}\"]')"
                                      ".closest('section').dataset.page")
        go_to(session.frame, page)
        fill(session.frame, qid, checks[qid].kind.value, _keyed(checks[qid]))
        assert submit(session.frame, qid) == "Correct.", qid
        assert form(session.frame, qid).locator("[data-verdict]").get_attribute("class") == \
            "question-verdict is-correct"
    return session.stored()


def _keyed(question: Any) -> str:
    return "".join(c.id for c in question.choices if c.correct)


@pytest.mark.browser
def test_a_check_written_shuffle_false_keeps_its_order(build_package: Any, lms: Any) -> None:
    # runtime-full's k-single says shuffle=false; its k-multiple shuffles.
    package = build_package("runtime-full", "scorm12")
    orders = [_shown(lms("scorm12", package)) for _ in range(3)]
    assert [o["k-single"] for o in orders] == ["abc"] * 3
    assert all(sorted(o["k-multiple"]) == sorted(orders[0]["k-multiple"]) for o in orders)
