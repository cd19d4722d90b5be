"""Finds the translatable text of a Markdown file, line by line, and puts translations back in place.

Each unit is a run of text inside one Markdown construct (a heading, a paragraph, an option, a
feedback line, a table cell, an alt text, a block caption or attribute, an objective). Only the
text is a unit; the markers around it (``- [x]``, ``>``, ``:::``, ``|``, ``{#id}``) stay in the
source, so a translation cannot change a course's structure by accident. A unit's id comes from
the file's module id, the page's ``{#id}`` or position, the question id, and its index there:
never from its words, so editing the English keeps the id and makes the translation stale.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from scr_course.diagnostics import SourceLocation
from scr_course.parse.markdown.outline import module_id_from_name, slugify
from scr_course.source.loader import SourceFile


@dataclass(frozen=True, slots=True, kw_only=True)
class TextSpan:
    """Characters ``start:end`` of a 0-based line of the file."""

    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TextUnit:
    """One translatable text: what the XLIFF calls a unit."""

    id: str
    kind: str
    """heading, paragraph, option, item, feedback, cell, alt, caption, attribute, objective, title, description."""
    text: str
    """The Markdown inline text; a paragraph's source lines joined by single spaces."""
    spans: tuple[TextSpan, ...] = ()
    """Where the text sits in the file (empty for course.yml values, which are replaced after parsing)."""
    quoting: str = ""
    """How a value must be written back: '' as is, 'yaml' a YAML scalar, 'attribute' a container attribute."""
    anchor: str = ""
    """A page heading without ``{#id}``: the id its English gives it, pinned on the translation so
    the page keeps its id (links, bookmarks and learner records use it)."""
    loc: SourceLocation

    @property
    def digest(self) -> str:
        """The hash of the text (``text_digest``)."""
        return text_digest(self.text)


def text_digest(text: str) -> str:
    """The first 16 hex digits of the SHA-256 of a source text: stored with a translation to spot stale ones."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True, kw_only=True)
class FileUnits:
    """The units of one source file, with the id the XLIFF ``<file>`` gets."""

    id: str
    source: SourceFile
    units: tuple[TextUnit, ...]


_FENCE = re.compile(r"^\s*(```|~~~)")
_CONTAINER = re.compile(r"^(\s*):::[ \t]*([A-Za-z][\w-]*)?(.*)$")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)([ \t]*\{#([A-Za-z0-9_-]+)\})?[ \t]*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_IMAGE_LINE = re.compile(r"^\s*!\[([^\]\n]*)\]\([^)\n]*\)\s*$")
_MARKER = re.compile(r"^(\s*)(?:(?P<option>[-*+][ \t]+\[[ xX]\])[ \t]+|(?P<item>[-*+]|\d+[.)])[ \t]+"
                     r"|(?P<feedback>>)[ \t]?)")
_ATTRIBUTE = re.compile(r"""\s*([A-Za-z][\w-]*)=("([^"]*)"|'([^']*)'|[^\s"']+)""")
_TEXT_ATTRIBUTES = frozenset({"title", "label", "unit", "alt", "caption", "summary"})
_FRONT_ID = re.compile(r"^id:[ \t]*['\"]?([\w-]+)")
_FRONT_TEXT = re.compile(r"^(?P<lead>(?:title:|[ \t]+-)[ \t]+)(?P<q>['\"]?)(?P<text>.*?)(?P=q)[ \t]*$")
_LETTER = re.compile(r"[^\W\d_]")


def file_id(source: SourceFile) -> str:
    """The XLIFF ``<file id>``: the module id for modules, ``page.<name>`` for course pages."""
    if source.rel.parts[0] == "modules":
        front = _front_matter(source.text.split("\n"))
        for line in front:
            found = _FRONT_ID.match(line)
            if found:
                return found.group(1)
        return module_id_from_name(source.rel)
    return "page." + re.sub(r"[^\w.-]", "-", source.rel.with_suffix("").as_posix().replace("/", "."))


def _front_matter(lines: list[str]) -> list[str]:
    if not lines or lines[0].strip() != "---":
        return []
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return lines[1:index]
    return []


