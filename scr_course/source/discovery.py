"""Which course folder a command works on when ``--src`` is not given."""

from __future__ import annotations

from pathlib import Path

from scr_course.diagnostics import CourseError

DEFAULT_FOLDER = Path("course_src")
START_HINT = "start one with: scr-course new course my-course"


def find_course_folder(src: Path | None, cwd: Path | None = None) -> Path:
    """``src`` when given; else ``course_src`` when it exists, else the current folder when it holds course.yml.

    The two defaults match the two layouts authors use: a project with ``course_src/`` beside
    ``build/`` (this repository), and a course folder made by ``scr-course new course`` that the
    author has ``cd``-ed into.
    """
    if src is not None:
        if not src.is_dir():
            raise CourseError(f"{src}: error: course folder not found ({START_HINT}, or pass --src FOLDER)")
        return src
    here = cwd or Path()
    if (here / DEFAULT_FOLDER).is_dir():
        return DEFAULT_FOLDER if cwd is None else here / DEFAULT_FOLDER
    if (here / "course.yml").is_file():
        return here
    shown = (cwd or Path.cwd()).resolve()
    raise CourseError(f"error: no course here: {shown} has neither a course_src folder nor a course.yml; "
                      f"{START_HINT}, or pass --src FOLDER")
