"""The parse cache: per-file results kept between builds, signed so that nobody else can forge them.

A build folder may sit on a shared drive or come back from a CI cache, so whoever can write it
could otherwise put any HTML into the packages (issue 19, H4). Every cache file therefore carries
an HMAC made with a key that lives outside the build folder, in the user's own cache directory
(``$XDG_CACHE_HOME/scr-course/key``, created readable by its owner only). A file whose signature
does not match is ignored with a note, never trusted, never an error.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from scr_course import __version__
from scr_course.diagnostics import Diagnostic
from scr_course.model import Asset, Module, Page
from scr_course.parse.markdown.outline import Outline, Shape
from scr_course.parse.plaindata import PlainDataError, decode, encode

CACHE_FORMAT = 8
"""8: modules carry their word counts (issue 24); 7: parse-time heading checks in the cached
diagnostics (issue 23); 6: pages carry their settings, e.g. progress=false (issue 21); 5: signed
with the user's key (issue 19); 4: questions carry `shuffle` (issue 22); 3: unsigned JSON lines
(issue 14); 2 was a pickle, which could run code."""
CACHE_HEADER = "scr-course parse cache"
KEY_BYTES = 32
SIGNATURE = "hmac-sha256"

FileResult = tuple[Module | Page, tuple[Asset, ...], tuple[Diagnostic, ...], tuple[tuple[Path, int, int], ...]]
"""A converted file: its model object, the assets it uses, the problems found in it, and the
asset files it read with their size and mtime (issue 12: an edited image or captions file redoes it)."""


def key_path() -> Path:
    """Where this user's cache key lives: outside any build folder (XDG base directory spec)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scr-course" / "key"


def cache_key() -> tuple[bytes | None, str | None]:
    """This user's key, created on first use; (None, why) when there is none we can trust."""
    path = key_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "wb") as out:
                out.write(secrets.token_bytes(KEY_BYTES))
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(handle, "rb") as source:
            info = os.fstat(source.fileno())
            key = source.read(KEY_BYTES + 1)
    except OSError as exc:
        return None, f"{path}: {exc.strerror or exc}; parse cache not used"
    # A key others can read or write would let them sign a cache; one of another size is not ours.
    owner_only = info.st_mode & 0o077 == 0 and (not hasattr(os, "getuid") or info.st_uid == os.getuid())
    if not owner_only or len(key) != KEY_BYTES:
        return None, f"{path}: the cache key must be {KEY_BYTES} bytes readable by its owner only; parse cache not used"
    return key, None


def sign(key: bytes, body: bytes) -> str:
    """The signature of a cache file's body with the user's key (the render cache signs alike)."""
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _stamp() -> list[object]:
    return [CACHE_HEADER, CACHE_FORMAT, __version__]


@dataclass(slots=True)
class ParseCache:
    """Per-file results kept between builds: in memory for preview, on disk for ``build``.

    Keys are digests of everything a result depends on, so a stale entry is never used.
    On disk it is plain data (:mod:`scr_course.parse.plaindata`) under the user's signature:
    reading it can reject a file but never run code, and a file signed by anyone else is ignored.
    """

    outlines: dict[tuple[object, ...], Outline] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)
    files: dict[str, FileResult] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    keep_outlines: bool = True
    """Keep token trees between the two passes; off for large one-shot builds to bound memory."""
    loaded: int = 0
    """How many entries came from disk; when this build used exactly those, saving is skipped."""
    note: str | None = None
    """Why a cache file on disk was ignored (corrupt, foreign, unsigned or from another version), if it was."""
    key: bytes | None = None
    """The user's signing key; without one nothing is read from or written to disk."""

    @classmethod
    def load(cls, path: Path) -> ParseCache:
        """A cache saved by :meth:`save`; empty (with a note) when it is corrupt, foreign, forged or stale."""
        key, why = cache_key()
        cache = cls(keep_outlines=False, key=key, note=why)
        if key is None:
            return cache
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cache
        except OSError as exc:
            return cls(keep_outlines=False, key=key, note=f"{path}: {exc.strerror}; parse cache ignored, rebuilding")
        try:
            header_line, _, rest = data.partition(b"\n")
            header = json.loads(header_line or b"null")
            if not isinstance(header, list) or header[:1] != [CACHE_HEADER]:
                return cls(keep_outlines=False, key=key,
                           note=f"{path}: not a scr-course parse cache; ignored, rebuilding")
            if header != _stamp():
                return cache  # another version of scr-course wrote it: quietly start afresh
            signature_line, _, body = rest.partition(b"\n")
            signature = json.loads(signature_line or b"null")
            if not (isinstance(signature, list) and len(signature) == 2 and signature[0] == SIGNATURE
                    and isinstance(signature[1], str)
                    and hmac.compare_digest(signature[1], sign(key, header_line + b"\n" + body))):
                return cls(keep_outlines=False, key=key, note=f"{path}: not signed with this user's cache key "
                           "(written by someone else, or edited); ignored, rebuilding")
            for line in body.decode("utf-8").splitlines():
                kind, entry_key, value = _list3(json.loads(line))
                if kind == "shape" and isinstance(entry_key, str):
                    cache.shapes[entry_key] = cast(Shape, decode(value, Shape))
                elif kind == "file" and isinstance(entry_key, str):
                    cache.files[entry_key] = cast(FileResult, decode(value, FileResult))
                else:
                    raise PlainDataError(f"unknown entry {kind!r}")
        except (UnicodeError, ValueError, TypeError, RecursionError):
            # json.JSONDecodeError and PlainDataError are ValueErrors.
            return cls(keep_outlines=False, key=key, note=f"{path}: corrupt; parse cache ignored, rebuilding")
        cache.loaded = len(cache.shapes) + len(cache.files)
        return cache

    def save(self, path: Path) -> None:
        """Write the entries this build used (older ones are dropped), signed, atomically, one line per entry."""
        if self.key is None:
            return
        used_shapes = [(k, v) for k, v in self.shapes.items() if k in self.used]
        used_files = [(k, v) for k, v in self.files.items() if k in self.used]
        count = len(used_shapes) + len(used_files)
        if count == self.loaded == len(self.shapes) + len(self.files) and self.note is None:
            return  # nothing new and nothing stale: the file on disk is already this cache
        header = json.dumps(_stamp()).encode("utf-8")
        body = b"".join(json.dumps([kind, entry_key, encode(value)], ensure_ascii=False).encode("utf-8") + b"\n"
                        for kind, entries in (("shape", used_shapes), ("file", used_files))
                        for entry_key, value in entries)
        signature = json.dumps([SIGNATURE, sign(self.key, header + b"\n" + body)]).encode("utf-8")
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with temp.open("wb") as handle:
                handle.write(header + b"\n" + signature + b"\n" + body)
            os.replace(temp, path)
        except OSError:
            temp.unlink(missing_ok=True)


def _list3(data: object) -> list[object]:
    if not isinstance(data, list) or len(data) != 3:
        raise PlainDataError("a cache entry is [kind, key, value]")
    return data
