"""Command line: parse options, call the pipeline, print diagnostics, map outcomes to exit codes."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from scr_course import __version__
from scr_course.source.discovery import find_course_folder

EXIT_OK, EXIT_PROBLEMS, EXIT_BUG = 0, 1, 3
F = TypeVar("F", bound=Callable[..., object])


def _guard(debug: bool, action: Callable[[], int]) -> None:
    """Run a command; content problems exit 1, bugs exit 3 with a short message (traceback with --debug)."""
    from scr_course.diagnostics import CourseError

    try:
        code = action()
    except CourseError as exc:
        click.echo(str(exc), err=True)
        code = EXIT_PROBLEMS
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"scr-course: internal error: {exc!r} (run with --debug and report it)", err=True)
        code = EXIT_BUG
    sys.exit(code)


def _print_diagnostics(report: object, strict: bool = False) -> None:
    # Under --strict a warning fails the run, so it is printed as what it then is: an error.
    for diagnostic in report.diagnostics:  # type: ignore[attr-defined]
        click.echo(diagnostic.format(strict), err=True)


src_option = click.option(
    "--src", type=click.Path(path_type=Path), default=None,
    help="Course folder  [default: course_src, or the current folder when it holds course.yml].")
debug_option = click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@click.group()
@click.version_option(__version__, prog_name="scr-course")
def main() -> None:
    """Compile Markdown courses into SCORM 1.2, SCORM 2004 and cmi5 packages."""


@main.command()
@src_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder for the zip files.")
@click.option("--target", type=click.Choice(["scorm12", "scorm2004", "cmi5", "all"]), default="all", show_default=True,
              help="Which package format to write (all: the targets course.yml names).")
@strict_option
@click.option("--no-cache", is_flag=True,
              help="Parse and render everything afresh instead of reusing <out>/.scr-cache.")
@click.option("--clean", is_flag=True, help="Remove zips in --out this course no longer produces (old id or version).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes to parse and package with (1: all in one; the zips are the same bytes either way)  "
                   "[default: one per core, for courses large enough to gain from it].")
@debug_option
def build(src: Path | None, out: Path, target: str, strict: bool, no_cache: bool, clean: bool, jobs: int | None,
          debug: bool) -> None:
    """Check the course and write one zip per package and target."""
    from scr_course import pipeline
    from scr_course.model import BuildTarget

    def run() -> int:
        targets = None if target == "all" else (BuildTarget(target),)
        options = pipeline.BuildOptions(src=find_course_folder(src), out=out, targets=targets, strict=strict,
                                        cache=not no_cache, clean=clean, jobs=jobs)
        report = pipeline.build(options)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        _print_diagnostics(report, strict)
        for package in report.packages:
            click.echo(f"{package.path}  {package.size:,} bytes  {package.files} files")
        return EXIT_PROBLEMS if report.failed(strict) else EXIT_OK

    _guard(debug, run)


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@src_option
@click.option("--page", default=None,
              help="Page id to show, e.g. getting-started--first-page  [default: the start screen].")
@click.option("--width", type=click.IntRange(200, 4000), default=375, show_default=True,
              help="Window width in CSS pixels.")
@click.option("--height", type=click.IntRange(200, 8000), default=800, show_default=True,
              help="Window height in CSS pixels.")
@debug_option
def screenshot(out: Path, src: Path | None, page: str | None, width: int, height: int, debug: bool) -> None:
    """Draw one page of the course to OUT (a PNG) with the system's Chromium, headless."""
    from scr_course import pipeline
    from scr_course.preview.screenshot import take_screenshot

    def run() -> int:
        report = pipeline.check(find_course_folder(src))
        _print_diagnostics(report)
        if report.failed() or report.course is None:
            return EXIT_PROBLEMS
        click.echo(f"wrote {take_screenshot(report.course, out, page, width, height)}")
        return EXIT_OK

    _guard(debug, run)


