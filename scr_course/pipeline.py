"""One readable function per command, wiring load → parse → check → render → package."""

from __future__ import annotations

import dataclasses
import gc
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scr_course.checks.course import check_course
from scr_course.diagnostics import Code, CourseError, Diagnostic, Diagnostics, Severity, SourceLocation
from scr_course.model import BuildTarget, Course, CourseConfig
from scr_course.package import sweep_temporaries, write_file
from scr_course.package_jobs import PackageResult, RenderAhead, make_packages
from scr_course.parse.cache import ParseCache
from scr_course.parse.course import parse_course
from scr_course.plan import plan_packages, zip_name
from scr_course.render.html import sco_template
from scr_course.render_cache import RenderCache
from scr_course.resources import RUNTIME_FILES
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
    clean: bool = False
    """Remove zips in ``out`` that this course no longer produces (after a successful build only)."""
    jobs: int | None = None
    """How many processes may parse and package (None: one per core, when the course is large enough
    for it to pay; 1: all in this process). The output is the same bytes whatever the number."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The outcome of a command: diagnostics in order, and what was written."""

    diagnostics: tuple[Diagnostic, ...]
    packages: tuple[PackageResult, ...] = ()
    course: Course | None = None
    translations: tuple[Course, ...] = ()
    """The course in each other language of course.yml's ``languages``, in that order."""
    notes: tuple[str, ...] = ()
    """Things worth saying that are not problems in the source (e.g. an ignored cache)."""

    def failed(self, strict: bool = False) -> bool:
        """True when there are errors (or, when strict, warnings)."""
        bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in bad for d in self.diagnostics)


def load_source(src: Path, diagnostics: Diagnostics, output: Path | None = None) -> tuple[SourceTree, CourseConfig]:
    """The course folder's files and course.yml, with the listed course pages decoded.

    ``output``: the folder the build writes to, left out of the course's files when it lies inside.
    """
    tree = load_course(src, diagnostics, output=output)
    if tree.config is not None:
        config = parse_config(tree.config.text, tree.config.loc, diagnostics)
    else:
        config = CourseConfig(id="course", title="Untitled course", version="0",
                              loc=tree.location(Path("course.yml")))  # type: ignore[arg-type]
    tree = load_pages(tree, config.pages_before + config.pages_after, diagnostics, config.loc, config.page_lines)
    return tree, config


def load_checked_course(src: Path, diagnostics: Diagnostics, cache: ParseCache | None = None,
                        output: Path | None = None, language: str | None = None,
                        ids: dict[tuple[str, int], str] | None = None, jobs: int | None = None,
                        keyed: Callable[[Course], None] | None = None,
                        meanwhile: Callable[[], object] | None = None) -> Course:
    """load → (translate) → parse → check; the course returned is only usable when there are no errors.

    ``jobs``: how many processes may parse (None: as many as pay, see parse/shared_work.py).
    ``keyed``: see checks.course.check_course. ``meanwhile``: see parse_course.
    """
    tree, config = load_source(src, diagnostics, output)
    if language is not None and language != config.language:
        from scr_course.translate.course import translate_tree  # only a translated course pays its import

        tree, config = translate_tree(tree, config, language, diagnostics, ids)
    course = parse_course(tree, config, diagnostics, cache, jobs, meanwhile)
    course = dataclasses.replace(course, strings=resolve_strings(config, _locale_files(tree, diagnostics), diagnostics))
    return check_course(course, diagnostics, keyed)


def _locale_files(tree: SourceTree, diagnostics: Diagnostics) -> dict[PurePosixPath, tuple[str, SourceLocation]]:
    """The course's own interface catalogues, ``locale/<lang>.yml``, decoded."""
    found: dict[PurePosixPath, tuple[str, SourceLocation]] = {}
    for rel in sorted(tree.files):
        if len(rel.parts) == 2 and rel.parts[0] == "locale" and rel.suffix == ".yml":
            source = read_source(tree, rel, diagnostics)
            if source is not None:
                found[rel] = (source.text, source.loc)
    return found


def check(src: Path, cache: ParseCache | None = None, output: Path | None = None, jobs: int | None = None,
          keyed: Callable[[Course], None] | None = None, meanwhile: Callable[[], object] | None = None) -> Report:
    """``scr-course check``: every problem in the source, nothing written (``keyed``: see check_course;
    ``meanwhile``: see parse_course)."""
    with fewer_collections():
        return _check(src, cache, output, jobs, keyed, meanwhile)


