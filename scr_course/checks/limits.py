"""The limits the official schemas set on what the manifests hold, checked at the line that causes them.

Gone through the shipped schemas (scorm_templates/schemas) for every value scr-course writes:

- SCORM 1.2 (imscp_rootv1p1p2.xsd): ``titleType`` maxLength 200 (organization and item titles),
  the manifest's ``version`` attribute maxLength 20, ``href`` maxLength 2000 and
  ``identifierref`` maxLength 2000 (ids are slugs of at most 64 characters, and an asset path
  that long is caught by the build's own validation below). IMS MD 1.2.1 sets no length on
  the metadata we write.
- SCORM 2004 4th Edition (imscp_v1p1.xsd) removed every maxLength; identifiers are xs:ID, which
  render/manifest.py ``xml_id`` always produces.
- cmi5 (CourseStructure.xsd): ``url`` minLength 1 and ids that are absolute IRIs; both are
  produced by the renderer and by source/config.py's ``cmi5.iri`` check, so no author value can
  break them.

The build also validates every manifest in memory before writing (validate/scorm.py validate_rendered), so a
limit missed here still never reaches a zip.
"""

from __future__ import annotations

from scr_course.diagnostics import Code, Diagnostics
from scr_course.model import BuildTarget, Course, Packaging

SCORM12_TITLE_MAX = 200
SCORM12_VERSION_MAX = 20


def check_limits(course: Course, diagnostics: Diagnostics) -> None:
    """Values over a SCORM 1.2 schema limit, reported where the author wrote them."""
    config = course.config
    if BuildTarget.SCORM12 not in config.targets:
        return
    title_loc = config.title_loc or config.loc
    if len(config.title) > SCORM12_TITLE_MAX:
        diagnostics.error(title_loc, Code.SCHEMA_LIMIT,
                          f"title is {len(config.title)} characters; a SCORM 1.2 manifest title may have at most "
                          f"{SCORM12_TITLE_MAX} (shorten it, or drop the scorm12 target)")
    if len(config.version) > SCORM12_VERSION_MAX:
        diagnostics.error(config.version_loc or config.loc, Code.SCHEMA_LIMIT,
                          f"version is {len(config.version)} characters; a SCORM 1.2 manifest version may have "
                          f"at most {SCORM12_VERSION_MAX}")
    if config.packaging is not Packaging.SINGLE:
        for module in course.modules:
            # sco-per-module: the module title is an item title; package-per-module: the package
            # title is "<course title>: <module title>".
            title = module.title if config.packaging is Packaging.SCO_PER_MODULE else f"{config.title}: {module.title}"
            if len(title) > SCORM12_TITLE_MAX and len(config.title) <= SCORM12_TITLE_MAX:
                what = "module title" if config.packaging is Packaging.SCO_PER_MODULE else \
                    "course title, ': ' and module title"
                diagnostics.error(module.loc, Code.SCHEMA_LIMIT,
                                  f"{what} is {len(title)} characters; a SCORM 1.2 manifest title may have at "
                                  f"most {SCORM12_TITLE_MAX}")
