"""Inline Markdown (bold, italics, links, code, images, attributes) ↔ XLIFF 2 inline elements.

A translator sees ``<pc>`` around emphasised or linked words and ``<ph/>`` for what must not be
translated (code, an inline image, ``{#anchor}``); the exact Markdown delimiters travel in the
unit's ``<originalData>``, so turning a translation back into Markdown restores them byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
Q = "{" + XLIFF_NS + "}"

_TOKEN = re.compile(
    r"(?P<escape>\\[^\sA-Za-z0-9])"
    r"|(?P<code>(?P<tick>`+)[^`].*?(?P=tick))"
    r"|(?P<image>!\[(?P<alt>[^\]\n]*)\](?P<src>\([^)\n]*\)))"
    r"|(?P<link>\[(?P<linktext>(?:[^\[\]\n]|\[[^\]\n]*\])+)\](?P<target>\([^)\n]*\)))"
    r"|(?P<auto><(?:https?:|mailto:)[^>\s]+>)"
    r"|(?P<attrs>\{[#.][^}\n]*\})"
    r"|(?P<html><!--.*?-->|</?[A-Za-z][^>\n]*>)"
    r"|(?P<strong>(?P<sdelim>\*\*|__)(?=\S)(?P<strongtext>.+?)(?<=\S)(?P=sdelim))"
    r"|(?P<em>(?:(?<![\w*])\*(?=[^\s*])(?P<emtext>.+?)(?<=[^\s*])\*(?!\*))"
    r"|(?:(?<![\w_])_(?=[^\s_])(?P<emtext2>.+?)(?<=[^\s_])_(?![\w_])))"
)


@dataclass(frozen=True, slots=True)
class Span:
    """Marked-up words: ``start`` + children + ``end`` in Markdown; ``<pc>`` in XLIFF."""

    kind: str
    """``b``, ``i``, ``link`` or ``image`` (its children are the alt text)."""
    start: str
    end: str
    children: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    """Markdown a translator must keep as it is (code, image, attributes, HTML): ``<ph/>`` in XLIFF."""

    kind: str
    data: str


Part = str | Span | Mark


def parse_inline(text: str) -> tuple[Part, ...]:
    """Markdown inline text → parts; ``to_markdown`` of the result gives ``text`` back exactly."""
    parts: list[Part] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            parts.append(text[pos:match.start()])
        pos = match.end()
        kind = _kind(match)
        whole = match.group(0)
        if kind == "escape":
            parts.append(whole)
        elif kind == "link":
            parts.append(Span("link", "[", match.group("target").join(["]", ""]),
                              parse_inline(match.group("linktext"))))
        elif kind == "image":
            # The alt text inside a paragraph is translated too; the path is not.
            parts.append(Span("image", "![", match.group("src").join(["]", ""]), parse_inline(match.group("alt"))))
        elif kind in ("strong", "em"):
            inner = match.group("strongtext") if kind == "strong" else (match.group("emtext") or match.group("emtext2"))
            size = (len(whole) - len(inner)) // 2
            parts.append(Span("b" if kind == "strong" else "i", whole[:size], whole[-size:], parse_inline(inner)))
        else:
            parts.append(Mark(kind, whole))
    if pos < len(text):
        parts.append(text[pos:])
    return _merge_text(parts)


def _kind(match: re.Match[str]) -> str:
    for name in ("escape", "code", "image", "link", "auto", "attrs", "html", "strong", "em"):
        if match.group(name) is not None:
            return name
    raise AssertionError(match.group(0))


def _merge_text(parts: list[Part]) -> tuple[Part, ...]:
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged)


def to_markdown(parts: tuple[Part, ...]) -> str:
    """Parts → Markdown text."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Span):
            out.append(part.start + to_markdown(part.children) + part.end)
        else:
            out.append(part.data)
    return "".join(out)


def plain_text(parts: tuple[Part, ...]) -> str:
    """What the translator reads, markup left out (used for a hash-free comparison and messages)."""
    return "".join(p if isinstance(p, str) else plain_text(p.children) if isinstance(p, Span) else "" for p in parts)


_PC_TYPES = {"b": ("fmt", "xlf:b"), "i": ("fmt", "xlf:i"), "link": ("link", None), "image": ("image", None)}


def write_content(element: etree._Element, parts: tuple[Part, ...], data: dict[str, str]) -> None:
    """Fill ``<source>`` or ``<target>`` with parts; ``data`` collects ``<originalData>`` (id → Markdown).

    Inline ids are numbered in reading order, so the same text always gives the same ids.
    """
    counter = [0]

    def add_data(value: str) -> str:
        for key, existing in data.items():
            if existing == value:
                return key
        key = f"d{len(data) + 1}"
        data[key] = value
        return key

    def fill(parent: etree._Element, items: tuple[Part, ...]) -> None:
        last: etree._Element | None = None
        for part in items:
            if isinstance(part, str):
                if last is None:
                    parent.text = (parent.text or "") + part
                else:
                    last.tail = (last.tail or "") + part
                continue
            counter[0] += 1
            if isinstance(part, Span):
                last = etree.SubElement(parent, Q + "pc", id=str(counter[0]),
                                        dataRefStart=add_data(part.start), dataRefEnd=add_data(part.end))
                kind, subtype = _PC_TYPES[part.kind]
                last.set("type", kind)
                if subtype:
                    last.set("subType", subtype)
                fill(last, part.children)
            else:
                last = etree.SubElement(parent, Q + "ph", id=str(counter[0]), dataRef=add_data(part.data))
                last.set("type", "other")

    fill(element, parts)


class InlineError(ValueError):
    """A ``<source>``/``<target>`` that cannot become Markdown: an unknown element or data reference."""


def read_content(element: etree._Element, data: dict[str, str]) -> tuple[tuple[Part, ...], tuple[str, ...]]:
    """``<source>``/``<target>`` → (parts, inline ids in order); unknown references raise ``InlineError``."""
    ids: list[str] = []

    def walk(node: etree._Element) -> tuple[Part, ...]:
        parts: list[Part] = [node.text or ""]
        for child in node:
            if not isinstance(child.tag, str):
                parts.append(child.tail or "")
                continue
            name = etree.QName(child).localname
            ids.append(child.get("id", ""))
            if name == "pc":
                start, end = data.get(child.get("dataRefStart", "")), data.get(child.get("dataRefEnd", ""))
                if start is None or end is None:
                    raise InlineError(f"<pc id='{child.get('id')}'> refers to no <data> of the unit")
                kind = {"link": "link", "image": "image"}.get(child.get("type", ""), "")
                kind = kind or ("b" if child.get("subType") == "xlf:b" else "i")
                parts.append(Span(kind, start, end, walk(child)))
            elif name == "ph":
                value = data.get(child.get("dataRef", ""))
                if value is None:
                    raise InlineError(f"<ph id='{child.get('id')}'> refers to no <data> of the unit")
                parts.append(Mark("other", value))
            else:
                raise InlineError(f"<{name}> is not an inline element this tool writes; keep <pc> and <ph> only")
            parts.append(child.tail or "")
        return _merge_text(parts)

    return walk(element), tuple(ids)
