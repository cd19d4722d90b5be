"""``scr-course validate``: check any SCORM or cmi5 zip without trusting it.

Entries are inspected before anything is read; the manifest is parsed with entity
expansion, DTD loading and network access off; schemas are the official files shipped
in scorm_templates, compiled offline.
"""

from __future__ import annotations

import stat
import zipfile
from functools import lru_cache
from pathlib import Path, PurePosixPath

from lxml import etree

from scr_course.resources import template_root
from scr_course.validate_cmi5 import COURSE_STRUCTURE, check_course_structure

MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_MANIFEST_BYTES = 8 * 1024**2
MAX_RATIO = 200
"""An entry that expands more than this many times (past 1 MiB) is treated as a zip bomb."""

NS_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
XML_XSD_URLS = ("http://www.w3.org/2001/xml.xsd", "http://www.w3.org/2001/03/xml.xsd")


def safe_parser() -> etree.XMLParser:
    """No entities, no DTDs, no network, no huge trees: XXE and billion laughs cannot expand."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=False)


class _LocalSchemas(etree.Resolver):  # type: ignore[misc]
    """Maps the W3C xml.xsd URL to the shipped copy and refuses every other remote URL."""

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        if system_url in XML_XSD_URLS:
            return self.resolve_filename(str(_schema_dir("scorm2004") / "xml.xsd"), context)
        if system_url.startswith(("http:", "https:", "ftp:")):
            raise ValueError(f"refusing to fetch {system_url}")
        return None


def _schema_dir(target: str) -> Path:
    return Path(str(template_root() / "schemas" / target))


def _driver(imports: list[tuple[str, Path]]) -> bytes:
    lines = ['<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">']
    lines += [f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports]
    lines.append("</xs:schema>")
    return "\n".join(lines).encode()


@lru_cache(maxsize=3)
def compiled_schema(version: str) -> etree.XMLSchema:
    """The official schemas for '1.2', '2004' or 'cmi5', compiled once from the shipped files."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    if version == "cmi5":
        cmi5 = _schema_dir("cmi5")
        return etree.XMLSchema(etree.fromstring(_driver([(CMI5_NS, cmi5 / "CourseStructure.xsd")]), parser,
                                                base_url=cmi5.as_uri() + "/"))
    s12, s2004 = _schema_dir("scorm12"), _schema_dir("scorm2004")
    if version == "1.2":
        # IMS MD 1.2.1 is non-deterministic (##any after its own elements); IMS MD 1.2.2 made it
        # ##other. The patched text is served in place of the file, which stays unchanged on disk.
        imsmd = s12 / "imsmd_rootv1p2p1.xsd"
        patched = imsmd.read_bytes().replace(b'namespace="##any"', b'namespace="##other"')
        parser.resolvers.add(_Patched(imsmd.as_uri(), patched))
        # libxml2 cannot compile ims_xml.xsd (it binds the default namespace to the XML
        # namespace); importing W3C's xml.xsd first makes it keep that one instead.
        imports = [
            ("http://www.w3.org/XML/1998/namespace", s2004 / "xml.xsd"),
            (NS_12, s12 / "imscp_rootv1p1p2.xsd"),
            (ADLCP_12, s12 / "adlcp_rootv1p2.xsd"),
            ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", imsmd),
        ]
        return etree.XMLSchema(etree.fromstring(_driver(imports), parser, base_url=s12.as_uri() + "/"))
    imports = [
        (NS_2004, s2004 / "imscp_v1p1.xsd"),
        (ADLCP_2004, s2004 / "adlcp_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlseq_v1p3", s2004 / "adlseq_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlnav_v1p3", s2004 / "adlnav_v1p3.xsd"),
        ("http://www.imsglobal.org/xsd/imsss", s2004 / "imsss_v1p0.xsd"),
        ("http://ltsc.ieee.org/xsd/LOM", s2004 / "lom.xsd"),
    ]
    driver = etree.fromstring(_driver(imports), parser, base_url=s2004.as_uri() + "/")
    return etree.XMLSchema(driver)


class _Patched(etree.Resolver):  # type: ignore[misc]
    def __init__(self, url: str, data: bytes) -> None:
        super().__init__()
        self.url, self.data = url, data

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        if system_url == self.url:
            return self.resolve_string(self.data, context)
        return None


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


def parse_untrusted(where: str, data: bytes) -> etree._Element | list[str]:
    """The root of a package's XML file, or the problems that stop it being read safely."""
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return [f"{where}: error: manifest declares a DOCTYPE or entities; refused (XXE / entity expansion)"]
    try:
        root: etree._Element = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        return [f"{where}:{exc.lineno}: error: not well-formed XML: {exc.msg}"]
    return root


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