class _Segmenter:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.units: list[TextUnit] = []
        self.scope = "title"
        self.counts: dict[str, int] = {}
        self.pages = 0
        self.containers: list[str] = []
        self.question: str | None = None
        self.true_false = False
        self.questions = 0
        self.open: tuple[str, list[TextSpan], list[str], int] | None = None
        self.lines = source.text.split("\n")

    def _id(self) -> str:
        scope = self.scope + (f":q.{self.question}" if self.question else "")
        self.counts[scope] = self.counts.get(scope, 0) + 1
        return f"{scope}:{self.counts[scope]}"

    def add(self, kind: str, index: int, start: int, end: int, quoting: str = "", anchor: str = "") -> None:
        text = self.lines[index][start:end]
        if _LETTER.search(text):
            self.units.append(TextUnit(id=self._id(), kind=kind, text=text, quoting=quoting, anchor=anchor,
                                       spans=(TextSpan(line=index, start=start, end=end),),
                                       loc=self.source.loc.at_line(index + 1)))

    def start(self, kind: str, index: int, start: int) -> None:
        self.close()
        self.open = (kind, [TextSpan(line=index, start=start, end=len(self.lines[index].rstrip()))],
                     [self.lines[index][start:].strip()], index)

    def close(self) -> None:
        if self.open is None:
            return
        kind, spans, texts, first = self.open
        self.open = None
        text = " ".join(t for t in texts if t)
        if _LETTER.search(text):
            self.units.append(TextUnit(id=self._id(), kind=kind, text=text, spans=tuple(spans),
                                       loc=self.source.loc.at_line(first + 1)))

    def run(self) -> tuple[TextUnit, ...]:
        front = _front_matter(self.lines)
        body_start = len(front) + 2 if front or self.lines[:1] == ["---"] else 0
        self.scope = "meta"
        self._front(front)
        self.scope = "title"
        fenced = in_comment = False
        for index in range(body_start, len(self.lines)):
            line = self.lines[index]
            if in_comment or line.lstrip().startswith("<!--"):
                self.close()
                in_comment = "-->" not in line
                continue
            if _FENCE.match(line):
                self.close()
                fenced = not fenced
            elif not fenced:
                self._line(index, line)
        self.close()
        return tuple(self.units)

    def _front(self, front: list[str]) -> None:
        in_objectives = False
        for offset, line in enumerate(front):
            if re.match(r"^[A-Za-z]", line):
                in_objectives = line.startswith("objectives:")
            found = _FRONT_TEXT.match(line)
            if found and (line.startswith("title:") or in_objectives):
                kind = "title" if line.startswith("title:") else "objective"
                self.add(kind, offset + 1, found.start("text"), found.end("text"), quoting="yaml")

    def _line(self, index: int, line: str) -> None:
        if not line.strip():
            self.close()
            return
        container = _CONTAINER.match(line)
        if container:
            self.close()
            self._container(index, container)
            return
        heading = _HEADING.match(line)
        if heading:
            self.close()
            page = len(heading.group(1)) == 2
            if page:
                self.pages += 1
                self.scope = heading.group(4) or f"p{self.pages}"
            anchor = slugify(heading.group(2)) if page and not heading.group(4) else ""
            self.add("heading", index, heading.start(2), heading.end(2), anchor=anchor)
            return
        if line.lstrip().startswith("|"):
            self.close()
            if not _TABLE_SEPARATOR.match(line):
                for cell in re.finditer(r"(?<=\|)([^|]*)(?=\|)", line):
                    inner = cell.group(1)
                    lead = len(inner) - len(inner.lstrip())
                    self.add("cell", index, cell.start(1) + lead, cell.start(1) + len(inner.rstrip()))
            return
        image = _IMAGE_LINE.match(line)
        if image:
            self.close()
            self.add("alt", index, image.start(1), image.end(1))
            return
        marker = _MARKER.match(line)
        if marker:
            kind = "option" if marker.group("option") else "item" if marker.group("item") else "feedback"
            if kind == "option" and self.true_false:
                # True and False are the keywords the parser reads; the package shows them in its
                # own language from the interface strings, so a translator never sees them.
                self.close()
                return
            if kind == "feedback" and self.open is not None and self.open[0] == "feedback":
                self._continue(index, marker.end())
            else:
                self.start(kind, index, marker.end())
            return
        if self.open is not None:
            self._continue(index, len(line) - len(line.lstrip()))
        else:
            self.start("paragraph", index, len(line) - len(line.lstrip()))

    def _continue(self, index: int, start: int) -> None:
        assert self.open is not None
        self.open[1].append(TextSpan(line=index, start=start, end=len(self.lines[index].rstrip())))
        self.open[2].append(self.lines[index][start:].strip())

    def _container(self, index: int, match: re.Match[str]) -> None:
        name, rest = match.group(2), match.group(3)
        if not name:
            if self.containers and self.containers.pop() == "question":
                self.question = None
                self.true_false = False
            return
        self.containers.append(name)
        offset = match.start(3)
        attributes: dict[str, str] = {}
        while True:
            attribute = _ATTRIBUTE.match(rest)
            if not attribute:
                break
            value_start = attribute.start(2) + (1 if attribute.group(2)[0] in "\"'" else 0)
            value = attribute.group(3) if attribute.group(3) is not None else attribute.group(4)
            value = value if value is not None else attribute.group(2)
            attributes[attribute.group(1)] = value
            if attribute.group(1) in _TEXT_ATTRIBUTES:
                self.add("attribute", index, offset + value_start, offset + value_start + len(value),
                         quoting="attribute")
            offset += attribute.end()
            rest = rest[attribute.end():]
        if name == "question":
            self.questions += 1
            self.question = re.sub(r"[^\w.-]", "-", attributes.get("id", f"n{self.questions}"))
            self.true_false = attributes.get("type") == "true-false"
        caption = rest.strip()
        if caption:
            start = offset + rest.index(caption)
            self.add("caption", index, start, start + len(caption))


