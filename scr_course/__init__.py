"""scr-course: compile Markdown e-learning courses into SCORM 1.2 and 2004 packages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scr_course.pipeline import Report

__version__ = "0.1.0"

__all__ = ["__version__", "build_course", "check_course_source"]


def build_course(src: str, out: str = "build") -> Report:
    """Build every package of the course at ``src`` into ``out``; returns the pipeline report."""
    from pathlib import Path

    from scr_course.pipeline import BuildOptions, build

    return build(BuildOptions(src=Path(src), out=Path(out)))


def check_course_source(src: str) -> Report:
    """Check the course at ``src``; returns the pipeline report."""
    from pathlib import Path

    from scr_course.pipeline import check

    return check(Path(src))
