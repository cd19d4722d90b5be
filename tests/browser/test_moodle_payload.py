"""Issue 20: every Commit of the sample course's longest attempt fits Moodle's unload beacon.

Moodle's SCORM player posts the data model on every Commit and, while the page unloads, sends it
with ``navigator.sendBeacon`` as multipart ``FormData``; Chromium refuses a beacon over 64 KiB.
The sizes come from our model of Moodle's ``CollectData`` and ``request.js``
(``scr_course/validate/moodle_beacon.py``; read from moodle/moodle ``mod/scorm/datamodels/scorm_13.js`` at
153e7d41cc0fe4607f06b364e8326fde42df48c0, ``scorm_12.js`` at 5562b013f4ddadb1a92d9d2abfdb88d71dadf083,
``request.js`` at 8d532487fb65461a5d434a8bb9efae89925de7aa).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runtime_actions import (
    answer_attempt,
    answer_key,
    check_final,
    finish,
    form,
    go_to,
    interactions,
)

from scr_course.validate import moodle_beacon as moodle

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).parent.parent.parent / "course_src"


def wrong_answer(frame: Any, qid: str, kind: str, good: str) -> str:
    """A response that is not the key (so every knowledge check uses all its tries)."""
    if kind in ("single", "multiple", "true-false"):
        ids = [c.get_attribute("value") or "" for c in form(frame, qid).locator("input").all()]
        return next(i for i in ids if i not in good)
    if kind == "numeric":
        return str(float(good) + 1000)
    if kind in ("matching", "ordering"):
        return good[1:] + good[:1]
    return "a wrong answer, typed out at some length by a careful learner"


CHOOSE_WRONG_TWICE = """(answers) => {
  // Each choice check on this page: pick the wrong options, Check, Try again, pick them again, Check.
  for (const [qid, wrong] of answers) {
    const form = document.querySelector(`form[data-question="${qid}"]`);
    const button = form.querySelector('button[type=submit]');
    for (let attempt = 0; attempt < 2 && button.offsetParent; attempt++) {
      for (const input of form.querySelectorAll('input')) {
        if (input.checked !== wrong.includes(input.value)) input.click();
      }
      button.click();
      if (button.offsetParent && button.dataset.mode === 'retry') button.click();
    }
  }
}"""


def longest_attempt(frame: Any) -> None:
    """Every knowledge check answered wrong on every try, the assessment failed twice, then passed.

    Choice checks are answered by clicks dispatched in the page (one round trip per page, the
    runtime's own handlers run); the others through the helpers, as a learner would.
    """
    key = answer_key(SAMPLE)
    data = frame.evaluate("() => JSON.parse(document.getElementById('scr-data').textContent)")
    scored = {m["id"] for m in data["modules"] if m["assessment"]}
    by_page: dict[str, list[str]] = {}
    for question in data["questions"]:
        if question["module"] not in scored:
            by_page.setdefault(question["page"], []).append(question["id"])
    for page, qids in by_page.items():
        go_to(frame, page)
        choices = [(qid, wrong_answer(frame, qid, *key[qid])) for qid in qids
                   if key[qid][0] in ("single", "multiple", "true-false")]
        frame.evaluate(CHOOSE_WRONG_TWICE, choices)
        for qid in qids:
            kind, good = key[qid]
            if kind not in ("single", "multiple", "true-false"):
                check_final(frame, qid, kind, wrong_answer(frame, qid, kind, good))
            # Both tries used: the key is revealed.
            assert form(frame, qid).locator("[data-verdict]").inner_text().endswith(("now marked.", "shown below.")), qid
    end_page = frame.evaluate("() => document.querySelector('[data-quiz-end]').closest('section').dataset.page")
    go_to(frame, end_page)
    for right in (False, False, True):
        answer_attempt(frame, key, right=right)
        if not right:
            frame.get_by_role("button", name="Take the assessment again").click()
    finish(frame)


def payloads(session: Any) -> list[moodle.CommitPayload]:
    """Each SCORM 2004 commit's body as Moodle would post it: every interaction again, and every
    element the SCO changed since launch (those it never set keep Moodle's launch default)."""
    written = {call["args"][0] for call in session.calls("SetValue")}
    bodies = []
    for commit in session.commits():
        now = moodle.flatten(commit["data"])
        launch = {element: value for element, value in now.items() if element not in written}
        bodies.append(moodle.payload("scorm2004", moodle.elements_2004(now, launch),
                                     ending=commit["method"] == "Terminate"))
    return bodies


def test_every_commit_of_the_longest_attempt_fits_moodles_beacon(build_package: Any, lms: Any) -> None:
    """SCORM 2004 only: Moodle's 1.2 player posts just what changed since the last Commit, so its
    largest 1.2 body is one submit's interactions (the static bound in test_validate_report)."""
    session = lms("scorm2004", build_package("course_src", "scorm2004"))
    longest_attempt(session.frame)
    commits = session.commits()
    assert commits[-1]["method"] == "Terminate"
    records = interactions(commits[-1]["data"])
    assert len(records) == len({r["id"] for r in records}) > 60  # one record per question, every one answered
    bodies = payloads(session)
    largest = max(bodies, key=lambda body: body.multipart)
    # The model's multipart size is the size Chromium itself encodes for that FormData.
    encoded = session.page.evaluate("""async (fields) => {
      const data = new FormData();
      for (const [name, value] of fields) data.append(name, value);
      data.append('unloading', '1');
      return (await new Response(data).arrayBuffer()).byteLength;
    }""", [list(pair) for pair in largest.fields])
    assert encoded == largest.multipart
    assert largest is bodies[-1]  # the Terminate carries everything
    assert largest.multipart < moodle.PAYLOAD_BUDGET, [body.multipart for body in bodies]
    assert session.rejected() == [] and session.errors == []
