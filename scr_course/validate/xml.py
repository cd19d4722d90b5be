"""The XML side of validation, shared by the SCORM and cmi5 checks: safe parsing and the official schemas.

One module owns the parser settings (no entities, DTDs or network) and compiles the schemas
shipped in scorm_templates offline.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from scr_course.resources import template_root

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


def parse_untrusted(where: str, data: bytes) -> etree._Element | list[str]:
    """The root of a package's XML file, or the problems that stop it being read safely."""
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return [f"{where}: error: manifest declares a DOCTYPE or entities; refused (XXE / entity expansion)"]
    try:
        root: etree._Element = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        return [f"{where}:{exc.lineno}: error: not well-formed XML: {exc.msg}"]
    return root
