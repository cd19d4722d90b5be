"""Render and write every package of a course, over the machine's cores (issue 24).

Most of a package's bytes are its SCOs' pages, the same for every target. Each SCO is rendered
once for all targets and each of its files compressed once (``Packer``); every zip is then
written from those compressed bytes. A large course's SCOs are rendered by forked workers,
which can start while the build is still running its whole-course checks (``RenderAhead``):
nothing is written until the checks have passed, and results are thrown away if they fail.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

from scr_course.model import BuildTarget, Course, OutputFile, PackagePlan
from scr_course.package import Packer, write_zip
from scr_course.plan import plan_packages, zip_name
from scr_course.render import package_files, render_package, render_sco_targets
from scr_course.render.data import sco_pages
from scr_course.validate.scorm import validate_rendered

Job = tuple[PackagePlan, BuildTarget, Path]
Unit = tuple[int, int]
"""One SCO to render: its package plan's index and its own index in that plan."""
ScoFiles = dict[BuildTarget, tuple[OutputFile, ...]]
PARALLEL_MIN_PAGES = 400
"""Below this many pages × targets, starting a second process costs more than it saves."""
SHARES_PER_WORKER = 3
"""More shares than workers, so a worker slowed by other work on its core takes fewer of them."""
_FORKED: tuple[Course, tuple[PackagePlan, ...], tuple[BuildTarget, ...]] | None = None
"""What forked workers render from, inherited instead of being pickled to them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageResult:
    """One written zip."""

    path: Path
    size: int
    files: int
    refused: tuple[str, ...] = ()
    """What ``validate`` would reject in this package; when set, nothing was written."""


def package_one(course: Course, job: Job, sco_files: Mapping[str, OutputFile] | None = None) -> PackageResult:
    """Render, validate the manifest in memory as ``validate`` would, and only then write.

    ``sco_files``: the package's SCO files, rendered (and compressed) already; else rendered here.
    """
    files, refused = _checked_files(course, job, sco_files)
    return refused or _write(files, job[2])


def _checked_files(course: Course, job: Job, sco_files: Mapping[str, OutputFile] | None = None
                   ) -> tuple[tuple[OutputFile, ...], PackageResult | None]:
    """Every file of the package, and a refusal when ``validate`` would reject its manifest."""
    plan, target, path = job
    files = render_package(course, plan, target) if sco_files is None else package_files(course, plan, target,
                                                                                          sco_files)
    problems = validate_rendered(path.name, tuple((f.href, f.data) for f in files))
    if problems:
        return files, PackageResult(path=path, size=0, files=0,
                                    refused=tuple(p.partition(" error: ")[2] for p in problems))
    return files, None


def _write(files: tuple[OutputFile, ...], path: Path) -> PackageResult:
    size, count = write_zip(files, path)
    return PackageResult(path=path, size=size, files=count)


def make_packages(course: Course, targets: tuple[BuildTarget, ...], out: Path, processes: int | None,
                  ahead: RenderAhead | None = None) -> list[PackageResult]:
    """Every package of the course for every target, in target order, then plan order.

    ``ahead``: where this course's SCOs may already be rendering (used when it rendered this very
    course for these targets). ``processes``: as ``build --jobs`` (None: one per core when the
    course is large enough for it to pay; 1: all in this process).
    """
    plans = tuple(plan_packages(course))
    rendered = ahead.take(course, targets) if ahead is not None else None
    if rendered is None:
        rendered = _render_units(course, plans, targets, processes)
    checked = []
    for target in targets:
        for p, plan in enumerate(plans):
            sco_files = {f.href: f for s in range(len(plan.scos)) for f in rendered[(p, s)][target]}
            path = out / zip_name(plan, target)
            checked.append((path, *_checked_files(course, (plan, target, path), sco_files)))
    threads = min(len(checked), processes or os.cpu_count() or 1)
    if threads < 2:
        return [refused or _write(files, path) for path, files, refused in checked]
    # Writing is mostly reading pictures, CRC-32 and copying compressed bytes, all of which let go
    # of the interpreter lock: the zips are written side by side, each by one thread, in full.
    with ThreadPoolExecutor(threads) as pool:
        writes = {index: pool.submit(_write, files, path)
                  for index, (path, files, refused) in enumerate(checked) if refused is None}
        return [checked[index][2] or writes[index].result() for index in range(len(checked))]


class RenderAhead:
    """Renders a checked-so-far course's SCOs in forked workers while this process goes on.

    ``start`` is called with the course as soon as its state keys are made (checks/course.py),
    before the whole-course checks; ``take`` waits for the results, ``cancel`` drops them. For a
    course too small to share out (or where fork is missing) it does nothing, and the SCOs are
    rendered afterwards as usual.
    """

    def __init__(self, targets: tuple[BuildTarget, ...] | None, processes: int | None) -> None:
        self.requested = targets
        """The targets asked for (None: those course.yml names)."""
        self.processes = processes
        self._course: Course | None = None
        self._targets: tuple[BuildTarget, ...] = ()
        self._pool: Pool | None = None
        self._pending: AsyncResult[list[list[ScoFiles]]] | None = None
        self._shares: list[list[Unit]] = []
        self._asked = False

    def start(self, course: Course) -> None:
        global _FORKED
        if self._asked:
            return  # the source language only; translations are rendered after the checks
        self._asked = True
        targets = tuple(self.requested or course.config.targets)
        plans = tuple(plan_packages(course))
        units = _units(plans)
        workers = _worker_count(plans, units, targets, self.processes)
        if workers < 2:
            return
        self._course, self._targets = course, targets
        self._shares = _balanced_shares(units, _weights(plans, units), SHARES_PER_WORKER * workers)
        _FORKED = (course, plans, targets)
        # Each worker compiles the page templates (0.2 s) and makes its own questions' data, side by
        # side, while this process runs the checks. Frozen objects are never walked by a worker's
        # collector, so their memory pages stay shared instead of being copied into every worker.
        gc.freeze()
        try:
            self._pool = multiprocessing.get_context("fork").Pool(workers)
        except OSError:
            return  # no more processes allowed, or no memory: the SCOs are rendered here afterwards
        finally:
            gc.unfreeze()
            _FORKED = None
        self._pending = self._pool.map_async(_render_share_in_worker, self._shares, chunksize=1)

    def take(self, course: Course, targets: tuple[BuildTarget, ...]) -> dict[Unit, ScoFiles] | None:
        """The rendered SCOs, when they are of this course object for these targets; else None."""
        if self._pending is None or course is not self._course or targets != self._targets:
            return None
        done = self._pending.get()
        self.cancel()
        return {unit: files for share, result in zip(self._shares, done, strict=True)
                for unit, files in zip(share, result, strict=True)}

    def cancel(self) -> None:
        """Stop the workers (after a failed check, or once their results are taken)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._pool = self._pending = None


