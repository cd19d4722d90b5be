"""Build packages with the real compiler, unzip them, and read what an LMS takes from the manifest."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

VERSIONS = ("scorm12", "scorm2004")


class BuildFailed(Exception):
    """The compiler reported errors for a fixture course (the message holds its diagnostics)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageInfo:
    """The parts of ``imsmanifest.xml`` an LMS acts on when it launches the first SCO."""

    root: Path
    version: str
    """``scorm12`` or ``scorm2004``, from ``<schemaversion>``."""
    launch: str
    """The SCO's ``href`` relative to the package root, with the item's ``parameters``."""
    lms_data: dict[str, str] = field(default_factory=dict)
    """Flattened CMI values the LMS initialises from the manifest (mastery score, thresholds …)."""


def build_course(course_dir: Path, target: str, out_dir: Path) -> list[Path]:
    """Compile ``course_dir`` for one target into ``out_dir``; the zips written."""
    from scr_course.model import BuildTarget
    from scr_course.pipeline import BuildOptions, build

    report = build(BuildOptions(src=course_dir, out=out_dir, targets=(BuildTarget(target),)))
    if report.failed():
        lines = "\n".join(diagnostic.format() for diagnostic in report.diagnostics)
        raise BuildFailed(f"scr-course build failed for {course_dir} ({target}):\n{lines}")
    return [package.path for package in report.packages]


def extract_package(zip_path: Path, dest: Path) -> Path:
    """Unzip a package into ``dest`` (created) and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(dest)  # ZipFile strips absolute paths and ".." parts
    return dest


def read_manifest(root: Path) -> PackageInfo:
    """Version, launch URL and LMS-initialised data of the default organization's first SCO."""
    manifest = ElementTree.parse(root / "imsmanifest.xml").getroot()
    version = _schema_version(manifest)
    item = _first_launchable_item(manifest)
    resource = _resource(manifest, _attribute(item, "identifierref") or "")
    launch = (_xml_base(manifest, resource) + (_attribute(resource, "href") or "")).lstrip("/")
    parameters = _attribute(item, "parameters") or ""
    if parameters:
        # CAM 3.4.1.5: parameters starting with "?" or "#" are appended as they are
        joiner = "" if parameters[0] in "?#" else ("&" if "?" in launch else "?")
        launch += joiner + parameters
    lms_data = _lms_data_12(item) if version == "scorm12" else _lms_data_2004(item)
    return PackageInfo(root=root, version=version, launch=launch, lms_data=lms_data)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: ElementTree.Element, *path: str) -> ElementTree.Element | None:
    """Descend by local names (namespace prefixes differ between packages)."""
    current: ElementTree.Element | None = element
    for name in path:
        found = _children(current, name) if current is not None else []
        current = found[0] if found else None
    return current


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    """An attribute by local name, any namespace (``adlcp:scormtype`` vs ``scormType`` …)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value.strip()
    return None


def _text(element: ElementTree.Element | None) -> str | None:
    return element.text.strip() if element is not None and element.text else None


def _schema_version(manifest: ElementTree.Element) -> str:
    text = _text(_child(manifest, "metadata", "schemaversion")) or ""
    if text == "1.2":
        return "scorm12"
    if "2004" in text or text == "CAM 1.3":
        return "scorm2004"
    raise ValueError(f"imsmanifest.xml: unknown <schemaversion> {text!r}")


def _first_launchable_item(manifest: ElementTree.Element) -> ElementTree.Element:
    organizations = _child(manifest, "organizations")
    if organizations is None:
        raise ValueError("imsmanifest.xml: no <organizations>")
    default = _attribute(organizations, "default")
    candidates = _children(organizations, "organization")
    chosen = [org for org in candidates if _attribute(org, "identifier") == default] or candidates
    if not chosen:
        raise ValueError("imsmanifest.xml: no <organization>")
    for element in chosen[0].iter():
        if _local(element.tag) == "item" and _attribute(element, "identifierref"):
            return element
    raise ValueError("imsmanifest.xml: no <item> references a resource")


def _resource(manifest: ElementTree.Element, identifier: str) -> ElementTree.Element:
    resources = _child(manifest, "resources")
    for resource in _children(resources, "resource") if resources is not None else []:
        if _attribute(resource, "identifier") == identifier:
            return resource
    raise ValueError(f"imsmanifest.xml: no <resource identifier={identifier!r}>")


def _xml_base(manifest: ElementTree.Element, resource: ElementTree.Element) -> str:
    resources = _child(manifest, "resources")
    bases = [_attribute(element, "base") or "" for element in (manifest, resources, resource) if element is not None]
    return "".join(bases)


def _lms_data_12(item: ElementTree.Element) -> dict[str, str]:
    """SCORM 1.2 CAM 2.3.2.4 extensions the LMS copies into cmi.student_data / launch_data."""
    mapping = {
        "masteryscore": "cmi.student_data.mastery_score",
        "maxtimeallowed": "cmi.student_data.max_time_allowed",
        "timelimitaction": "cmi.student_data.time_limit_action",
        "datafromlms": "cmi.launch_data",
    }
    data = {}
    for name, element in mapping.items():
        value = _text(_child(item, name))
        if value is not None:
            data[element] = value
    return data


def _lms_data_2004(item: ElementTree.Element) -> dict[str, str]:
    """SCORM 2004 4th Ed. RTE 4.2.5, 4.2.22: threshold, passing score, launch data, time limit."""
    data = {}
    threshold = _child(item, "completionThreshold")
    if threshold is not None:
        # 4th Ed. attribute form; the 3rd Ed. form is a text value
        if _attribute(threshold, "completedByMeasure") == "true":
            data["cmi.completion_threshold"] = _attribute(threshold, "minProgressMeasure") or "1.0"
        elif _text(threshold):
            data["cmi.completion_threshold"] = _text(threshold) or ""
    primary = _child(item, "sequencing", "objectives", "primaryObjective")
    if primary is not None and _attribute(primary, "satisfiedByMeasure") == "true":
        data["cmi.scaled_passing_score"] = _text(_child(primary, "minNormalizedMeasure")) or "1.0"
    launch_data = _text(_child(item, "dataFromLMS"))
    if launch_data is not None:
        data["cmi.launch_data"] = launch_data
    time_limit = _text(_child(item, "timeLimitAction"))
    if time_limit is not None:
        data["cmi.time_limit_action"] = time_limit
    return data
