"""Shared manifest helpers: identifiers, file lists and deterministic serialisation."""

from __future__ import annotations

import re

from lxml import etree

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
