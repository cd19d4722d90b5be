"""Reading an untrusted zip within fixed bounds (issue 19: M3, L6, L7).

The entry count comes from the end-of-central-directory record before Python's zipfile builds an
object per entry (two million entries cost 960 MB that way). Entries are read through a reader
that never inflates more than a limit, only for the two methods SCORM zips use (stored and
deflated: zipfile bounds deflate's output, not bzip2's or LZMA's), and a corrupt or encrypted
entry is a message about that entry, never an exception that stops the next zip being checked.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

END_RECORD = b"PK\x05\x06"
END_RECORD_SIZE = 22
MAX_COMMENT = 0xFFFF
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_LOCATOR_SIZE = 20
ZIP64_END_RECORD = b"PK\x06\x06"
READ_CHUNK = 64 * 1024
METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
"""Compression methods an LMS can be expected to unpack, and zipfile inflates within a bound."""
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError,
               struct.error)
"""What reading a damaged zip can raise, from the zipfile module and below it."""


def declared_entries(path: Path) -> int | None:
    """How many entries the zip's end record declares (zip64 aware); None when there is no end record.

    Read from the last 64 KiB of the file only (APPNOTE 4.3.16, 4.3.14-15), so the count is
    known before anything proportional to it is built.
    """
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        start = max(0, size - END_RECORD_SIZE - MAX_COMMENT)
        handle.seek(start)
        tail = handle.read()
        at = tail.rfind(END_RECORD)
        if at == -1 or len(tail) - at < END_RECORD_SIZE:
            return None
        (count,) = struct.unpack("<H", tail[at + 10:at + 12])
        locator = at - ZIP64_LOCATOR_SIZE
        if count != 0xFFFF or locator < 0 or tail[locator:locator + 4] != ZIP64_LOCATOR:
            return int(count)
        (record_offset,) = struct.unpack("<Q", tail[locator + 8:locator + 16])
        if record_offset > size - 56:
            return None
        handle.seek(record_offset)
        record = handle.read(56)
        if record[:4] != ZIP64_END_RECORD:
            return None
        (count64,) = struct.unpack("<Q", record[32:40])
        return int(count64)


def entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why an entry cannot be read at all: encrypted, or packed with a method we will not inflate."""
    if info.flag_bits & 0x1:
        return "is encrypted; an LMS cannot unpack it"
    if info.compress_type not in METHODS:
        return (f"uses compression method {info.compress_type}; SCORM packages use stored or deflated entries, "
                "which every LMS can unpack")
    return None


def read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | str:
    """The entry's bytes, at most ``limit`` of them, or why it cannot be read (corrupt, encrypted, too big)."""
    problem = entry_problem(info)
    if problem is not None:
        return problem
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as entry:
            while chunk := entry.read(min(READ_CHUNK, limit + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    return f"is more than {limit:,} bytes; refusing to read it"
    except READ_ERRORS as exc:
        return f"is corrupt ({exc})"
    return b"".join(chunks)


def check_readable(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """Inflate the whole entry and check its CRC, holding one chunk at a time; why it fails, if it does.

    The output is bounded by the entry's declared size (zipfile stops a deflated stream there),
    and the caller has already refused packages whose declared sizes add up past its limit.
    """
    problem = entry_problem(info)
    if problem is not None:
        return problem
    try:
        with archive.open(info) as entry:
            while entry.read(READ_CHUNK):
                pass
    except READ_ERRORS as exc:
        return f"is corrupt ({exc})"
    return None


RUNTIME_SCRIPT = "runtime/player.js"
MANIFESTS = ("imsmanifest.xml", "cmi5.xml")
GENERATOR = b'<meta name="generator" content="scr-course'
MAX_SVG_BYTES = 8 * 1024 * 1024


def made_by_scr_course(archive: zipfile.ZipFile, launches: set[str]) -> bool:
    """True when the package says scr-course made it: its runtime script, or the generator mark in a launch page."""
    if RUNTIME_SCRIPT in archive.NameToInfo:
        return True
    for launch in sorted(launches):
        info = archive.NameToInfo.get(launch)
        if info is not None:
            head = read_bounded(archive, info, 4096 * 4)
            if isinstance(head, bytes) and GENERATOR in head:
                return True
    return False


def made_by_the_tool(entry: str, launches: set[str]) -> bool:
    """True for the active entries scr-course writes: manifests, the runtime, launch pages and the
    scripts with their later pages (``<launch>-pages-<n>.js``, render/html.py)."""
    if entry in MANIFESTS or entry == RUNTIME_SCRIPT or entry in launches:
        return True
    stem, dash, number = entry.removesuffix(".js").rpartition("-pages-")
    return bool(dash) and entry.endswith(".js") and number.isdigit() and any(
        launch.rsplit(".", 1)[0] == stem for launch in launches)
