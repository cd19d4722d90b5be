"""``scr-course export review``: the whole course as one document for subject-expert sign-off.

A render-like stage: :func:`review_sheet` (facts) → HTML (Jinja) or DOCX (python-docx), as
in-memory :class:`~scr_course.model.OutputFile`\\ s; the CLI only writes them.
"""

from __future__ import annotations

from scr_course.model import Course, OutputFile

FORMATS = ("html", "docx")


def review_name(course: Course, fmt: str) -> str:
    """``<course-id>-<version>-review.<fmt>``, beside the packages."""
    return f"{course.config.id}-{course.config.version}-review.{fmt}"


def render_review(course: Course, formats: tuple[str, ...] = FORMATS) -> tuple[OutputFile, ...]:
    """The review document in each format asked for."""
    from scr_course.review.facts import review_sheet

    sheet = review_sheet(course)
    files: list[OutputFile] = []
    for fmt in formats:
        if fmt == "html":
            from scr_course.review.html import render_review_html

            files.append(OutputFile(href=review_name(course, fmt), data=render_review_html(course, sheet)))
        elif fmt == "docx":
            from scr_course.review.docx import render_review_docx

            files.append(OutputFile(href=review_name(course, fmt), data=render_review_docx(course, sheet)))
        else:
            raise ValueError(f"unknown review format {fmt!r}")
    return tuple(files)
