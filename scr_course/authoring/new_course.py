"""``scr-course new course``: a small course that builds clean under ``--strict`` as it is written.

The files come from ``scorm_templates/starter/`` (package data), with the course's id and title
filled in; ``gitignore`` is written as ``.gitignore`` (a dot file would be easy to lose in a wheel).
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from scr_course.authoring.schema import schema_text
from scr_course.diagnostics import CourseError
from scr_course.parse.markdown.outline import slugify
from scr_course.resources import template_tree
from scr_course.source.config import SLUG

STARTER = "starter"
RENAMED = {PurePosixPath("gitignore"): PurePosixPath(".gitignore")}


def course_id_for(folder: Path) -> str:
    """A slug for the course id from the folder name, e.g. ``Safer Recruitment`` -> ``safer-recruitment``."""
    name = folder.resolve().name
    slug = slugify(name)[:64].strip("-")
    return slug if SLUG.match(slug) else "course"


def title_for(folder: Path) -> str:
    """A readable title from the folder name when none was given: ``safer-recruitment`` -> ``Safer recruitment``."""
    words = re.sub(r"[-_]+", " ", folder.resolve().name).strip()
    return words[:1].upper() + words[1:] if words else "New course"


def starter_files(course_id: str, title: str) -> dict[PurePosixPath, bytes]:
    """Every file of a new course, by path inside its folder, with id and title filled in."""
    values = {"${id}": course_id, "${title_yaml}": json.dumps(title, ensure_ascii=False), "${title}": title}
    found: dict[PurePosixPath, bytes] = {}
    for rel, data in template_tree(STARTER):
        if rel.suffix in (".yml", ".md"):
            text = data.decode("utf-8")
            for key, value in values.items():
                text = text.replace(key, value)
            data = text.encode("utf-8")
        found[RENAMED.get(rel, rel)] = data
    # course.yml names this file in its yaml-language-server comment, so editors check it at once.
    found[PurePosixPath("course.schema.json")] = schema_text("course").encode("utf-8")
    return dict(sorted(found.items()))


def create_course(folder: Path, title: str | None = None) -> tuple[Path, ...]:
    """Write a new course into ``folder`` (new, or empty but for ``.git``); never overwrites a file."""
    title = (title or title_for(folder)).strip()
    if not title or "\n" in title or "\r" in title:
        raise CourseError("error: give the course a one-line title, e.g. --title \"Safer recruitment\"")
    if folder.exists():
        if not folder.is_dir():
            raise CourseError(f"{folder}: error: already exists and is not a folder; choose a new folder name")
        present = sorted(p.name for p in folder.iterdir() if p.name != ".git")
        if present:
            raise CourseError(f"{folder}: error: folder is not empty ({', '.join(present[:3])}…); "
                              "a new course needs a new or empty folder, nothing was written")
    written: list[Path] = []
    for rel, data in starter_files(course_id_for(folder), title).items():
        path = folder.joinpath(*rel.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": another process creating the same file between our check and here must not be overwritten.
        with path.open("xb") as handle:
            handle.write(data)
        written.append(path)
    return tuple(written)
