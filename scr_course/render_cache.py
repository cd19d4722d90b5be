"""The render cache: each SCO's compressed files kept between builds, signed like the parse cache.

Issue 24 (a warm build within 1.5 times the packaging floor): after an edit, only the SCOs whose
inputs changed are rendered again; every zip is still written whole. An entry is found by a
digest of everything ``render_sco_targets`` reads (``RenderCache.sco_key``), so a stale page is
never shipped: the SCO itself as the model holds it (its modules, pages, questions, with their
source locations), the parts of the course every SCO reads, and a fingerprint of the tool (its
code, its templates, runtime and catalogues, and the libraries whose output ends up in a page).

Whoever can write the build folder could otherwise put any bytes into the packages, so the file
is signed with the user's own key (``parse.cache.cache_key``); a file signed by anyone else,
damaged or from another version is ignored, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib.util
import io
import json
import pickle
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from scr_course import __version__
from scr_course.model import BuildTarget, Course, OutputFile, Sco
from scr_course.model.output import PackedBytes
from scr_course.package import write_file
from scr_course.parse.cache import cache_key, sign
from scr_course.resources import tree_files

CACHE_FORMAT = 1
CACHE_HEADER = "scr-course render cache"
SIGNATURE = "hmac-sha256"

ScoFiles = dict[BuildTarget, tuple[OutputFile, ...]]

KEYED_COURSE_FIELDS = ("config", "logo", "strings", "state_keys", "modules")
"""What of the course a SCO's files depend on beyond the SCO itself (``modules`` only by each
module's id, title and first page: the topics a question names). tests/test_render_cache.py
fails when Course gains a field, so each new one is weighed here."""
UNKEYED_COURSE_FIELDS = ("pages_before", "pages_after", "assets")
"""Not read for a SCO's files: a SCO carries its own course pages, and assets are packaged apart."""

FINGERPRINTED_FOLDERS = (("scr_course", ""), ("scorm_templates", "html"), ("scorm_templates", "locale"),
                         ("scorm_templates", "runtime"))
"""The tool's own files whose bytes can change a page: its code and the templates, catalogues
and runtime parts the pages are made from."""
FINGERPRINTED_LIBRARIES = ("jinja2", "markupsafe", "deflate", "rjsmin", "_rjsmin", "rcssmin", "_rcssmin")
"""Libraries whose code shapes a page (Jinja, its escaping), compresses an entry (libdeflate) or
minifies the runtime a page's strings are chosen from: their installed files, read not imported
(a build whose pages all come from the cache never imports Jinja, 0.1 s)."""


@lru_cache(maxsize=1)
def tool_fingerprint() -> bytes:
    """A digest of the tool as it runs: its code and templates, and the libraries that shape a page.

    Content, not version numbers or modification times: an edited checkout, another install of
    the same version or a patched library must never reuse pages made by different code (about
    15 ms for the 2 MB read).
    """
    digest = hashlib.sha256()
    digest.update(repr((CACHE_FORMAT, __version__, sys.version, zlib.ZLIB_RUNTIME_VERSION)).encode("utf-8"))
    for name, data in fingerprinted_files():
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.digest()


def fingerprinted_files() -> list[tuple[str, bytes]]:
    """Every file ``tool_fingerprint`` reads, by a name of its own, with its bytes."""
    trees = [(f"{package}/{folder}".rstrip("/"), files(package) / folder if folder else files(package))
             for package, folder in FINGERPRINTED_FOLDERS]
    trees += [(name, node) for name in FINGERPRINTED_LIBRARIES if (node := _library(name)) is not None]
    return [found for prefix, node in trees for found in _tree(node, prefix)]


def _library(name: str) -> Traversable | None:
    """An installed library's folder, or its one file, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(spec.origin) if spec.origin else None


def _tree(node: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    if not node.is_dir():
        return [(prefix, node.read_bytes())]
    return [(f"{prefix}/{path.as_posix()}", data) for path, data in tree_files(node, _not_bytecode)]


def _not_bytecode(name: str) -> bool:
    return name != "__pycache__" and not name.endswith((".pyc", ".pyo"))


def value_digest(value: object) -> bytes:
    """A digest of ``value`` that depends on what it holds, not on which objects it shares.

    Pickle without its memo ("fast" mode) writes a shared object out in full at every use, so a
    model parsed afresh and the same model decoded from the parse cache give the same bytes
    (tests/test_render_cache.py). Model objects are frozen dataclasses of tuples, strings and
    enums: no sets, whose order would vary between runs.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.sha256(buffer.getbuffer()).digest()


