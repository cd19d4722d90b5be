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
import signal
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

from scr_course.model import BuildTarget, Course, OutputFile, PackagePlan
from scr_course.package import Packer, write_zip
from scr_course.parse.shared_work import ClaimQueue
from scr_course.plan import plan_packages, zip_name
from scr_course.render import package_files, render_package, render_sco_targets
from scr_course.render.data import sco_pages
from scr_course.render.html import sco_template
from scr_course.render_cache import RenderCache, ScoFiles
from scr_course.validate.scorm import validate_rendered

Job = tuple[PackagePlan, BuildTarget, Path]
Unit = tuple[int, int]
"""One SCO to render: its package plan's index and its own index in that plan."""
PARALLEL_MIN_PAGES = 400
"""Below this many pages × targets, starting a second process costs more than it saves."""
_VALIDATING = threading.Lock()
Rendered = tuple[int, str | None, ScoFiles | None]
"""One rendered SCO: its position in the claim order, its render-cache key (None: no cache), and
its files per target (None: the cache holds them, so the worker sends nothing back)."""
_FORKED: tuple[Course, tuple[PackagePlan, ...], tuple[BuildTarget, ...], list[Unit], ClaimQueue,
               RenderCache | None] | None = None
"""What forked workers render from, inherited instead of being pickled to them."""
_PACKAGING: tuple[Course, list[tuple[Job, dict[str, OutputFile]]]] | None = None
"""What forked workers check and write packages from (``_package_in_processes``)."""


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
    with _VALIDATING:  # a compiled schema keeps its error log on itself: one validation at a time
        problems = validate_rendered(path.name, tuple((f.href, f.data) for f in files))
    if problems:
        return files, PackageResult(path=path, size=0, files=0,
                                    refused=tuple(p.partition(" error: ")[2] for p in problems))
    return files, None


def _write(files: tuple[OutputFile, ...], path: Path) -> PackageResult:
    size, count = write_zip(files, path)
    return PackageResult(path=path, size=size, files=count)


def make_packages(course: Course, targets: tuple[BuildTarget, ...], out: Path, processes: int | None,
                  ahead: RenderAhead | None = None, cache: RenderCache | None = None) -> list[PackageResult]:
    """Every package of the course for every target, in target order, then plan order.

    ``ahead``: where this course's SCOs may already be rendering (used when it rendered this very
    course for these targets). ``processes``: as ``build --jobs`` (None: one per core when the
    course is large enough for it to pay; 1: all in this process). ``cache``: SCO files kept from
    earlier builds; a SCO found there is not rendered again.
    """
    plans = tuple(plan_packages(course))
    rendered = ahead.take(course, targets) if ahead is not None else None
    if rendered is None:
        rendered = _render_units(course, plans, targets, processes, cache)
    jobs = [((plan, target, out / zip_name(plan, target)),
             {f.href: f for s in range(len(plan.scos)) for f in rendered[(p, s)][target]})
            for target in targets for p, plan in enumerate(plans)]
    writers = min(len(jobs), processes or os.cpu_count() or 1)
    if writers < 2:
        return [package_one(course, job, sco_files) for job, sco_files in jobs]
    # Unless --jobs says otherwise, a writer per package up to two a core: a writer waits on the
    # kernel part of the time, and three zips on two writers left the third written alone.
    written = _package_in_processes(course, jobs, writers if processes else min(len(jobs), 2 * writers))
    if written is not None:
        return written
    # Reading pictures, CRC-32 and writing let go of the interpreter lock, so threads still
    # overlap some of it where processes cannot be had.
    with ThreadPoolExecutor(writers) as pool:
        return list(pool.map(lambda job: package_one(course, *job), jobs))


