"""Images in the review DOCX: the course's own files, shown as pictures a reviewer can see.

PNG, JPEG and GIF go in as they are. Word (2016 and later) and LibreOffice draw SVG from an
``asvg:svgBlip`` extension on the picture; the format requires a raster fallback beside it for
older readers, so a one-pixel PNG is written there (no rasteriser is needed or shipped).
WebP, which Word cannot show, stays a named placeholder.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph
from lxml import etree

MAX_WIDTH = Emu(5_943_600)
"""6.5 inches: the text width of an A4 or Letter page with Word's default margins."""
PIXEL = Emu(9_525)
"""One CSS pixel (1/96 inch) in EMU."""
SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
RASTER = (".png", ".jpg", ".jpeg", ".gif")


def _one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1 by 1, 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00"))
            + chunk(b"IEND", b""))


FALLBACK_PNG = _one_pixel_png()


def add_image(paragraph: Paragraph, source: Path | None, width: int, height: int, alt: str) -> bool:
    """Append the image to the paragraph; False when it cannot be shown (no file, or WebP)."""
    if source is None or source.suffix.lower() not in (*RASTER, ".svg"):
        return False
    shown_width = min(MAX_WIDTH, Emu(max(width, 1) * PIXEL))
    shown_height = Emu(int(shown_width * max(height, 1) / max(width, 1)))
    data = source.read_bytes()
    svg = source.suffix.lower() == ".svg"
    shape = paragraph.add_run().add_picture(BytesIO(FALLBACK_PNG if svg else data), shown_width, shown_height)
    doc_pr = shape._inline.find(qn("wp:docPr"))
    if doc_pr is not None:
        doc_pr.set("descr", alt)  # Word's alt text, read by screen readers
    if svg:
        document_part = paragraph.part
        package = document_part.package
        name = PackURI(package.next_partname("/word/media/image%d.svg"))
        rel_id = document_part.relate_to(Part(name, "image/svg+xml", data, package), RELATIONSHIP_TYPE.IMAGE)
        blip = shape._inline.find(".//" + qn("a:blip"))
        ext_list = etree.SubElement(blip, qn("a:extLst"))
        extension = etree.SubElement(ext_list, qn("a:ext"), uri=SVG_EXTENSION)
        svg_blip = etree.SubElement(extension, f"{{{SVG_NS}}}svgBlip", nsmap={"asvg": SVG_NS})
        svg_blip.set(qn("r:embed"), rel_id)
    return True