@main.command()
@src_option
@strict_option
@debug_option
def check(src: Path | None, strict: bool, debug: bool) -> None:
    """Report every problem in the course source; write nothing."""
    from scr_course import pipeline

    def run() -> int:
        folder = find_course_folder(src)
        report = pipeline.check(folder)
        _print_diagnostics(report, strict)
        if not report.failed(strict):
            course = report.course
            assert course is not None
            questions = sum(len(m.questions) for m in course.modules)
            shown = folder if folder != Path() else Path.cwd().name
            modules = len(course.modules)
            click.echo(f"{shown}: ok: {modules} module{'s' * (modules != 1)}, "
                       f"{questions} question{'s' * (questions != 1)}")
        return EXIT_PROBLEMS if report.failed(strict) else EXIT_OK

    _guard(debug, run)


@main.command()
@src_option
@debug_option
def summary(src: Path | None, debug: bool) -> None:
    """Print a Markdown table of the course: pages, words, questions and standards per module."""
    from scr_course import pipeline
    from scr_course.authoring.summary import summary_table

    def run() -> int:
        report = pipeline.check(find_course_folder(src))
        _print_diagnostics(report)
        if report.failed() or report.course is None:
            return EXIT_PROBLEMS
        click.echo(summary_table(report.course), nl=False)
        return EXIT_OK

    _guard(debug, run)


@main.command()
@click.argument("packages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--report", "report_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write an HTML report of the packages (for the upload ticket): target, SCOs, mastery, "
                   "worst-case sizes, interaction ids, external requests, CSP, files, LMS notes.")
@debug_option
def validate(packages: tuple[Path, ...], report_path: Path | None, debug: bool) -> None:
    """Check SCORM and cmi5 zips (any tool's): layout, schemas, listed and referenced files, safe entries."""
    from scr_course.pipeline import write_validation_report
    from scr_course.validate import validate_package

    def run() -> int:
        failed = False
        for package in packages:
            problems = validate_package(package)
            for problem in problems:
                click.echo(problem, err=True)
            if problems:
                failed = True
            else:
                click.echo(f"{package}: ok")
        if report_path is not None:
            write_validation_report(packages, report_path)
            click.echo(f"report: {report_path}")
        return EXIT_PROBLEMS if failed else EXIT_OK

    _guard(debug, run)


@main.command()
@src_option
@click.option("--target", type=click.Choice(["scorm12", "scorm2004", "cmi5"]), default=None,
              help="Standard the simulated LMS starts with (default: the first in course.yml).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0 picks a free port.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the loopback default unless others must see the preview.")
@click.option("--no-open", is_flag=True, help="Do not open a browser window.")
@debug_option
def preview(src: Path | None, target: str | None, port: int, host: str, no_open: bool, debug: bool) -> None:
    """Serve the course in a simulated LMS with an inspector; rebuild and reload on every save."""
    from scr_course.model import BuildTarget
    from scr_course.preview import PreviewOptions, serve

    def run() -> int:
        options = PreviewOptions(src=find_course_folder(src), target=BuildTarget(target) if target else None,
                                 host=host, port=port, open_browser=not no_open)
        serve(options, report=lambda line: click.echo(line, err=True))
        return EXIT_OK

    _guard(debug, run)


@main.group()
def export() -> None:
    """Write documents made from the course (for review and sign-off, or for translators)."""


