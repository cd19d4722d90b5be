"""Issue 20: the Moodle behaviours our packages and checks rely on, each encoded as a test of our own.

Read (not copied) from the public repository moodle/moodle:

- ``mod/scorm/datamodels/scorm_13.js`` at 153e7d41cc0fe4607f06b364e8326fde42df48c0: one
  ``API_1484_11`` object serves every SCO of the player page (``Initialize`` re-reads the data
  model for ``scorm_current_node``); ``Terminate`` sets ``Terminated`` and nothing resets it, so a
  later ``Initialize`` answers false with 104. ``CollectData`` re-posts every interaction.
- ``mod/scorm/datamodels/scorm_12.js`` at 5562b013f4ddadb1a92d9d2abfdb88d71dadf083: ``LMSFinish``
  sets ``Initialized`` back to false, so the next SCO's ``LMSInitialize`` starts afresh; a 1.2
  ``CollectData`` posts only what changed.
- ``mod/scorm/request.js`` at 8d532487fb65461a5d434a8bb9efae89925de7aa: on unload the post goes
  out with ``navigator.sendBeacon`` as ``FormData``; Chromium refuses a body over 64 KiB.

The SCOs are our sco-per-module fixture, run one after the other in one LMS page against one API
object, as Moodle's player does when it swaps the SCO frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runtime_actions import finish, notice

from scr_course.validate import moodle_beacon as moodle

pytestmark = pytest.mark.browser

TWO_SCOS = Path(__file__).parent.parent / "fixtures" / "broken" / "packaging-moodle-2004"


def next_sco(session: Any, href: str) -> None:
    """Moodle's player swapping the SCO frame: same LMS page, same API object, the next SCO's page."""
    url = session.frame.url.rsplit("/", 1)[0] + "/" + href
    session.frame.goto(url, wait_until="load")
    session.frame.locator("section.page").first.wait_for(state="attached")


def test_scorm_2004_a_second_sco_cannot_initialize_the_same_api(build_package: Any, lms: Any) -> None:
    session = lms("scorm2004", build_package(TWO_SCOS, "scorm2004"), launch="a.html")
    finish(session.frame)
    assert session.calls("Terminate")[-1]["result"] == "true"
    committed = len(session.commits())
    next_sco(session, "b.html")
    session.wait_for_call("Initialize", count=2)
    second = session.calls("Initialize")[1]
    assert (second["result"], second["error"]) == ("false", "104")
    # The runtime does not pretend: the learner is told progress is not being recorded.
    session.frame.wait_for_function("() => document.getElementById('lms-alert').textContent.trim() !== ''")
    assert notice(session.frame, "lms-alert")
    assert len(session.commits()) == committed  # nothing of the second SCO reaches the LMS


def test_scorm_12_lmsfinish_resets_the_api_for_the_next_sco(build_package: Any, lms: Any) -> None:
    # scorm-again keeps a finished 1.2 API finished; Moodle's scorm_12.js does not. Resetting it
    # at the frame swap is our model of that (LMSFinish: Initialized = false).
    session = lms("scorm12", build_package(TWO_SCOS, "scorm12"), launch="a.html", strict=False)
    finish(session.frame)
    assert session.calls("LMSFinish")[-1]["result"] == "true"
    session.page.evaluate("() => window.API.reset()")
    next_sco(session, "b.html")
    session.wait_for_call("LMSInitialize", count=2)
    assert session.calls("LMSInitialize")[1]["result"] == "true"
    session.frame.get_by_role("button", name="Next", exact=True).click()
    session.page.wait_for_function("() => window.__lms.commits.length > 0 && "
                                   "window.__lmsStore.cmi.core.lesson_location !== ''")
    assert notice(session.frame, "lms-alert") == ""


def test_scorm_2004_every_commit_reposts_every_interaction() -> None:
    first = {"cmi.interactions.0.id": "urn:scr:c:q1", "cmi.interactions.0.result": "correct",
             "cmi.suspend_data": "a", "cmi.location": "p1"}
    second = {**first, "cmi.interactions.1.id": "urn:scr:c:q2", "cmi.interactions.1.result": "incorrect",
              "cmi.location": "p2"}
    launch = {"cmi.location": "p1"}
    sent = moodle.elements_2004(second, launch)
    assert {"cmi.interactions.0.id", "cmi.interactions.0.result", "cmi.interactions.1.id"} <= set(sent)
    assert sent["cmi.location"] == "p2"
    # 1.2: only what changed since the previous Commit.
    first12 = {"cmi.interactions.0.id": "q1", "cmi.suspend_data": "a", "cmi.core.lesson_location": "p1"}
    second12 = {**first12, "cmi.interactions.1.id": "q2", "cmi.core.lesson_location": "p2"}
    assert moodle.elements_12(second12, first12) == {"cmi.interactions.1.id": "q2", "cmi.core.lesson_location": "p2"}
    names = [name for name, _ in moodle.payload("scorm2004", sent).fields]
    assert "cmi__interactions__0__id" in names and names[:5] == ["id", "a", "sesskey", "attempt", "scoid"]
    assert moodle.posted_name("scorm12", "cmi.interactions.3.correct_responses.0.pattern") == \
        "cmi__interactions_3__correct_responses_0__pattern"


def test_chromium_refuses_a_beacon_over_64_kib(browser: Any, harness_server: Any) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(harness_server.url + "/harness/lms.html?version=scorm12", wait_until="domcontentloaded")
        queued = page.evaluate("""([budget, limit]) => {
          const body = (bytes) => {
            const data = new FormData();
            data.append('cmi__suspend_data', 'x'.repeat(bytes));
            return data;
          };
          const size = async (data) => (await new Response(data).arrayBuffer()).byteLength;
          return Promise.all([size(body(budget)), size(body(limit))]).then(([small, large]) => ({
            small, large,
            smallQueued: navigator.sendBeacon('/beacon-test', body(budget)),
            largeQueued: navigator.sendBeacon('/beacon-test', body(limit)),
          }));
        }""", [moodle.PAYLOAD_BUDGET - 300, moodle.BEACON_LIMIT])
    finally:
        context.close()
    assert queued["small"] < moodle.PAYLOAD_BUDGET < moodle.BEACON_LIMIT < queued["large"]
    assert queued["smallQueued"] is True
    assert queued["largeQueued"] is False