@dataclass(slots=True)
class RenderCache:
    """The SCOs' compressed files by key and target: read from disk, used and kept by a build."""

    entries: dict[str, ScoFiles] = field(default_factory=dict)
    used: dict[str, ScoFiles] = field(default_factory=dict)
    """What this build used or made: what ``save`` writes."""
    key: bytes | None = None
    """The user's signing key; without one nothing is read from or written to disk."""
    loaded: int = 0
    note: str | None = None
    """Why a cache file on disk was ignored (damaged, or signed by someone else), if it was."""
    _course: tuple[Course, bytes] | None = None
    """The course object last keyed, and the digest of its keyed parts."""

    @classmethod
    def load(cls, path: Path) -> RenderCache:
        """The cache ``save`` wrote; empty when there is none we can trust: another version's
        (quietly), damaged or signed by someone else (with a note). A missing or unusable key is
        the parse cache's note already."""
        key, _ = cache_key()
        cache = cls(key=key)
        if key is None:
            return cache
        try:
            data = path.read_bytes()
        except OSError:
            return cache
        try:
            cache.entries = _decode(data, key)
        except _OtherVersion:
            return cache
        except _NotSigned:
            cache.note = (f"{path}: not signed with this user's cache key (written by someone else, or edited); "
                          "ignored, rendering afresh")
            return cache
        except (UnicodeError, ValueError, TypeError, KeyError, IndexError):
            cache.note = f"{path}: corrupt; render cache ignored, rendering afresh"
            return cache
        cache.loaded = len(cache.entries)
        return cache

    def sco_key(self, course: Course, sco: Sco) -> str:
        """The digest of everything the SCO's files are made from (see the module's docstring)."""
        if self._course is None or self._course[0] is not course:
            keyed = (course.config, course.logo, course.strings, course.state_keys,
                     tuple((m.id, m.title, m.pages[0].id if m.pages else None) for m in course.modules))
            self._course = (course, value_digest(keyed))
        return hashlib.sha256(tool_fingerprint() + self._course[1] + value_digest(sco)).hexdigest()

    def lookup(self, key: str, targets: tuple[BuildTarget, ...]) -> ScoFiles | None:
        """The SCO's files for each of ``targets``, when every one of them is kept."""
        entry = self.used.get(key) or self.entries.get(key)  # what this build kept holds what was read
        if entry is None or any(target not in entry for target in targets):
            return None
        return {target: entry[target] for target in targets}

    def keep(self, key: str, rendered: ScoFiles) -> None:
        """Record a SCO's files as used by this build (rendered now or found here). Its files for
        targets this build did not ask for stay too: ``--target scorm12`` does not cost the next
        build of every target its SCORM 2004 and cmi5 pages."""
        if key not in self.used:
            self.used[key] = dict(self.entries.get(key, {}))
        self.used[key].update(rendered)

    def save(self, path: Path) -> None:
        """Write what this build used (older entries are dropped), signed, atomically; nothing
        when that is exactly what was read."""
        if self.key is None:
            return
        if self.loaded == len(self.entries) == len(self.used) and all(
                self.entries.get(k, {}).keys() == v.keys() for k, v in self.used.items()):
            return
        with contextlib.suppress(OSError):  # a cache not written costs the next build time, nothing more
            write_file(_encode(self.used, self.key), path)


def _stamp() -> bytes:
    return json.dumps([CACHE_HEADER, CACHE_FORMAT, __version__]).encode("utf-8")


def _encode(entries: dict[str, ScoFiles], key: bytes) -> bytes:
    """Header line, signature line, index line (JSON), then the entries' bytes one after another.

    A file shared by several targets (a long SCO's chunk scripts) is stored once.
    """
    blob = io.BytesIO()
    offsets: dict[int, int] = {}
    index = []
    for sco_key in sorted(entries):
        per_target = []
        for target in sorted(entries[sco_key], key=lambda t: t.value):
            listed = []
            for output in entries[sco_key][target]:
                packed = output.packed
                assert packed is not None  # only rendered, compressed files are kept
                if id(packed) not in offsets:
                    offsets[id(packed)] = blob.tell()
                    blob.write(packed.data)
                listed.append([output.href, packed.size, packed.crc, packed.compression,
                               offsets[id(packed)], len(packed.data)])
            per_target.append([target.value, listed])
        index.append([sco_key, per_target])
    body = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n" + blob.getvalue()
    header = _stamp()
    signature = json.dumps([SIGNATURE, sign(key, header + b"\n" + body)]).encode("utf-8")
    return header + b"\n" + signature + b"\n" + body


class _OtherVersion(ValueError):
    """Written by another version of scr-course, or not a render cache at all."""


class _NotSigned(ValueError):
    """Not signed with this user's key."""


def _decode(data: bytes, key: bytes) -> dict[str, ScoFiles]:
    """The entries of a file ``_encode`` wrote with ``key``; ValueError (or TypeError, KeyError,
    IndexError on a damaged index) when it is not one."""
    header, _, rest = data.partition(b"\n")
    if header != _stamp():
        if header.startswith(json.dumps([CACHE_HEADER]).encode("utf-8")[:-1]):
            raise _OtherVersion(header[:80])  # ours, from another version: quietly rendered afresh
        raise ValueError("not a render cache")
    signature_line, _, body = rest.partition(b"\n")
    signature = json.loads(signature_line)
    if not (isinstance(signature, list) and len(signature) == 2 and signature[0] == SIGNATURE
            and isinstance(signature[1], str) and hmac.compare_digest(signature[1], sign(key, header + b"\n" + body))):
        raise _NotSigned("signature")
    index_line, _, blob = body.partition(b"\n")
    view = memoryview(blob)
    shared: dict[int, PackedBytes] = {}
    entries: dict[str, ScoFiles] = {}
    for sco_key, per_target in json.loads(index_line):
        entry: ScoFiles = {}
        for target, listed in per_target:
            outputs = []
            for href, size, crc, compression, offset, length in listed:
                if offset not in shared:
                    shared[offset] = PackedBytes(size=size, crc=crc, compression=compression,
                                                 data=bytes(view[offset:offset + length]))
                outputs.append(OutputFile(href=href, packed=shared[offset]))
            entry[BuildTarget(target)] = tuple(outputs)
        entries[str(sco_key)] = entry
    return entries
