"""Browser test harness: a scorm-again LMS page, a local server, package building and axe checks."""

from __future__ import annotations

from .axe import WCAG_TAGS, Violation, assert_no_serious_violations, axe_check, format_violations
from .lms import ApiCall, Commit, Faults, HarnessError, LaunchSpec, LmsLauncher, LmsSession, ScoPage
from .packages import BuildFailed, PackageInfo, build_course, extract_package, read_manifest
from .server import HarnessServer

__all__ = [
    "WCAG_TAGS",
    "ApiCall",
    "BuildFailed",
    "Commit",
    "Faults",
    "HarnessError",
    "HarnessServer",
    "LaunchSpec",
    "LmsLauncher",
    "LmsSession",
    "PackageInfo",
    "ScoPage",
    "Violation",
    "assert_no_serious_violations",
    "axe_check",
    "build_course",
    "extract_package",
    "format_violations",
    "read_manifest",
]
