"""Issue 19 (H2, L9): two learners share one browser profile; what the browser keeps is its owner's only."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from runtime_actions import (
    START,
    STATUS,
    VERSIONS,
    cmi_get,
    current_page,
    fill,
    form,
    go_to,
    interactions,
    next_page,
    page_ids,
    submit,
)

from scr_course.render.keys import digest

pytestmark = pytest.mark.browser

COURSE = "runtime-full"
AMINA = {"id": "ward7-amina-0427", "name": "Okafor, Amina"}
BETH = {"id": "ward7-beth-0918", "name": "Lewis, Beth"}
CARL = {"id": "ward7-carl-1130", "name": "Evans, Carl"}
# Reflection text as a practitioner might write it: it must never reach anyone else.
AMINA_CONFIRMED = "Amina: the school nurse noticed the bruising first."
AMINA_UNCONFIRMED = "Amina: I should have shared the referral with the GP sooner."
BETH_OWN = "Beth: my own note."
SET_VALUE = {"scorm12": "LMSSetValue", "scorm2004": "SetValue"}
COMMIT = {"scorm12": "LMSCommit", "scorm2004": "Commit"}
FAILURES = ["commits-refused", "connection-dropped"]
STORAGE_DUMP = """async () => {
  const dump = (store) => Object.fromEntries(
    [...Array(store.length).keys()].map(i => [store.key(i), store.getItem(store.key(i))]));
  const databases = await indexedDB.databases();
  return {local: dump(localStorage), session: dump(sessionStorage), indexedDB: databases.map(d => d.name)};
}"""


def tag(learner_id: str) -> str:
    """The runtime's storage tag for a SCORM learner (20-state.js learnerTag, keys.py digest)."""
    return digest(COURSE, "scorm\0" + learner_id)


def storage(frame: Any) -> dict[str, Any]:
    """Everything the SCO's origin holds in browser storage: localStorage, sessionStorage, IndexedDB names."""
    dump: dict[str, Any] = frame.evaluate(STORAGE_DUMP)
    return dump


def copies(frame: Any) -> dict[str, dict[str, Any]]:
    """The course's records in localStorage, by key."""
    local = storage(frame)["local"]
    return {key: json.loads(value) for key, value in local.items() if key.startswith(f"scr:{COURSE}:")}


def copy_of(frame: Any, learner_id: str) -> dict[str, Any] | None:
    found = [record for record in copies(frame).values() if record.get("o") == tag(learner_id)]
    assert len(found) <= 1
    return found[0] if found else None


def launch_in(lms_launcher: Any, context: Any, version: str, package: Any, learner: dict[str, str],
              stored: dict[str, Any] | None = None) -> Any:
    """Launch through the test LMS in an existing browser context: the same browser profile."""
    return lms_launcher.open(lms_launcher.spec(version, package, learner=learner), stored=stored, context=context)


def leave(session: Any) -> dict[str, Any] | None:
    """The learner closes the course window (the SCO unloads); what their LMS record holds."""
    assert session.page.evaluate("() => window.__lms.unloadSco()")
    stored: dict[str, Any] | None = session.stored()
    return stored


def write_reflection(frame: Any, rid: str, text: str) -> None:
    box = frame.locator(f'[data-reflection-input="{rid}"]')
    box.fill(text)
    box.blur()


def reflection_texts(frame: Any) -> list[str]:
    texts: list[str] = frame.evaluate(
        "() => [...document.querySelectorAll('[data-reflection-input]')].map(t => t.value)")
    return texts


def break_lms(session: Any, failure: str) -> None:
    if failure == "commits-refused":  # an expired LMS session: Commit and Finish both refused
        session.page.evaluate("() => Object.assign(window.__lms.config.faults,"
                              " {commit_fails: true, finish_fails: true})")
    else:
        session.go_offline()


def wait_recorded(session: Any) -> None:
    session.frame.wait_for_function("() => document.getElementById('lms-alert').textContent === ''")