def _check(src: Path, cache: ParseCache | None, output: Path | None, jobs: int | None,
           keyed: Callable[[Course], None] | None, meanwhile: Callable[[], object] | None = None) -> Report:
    diagnostics = Diagnostics()
    course = load_checked_course(src, diagnostics, cache, output, jobs=jobs, keyed=keyed, meanwhile=meanwhile)
    translations = []
    for language in course.config.languages:
        if language != course.config.language:
            from scr_course.translate.course import answer_ids, compare_structure

            translations.append(_check_translation(src, language, diagnostics, cache, output, answer_ids(course),
                                                   jobs))
            compare_structure(course, translations[-1], diagnostics)
    return Report(diagnostics=tuple(diagnostics.sorted()), course=course, translations=tuple(translations))


def _check_translation(src: Path, language: str, diagnostics: Diagnostics, cache: ParseCache | None,
                       output: Path | None, ids: dict[tuple[str, int], str], jobs: int | None) -> Course:
    """The course in ``language``: its ``translation.*`` findings, and what the translated text adds.

    The translated course is parsed and checked like the source; a problem the source has too is
    already reported, so only new ones are added, marked with the language. Item-writing checks
    (``item.*``) read English wording, so they judge the source only.
    """
    own = Diagnostics()
    course = load_checked_course(src, own, cache, output, language, ids, jobs)
    known = {(d.loc, d.code, d.message) for d in diagnostics.items}
    for item in own.items:
        if item.code.value.startswith("translation."):
            diagnostics.items.append(item)
        elif (item.loc, item.code, item.message) not in known and not item.code.value.startswith("item."):
            diagnostics.items.append(dataclasses.replace(item, message=f"({language}) {item.message}"))
    return course


def build(options: BuildOptions) -> Report:
    """``scr-course build``: check, then write one zip per package and target."""
    with fewer_collections():
        return _build(options)


def _build(options: BuildOptions) -> Report:
    started = time.time()
    cache_path = options.out / CACHE_FILE
    cache = ParseCache.load(cache_path) if options.cache else None
    renders = RenderCache.load(options.out / RENDER_CACHE_FILE) if options.cache else None
    # The SCOs are rendered on the other cores while the whole-course checks run; nothing is
    # written unless they pass.
    ahead = RenderAhead(options.targets, options.jobs, renders)
    try:
        # The page templates are loaded while the parse helpers work (the build renders them later),
        # unless the render cache may hold every SCO: a process then loads them at its first miss.
        report = check(options.src, cache, options.out, options.jobs, keyed=ahead.start,
                       meanwhile=None if renders is not None and renders.entries else sco_template)
        notes = tuple(c.note for c in (cache, renders) if c is not None and c.note)
        if report.failed(options.strict) or report.course is None:
            return dataclasses.replace(report, notes=notes)
        targets = tuple(options.targets or report.course.config.targets)
        sweep_temporaries(options.out, started)
        results = []
        for course in (report.course, *report.translations):
            try:
                results += make_packages(course, targets, options.out, options.jobs, ahead, renders)
            except OSError as exc:
                raise output_error(options.out, exc) from exc
    finally:
        ahead.cancel()
    if cache is not None:
        cache.save(cache_path)
    if renders is not None:
        renders.save(options.out / RENDER_CACHE_FILE)
    course = report.course
    refusals = tuple(
        Diagnostic(loc=course.config.loc, severity=Severity.ERROR, code=Code.BUILD_INVALID_PACKAGE,
                   message=f"refused to write {r.path.name}: its own validate would reject it: {problem}")
        for r in results for problem in r.refused)
    written = tuple(r for r in results if not r.refused)
    if not refusals:
        notes += _stale_packages((course, *report.translations), options.out, options.clean)
    return dataclasses.replace(report, diagnostics=report.diagnostics + refusals, packages=written, notes=notes)


GC_THRESHOLDS = (50_000, 20, 20)
"""The cyclic garbage collector's thresholds while a course is checked or built (Python's are 700, 10, 10)."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Let the collector run less often for the length of a check or build, then as before.

    A build makes millions of objects that live until it ends (tokens, the model, rendered pages)
    and almost no reference cycles. At Python's thresholds the collector walks them again and
    again: 0.92 s of a one-process build of the 120-module picture course (0.68 s in six full
    collections) and 1.86 s in the main process of the 1,000-module build, for little freed. With
    these thresholds, 0.12 s and 0.14 s; peak memory 147 -> 148 MB and, at 1,000 modules, 202 ->
    215 MB, under the 250 MB budget (docs/performance.md). Forked workers inherit the setting.
    """
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _stale_packages(courses: tuple[Course, ...], out: Path, clean: bool) -> tuple[str, ...]:
    """Zips beside ours that this course (any of its targets) no longer produces: an earlier id or
    version, easy to upload by mistake. Removed with ``clean``, else named."""
    produced = {zip_name(plan, target) for course in courses
                for target in course.config.targets for plan in plan_packages(course)}
    stale = sorted(p for p in out.glob("*.zip") if p.name not in produced and _made_by_us(p))
    if clean:
        for path in stale:
            path.unlink()
        return tuple(f"removed {path}: this course no longer produces it" for path in stale)
    return tuple(f"{path} is not a package of this course as it is now (an earlier id, version or "
                 "packaging?); remove it with 'scr-course build --clean'" for path in stale)


