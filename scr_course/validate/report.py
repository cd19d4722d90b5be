"""``scr-course validate --report OUT.html``: one page an admin can attach to the upload ticket.

In: ``PackageFacts`` for each zip. Out: a self-contained HTML page (no script, no remote
request: a Content-Security-Policy meta tag allows only its own inline style, by hash), with
headings and tables a screen reader can move through, and a print stylesheet.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from scr_course.resources import read_bytes, report_environment
from scr_course.validate.moodle_beacon import BEACON_LIMIT, PAYLOAD_BUDGET
from scr_course.validate.package_facts import PackageFacts


@dataclass(frozen=True, slots=True)
class Note:
    """One thing an admin should know about uploading this package, and what backs it."""

    lms: str
    text: str
    source: str
    """The test or conformance run that shows it (docs/lms/ says more)."""


MOODLE_DOC = "docs/lms/moodle.md"


def lms_notes(facts: PackageFacts) -> list[Note]:
    """The LMS notes that apply to this package's target and structure."""
    notes: list[Note] = []
    if facts.target == "scorm12":
        notes += [
            Note("Moodle / Totara", "Upload this zip as a SCORM package. Grading method: Highest grade. Completion: "
                 "'Require status' with only 'Passed' ticked (a scored course reports passed or failed, never "
                 "completed; one built with tracking.status: completed-incomplete needs 'Completed' instead); "
                 "'Require minimum score' 80 works too.", f"Moodle conformance run, issue 20 ({MOODLE_DOC})"),
            Note("Moodle / Totara", "Several SCOs in one SCORM 1.2 package record well: LMSFinish resets Moodle's API "
                 "for the next SCO.", "tests/browser/test_moodle_behaviour.py"),
        ]
    elif facts.target == "scorm2004":
        notes.append(Note(
            "Moodle / Totara", "Upload this zip as a SCORM package. Grading method: Highest grade. Completion: "
            "'Require status' with 'Completed' (or 'Passed' and 'Completed') ticked; 'Passed' alone never "
            "completes. 'Require minimum score' 80 works too.", f"Moodle conformance run, issue 20 ({MOODLE_DOC})"))
        if len(facts.scos) > 1:
            notes.append(Note(
                "Moodle / Totara", f"This package has {len(facts.scos)} SCOs: Moodle records only the first (it keeps "
                "one SCORM 2004 API per package; every later Initialize fails with 104). Upload the SCORM 1.2 "
                "package instead, or build one SCO.", "tests/browser/test_moodle_behaviour.py"))
    elif facts.target == "cmi5":
        notes += [
            Note("cmi5 LMS / LRS", "Import this zip in an LMS that supports cmi5; the AU reports to the LMS's LRS with "
                 "the token the LMS gives it, and nothing after 'terminated'.", "docs/lms/cmi5.md"),
            Note("cmi5 LMS / LRS", "The Content-Security-Policy lets the AU reach the LRS the LMS names "
                 "(connect-src https: http:); nothing else loads from outside.", "tests/browser/test_cmi5_runtime.py"),
        ]
    return notes


def render_report(packages: Sequence[PackageFacts]) -> str:
    """The report page for these packages."""
    css = read_bytes("report/report.css").decode("utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; base-uri 'none'; "
           "form-action 'none'")
    return report_environment().get_template("report.html.j2").render(
        packages=packages, package_notes=lms_notes, css=css, csp=csp,
        budget=PAYLOAD_BUDGET, limit=BEACON_LIMIT)