def set_values(session: Any) -> list[tuple[str, str]]:
    return [(str(call["args"][0]), str(call["args"][1])) for call in session.calls(SET_VALUE[session.version])]


def amina_works_then_her_lms_fails(session: Any, failure: str) -> None:
    frame = session.frame
    go_to(frame, "learn--choices")
    fill(frame, "k-single", "single", "b")
    assert submit(frame, "k-single") == "Correct."
    go_to(frame, "learn--reflect")
    write_reflection(frame, "r-first", AMINA_CONFIRMED)
    wait_recorded(session)
    assert AMINA_CONFIRMED in cmi_get(session.stored(), "cmi.suspend_data")
    break_lms(session, failure)
    go_to(frame, "learn--choices")
    fill(frame, "k-multiple", "multiple", "ac")
    assert submit(frame, "k-multiple") == "Correct."
    go_to(frame, "learn--reflect")
    write_reflection(frame, "r-second", AMINA_UNCONFIRMED)
    frame.wait_for_function("() => document.getElementById('lms-alert').textContent !== ''")


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("version", VERSIONS)
def test_the_next_learner_gets_nothing_of_the_last(version: str, failure: str, build_package: Any, lms: Any,
                                                   lms_launcher: Any) -> None:
    package = build_package(COURSE, version)
    amina = lms(version, package, learner=AMINA)
    context = amina.context
    amina_works_then_her_lms_fails(amina, failure)
    amina_record = leave(amina)
    assert AMINA_UNCONFIRMED not in json.dumps(amina_record)  # her LMS never got it: only her browser has it
    kept = copy_of(amina.frame, AMINA["id"])
    assert kept is not None and kept["c"] is False and AMINA_UNCONFIRMED in kept["s"]
    assert not any(AMINA["id"] in key or BETH["id"] in key for key in storage(amina.frame)["local"])

    # Beth launches the same course in the same browser, as a new learner.
    beth = launch_in(lms_launcher, context, version, package, BETH)
    frame = beth.frame
    beth.page.wait_for_timeout(1500)  # H2: A's record used to reach B's LMS within seconds
    assert current_page(frame) == START
    assert frame.locator("#resume-panel").is_hidden() and frame.locator("#start-continue").is_hidden()
    assert frame.locator("#lms-alert").inner_text() == ""
    go_to(frame, "learn--choices")
    assert frame.locator("form[data-question] input:checked").count() == 0
    go_to(frame, "learn--reflect")
    assert reflection_texts(frame) == ["", ""]
    write_reflection(frame, "r-first", BETH_OWN)
    wait_recorded(beth)
    assert beth.commits() and beth.rejected() == [] and beth.errors == []
    sent = set_values(beth)
    assert sent
    for element, value in sent:
        assert "Amina" not in value, (element, value)
        assert not element.startswith("cmi.interactions"), element  # Beth answered nothing
        assert value not in ("completed", "passed")
    beth_record = beth.stored()
    assert interactions(beth_record) == []
    assert cmi_get(beth_record, STATUS[version]["location"]) == "learn--reflect"
    assert BETH_OWN in cmi_get(beth_record, "cmi.suspend_data")
    # Amina's copy is still there for her, untouched; Beth's holds only Beth's.
    assert copy_of(frame, AMINA["id"]) == kept
    beth_copy = copy_of(frame, BETH["id"])
    assert beth_copy is not None and "Amina" not in json.dumps(beth_copy)
    leave(beth)

    # Amina's next launch on this browser: her unconfirmed work comes back and goes to her record.
    again = launch_in(lms_launcher, context, version, package, AMINA, stored=amina_record)
    frame = again.frame
    frame.get_by_role("button", name="Continue where you left off").click()
    assert current_page(frame) == "learn--reflect"
    assert reflection_texts(frame) == [AMINA_CONFIRMED, AMINA_UNCONFIRMED]
    go_to(frame, "learn--choices")
    assert form(frame, "k-multiple").locator('input[value="a"]').is_checked()
    wait_recorded(again)
    record = again.stored()
    assert AMINA_UNCONFIRMED in cmi_get(record, "cmi.suspend_data")
    assert [r["id"].rsplit(":", 1)[-1] for r in interactions(record)] == ["k-single", "k-multiple"]
    written = [value for element, value in set_values(again) if element.endswith(".id")]
    assert [value.rsplit(":", 1)[-1] for value in written] == ["k-multiple"]  # the answer her LMS missed
    assert not any("Beth" in value for _, value in set_values(again))
    assert again.rejected() == [] and again.errors == []

    # She reads to the end and finishes: once the LMS has confirmed, no reflection text stays behind.
    for _ in page_ids(frame)[page_ids(frame).index("learn--choices") + 1:]:
        next_page(frame)
    frame.get_by_role("button", name="Finish").click()
    frame.locator("#finish-panel").wait_for(state="visible")
    assert [c["result"] for c in again.calls(COMMIT[version])][-1] == "true"
    leave(again)
    assert copies(again.page.main_frame) == {}  # both finished cleanly: nothing of theirs is left at all
    for page in context.pages:  # each window's sessionStorage is its own: look in every one
        left = storage(page.main_frame)
        assert left["indexedDB"] == []
        for area in ("local", "session"):
            dump = json.dumps(left[area])
            for text in (AMINA_CONFIRMED, AMINA_UNCONFIRMED, BETH_OWN):
                assert text not in dump, (area, text)


