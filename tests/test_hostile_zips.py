"""Issue 19 on the validate side: hostile zips made byte by byte (M3, L6, L7) and active files that
scr-course never makes (H1), each with the line `validate` must print."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.validate import validate_package

MANIFEST = (b'<?xml version="1.0"?>\n<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
            b'identifier="m"><organizations/><resources/></manifest>\n')


def raw_zip(path: Path, entries: list[dict[str, object]], declared_count: int | None = None) -> Path:
    """A zip written field by field (APPNOTE 4.3.7, 4.3.12, 4.3.16), so any field can lie.

    Each entry: name, data (as stored, already compressed), and optionally method, crc, size
    (the uncompressed size declared) and flags.
    """
    body = b""
    directory = b""
    for entry in entries:
        name = str(entry["name"]).encode()
        data = bytes(entry["data"])  # type: ignore[arg-type]
        method, flags = int(entry.get("method", 0)), int(entry.get("flags", 0))  # type: ignore[call-overload]
        crc = int(entry.get("crc", zlib.crc32(data)))  # type: ignore[call-overload]
        size = int(entry.get("size", len(data)))  # type: ignore[call-overload]
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, len(data), size,
                            len(name), 0) + name + data
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 0x0314, 20, flags, method, 0, 0x21, crc, len(data),
                                 size, len(name), 0, 0, 0, 0, 0o644 << 16, offset) + name
    count = len(entries) if declared_count is None else declared_count
    small = min(count, 0xFFFF)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, small, small, len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def validate_measured(package: Path) -> tuple[list[str], int]:
    """validate's lines and the peak of memory Python allocated while it ran."""
    tracemalloc.start()
    try:
        problems = validate_package(package)
        return problems, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def built(course: Callable[[str], Path], tmp_path: Path) -> dict[str, Path]:
    result = CliRunner().invoke(main, ["build", "--src", str(course("minimal")), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    return {p.stem.rsplit("-", 1)[1]: p for p in (tmp_path / "out").glob("*.zip")}


def with_extra(source: Path, target: Path, extra: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        for name, data in extra.items():
            new.writestr(name, data)
    return target


def test_an_under_declared_manifest_is_never_inflated_past_its_bound(tmp_path: Path) -> None:
    """M3: the headers say 1 KB; the stream holds 64 MB. validate stops at the declared size."""
    hidden = MANIFEST[:-12] + b"<!--" + b" " * (64 * 1024 * 1024) + b"-->" + MANIFEST[-12:]
    package = raw_zip(tmp_path / "m3.zip", [{"name": "imsmanifest.xml", "data": deflated(hidden), "method": 8,
                                             "crc": zlib.crc32(hidden), "size": 1024}])
    problems, peak = validate_measured(package)
    assert problems == [f"{package}: error: imsmanifest.xml is corrupt (Bad CRC-32 for file 'imsmanifest.xml')"]
    assert peak < 8 * 1024 * 1024, peak


def test_a_manifest_bigger_than_the_limit_is_read_no_further(tmp_path: Path) -> None:
    """M3: declared over the limit: refused before anything is read."""
    big = b" " * (9 * 1024 * 1024)
    package = raw_zip(tmp_path / "big.zip", [{"name": "imsmanifest.xml", "data": big}])
    assert validate_package(package) == [
        f"{package}: error: imsmanifest.xml is 9,437,184 bytes; refusing more than 8,388,608"]


@pytest.mark.parametrize(("entry", "message"), [
    ({"method": 12}, "uses compression method 12; SCORM packages use stored or deflated entries, which every LMS "
                     "can unpack"),
    ({"method": 99}, "uses compression method 99; SCORM packages use stored or deflated entries, which every LMS "
                     "can unpack"),
    ({"flags": 1}, "is encrypted; an LMS cannot unpack it"),
    ({"crc": 1234}, "is corrupt (Bad CRC-32 for file 'notes.txt')"),
    ({"method": 8, "data": b"\xff\xff not a deflate stream"}, "is corrupt (Error -3 while decompressing data: "
                                                                "invalid block type)"),
])
def test_a_damaged_entry_is_a_line_and_the_next_zip_is_still_checked(
        entry: dict[str, object], message: str, built: dict[str, Path], tmp_path: Path) -> None:
    """L6: corrupt, encrypted and unknown-method entries; then a good zip on the same command line."""
    damaged = raw_zip(tmp_path / "damaged.zip", [{"name": "imsmanifest.xml", "data": MANIFEST},
                                                 {"name": "notes.txt", "data": b"hello", **entry}])
    result = CliRunner().invoke(main, ["validate", str(damaged), str(built["scorm12"])])
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    assert f"{damaged}: error: entry 'notes.txt' {message}" in result.output
    assert f"{built['scorm12']}: ok" in result.output
    assert result.exit_code == 1


def test_the_entry_count_is_read_before_the_central_directory(tmp_path: Path) -> None:
    """L7: 30,000 entries listed: refused from the end record, before zipfile builds one object each."""
    entries = [{"name": f"f{n:05}.txt", "data": b""} for n in range(30_000)]
    package = raw_zip(tmp_path / "many.zip", entries)
    problems, peak = validate_measured(package)
    assert problems == [f"{package}: error: 30,000 entries; refusing more than 20,000"]
    assert peak < 2 * 1024 * 1024, peak  # zipfile would hold 30,000 ZipInfo objects (tens of MB)


def test_an_end_record_that_claims_two_million_entries_is_refused(tmp_path: Path) -> None:
    package = raw_zip(tmp_path / "claims.zip", [{"name": "imsmanifest.xml", "data": MANIFEST}],
                      declared_count=2_000_000)
    assert validate_package(package) == [f"{package}: error: 65,535 entries; refusing more than 20,000"]


@pytest.mark.parametrize("target", ["scorm12", "scorm2004", "cmi5"])
def test_active_files_the_tool_never_makes_are_flagged(target: str, built: dict[str, Path], tmp_path: Path) -> None:
    """H1: a page, script or stylesheet-running XML added to a scr-course package after the build."""
    assert validate_package(built[target]) == []
    tampered = with_extra(built[target], tmp_path / "tampered.zip", {
        "assets/guide.html": b"<script>localStorage.clear()</script>",
        "assets/helper.js": b"parent.API.LMSSetValue('cmi.core.lesson_status', 'passed')",
        "assets/data.xml": b"<?xml-stylesheet href='x.xsl'?><x/>",
        "index-pages-7.js": b"window.scrPageChunks = 'a name the tool uses'",
        "index-pages-x.js": b"window.scrPageChunks = 'a name it never uses'",
        "assets/dot.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect cursor="url(https://e.x/c)"/></svg>',
        "assets/fine.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect fill="url(#g)"/></svg>',
    })
    problems = validate_package(tampered)
    runs = ("is a file a browser runs as a page or script, and scr-course never makes it; a link to it would run "
            "its code with the learner's LMS session in reach")
    for entry in ("assets/data.xml", "assets/guide.html", "assets/helper.js", "index-pages-x.js"):
        assert f"{tampered}: error: entry '{entry}' {runs}" in problems
    assert f"{tampered}: error: SVG image 'assets/dot.svg' refers to 'https://e.x/c' outside the file (in 'cursor')" \
        in problems
    assert not any("fine.svg" in p and "SVG image" in p for p in problems)
    # index-pages-7.js is named as the tool names chunks of index.html's later pages.
    assert not any("index-pages-7.js" in p and "never makes" in p for p in problems)


def test_another_tools_package_is_not_judged_by_scr_courses_file_list(tmp_path: Path) -> None:
    """Other tools ship their own pages and scripts by design; validate checks their layout and schemas."""
    manifest = (b'<?xml version="1.0"?>\n<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
                b'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" identifier="m">'
                b'<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>'
                b'<organizations default="o"><organization identifier="o"><title>T</title>'
                b'<item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>'
                b'<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="story.html">'
                b'<file href="story.html"/><file href="story_content/frame.js"/></resource></resources></manifest>')
    package = raw_zip(tmp_path / "other.zip", [{"name": "imsmanifest.xml", "data": manifest},
                                               {"name": "story.html", "data": b"<html></html>"},
                                               {"name": "story_content/frame.js", "data": b"var x;"}])
    assert validate_package(package) == []
