"""XLIFF 2.0 documents: written from units, read back with each unit's line.

Hand-written on lxml (already a dependency) rather than translate-toolkit: its XLIFF 2 store
keeps plain text only (no ``<originalData>``/``dataRef`` inline codes, no note categories) and
would add lxml>=6.1 and a compiled segmentation package for a few dozen lines of XML.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.translate.inline import (
    Q,
    XLIFF_NS,
    InlineError,
    Part,
    Span,
    parse_inline,
    read_content,
    to_markdown,
    write_content,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class XliffUnit:
    """One ``<unit>``: Markdown texts and the notes this tool writes."""

    id: str
    kind: str
    where: str
    """``modules/01-intro.md:12``: the source line, for the translator."""
    digest: str
    """Hash of the source text as translated (see ``TextUnit.digest``)."""
    source: str
    target: str | None = None
    state: str = "initial"
    loc: SourceLocation | None = None
    """Where the unit is in the XLIFF file read (None for one being written)."""
    source_marks: tuple[str, ...] = ()
    target_marks: tuple[str, ...] = ()
    """The Markdown codes (``**``, ``](url)``, code spans) each side uses, sorted, for the placeholder check."""


@dataclass(frozen=True, slots=True, kw_only=True)
class XliffFile:
    """One ``<file>``: the units of one source file."""

    id: str
    original: str
    units: tuple[XliffUnit, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class XliffDocument:
    """A whole XLIFF document."""

    source_language: str
    target_language: str
    files: tuple[XliffFile, ...]
    loc: SourceLocation


Content = tuple[etree._Element, tuple[Part, ...], dict[str, str]]
"""A ``<source>``/``<target>`` element, its parts, and its unit's ``<originalData>``."""


def write_xliff(source_language: str, target_language: str, files: tuple[XliffFile, ...]) -> bytes:
    """The document as UTF-8 bytes; the same units always give the same bytes."""
    root = etree.Element(Q + "xliff", nsmap={None: XLIFF_NS})
    root.set("version", "2.0")
    root.set("srcLang", source_language)
    root.set("trgLang", target_language)
    contents: list[Content] = []
    for file in files:
        file_element = etree.SubElement(root, Q + "file", id=file.id, original=file.original)
        for unit in file.units:
            contents += _write_unit(file_element, unit)
    etree.indent(root, space="  ")
    # indent() also pads mixed content, which would change the texts: fill them in afterwards.
    for element, parts, data in contents:
        for child in list(element):
            element.remove(child)
        element.text = None
        write_content(element, parts, data)
    written: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return written + b"\n"


def _write_unit(parent: etree._Element, unit: XliffUnit) -> list[Content]:
    element = etree.SubElement(parent, Q + "unit", id=unit.id)
    notes = etree.SubElement(element, Q + "notes")
    for category, text in (("location", unit.where), ("kind", unit.kind), ("source-hash", unit.digest)):
        note = etree.SubElement(notes, Q + "note", category=category)
        note.text = text
    data: dict[str, str] = {}
    original = etree.SubElement(element, Q + "originalData")
    segment = etree.SubElement(element, Q + "segment")
    if unit.target is not None:
        segment.set("state", unit.state)
    contents = [(etree.SubElement(segment, Q + "source"), parse_inline(unit.source), data)]
    if unit.target is not None:
        contents.append((etree.SubElement(segment, Q + "target"), parse_inline(unit.target), data))
    for content, parts, _ in contents:
        write_content(content, parts, data)
    for key, value in data.items():
        etree.SubElement(original, Q + "data", id=key).text = value
    if not data:
        element.remove(original)
    return contents


def _safe_parser() -> etree.XMLParser:
    # A file from a translation agency is untrusted input: no entities, DTDs or network.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_xliff(data: bytes, loc: SourceLocation, diagnostics: Diagnostics) -> XliffDocument | None:
    """Parse a document; what cannot be read is an error at its line, and that unit is left out."""
    try:
        root = etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as exc:
        diagnostics.error(loc.at_line(exc.lineno or 1), Code.TRANSLATION_BROKEN, f"not well-formed XML: {exc.msg}")
        return None
    if root.tag != Q + "xliff" or not str(root.get("version", "")).startswith("2."):
        diagnostics.error(loc.at_line(root.sourceline or 1), Code.TRANSLATION_BROKEN,
                          f"not an XLIFF 2 document (the root must be <xliff version=\"2.0\" xmlns=\"{XLIFF_NS}\">)")
        return None
    files = []
    for file_element in root.iter(Q + "file"):
        units = tuple(u for u in (_read_unit(e, loc, diagnostics) for e in file_element.iter(Q + "unit")) if u)
        files.append(XliffFile(id=file_element.get("id", ""), original=file_element.get("original", ""), units=units))
    return XliffDocument(source_language=root.get("srcLang", ""), target_language=root.get("trgLang", ""),
                         files=tuple(files), loc=loc)


def _read_unit(element: etree._Element, loc: SourceLocation, diagnostics: Diagnostics) -> XliffUnit | None:
    here = loc.at_line(element.sourceline or 1)
    notes = {n.get("category"): (n.text or "") for n in element.iter(Q + "note")}
    data = {d.get("id", ""): (d.text or "") for d in element.iter(Q + "data")}
    segments = list(element.iter(Q + "segment"))
    if len(segments) != 1:
        diagnostics.error(here, Code.TRANSLATION_BROKEN,
                          f"unit '{element.get('id')}' must have one <segment> (it has {len(segments)}); "
                          "do not split units")
        return None
    source, target = segments[0].find(Q + "source"), segments[0].find(Q + "target")
    try:
        source_parts = read_content(source, data)[0] if source is not None else ()
        target_parts = read_content(target, data)[0] if target is not None else None
    except InlineError as exc:
        diagnostics.error(here, Code.TRANSLATION_BROKEN, f"unit '{element.get('id')}': {exc}")
        return None
    target_text = to_markdown(target_parts) if target_parts is not None else None
    return XliffUnit(id=element.get("id", ""), kind=notes.get("kind", ""), where=notes.get("location", ""),
                     digest=notes.get("source-hash", ""), source=to_markdown(source_parts),
                     target=target_text if target_text else None, state=segments[0].get("state", "initial"),
                     loc=here, source_marks=_marks(source_parts),
                     target_marks=_marks(target_parts) if target_parts is not None else ())


def _marks(parts: tuple[Part, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for part in parts:
        if isinstance(part, str):
            continue
        if isinstance(part, Span):
            found += [part.start + "…" + part.end, *_marks(part.children)]
        else:
            found.append(part.data)
    return tuple(sorted(found))


def marks_of(text: str) -> tuple[str, ...]:
    """The Markdown codes of a text, as ``XliffUnit.source_marks`` holds them."""
    return _marks(parse_inline(text))