def record(owner: str, days_ago: float) -> tuple[str, str]:
    """A stored copy of another learner's (its content does not matter here)."""
    written = int((time.time() - days_ago * 86400) * 1000)
    value = {"o": owner, "s": "", "l": "", "c": False, "i": [], "k": {}, "t": written}
    return f"scr:{COURSE}:1.0.0:{COURSE}:{owner}", json.dumps(value)


def test_browser_storage_is_bounded_and_keeps_the_learners_own_copy(build_package: Any, lms: Any,
                                                                    lms_launcher: Any) -> None:
    package = build_package(COURSE, "scorm12")
    carl = lms("scorm12", package, learner=CARL, faults={"commit_fails": True, "finish_fails": True})
    go_to(carl.frame, "learn--choices")
    fill(carl.frame, "k-single", "single", "b")
    submit(carl.frame, "k-single")
    carl_record = leave(carl)
    [own] = [key for key, copy in copies(carl.page.main_frame).items() if copy["o"] == tag(CARL["id"])]
    # Carl's copy is 20 days old now; six other learners have used this browser since, and older leftovers lie about.
    others = [record(f"other{n}", n) for n in range(1, 7)]
    leftovers = [
        record("gone", 31),
        ("scr:runtime-full:0.9.0:runtime-full", json.dumps({"s": "3zzzz", "c": False, "t": 1})),  # before issue 19
    ]
    untouched = [
        ("scr:another-course:1.0.0:x:other1", json.dumps({"o": "other1", "s": "", "t": 1})),  # not this course's
        (f"scr:{COURSE}:not-a-record", "{"),
    ]
    carl.page.evaluate("""([own, items]) => {
      const copy = JSON.parse(localStorage.getItem(own));
      copy.t = Date.now() - 20 * 86400000;
      localStorage.setItem(own, JSON.stringify(copy));
      for (const [k, v] of items) localStorage.setItem(k, v);
    }""", [own, others + leftovers + untouched])
    again = launch_in(lms_launcher, carl.context, "scorm12", package, CARL, stored=carl_record)
    left = storage(again.frame)["local"]
    # At most 5 records for the course: Carl's own first, then the 4 most recent others'.
    assert {key for key in left if key.startswith(f"scr:{COURSE}:")} == {
        own, *(key for key, _ in others[:4]), f"scr:{COURSE}:not-a-record"}
    assert "scr:another-course:1.0.0:x:other1" in left
    again.frame.get_by_role("button", name="Continue where you left off").click()
    assert form(again.frame, "k-single").locator('input[value="b"]').is_checked()
    assert again.errors == []