def _package_in_processes(course: Course, jobs: list[tuple[Job, dict[str, OutputFile]]],
                          writers: int) -> list[PackageResult] | None:
    """Each package checked and written by a forked process, side by side; None where fork is missing.

    Issue 24: writing a zip is reading its pictures, CRC-32 and copying bytes into the page cache.
    Two threads wrote two 38 MB zips in 0.18-0.25 s, no faster than one after the other
    (0.22-0.29 s; the interpreter lock and the kernel take turns), two processes in 0.16-0.18 s.
    The workers inherit the rendered files (nothing is pickled to them); each returns its result.
    """
    global _PACKAGING
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None  # forking beside other threads could hand a worker a lock held for ever
    _PACKAGING = (course, jobs)
    gc.freeze()  # as in RenderAhead.start: the workers' collectors leave the shared pages alone
    try:
        pool = multiprocessing.get_context("fork").Pool(writers, _die_with_parent, (os.getpid(),))
    except OSError:
        return None  # no more processes allowed, or no memory: threads write instead
    finally:
        gc.unfreeze()
        _PACKAGING = None
    with pool:
        return pool.map(_package_in_worker, range(len(jobs)), chunksize=1)


PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a Linux process is sent when its parent ends."""


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker ends with the build that forked it.

    A build killed outright (SIGKILL, the out-of-memory killer) would otherwise leave its workers
    finishing zips, writing into the output folder after the build has gone, and printing
    tracebacks when they find nobody to report to. Linux ends them with the build (prctl); on
    other systems a worker still stops at its first report.
    """
    import ctypes  # only workers pay for it

    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux
    if os.getppid() != parent:
        os._exit(1)  # the build ended before the request took effect


def _package_in_worker(index: int) -> PackageResult:
    assert _PACKAGING is not None
    course, jobs = _PACKAGING
    return package_one(course, *jobs[index])