@export.command("xliff")
@src_option
@click.option("--language", required=True, metavar="TAG", help="Language to translate into, e.g. cy.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="File to write  [default: build/<id>-<version>-<language>.xliff].")
@debug_option
def export_xliff(src: Path | None, language: str, out: Path | None, debug: bool) -> None:
    """Every translatable text as XLIFF 2.0, with the translations the course already has."""
    from scr_course import pipeline
    from scr_course.source.config import LANGUAGE_TAG

    if not LANGUAGE_TAG.match(language):
        raise click.BadParameter(f"'{language}' is not a language tag such as cy", param_hint="--language")

    def run() -> int:
        report = pipeline.export_xliff(find_course_folder(src), language, out)
        return _report_written(report)

    _guard(debug, run)


@main.group("import")
def import_() -> None:
    """Bring work done outside the tool back into the course."""


@import_.command("xliff")
@src_option
@click.argument("file", type=click.Path(path_type=Path))
@debug_option
def import_xliff(src: Path | None, file: Path, debug: bool) -> None:
    """Merge a translated XLIFF file into the course's locale/<language>.xliff."""
    from scr_course import pipeline

    def run() -> int:
        return _report_written(pipeline.import_xliff(find_course_folder(src), file))

    _guard(debug, run)


def _report_written(report: object) -> int:
    _print_diagnostics(report)
    for note in report.notes:  # type: ignore[attr-defined]
        click.echo(f"note: {note}", err=True)
    for written in report.packages:  # type: ignore[attr-defined]
        click.echo(f"{written.path}  {written.size:,} bytes")
    return EXIT_PROBLEMS if report.failed() else EXIT_OK  # type: ignore[attr-defined]


@export.command("review")
@src_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder for the documents.")
@click.option("--format", "formats", default="html,docx", show_default=True, metavar="html,docx",
              help="Comma-separated formats to write.")
@strict_option
@debug_option
def export_review(src: Path | None, out: Path, formats: str, strict: bool, debug: bool) -> None:
    """Every page, question, keyed answer, feedback and LMS id in one document for subject-expert sign-off."""
    from scr_course import pipeline
    from scr_course.review import FORMATS

    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    if not chosen or any(f not in FORMATS for f in chosen):
        raise click.BadParameter(f"use one or more of {', '.join(FORMATS)}, e.g. --format html,docx",
                                 param_hint="--format")

    def run() -> int:
        report = pipeline.export_review(find_course_folder(src), out, chosen, strict)
        _print_diagnostics(report, strict)
        for written in report.packages:
            click.echo(f"{written.path}  {written.size:,} bytes")
        return EXIT_PROBLEMS if report.failed(strict) else EXIT_OK

    _guard(debug, run)


@main.command()
@click.argument("kind", type=click.Choice(["course", "module", "page"]), default="course")
def schema(kind: str) -> None:
    """Print a JSON Schema for course.yml (course) or for module or page front matter, for editors."""
    from scr_course.authoring.schema import schema_text

    click.echo(schema_text(kind), nl=False)


@main.group()
def new() -> None:
    """Create course files to start from."""


@new.command("course")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", default=None, help="Course title  [default: from the folder name].")
@click.option("--description", default=None,
              help="One or two sentences for the LMS catalogue and start screen  [default: none yet].")
@debug_option
def new_course(folder: Path, title: str | None, description: str | None, debug: bool) -> None:
    """Start a course in FOLDER: course.yml, one module, assets/ and a .gitignore."""
    from scr_course.authoring.new_course import create_course

    def run() -> int:
        for path in create_course(folder, title, description):
            click.echo(f"created {path}")
        click.echo(f"next: cd {folder} && scr-course preview   (or scr-course build)")
        return EXIT_OK

    _guard(debug, run)


@new.command("module")
@click.argument("title")
@click.option("--assessment", is_flag=True, help="Write the scored final assessment (last; one per course).")
@src_option
@debug_option
def new_module(title: str, assessment: bool, src: Path | None, debug: bool) -> None:
    """Add the next numbered module (before the final assessment), with one page, a question and a reflection."""
    from scr_course.authoring.new_module import scaffold_module

    def run() -> int:
        path, changed = scaffold_module(find_course_folder(src), title, assessment)
        for change in changed:
            click.echo(change)
        click.echo(f"created {path}")
        return EXIT_OK

    _guard(debug, run)


@new.command("page")
@click.argument("title")
@click.option("--before", is_flag=True, help="Show it before the modules  [default: after them].")
@src_option
@debug_option
def new_page(title: str, before: bool, src: Path | None, debug: bool) -> None:
    """Add a course-level page in pages/ and list it in course.yml."""
    from scr_course.authoring.new_page import scaffold_page

    def run() -> int:
        path = scaffold_page(find_course_folder(src), title, before)
        click.echo(f"created {path} (listed in course.yml under 'pages: {'before' if before else 'after'}:')")
        return EXIT_OK

    _guard(debug, run)
