"""The preview's build state: last good files per target, latest diagnostics, and the reload epoch."""

from __future__ import annotations

import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scr_course.diagnostics import CourseError, Diagnostics, Severity
from scr_course.model import BuildTarget, OutputFile, PackagePlan
from scr_course.preview.incremental import BuildOutcome, IncrementalBuilder
from scr_course.preview.outline import ScoOutline, course_identity, package_outline
from scr_course.source.config import parse_config
from scr_course.source.loader import load_course

Report = Callable[[str], None]
MAX_SNAPSHOTS = 8
"""Targets times packages kept in memory; a course split into many packages is rebuilt on demand."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One line of the build report, as shown in the browser overlay and the terminal."""

    severity: str
    text: str
    """``path:line: error: message [code]``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """What the preview serves for one target and package."""

    target: BuildTarget
    package: int
    generation: int
    """Source generation the latest build read; the browser's reload epoch."""
    ok: bool
    """The latest build succeeded (else ``files`` are from the last good build)."""
    problems: tuple[Problem, ...]
    seconds: float
    files: Mapping[str, OutputFile]
    """The last good build's files by href: exactly what the zip would hold. Empty before one succeeds."""
    plans: tuple[PackagePlan, ...]
    scos: tuple[ScoOutline, ...]
    course: Mapping[str, str]
    """Course id and title, for the browser's storage keys."""


def default_target(src: Path) -> BuildTarget:
    """The first target course.yml names; SCORM 1.2 when it names none or cannot be read."""
    diagnostics = Diagnostics()
    tree = load_course(src, diagnostics)
    if tree.config is None:
        return BuildTarget.SCORM12
    config = parse_config(tree.config.text, tree.config.loc, diagnostics)
    return config.targets[0] if config.targets else BuildTarget.SCORM12


class PreviewSite:
    """Serialises builds and wakes long-polling browsers when the sources change."""

    def __init__(self, src: Path, target: BuildTarget, report: Report) -> None:
        self.src = src
        self.default_target = target
        self._report = report
        self._builder = IncrementalBuilder(src)
        self._build_lock = threading.Lock()
        self._changed = threading.Condition()
        self._snapshots: OrderedDict[tuple[BuildTarget, int], Snapshot] = OrderedDict()
        self._active = (target, 0)
        self.generation = 1
        self.player_version = 1
        self.closed = False

    def snapshot(self, target: BuildTarget, package: int = 0) -> Snapshot:
        """The current build, rebuilding first when the sources changed (requests wait here meanwhile)."""
        key = (target, package)
        with self._build_lock:
            generation = self.generation
            previous = self._snapshots.get(key)
            if previous is None or previous.generation != generation:
                self._snapshots[key] = self._build(target, package, generation, previous)
            self._snapshots.move_to_end(key)
            while len(self._snapshots) > MAX_SNAPSHOTS:
                self._snapshots.popitem(last=False)
            self._active = key
            return self._snapshots[key]

    def sources_changed(self, paths: Iterable[Path] = ()) -> None:
        """Count a new source generation, wake the browsers, and rebuild what they were looking at."""
        with self._changed:
            self.generation += 1
            self._changed.notify_all()
        names = sorted({p.name for p in paths})
        if names:
            self._report(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
        self.snapshot(*self._active)

    def player_changed(self) -> None:
        """The preview's own page, script or style changed: browsers reload the whole player."""
        with self._changed:
            self.player_version += 1
            self._changed.notify_all()

    def wait_for_change(self, epoch: int, player: int, timeout: float) -> None:
        """Block until the generation or player version differs from the browser's, or ``timeout``."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.closed or self.generation != epoch or self.player_version != player, timeout)

    def close(self) -> None:
        """Release every waiting long poll (server shutdown)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def status(self, snapshot: Snapshot) -> dict[str, Any]:
        """The JSON the inspector polls: build result, problems, packages and SCOs."""
        return {
            "epoch": snapshot.generation, "player": self.player_version, "ok": snapshot.ok,
            "hasBuild": bool(snapshot.files), "seconds": round(snapshot.seconds, 4),
            "target": snapshot.target.value, "package": snapshot.package,
            "problems": [{"severity": p.severity, "text": p.text} for p in snapshot.problems],
            "packages": [{"index": i, "name": plan.name, "title": plan.title} for i, plan in enumerate(snapshot.plans)],
            "course": dict(snapshot.course),
            "scos": [sco.to_json() for sco in snapshot.scos],
        }

    def _build(self, target: BuildTarget, package: int, generation: int, previous: Snapshot | None) -> Snapshot:
        outcome, problems, seconds = self._run_builder(target, package)
        if outcome is not None and outcome.files is not None:
            files = {f.href: f for f in outcome.files}
            scos = package_outline(files, outcome.plan)
            snapshot = Snapshot(target=target, package=package, generation=generation, ok=True, problems=problems,
                                seconds=seconds, files=files, plans=outcome.plans, scos=scos,
                                course=course_identity(files, scos))
        else:
            # Keep serving the last good build; the browser overlays the problems on it.
            snapshot = Snapshot(target=target, package=package, generation=generation, ok=False, problems=problems,
                                seconds=seconds, files=previous.files if previous else {},
                                plans=previous.plans if previous else (), scos=previous.scos if previous else (),
                                course=previous.course if previous else {})
        self._print(snapshot)
        return snapshot

    def _run_builder(self, target: BuildTarget, package: int) -> tuple[BuildOutcome | None, tuple[Problem, ...], float]:
        start = time.perf_counter()
        try:
            outcome = self._builder.rebuild(target, package)
        except CourseError as exc:
            return None, (Problem(severity=Severity.ERROR.value, text=str(exc)),), time.perf_counter() - start
        except Exception as exc:   # a compiler bug must not stop the preview: report it, keep serving
            self._report(traceback.format_exc())
            text = f"internal error while building: {exc!r} (traceback in the terminal)"
            return None, (Problem(severity=Severity.ERROR.value, text=text),), time.perf_counter() - start
        problems = tuple(Problem(severity=d.severity.value, text=d.format()) for d in outcome.diagnostics)
        return outcome, problems, outcome.seconds

    def _print(self, snapshot: Snapshot) -> None:
        for problem in snapshot.problems:
            self._report(problem.text)
        label = f"{snapshot.target.value}" + (f" package {snapshot.package + 1}" if len(snapshot.plans) > 1 else "")
        if snapshot.ok:
            self._report(f"built {label} in {snapshot.seconds * 1000:.0f} ms")
        else:
            still = "still serving the last good build" if snapshot.files else "nothing to serve until it is fixed"
            self._report(f"build failed for {label}; {still}")
