"""One readable function per command, wiring load → parse → check → render → package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scr_course.checks import check_course
from scr_course.config import parse_config
from scr_course.diagnostics import Diagnostic, Diagnostics, Severity
from scr_course.loader import load_course, load_pages
from scr_course.model import BuildTarget, Course, CourseConfig
from scr_course.package import write_zip
from scr_course.parse import ParseCache, parse_course
from scr_course.plan import plan_packages, zip_name
from scr_course.render import render_package


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What ``scr-course build`` was asked to do."""

    src: Path
    out: Path
    targets: tuple[BuildTarget, ...] | None = None
    """None: the targets course.yml names."""
    strict: bool = False
    """Treat warnings as errors."""


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
    tree = load_pages(tree, config.pages_before + config.pages_after, diagnostics, config.loc)
    course = parse_course(tree, config, diagnostics, cache)
    return check_course(course, diagnostics)


def check(src: Path) -> Report:
    """``scr-course check``: every problem in the source, nothing written."""
    diagnostics = Diagnostics()
    course = load_checked_course(src, diagnostics)
    return Report(diagnostics=tuple(diagnostics.sorted()), course=course)


def build(options: BuildOptions) -> Report:
    """``scr-course build``: check, then write one zip per package and target."""
    report = check(options.src)
    if report.failed(options.strict) or report.course is None:
        return report
    course = report.course
    targets = options.targets or course.config.targets
    results = []
    for target in targets:
        for plan in plan_packages(course):
            files = render_package(course, plan, target)
            path = options.out / zip_name(plan, target)
            size, count = write_zip(files, path)
            results.append(PackageResult(path=path, size=size, files=count))
    return Report(diagnostics=report.diagnostics, packages=tuple(results), course=course)
