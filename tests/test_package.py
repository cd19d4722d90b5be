"""The package stage's own zip writing: entries compressed once and written into several zips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from scr_course.model import OutputFile
from scr_course.package import Packer, pack, write_zip

ENTRIES = [
    ("imsmanifest.xml", b'<?xml version="1.0"?><manifest/>' * 40),
    ("empty.js", b""),
    ("pictures/photo.png", bytes(range(256)) * 300),
    ("modules/\u00e9t\u00e9-pages-1.js", "window.x = 'Gwir / Gau: \u0175\u0177';\n".encode() * 500),
    ("index.html", b"<!DOCTYPE html>" + b"<p>text</p>\n" * 5000),
]


def _zip_with(write: str, tmp_path: Path) -> bytes:
    """The zip of ENTRIES, each given as bytes (``write="data"``) or compressed beforehand."""
    packer = Packer()
    files = tuple(OutputFile(href=href, data=data) if write == "data" else packer.packed(OutputFile(href=href, data=data))
                  for href, data in ENTRIES)
    write_zip(files, tmp_path / f"{write}.zip")
    return (tmp_path / f"{write}.zip").read_bytes()


def test_compressed_entries_give_the_bytes_writestr_gives(tmp_path: Path) -> None:
    """Entries compressed beforehand (stored, deflated, empty, non-ASCII names) are written with
    the very headers and bytes of ``ZipFile.writestr``, so reproducible output does not depend on
    which way a file went."""
    by_writestr = _zip_with("data", tmp_path)
    assert _zip_with("packed", tmp_path) == by_writestr
    with zipfile.ZipFile(io.BytesIO(by_writestr)) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) for name, _ in ENTRIES] == [data for _, data in ENTRIES]
        assert archive.getinfo("pictures/photo.png").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("index.html").compress_type == zipfile.ZIP_DEFLATED


def test_a_packer_compresses_each_distinct_file_once() -> None:
    packer = Packer()
    first = packer.packed(OutputFile(href="a-pages-1.js", data=b"same" * 100))
    again = packer.packed(OutputFile(href="a-pages-1.js", data=b"same" * 100))
    other = packer.packed(OutputFile(href="a-pages-1.js", data=b"different" * 100))
    assert first.packed is again.packed
    assert other.packed is not first.packed and other.packed == pack("a-pages-1.js", b"different" * 100)
    streamed = OutputFile(href="pictures/p.png", source=None, data=None)
    assert packer.packed(streamed) is streamed