def _made_by_us(path: Path) -> bool:
    """Only scr-course packages (they carry its runtime) are named or removed: --out may be shared."""
    try:
        with zipfile.ZipFile(path) as archive:
            return RUNTIME_FILES[0] in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def export_review(src: Path, out: Path, formats: tuple[str, ...], strict: bool = False) -> Report:
    """``scr-course export review``: check, then write the review document in each format to ``out``."""
    from scr_course.review import render_review

    report = check(src, output=out)
    if report.failed(strict) or report.course is None:
        return report
    documents = render_review(report.course, formats)  # reads the course's images: not the output's fault
    try:
        written = tuple(PackageResult(path=out / f.href, size=write_file(f.data or b"", out / f.href), files=1)
                        for f in documents)
    except OSError as exc:
        raise output_error(out, exc) from exc
    return dataclasses.replace(report, packages=written)


def export_xliff(src: Path, language: str, out: Path | None) -> Report:
    """``scr-course export xliff``: every translatable text as XLIFF 2.0, with the stored translations."""
    from scr_course.translate.course import export_document

    diagnostics = Diagnostics()
    tree, config = load_source(src, diagnostics)
    if language == config.language:
        raise CourseError(f"{config.loc.path}: error: the course is written in {language}; "
                          "export the language to translate into, e.g. --language cy")
    data = export_document(tree, config, language, diagnostics) if not diagnostics.has_errors else b""
    if diagnostics.has_errors:
        return Report(diagnostics=tuple(diagnostics.sorted()))
    path = out or Path("build") / f"{config.id}-{config.version}-{language}.xliff"
    return Report(diagnostics=tuple(diagnostics.sorted()),
                  packages=(PackageResult(path=path, size=write_file(data, path), files=1),))


def import_xliff(src: Path, file: Path) -> Report:
    """``scr-course import xliff``: merge a translated XLIFF into the course's ``locale/<lang>.xliff``.

    Nothing is written when there are errors, nor when the result has the same bytes as the file
    already there (so an unchanged round trip leaves the course exactly as it was).
    """
    from scr_course.translate.course import import_document, read_import

    diagnostics = Diagnostics()
    tree, config = load_source(src, diagnostics)
    if not file.is_file():
        raise CourseError(f"{file}: error: no such XLIFF file")
    incoming = read_import(PurePosixPath(file.as_posix()), file.read_bytes(), diagnostics)
    result = import_document(tree, config, incoming, diagnostics) if incoming and not diagnostics.has_errors else None
    if result is None or diagnostics.has_errors:
        notes = () if diagnostics.has_errors else ("nothing to import: the file has no translated unit",)
        return Report(diagnostics=tuple(diagnostics.sorted()), notes=notes)
    rel, data = result
    path = src / rel
    if incoming is not None and incoming.target_language not in config.languages:
        written = _write_stored(diagnostics, path, data)
        hint = (f"course.yml does not list '{incoming.target_language}' in languages: add "
                f"'languages: [{config.language}, {incoming.target_language}]' to build its packages")
        return dataclasses.replace(written, notes=(*written.notes, hint))
    return _write_stored(diagnostics, path, data)


def _write_stored(diagnostics: Diagnostics, path: Path, data: bytes) -> Report:
    """Write the stored translations, unless the file already has exactly these bytes."""
    if path.is_file() and path.read_bytes() == data:
        return Report(diagnostics=tuple(diagnostics.sorted()), notes=(f"{path} is already up to date",))
    return Report(diagnostics=tuple(diagnostics.sorted()),
                  packages=(PackageResult(path=path, size=write_file(data, path), files=1),))


def output_error(folder: Path, exc: OSError) -> CourseError:
    """One clear line for a folder that cannot take the output: full disk, read-only, no permission (L11)."""
    reason = exc.strerror or type(exc).__name__
    return CourseError(f"{folder}: error: cannot write the output here ({reason}); earlier files in it are "
                       "unchanged. Free some space, or choose a folder you can write to with --out")


def write_validation_report(packages: tuple[Path, ...], out: Path) -> int:
    """``scr-course validate --report``: the facts of each zip as one HTML page at ``out``; its size."""
    from scr_course.validate.package_facts import package_facts
    from scr_course.validate.report import render_report

    return write_file(render_report([package_facts(path) for path in packages]).encode("utf-8"), out)


CACHE_FILE = Path(".scr-cache") / "parse.json"
RENDER_CACHE_FILE = Path(".scr-cache") / "render.bin"
