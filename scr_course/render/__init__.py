"""Render stage: model → the in-memory files of one package (pure: no disk writes)."""

from __future__ import annotations

from collections.abc import Mapping

from scr_course.model import BuildTarget, Course, OutputFile, PackagePlan
from scr_course.render.cmi5 import COURSE_STRUCTURE, render_course_structure
from scr_course.render.html import render_sco_files, render_sco_targets
from scr_course.render.scorm12 import render_manifest_12
from scr_course.render.scorm2004 import render_manifest_2004
from scr_course.render.theme import THEME_CSS, render_theme_css
from scr_course.resources import RUNTIME_FILES, runtime_file, schema_files, template_stamp

MANIFEST = "imsmanifest.xml"


__all__ = ["MANIFEST", "package_files", "render_package", "render_sco_targets"]


def render_package(
    course: Course, plan: PackagePlan, target: BuildTarget, memo: dict[object, tuple[OutputFile, ...]] | None = None
) -> tuple[OutputFile, ...]:
    """Every file of the zip, manifest first, then in sorted path order.

    ``memo`` (preview) keeps rendered SCO pages between calls; a page is reused only when its
    SCO, the course-wide settings and keys, the target and the templates are all unchanged.
    """
    sco_files: dict[str, OutputFile] = {}
    # Hashed once here: the course-wide part of every page's memo key.
    context = hash((course.config, course.state_keys, course.pages_before, course.pages_after, target,
                    template_stamp())) if memo is not None else None
    for sco in plan.scos:
        if memo is None:
            rendered = render_sco_files(course, sco, target)
        else:
            key = (sco, context)
            if key not in memo:
                memo[key] = render_sco_files(course, sco, target)
            rendered = memo[key]
        for output in rendered:
            sco_files[output.href] = output
    return package_files(course, plan, target, sco_files)


def package_files(course: Course, plan: PackagePlan, target: BuildTarget,
                  sco_files: Mapping[str, OutputFile]) -> tuple[OutputFile, ...]:
    """Every file of the zip, manifest first, then in sorted path order, given its SCOs' own files
    (``render_sco_targets``): the runtime, theme, assets, schemas and the manifest are added here."""
    files = dict(sco_files)
    for path in RUNTIME_FILES:
        files[path] = OutputFile(href=path, data=runtime_file(path, target.value))
    files[THEME_CSS] = OutputFile(href=THEME_CSS, data=render_theme_css(course.config.theme))
    for asset in course.assets:
        files[asset.href.as_posix()] = OutputFile(href=asset.href.as_posix(), source=asset.src)
    if target is BuildTarget.CMI5:
        # cmi5 packages carry no schema files: the LMS validates cmi5.xml with its own copy (cmi5 14.1).
        structure = OutputFile(href=COURSE_STRUCTURE, data=render_course_structure(course.config, plan))
        return (structure, *(files[h] for h in sorted(files)))
    schemas = schema_files(target.value)
    for path, data in schemas:
        files[path] = OutputFile(href=path, data=data)
    launch_files = {sco.href for sco in plan.scos}
    schema_paths = sorted(path for path, _ in schemas)
    shared = sorted(h for h in files if h not in launch_files and h not in schema_paths)
    render_manifest = render_manifest_12 if target is BuildTarget.SCORM12 else render_manifest_2004
    manifest = OutputFile(href=MANIFEST, data=render_manifest(course.config, plan, shared, schema_paths))
    return (manifest, *(files[h] for h in sorted(files)))