class RenderAhead:
    """Renders a checked-so-far course's SCOs in forked workers while this process goes on.

    ``start`` is called with the course as soon as its state keys are made (checks/course.py),
    before the whole-course checks; ``take`` renders what the workers have not reached yet,
    side by side with them, then collects theirs; ``cancel`` drops everything. Workers and this
    process claim SCOs one at a time, largest first (a pipe of claims, as the parse helpers use),
    so whoever is free does the next one. For a course too small to share out (or where fork is
    missing) it does nothing, and the SCOs are rendered afterwards as usual.
    """

    def __init__(self, targets: tuple[BuildTarget, ...] | None, processes: int | None,
                 cache: RenderCache | None = None) -> None:
        self.requested = targets
        """The targets asked for (None: those course.yml names)."""
        self.processes = processes
        self.cache = cache
        self._course: Course | None = None
        self._targets: tuple[BuildTarget, ...] = ()
        self._plans: tuple[PackagePlan, ...] = ()
        self._order: list[Unit] = []
        self._claims: ClaimQueue | None = None
        self._pool: Pool | None = None
        self._pending: AsyncResult[list[list[Rendered]]] | None = None
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
        queues = ClaimQueue.make(1, len(units)) if workers >= 2 else None
        if queues is None:
            return
        weights = _weights(plans, units)
        self._order = sorted(units, key=lambda unit: (-weights[unit], unit))
        self._claims = queues[0]
        self._claims.fill(range(len(self._order)))
        self._course, self._targets, self._plans = course, targets, plans
        _FORKED = (course, plans, targets, self._order, self._claims, self.cache)
        if self.cache is not None:
            self.cache.sco_key(course, plans[0].scos[0])  # the course's part of every key, made once for all
        if self.cache is None or not self.cache.entries:
            sco_template()  # compiled once here, for this process and every worker alike
        # Each worker makes its own questions' data, side by side, while this process runs the
        # checks. Frozen objects are never walked by a worker's
        # collector, so their memory pages stay shared instead of being copied into every worker.
        gc.freeze()
        try:
            # One process fewer than the work may use: this one renders too, once its checks are done
            # (three processes on two cores made the checks, the build's longest step, half as slow again).
            self._pool = multiprocessing.get_context("fork").Pool(workers - 1, _die_with_parent, (os.getpid(),))
        except OSError:
            self.cancel()
            return  # no more processes allowed, or no memory: the SCOs are rendered here afterwards
        finally:
            gc.unfreeze()
            _FORKED = None
        self._pending = self._pool.map_async(_render_claimed_in_worker, range(workers - 1), chunksize=1)

    def take(self, course: Course, targets: tuple[BuildTarget, ...]) -> dict[Unit, ScoFiles] | None:
        """The rendered SCOs, when they are of this course object for these targets; else None.

        This process renders the SCOs no worker has claimed yet, then waits for the workers'.
        """
        if self._pending is None or self._claims is None or course is not self._course or targets != self._targets:
            return None
        mine = _render_claimed(course, self._plans, targets, self._order, self._claims, self.cache)
        theirs = self._pending.get()
        self.cancel()
        rendered = {self._order[index]: _kept(self.cache, targets, key, files)
                    for part in (mine, *theirs) for index, key, files in part}
        missing = [unit for unit in self._order if unit not in rendered]  # never, short of a lost claim
        rendered.update(zip(missing, _render_share(course, self._plans, targets, missing, self.cache), strict=True))
        return rendered

    def cancel(self) -> None:
        """Stop the workers (after a failed check, or once their results are taken)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        if self._claims is not None:
            self._claims.close()
        self._pool = self._pending = self._claims = None


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
                  share: list[Unit], cache: RenderCache | None) -> list[ScoFiles]:
    """The files of each SCO in ``share`` for every target, compressed (see _render_one)."""
    packer = Packer()
    return [_kept(cache, targets, *_render_one(course, plans, targets, unit, packer, cache)) for unit in share]


def _render_claimed(course: Course, plans: tuple[PackagePlan, ...], targets: tuple[BuildTarget, ...],
                    order: list[Unit], claims: ClaimQueue, cache: RenderCache | None) -> list[Rendered]:
    """Render SCOs claimed one by one from ``claims`` (positions in ``order``) until none is left."""
    packer = Packer()
    return [(index, *_render_one(course, plans, targets, order[index], packer, cache)) for index in claims.drain()]


def _render_one(course: Course, plans: tuple[PackagePlan, ...], targets: tuple[BuildTarget, ...], unit: Unit,
                packer: Packer, cache: RenderCache | None) -> tuple[str | None, ScoFiles | None]:
    """One SCO's render-cache key and files for every target, compressed; identical files (a long
    SCO's later pages) are compressed once and shared between the targets. No files when the cache
    has them all: a worker then sends back only the key."""
    sco = plans[unit[0]].scos[unit[1]]
    key = cache.sco_key(course, sco) if cache is not None else None
    if key is not None and cache is not None and cache.lookup(key, targets) is not None:
        return key, None
    per_target = render_sco_targets(course, sco, targets)
    return key, {target: tuple(packer.packed(f) for f in files) for target, files in per_target.items()}


def _kept(cache: RenderCache | None, targets: tuple[BuildTarget, ...], key: str | None,
          files: ScoFiles | None) -> ScoFiles:
    """A SCO's files as rendered, or from the cache when only its key came back; kept for saving."""
    if files is None:
        assert cache is not None and key is not None
        files = cache.lookup(key, targets)
        assert files is not None  # the worker found them in the very same entries, inherited
    if cache is not None and key is not None:
        cache.keep(key, files)
    return files


def _render_claimed_in_worker(_: int) -> list[Rendered]:
    assert _FORKED is not None
    return _render_claimed(*_FORKED)


def _render_units(course: Course, plans: tuple[PackagePlan, ...], targets: tuple[BuildTarget, ...],
                  processes: int | None, cache: RenderCache | None) -> dict[Unit, ScoFiles]:
    """Render and compress every SCO, in forked processes when there is enough work.

    This process and the workers claim SCOs one by one, largest first; each SCO is rendered by one
    process from the same course, so the bytes are the same whichever process (or how many) made them.
    """
    units = _units(plans)
    if _worker_count(plans, units, targets, processes) >= 2:
        ahead = RenderAhead(targets, processes, cache)
        ahead.start(course)
        rendered = ahead.take(course, targets)
        if rendered is not None:
            return rendered
    # One process: too little work to share, or no fork to be had.
    return dict(zip(units, _render_share(course, plans, targets, units, cache), strict=True))
