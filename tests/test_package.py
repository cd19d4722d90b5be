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


def test_entries_compressed_beforehand_give_the_bytes_of_entries_given_whole(tmp_path: Path) -> None:
    """Entries compressed beforehand (stored, deflated, empty, non-ASCII names) and entries given
    as bytes make the same zip, so reproducible output does not depend on which way a file went;
    the standard library reads every entry back, CRC-checked."""
    whole = _zip_with("data", tmp_path)
    assert _zip_with("packed", tmp_path) == whole
    with zipfile.ZipFile(io.BytesIO(whole)) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) for name, _ in ENTRIES] == [data for _, data in ENTRIES]
        assert archive.getinfo("pictures/photo.png").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("index.html").compress_type == zipfile.ZIP_DEFLATED
        assert archive.getinfo("index.html").compress_size < len(ENTRIES[-1][1]) // 20


def test_entry_headers_are_those_writestr_writes(tmp_path: Path) -> None:
    """Our own entry writer makes the local headers, central directory and end record the standard
    library makes: with stored entries, whose bytes do not depend on the compressor, the zips are
    identical (a later Python changing zipfile's internals fails here first)."""
    stored = [(href if href.endswith(".png") else f"{href}.png", data) for href, data in ENTRIES]
    ours = tmp_path / "ours.zip"
    write_zip(tuple(OutputFile(href=href, data=data) for href, data in stored), ours)
    theirs = io.BytesIO()
    with zipfile.ZipFile(theirs, "w") as archive:
        for href, data in stored:
            info = zipfile.ZipInfo(href, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr, info.create_system, info.compress_type = 0o644 << 16, 3, zipfile.ZIP_STORED
            archive.writestr(info, data)
    assert ours.read_bytes() == theirs.getvalue()


def test_deflated_source_files_are_compressed_like_rendered_ones(tmp_path: Path) -> None:
    """A text-like asset read from the course folder is deflated by the same compressor as a page."""
    svg = tmp_path / "diagram.svg"
    svg.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<rect width='1' height='1'/>" * 400 + b"</svg>")
    write_zip((OutputFile(href="diagram.svg", source=svg),), tmp_path / "source.zip")
    write_zip((OutputFile(href="diagram.svg", data=svg.read_bytes()),), tmp_path / "data.zip")
    assert (tmp_path / "source.zip").read_bytes() == (tmp_path / "data.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "source.zip") as archive:
        assert archive.read("diagram.svg") == svg.read_bytes()


def test_a_packer_compresses_each_distinct_file_once() -> None:
    packer = Packer()
    first = packer.packed(OutputFile(href="a-pages-1.js", data=b"same" * 100))
    again = packer.packed(OutputFile(href="a-pages-1.js", data=b"same" * 100))
    other = packer.packed(OutputFile(href="a-pages-1.js", data=b"different" * 100))
    assert first.packed is again.packed
    assert other.packed is not first.packed and other.packed == pack("a-pages-1.js", b"different" * 100)
    streamed = OutputFile(href="pictures/p.png", source=None, data=None)
    assert packer.packed(streamed) is streamed