def segment_markdown(source: SourceFile) -> FileUnits:
    """The translatable units of a module or course page, in reading order."""
    return FileUnits(id=file_id(source), source=source, units=_Segmenter(source).run())


_ANSWER = re.compile(r"^(\s*:::[ \t]*(?:question|reflection))((?:[ \t].*)?)$")
_BLOCK_START = re.compile(r"^(?:[-*+]|\d+[.)]|>|#{1,6}|:::|\||\[[ xX]\])$")


def apply_translations(source: SourceFile, units: tuple[TextUnit, ...], targets: dict[str, str],
                       pins: dict[int, str] | None = None) -> str:
    """The file's text with each unit whose id is in ``targets`` replaced by its translation.

    A paragraph keeps its number of lines (words are shared out over them), so every later line
    keeps its number and a diagnostic in the translated course points at the same line as in
    the source. A word that would start a line and read as a list marker is kept on the line before.
    ``pins``: 0-based line → the id a ``::: question``/``::: reflection`` there keeps when it has no ``id=``.
    """
    lines = source.text.split("\n")
    edits: list[tuple[TextSpan, str]] = []
    for unit in units:
        target = targets.get(unit.id)
        if target is None or target == unit.text:
            continue
        if unit.anchor:
            target += f" {{#{unit.anchor}}}"
        if unit.kind == "cell":
            target = re.sub(r"(?<!\\)\|", r"\\|", target)  # a bare '|' would split the cell
        chunks = _share_out(target, len(unit.spans))
        for span, chunk in zip(unit.spans, chunks, strict=True):
            edits.append((span, _quote(chunk, unit.quoting, lines[span.line], span)))
    for span, chunk in sorted(edits, key=lambda e: (e[0].line, -e[0].start)):
        line = lines[span.line]
        lines[span.line] = line[:span.start] + chunk + line[span.end:]
    # After the texts, whose spans count from the line start: the id goes right after the name.
    for index, answer_id in (pins or {}).items():
        found = _ANSWER.match(lines[index]) if 0 <= index < len(lines) else None
        if found and not re.search(r"(^|\s)id=", found.group(2)):
            lines[index] = lines[index][:found.end(1)] + f" id={answer_id}" + lines[index][found.end(1):]
    return "\n".join(lines)


def _share_out(target: str, count: int) -> list[str]:
    words = target.split()
    if len(words) < count:
        return [" ".join(words)] + [""] * (count - 1)
    chunks: list[list[str]] = []
    size = len(words) / count
    for part in range(count):
        chunks.append(words[round(part * size):round((part + 1) * size)])
    for part in range(1, count):
        while chunks[part] and _BLOCK_START.match(chunks[part][0]) and len(chunks[part]) > 1:
            chunks[part - 1].append(chunks[part].pop(0))
    return [" ".join(c) for c in chunks]


def _quote(text: str, quoting: str, line: str, span: TextSpan) -> str:
    quoted = span.start > 0 and line[span.start - 1] in "\"'"
    if quoting == "yaml" and (quoted or re.search(r"^[\W_]|: | #|[\"']", text)):
        if quoted and line[span.start - 1] == "'":
            return text.replace("'", "''")
        return text.replace("\\", "\\\\").replace('"', '\\"') if quoted else '"' + text.replace(
            "\\", "\\\\").replace('"', '\\"') + '"'
    if quoting == "attribute":
        if quoted:
            return text.replace(line[span.start - 1], "")
        if re.search(r"[\s\"']", text):
            return '"' + text.replace('"', "") + '"'
    return text
