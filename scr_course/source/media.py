"""What the build reads inside asset files: image sizes, SVG safety and WebVTT cue timing.

Pure functions over bytes, so the parse stage decides which file to read and reports
problems at the line of Markdown (or of the WebVTT file) that caused them.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from lxml import etree

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".webp", ".svg", ".gif")
"""Image files a ``::: figure`` (or a theme logo) may use; their size is read from the file."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """Something wrong inside an asset file; ``line`` is 0 when it concerns the whole file."""

    message: str
    line: int = 0


def image_size(name: str, data: bytes) -> tuple[int, int] | Problem:
    """Pixel width and height from the file's header (or an SVG's width/height/viewBox)."""
    suffix = name.lower().rsplit(".", 1)[-1]
    reader = {"png": _png_size, "jpg": _jpeg_size, "jpeg": _jpeg_size, "webp": _webp_size,
              "gif": _gif_size, "svg": _svg_size}.get(suffix)
    if reader is None:
        return Problem(message="is not a PNG, JPEG, WebP, GIF or SVG image")
    try:
        size = reader(data)
    except (struct.error, IndexError, ValueError, etree.XMLSyntaxError):
        size = None
    if size is None or size[0] <= 0 or size[1] <= 0:
        return Problem(message=f"has no size the build can read (is it a valid {suffix.upper()} file?)")
    return size


def _png_size(data: bytes) -> tuple[int, int] | None:
    # PNG spec 5.2/11.2.2: 8-byte signature, then IHDR with width and height as big-endian uint32.
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _gif_size(data: bytes) -> tuple[int, int] | None:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        return None
    width, height = struct.unpack("<HH", data[6:10])
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    # JPEG (ITU T.81 B.2): walk the marker segments to the first start-of-frame (SOFn).
    if data[:2] != b"\xff\xd8":
        return None
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            index += 2
            continue
        (length,) = struct.unpack(">H", data[index + 2:index + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5:index + 9])
            return width, height
        index += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    # WebP container (RFC 9649): RIFF header, then a VP8 (lossy), VP8L (lossless) or VP8X (extended) chunk.
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _svg_root(data: bytes) -> etree._Element:
    # No entities, no network, no DTD loading: an SVG is untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def _svg_size(data: bytes) -> tuple[int, int] | None:
    root = _svg_root(data)
    width, height = (_LENGTH.match(root.get(name) or "") for name in ("width", "height"))
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        return round(float(box[2])), round(float(box[3]))
    return None


SVG_RULE = "images may not hold scripts, event handlers, foreignObject or references to other files"
_UNSAFE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


def svg_problems(data: bytes) -> list[Problem]:
    """Why an SVG may not ship: scripts, event handlers, foreignObject or references outside the file."""
    if b"<!ENTITY" in data:
        return [Problem(message="declares XML entities, which an image must not do")]
    try:
        root = _svg_root(data)
    except etree.XMLSyntaxError as exc:
        return [Problem(message=f"is not well-formed XML ({exc.msg})", line=exc.lineno or 0)]
    if etree.QName(root).localname != "svg":
        return [Problem(message="is not an SVG image (its root element is not <svg>)")]
    problems: list[Problem] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions cannot run anything
        name = etree.QName(element).localname
        line = element.sourceline or 0
        if name.lower() in _UNSAFE_ELEMENTS:
            problems.append(Problem(message=f"contains a <{name}> element", line=line))
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                problems.append(Problem(message=f"has an event handler attribute '{local}'", line=line))
            elif local == "href" and not value.strip().startswith("#"):
                problems.append(Problem(message=f"refers to '{value}' outside the file", line=line))
            elif local in ("style", "fill", "stroke", "filter", "mask", "clip-path", "marker-start",
                           "marker-mid", "marker-end") and _external_url(value):
                problems.append(Problem(message=f"refers to '{_external_url(value)}' outside the file", line=line))
        if name == "style" and (_external_url(element.text or "") or "@import" in (element.text or "")):
            problems.append(Problem(message="has a stylesheet that loads something from outside the file", line=line))
    return problems


def _external_url(text: str) -> str | None:
    for match in _URL.finditer(text):
        if not match.group(1).startswith("#"):
            return match.group(1) or "url()"
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """One WebVTT cue's timing, in milliseconds."""

    start: int
    end: int
    line: int


_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t]+.*)?$")


def _ms(hours: str | None, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def parse_webvtt(text: str) -> tuple[tuple[Cue, ...], list[Problem]]:
    """The cues of a WebVTT file and what is wrong with it (W3C WebVTT 4.1 file structure, 4.1.4 timings)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        return (), [Problem(message="does not start with the line 'WEBVTT'", line=1)]
    cues: list[Cue] = []
    problems: list[Problem] = []
    number = 1
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        start = number
        block: list[tuple[int, str]] = []
        while number < len(lines) and lines[number].strip():
            block.append((number + 1, lines[number]))
            number += 1
        first = block[0][1]
        if not cues and re.match(r"^(NOTE|STYLE|REGION)(?:[ \t\n]|$)", first):
            continue
        if re.match(r"^NOTE(?:[ \t]|$)", first):
            continue
        timing = [(n, line) for n, line in block[:2] if "-->" in line]
        if not timing:
            problems.append(Problem(message="has a cue without a timing line 'start --> end'", line=start + 1))
            continue
        line_number, line = timing[0]
        match = _TIMING.match(line.strip())
        if match is None:
            problems.append(Problem(message=f"has a malformed cue timing '{line.strip()}' "
                                            "(write it as 00:00:01.000 --> 00:00:04.000)", line=line_number))
            continue
        begin, end = _ms(*match.group(1, 2, 3, 4)), _ms(*match.group(5, 6, 7, 8))
        if end <= begin:
            problems.append(Problem(message=f"has a cue that ends before it starts '{line.strip()}'", line=line_number))
        elif cues and begin < cues[-1].start:
            problems.append(Problem(line=line_number,
                                    message="has cues out of order (each must start no earlier than the one before)"))
        else:
            cues.append(Cue(start=begin, end=end, line=line_number))
    if not cues and not problems:
        problems.append(Problem(message="has no cues"))
    return tuple(cues), problems
