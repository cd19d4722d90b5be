"""``scr-course validate``: check any SCORM or cmi5 zip without trusting it.

Entries are inspected before anything is read; the manifest is parsed with entity
expansion, DTD loading and network access off; schemas are the official files shipped
in scorm_templates, compiled offline.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from scr_course.validate.cmi5 import COURSE_STRUCTURE, check_course_structure
from scr_course.validate.xml import ADLCP_12, ADLCP_2004, NS_12, NS_2004, compiled_schema, parse_untrusted

MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_MANIFEST_BYTES = 8 * 1024**2
MAX_RATIO = 200
"""An entry that expands more than this many times (past 1 MiB) is treated as a zip bomb."""

def check_entries(archive: zipfile.ZipFile, name: str) -> list[str]:
    """Unsafe names, links, duplicates and bomb-like sizes, from the central directory alone."""
    problems: list[str] = []
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        return [f"{name}: error: {len(infos):,} entries; refusing more than {MAX_ENTRIES:,}"]
    seen: set[str] = set()
    total = 0
    for info in infos:
        entry = info.filename
        path = PurePosixPath(entry)
        if entry.startswith(("/", "\\")) or (len(entry) > 1 and entry[1] == ":") or "\\" in entry:
            problems.append(f"{name}: error: entry '{entry}' has an absolute or Windows path")
        elif ".." in path.parts:
            problems.append(f"{name}: error: entry '{entry}' climbs out of the package with '..'")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            problems.append(f"{name}: error: entry '{entry}' is a symbolic link")
        key = entry.rstrip("/").lower()
        if key in seen:
            problems.append(f"{name}: error: entry '{entry}' appears more than once")
        seen.add(key)
        total += info.file_size
        if info.file_size > 1024**2 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            problems.append(f"{name}: error: entry '{entry}' expands {info.file_size // max(info.compress_size, 1)}"
                            f" times; refusing a possible zip bomb")
    if total > MAX_TOTAL_BYTES:
        problems.append(f"{name}: error: package expands to {total:,} bytes; refusing more than {MAX_TOTAL_BYTES:,}")
    return problems


def validate_package(path: Path) -> list[str]:
    """Every problem of a SCORM zip as ``path: error: message`` lines; empty when valid."""
    name = str(path)
    if not path.is_file():
        return [f"{name}: error: file not found"]
    if path.stat().st_size == 0:
        return [f"{name}: error: empty file, not a zip"]
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"{name}: error: not a zip file ({exc})"]
    with archive:
        problems = check_entries(archive, name)
        if problems:
            return problems
        names = {i.filename for i in archive.infolist() if not i.is_dir()}
        manifest = "imsmanifest.xml"
        if manifest not in names and COURSE_STRUCTURE in names:
            manifest = COURSE_STRUCTURE
        elif manifest not in names:
            nested = sorted(n for n in names if n.endswith(("/imsmanifest.xml", "/cmi5.xml")))
            hint = f" (found '{nested[0]}': zip the folder's contents, not the folder)" if nested else ""
            return [f"{name}: error: no imsmanifest.xml (SCORM) or cmi5.xml (cmi5) at the root of the zip{hint}"]
        info = archive.getinfo(manifest)
        if info.file_size > MAX_MANIFEST_BYTES:
            return [f"{name}: error: {manifest} is {info.file_size:,} bytes; refusing more than {MAX_MANIFEST_BYTES:,}"]
        data = archive.read(info)
    if manifest == COURSE_STRUCTURE:
        return check_course_structure(name, data, names)
    return _check_manifest(name, data, names)


def _check_manifest(name: str, data: bytes, names: set[str]) -> list[str]:
    where = f"{name}!imsmanifest.xml"
    root = parse_untrusted(where, data)
    if isinstance(root, list):
        return root
    namespace = etree.QName(root).namespace
    if namespace == NS_12:
        version, adlcp, type_attr = "1.2", ADLCP_12, "scormtype"
    elif namespace == NS_2004:
        version, adlcp, type_attr = "2004", ADLCP_2004, "scormType"
    else:
        return [f"{where}:{root.sourceline}: error: root element is not an IMS content packaging manifest"]
    problems: list[str] = []
    schema = compiled_schema(version)
    if not schema.validate(root):
        for error in schema.error_log:
            problems.append(f"{where}:{error.line}: error: schema: {error.message}")
    problems += _check_references(where, root, namespace, adlcp, type_attr, names, version)
    return problems


def _check_references(where: str, root: etree._Element, ns: str, adlcp: str, type_attr: str,
                      names: set[str], version: str) -> list[str]:
    problems: list[str] = []

    def problem(element: etree._Element | None, message: str) -> None:
        line = f":{element.sourceline}" if element is not None and element.sourceline else ""
        problems.append(f"{where}{line}: error: {message}")

    q = {"cp": ns}
    resources = {r.get("identifier"): r for r in root.iterfind("cp:resources/cp:resource", q)}
    organizations = {o.get("identifier") for o in root.iterfind("cp:organizations/cp:organization", q)}
    default = root.find("cp:organizations", q)
    if default is not None and default.get("default") and default.get("default") not in organizations:
        problem(default, f"default organization '{default.get('default')}' does not exist")
    schemaversion = root.findtext("cp:metadata/cp:schemaversion", namespaces=q)
    expected = "1.2" if version == "1.2" else "2004 4th Edition"
    if schemaversion is None:
        problem(None, "no <schemaversion> in the manifest metadata")
    elif version == "2004" and schemaversion.strip() not in ("2004 4th Edition", "2004 3rd Edition", "CAM 1.3"):
        problem(None, f"schemaversion '{schemaversion}' is not a SCORM 2004 edition")
    elif version == "1.2" and schemaversion.strip() != expected:
        problem(None, f"schemaversion '{schemaversion}' should be '1.2'")
    for organization in root.iterfind("cp:organizations/cp:organization", q):
        if organization.find("cp:title", q) is None:
            problem(organization, "organization has no <title>")
    for item in root.iterfind(".//cp:item", q):
        if item.find("cp:title", q) is None:
            problem(item, f"item '{item.get('identifier')}' has no <title>")
        ref = item.get("identifierref")
        if ref is not None and ref not in resources:
            problem(item, f"item '{item.get('identifier')}' refers to missing resource '{ref}'")
        if ref is not None and item.find("cp:item", q) is not None:
            problem(item, f"item '{item.get('identifier')}' has children and a resource")
    listed: set[str] = set()
    wrong_spelling = "scormType" if version == "1.2" else "scormtype"
    for identifier, resource in resources.items():
        base = resource.get("{http://www.w3.org/XML/1998/namespace}base") or ""
        kind = resource.get(f"{{{adlcp}}}{type_attr}")
        if kind is None:
            other = resource.get(f"{{{adlcp}}}{wrong_spelling}") is not None
            hint = f" (found '{wrong_spelling}', the other version's spelling)" if other else ""
            problem(resource, f"resource '{identifier}' has no adlcp:{type_attr}{hint}")
        href = resource.get("href")
        if kind == "sco" and not href:
            problem(resource, f"SCO resource '{identifier}' has no href to launch")
        if href:
            target = (base + href).split("?")[0].split("#")[0]
            if target not in names:
                problem(resource, f"launch file '{target}' of resource '{identifier}' is not in the zip")
        for file in resource.iterfind("cp:file", q):
            file_href = base + (file.get("href") or "")
            listed.add(file_href)
            if file_href not in names:
                problem(file, f"file '{file_href}' is listed but not in the zip")
        for dependency in resource.iterfind("cp:dependency", q):
            if dependency.get("identifierref") not in resources:
                problem(dependency, f"dependency '{dependency.get('identifierref')}' does not exist")
    if version == "2004":
        for element in root.iter(f"{{{adlcp}}}masteryscore"):
            problem(element, "adlcp:masteryscore is SCORM 1.2; use imsss:minNormalizedMeasure")
    unlisted = sorted(n for n in names if n not in listed and n != "imsmanifest.xml")
    for entry in unlisted:
        problem(None, f"file '{entry}' is in the zip but not listed in any resource")
    return problems
