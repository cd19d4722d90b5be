"""Stage: any zip → problems. ``scr-course validate`` checks a SCORM 1.2, SCORM 2004 or cmi5 package.

In: a zip on disk, trusted by nothing (its own or anyone's). Out: ``path: error: message`` lines.
``scorm`` checks entries and the manifest, ``cmi5`` the course structure, ``xml`` owns the safe
parser and the official schemas both use. ``--report`` adds a page of facts per zip:
``package_facts`` reads them, ``worst_case`` and ``moodle_beacon`` size what a SCO can send, and
``report`` renders the page.
"""

from __future__ import annotations

from scr_course.validate.scorm import validate_package

__all__ = ["validate_package"]
