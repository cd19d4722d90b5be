"""Rebuilds for preview: parsed files are kept between builds, so an edit re-parses one file."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from scr_course.diagnostics import Diagnostic, Diagnostics, Severity
from scr_course.model import BuildTarget, OutputFile, PackagePlan
from scr_course.parse.cache import ParseCache
from scr_course.pipeline import load_checked_course
from scr_course.plan import plan_packages
from scr_course.render import render_package


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOutcome:
    """One rebuild: diagnostics, and the package files when there were no errors."""

    diagnostics: tuple[Diagnostic, ...]
    files: tuple[OutputFile, ...] | None
    plans: tuple[PackagePlan, ...]
    plan: PackagePlan | None
    seconds: float

    @property
    def ok(self) -> bool:
        """True when the build produced files."""
        return self.files is not None


class IncrementalBuilder:
    """Keeps a parse cache for one course folder; every rebuild reads the sources afresh."""

    def __init__(self, src: Path) -> None:
        self.src = src
        self.cache = ParseCache(keep_outlines=True)
        self.pages: dict[object, tuple[OutputFile, ...]] = {}

    def rebuild(self, target: BuildTarget, package: int = 0) -> BuildOutcome:
        """Check and render package number ``package`` (in plan order) for ``target``."""
        start = time.perf_counter()
        diagnostics = Diagnostics()
        # One process: a rebuild after a save re-parses one file, nothing worth sharing, and the
        # preview server runs threads, beside which forking is unsafe (issue 24).
        course = load_checked_course(self.src, diagnostics, self.cache, jobs=1)
        self._trim()
        found = tuple(diagnostics.sorted())
        if any(d.severity is Severity.ERROR for d in found):
            return BuildOutcome(diagnostics=found, files=None, plans=(), plan=None,
                                seconds=time.perf_counter() - start)
        plans = plan_packages(course)
        plan = plans[min(package, len(plans) - 1)]
        if len(self.pages) > 4 * sum(len(p.scos) for p in plans) + 64:
            self.pages.clear()  # edited SCOs leave old renderings behind
        files = render_package(course, plan, target, self.pages)
        return BuildOutcome(diagnostics=found, files=files, plans=plans, plan=plan,
                            seconds=time.perf_counter() - start)

    def _trim(self) -> None:
        # Old versions of edited files would pile up over a long preview session.
        for store in (self.cache.outlines, self.cache.files):
            if len(store) > 4 * max(16, len(self.cache.outlines)):
                store.clear()
