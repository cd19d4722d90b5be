"""One readable function per command, wiring load → parse → check → render → package."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scr_course.checks.course import check_course
from scr_course.diagnostics import Diagnostic, Diagnostics, Severity, SourceLocation
from scr_course.model import BuildTarget, Course, CourseConfig, PackagePlan
from scr_course.package import write_file, write_zip
from scr_course.parse.course import ParseCache, parse_course
from scr_course.plan import plan_packages, zip_name
from scr_course.render import render_package
from scr_course.source.config import parse_config
from scr_course.source.loader import SourceTree, load_course, load_pages, read_source
from scr_course.source.strings import resolve_strings


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What ``scr-course build`` was asked to do."""

    src: Path
    out: Path
    targets: tuple[BuildTarget, ...] | None = None
    """None: the targets course.yml names."""
    strict: bool = False
    """Treat warnings as errors."""
    cache: bool = True
    """Reuse parsed files from ``<out>/.scr-cache`` (results are keyed by content, so never stale)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageResult:
    """One written zip."""

    path: Path
    size: int
    files: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The outcome of a command: diagnostics in order, and what was written."""

    diagnostics: tuple[Diagnostic, ...]
    packages: tuple[PackageResult, ...] = ()
    course: Course | None = None
    notes: tuple[str, ...] = ()
    """Things worth saying that are not problems in the source (e.g. an ignored cache)."""

    def failed(self, strict: bool = False) -> bool:
        """True when there are errors (or, when strict, warnings)."""
        bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in bad for d in self.diagnostics)


def load_checked_course(src: Path, diagnostics: Diagnostics, cache: ParseCache | None = None) -> Course:
    """load → parse → check; the course returned is only usable when there are no errors."""
    tree = load_course(src, diagnostics)
    if tree.config is not None:
        config = parse_config(tree.config.text, tree.config.loc, diagnostics)
    else:
        config = CourseConfig(id="course", title="Untitled course", version="0",
                              loc=tree.location(Path("course.yml")))  # type: ignore[arg-type]
    tree = load_pages(tree, config.pages_before + config.pages_after, diagnostics, config.loc, config.page_lines)
    course = parse_course(tree, config, diagnostics, cache)
    course = dataclasses.replace(course, strings=resolve_strings(config, _locale_files(tree, diagnostics), diagnostics))
    return check_course(course, diagnostics)


def _locale_files(tree: SourceTree, diagnostics: Diagnostics) -> dict[PurePosixPath, tuple[str, SourceLocation]]:
    """The course's own interface catalogues, ``locale/<lang>.yml``, decoded."""
    found: dict[PurePosixPath, tuple[str, SourceLocation]] = {}
    for rel in sorted(tree.files):
        if len(rel.parts) == 2 and rel.parts[0] == "locale" and rel.suffix == ".yml":
            source = read_source(tree, rel, diagnostics)
            if source is not None:
                found[rel] = (source.text, source.loc)
    return found


def check(src: Path, cache: ParseCache | None = None) -> Report:
    """``scr-course check``: every problem in the source, nothing written."""
    diagnostics = Diagnostics()
    course = load_checked_course(src, diagnostics, cache)
    return Report(diagnostics=tuple(diagnostics.sorted()), course=course)


def build(options: BuildOptions) -> Report:
    """``scr-course build``: check, then write one zip per package and target."""
    cache_path = options.out / CACHE_FILE
    cache = ParseCache.load(cache_path) if options.cache else None
    report = check(options.src, cache)
    notes = (cache.note,) if cache is not None and cache.note else ()
    if report.failed(options.strict) or report.course is None:
        return dataclasses.replace(report, notes=notes)
    course = report.course
    targets = options.targets or course.config.targets
    jobs = [(plan, target, options.out / zip_name(plan, target))
            for target in targets for plan in plan_packages(course)]
    results = _run_jobs(course, jobs)
    if cache is not None:
        cache.save(cache_path)
    return Report(diagnostics=report.diagnostics, packages=tuple(results), course=course, notes=notes)


def export_review(src: Path, out: Path, formats: tuple[str, ...], strict: bool = False) -> Report:
    """``scr-course export review``: check, then write the review document in each format to ``out``."""
    from scr_course.review import render_review

    report = check(src)
    if report.failed(strict) or report.course is None:
        return report
    written = tuple(PackageResult(path=out / f.href, size=write_file(f.data or b"", out / f.href), files=1)
                    for f in render_review(report.course, formats))
    return dataclasses.replace(report, packages=written)


def write_validation_report(packages: tuple[Path, ...], out: Path) -> int:
    """``scr-course validate --report``: the facts of each zip as one HTML page at ``out``; its size."""
    from scr_course.validate.package_facts import package_facts
    from scr_course.validate.report import render_report

    return write_file(render_report([package_facts(path) for path in packages]).encode("utf-8"), out)


CACHE_FILE = Path(".scr-cache") / "parse.json"
Job = tuple[PackagePlan, BuildTarget, Path]
_FORKED_COURSE: Course | None = None
"""The parsed course, inherited by forked workers instead of being pickled to them."""


def _package(course: Course, job: Job) -> PackageResult:
    plan, target, path = job
    size, count = write_zip(render_package(course, plan, target), path)
    return PackageResult(path=path, size=size, files=count)


def _package_in_worker(job: Job) -> PackageResult:
    assert _FORKED_COURSE is not None
    return _package(_FORKED_COURSE, job)


def _run_jobs(course: Course, jobs: list[Job]) -> list[PackageResult]:
    """Render and zip packages, on two processes when there is enough work and fork exists.

    Every zip is written by one process from the same course, so output stays byte-identical
    whichever process writes it; results come back in job order.
    """
    global _FORKED_COURSE
    workers = min(len(jobs), os.cpu_count() or 1, 2)
    weight = sum(len(m.pages) for m in course.modules) * len(jobs)
    if workers < 2 or weight < PARALLEL_MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return [_package(course, job) for job in jobs]
    _FORKED_COURSE = course
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_package_in_worker, jobs, chunksize=1)
    finally:
        _FORKED_COURSE = None


PARALLEL_MIN_PAGES = 400
"""Below this many pages × packages, starting a second process costs more than it saves."""