def _units(plans: tuple[PackagePlan, ...]) -> list[Unit]:
    return [(p, s) for p, plan in enumerate(plans) for s in range(len(plan.scos))]


def _weights(plans: tuple[PackagePlan, ...], units: list[Unit]) -> dict[Unit, int]:
    return {unit: len(sco_pages(plans[unit[0]].scos[unit[1]])) for unit in units}


def _worker_count(plans: tuple[PackagePlan, ...], units: list[Unit], targets: tuple[BuildTarget, ...],
                  processes: int | None) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # workers inherit the course, never pickled
    if processes is None:
        if threading.active_count() > 1:
            return 1  # forking beside other threads could hand a worker a lock held for ever
        weight = sum(_weights(plans, units).values()) * len(targets)
        processes = (os.cpu_count() or 1) if weight >= PARALLEL_MIN_PAGES else 1
    return min(len(units), processes)


def _render_share(course: Course, plans: tuple[PackagePlan, ...], targets: tuple[BuildTarget, ...],
                  share: list[Unit]) -> list[ScoFiles]:
    """The files of each SCO in ``share`` for every target, compressed; identical files (a long SCO's
    later pages) are compressed once and shared between the targets."""
    packer = Packer()
    results = []
    for plan_index, sco_index in share:
        per_target = render_sco_targets(course, plans[plan_index].scos[sco_index], targets)
        results.append({target: tuple(packer.packed(f) for f in files) for target, files in per_target.items()})
    return results


def _render_share_in_worker(share: list[Unit]) -> list[ScoFiles]:
    assert _FORKED is not None
    return _render_share(*_FORKED, share)


def _render_units(course: Course, plans: tuple[PackagePlan, ...], targets: tuple[BuildTarget, ...],
                  processes: int | None) -> dict[Unit, ScoFiles]:
    """Render and compress every SCO, in forked processes when there is enough work.

    Workers take shares of SCOs balanced by pages; each SCO is rendered by one process from the
    same course, so the bytes are the same whichever process (or how many) made them.
    """
    units = _units(plans)
    if _worker_count(plans, units, targets, processes) >= 2:
        ahead = RenderAhead(targets, processes)
        ahead.start(course)
        rendered = ahead.take(course, targets)
        if rendered is not None:
            return rendered
    # One process: too little work to share, or no fork to be had.
    return dict(zip(units, _render_share(course, plans, targets, units), strict=True))


def _balanced_shares(units: list[Unit], weights: Mapping[Unit, int], count: int) -> list[list[Unit]]:
    """``units`` in ``count`` shares of about equal weight (largest first, each to the lightest share);
    within a share, units keep their order. Empty shares are dropped."""
    shares: list[list[Unit]] = [[] for _ in range(min(count, len(units)))]
    totals = [0] * len(shares)
    for unit in sorted(units, key=lambda u: -weights[u]):  # sorted() is stable: ties keep source order
        lightest = totals.index(min(totals))
        shares[lightest].append(unit)
        totals[lightest] += weights[unit]
    return [sorted(share) for share in shares if share]
