"""Shared manifest helpers: identifiers, file lists and deterministic serialisation."""

from __future__ import annotations

import re

from lxml import etree
from lxml.builder import ElementMaker

from scr_course.model import PackagePlan

XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_id(prefix: str, value: str) -> str:
    """An xs:ID: starts with a letter, no spaces or colons (CAM: identifiers are xs:ID)."""
    return f"{prefix}-{_NOT_NAME.sub('_', value)}"


def clean(text: str) -> str:
    """Text safe for XML 1.0: control characters removed (lxml refuses them)."""
    return _CONTROL.sub("", text)


def serialize(root: etree._Element) -> bytes:
    """UTF-8 XML with declaration; lxml keeps attribute order, so output is stable."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def resources_element(cp: ElementMaker, type_attribute: str, plan: PackagePlan,
                      shared: list[str], schemas: list[str]) -> etree._Element:
    """<resources>: a SCO per launch file, one shared asset resource, one for the schema files.

    ``type_attribute`` is the namespaced SCORM type attribute, spelled per version
    (1.2 ``adlcp:scormtype``, 2004 ``adlcp:scormType``; CAM P4).
    """
    resources = []
    for sco in plan.scos:
        resource = cp.resource(cp.file(href=sco.href), cp.dependency(identifierref="RES-shared"),
                               identifier=xml_id("RES", sco.id), type="webcontent", href=sco.href)
        resource.set(type_attribute, "sco")
        resources.append(resource)
    for identifier, hrefs in (("RES-shared", shared), ("RES-schemas", schemas)):
        resource = cp.resource(*[cp.file(href=h) for h in hrefs], identifier=identifier, type="webcontent")
        resource.set(type_attribute, "asset")
        resources.append(resource)
    element: etree._Element = cp.resources(*resources)
    return element
