"""The one module that knows where scorm_templates lives: files and the Jinja environments (the SCO
pages' own is render/page_templates.py, so that a build whose pages all come from the render
cache never imports Jinja)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import rcssmin
import rjsmin

if TYPE_CHECKING:
    import jinja2

PACKAGE = "scorm_templates"
RUNTIME_FILES = ("runtime/player.js", "runtime/player.css", "runtime/nojs.css")
"""Runtime files every package carries, at these paths (the first two are joined from parts)."""

RUNTIME_PARTS = {"runtime/player.js": "runtime/js", "runtime/player.css": "runtime/css"}
"""Packaged file -> folder of its parts, joined in file-name order (``00-core.js``, ``10-data.js``…).

The runtime is kept in one file per concern for its authors, but a package ships one script and
one stylesheet: fewer requests on a slow LMS, and it still works opened from disk (file://).
"""

TARGET_PARTS = {"31-scorm-api.js": ("scorm12", "scorm2004"), "35-cmi5.js": ("cmi5",), "36-xapi-queue.js": ("cmi5",)}
"""Runtime parts only some targets' packages carry: SCORM packages stay as small as before cmi5,
and cmi5 packages carry no SCORM API code (issue 20: the cmi5 runtime's 30 KB budget)."""

_SCRIPT_HEAD = (
    b"/* scr-course learner runtime: page player, questions, reflections and LMS tracking.\n"
    b" * Plain ES5-compatible JavaScript, no dependencies, nothing loaded from outside the package.\n"
    b" * Joined at build time from scorm_templates/runtime/js/. */\n"
    b'(function () {\n"use strict";\n'
)
_SCRIPT_TAIL = b"})();\n"


def template_root() -> Traversable:
    """The scorm_templates package folder (inside a wheel or a checkout)."""
    return files(PACKAGE)


def read_bytes(path: str) -> bytes:
    """A file of scorm_templates, e.g. ``runtime/player.js``."""
    node = template_root()
    for part in path.split("/"):
        node = node / part
    return node.read_bytes()


def runtime_parts(path: str, target: str | None = None) -> list[tuple[str, bytes]]:
    """The part files a joined runtime file is made of: (name, bytes), in joining order.

    ``target`` leaves out the parts of other targets; None keeps every part.
    """
    node = template_root()
    for part in RUNTIME_PARTS[path].split("/"):
        node = node / part
    suffix = path.rsplit(".", 1)[1]
    children = sorted((c for c in node.iterdir() if c.name.endswith("." + suffix)
                       and (target is None or target in TARGET_PARTS.get(c.name, (target,)))), key=lambda c: c.name)
    return [(c.name, c.read_bytes()) for c in children]


def runtime_source(path: str, target: str | None = None) -> bytes:
    """A joined runtime file before minifying: its parts without whole-line comments (the script in its closure)."""
    body = b"".join(data if data.endswith(b"\n") else data + b"\n" for _, data in runtime_parts(path, target))
    body = strip_comment_lines(body, js=path.endswith(".js"))
    if path.endswith(".css"):
        return body
    # The script parts share one closure, so each part sees the others' functions and nothing leaks to window.
    return _SCRIPT_HEAD + body + _SCRIPT_TAIL


def runtime_file(path: str, target: str | None = None) -> bytes:
    """A runtime file as packaged: ``player.js``/``player.css`` joined from their parts, others as stored.

    The script is the prebuilt, name-mangled bundle of ``runtime/dist/`` when that bundle was made
    from exactly these parts; otherwise (a runtime part edited since) the joined parts minified here.
    """
    if path not in RUNTIME_PARTS:
        return read_bytes(path)
    source = runtime_source(path, target)
    if path.endswith(".css"):
        return minify_css(source)
    bundle = prebuilt_runtime(target, source)
    return bundle if bundle is not None else minify_js(source)


RUNTIME_BUNDLES = {"scorm12": "scorm", "scorm2004": "scorm", "cmi5": "cmi5"}
"""Target -> its prebuilt script in ``runtime/dist/player-<name>.js``: both SCORM versions run the same parts."""

BUNDLE_MARK = (b"/*! scr-course learner runtime, built from scorm_templates/runtime/js with terser --mangle; "
               b"source sha256 ")


def bundle_header(source: bytes) -> bytes:
    """The first line of a prebuilt script: what it was made from, so a stale bundle is never shipped."""
    return BUNDLE_MARK + hashlib.sha256(source).hexdigest().encode("ascii") + b" */\n"


def prebuilt_runtime(target: str | None, source: bytes) -> bytes | None:
    """``runtime/dist``'s script for ``target`` if it was made from ``source``, else None.

    Issues 21 and 24: mangling the closure's local names cuts the SCORM script from 75 to 56 KB
    (the bytes a learner on slow 4G waits for before the course is usable) and keeps the cmi5
    runtime inside its 30 KB gzipped budget. The mangler (terser) is a JavaScript program, which a
    course author need not have; so the bundles are made by the maintainers
    (``python -m tests.runtime_dist --write``), checked in, and checked against their source by
    the test suite. The header's hash ties each bundle to the exact joined source it came from.
    """
    name = RUNTIME_BUNDLES.get(target or "")
    if name is None:
        return None
    try:
        bundle = read_bytes(f"runtime/dist/player-{name}.js")
    except FileNotFoundError:
        return None
    return bundle if bundle.startswith(bundle_header(source)) else None


def minify_js(data: bytes) -> bytes:
    """The joined script without comments and needless white space (rjsmin; names are kept).

    Issue 24: the SHA-256 routine of the answer keys, and the runtime that issues 19–21 added,
    would put the cmi5 package past its 30 KB gzipped budget; a minifier that only removes what
    cannot change meaning (it parses strings and regular expressions) pays for them. Deterministic,
    so packages stay byte-for-byte reproducible.
    """
    return str(rjsmin.jsmin(data.decode("utf-8"))).encode("utf-8") + b"\n"


def minify_css(data: bytes) -> bytes:
    """The joined style sheet without comments and needless white space (rcssmin)."""
    return str(rcssmin.cssmin(data.decode("utf-8"))).encode("utf-8") + b"\n"


@lru_cache(maxsize=16)
def strip_comment_lines(data: bytes, *, js: bool) -> bytes:
    """The parts without their whole-line comments: they are for the runtime's authors, not learners' downloads.

    Only comments that fill their lines are dropped (``// …`` lines in scripts; ``/* … */`` blocks
    that start a line and end one); code sharing a line with a comment stays as written, so no
    string or regular expression can be cut. Issue 15: this keeps the cmi5 package, which also
    carries its xAPI adapter, within the 30 KB gzipped budget. Remembered by content: preview
    packages on every save, and the parts are read again each time (issue 24).
    """
    lines = data.decode("utf-8").splitlines(keepends=True)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        text = lines[index].strip()
        if js and text.startswith("//"):
            index += 1
            continue
        if text.startswith("/*") and not text.startswith("/*!"):
            end = next((j for j in range(index, len(lines)) if "*/" in lines[j]), None)
            closing = lines[end].strip() if end is not None else ""
            if end is not None and closing.endswith("*/") and closing.count("*/") == 1 and (
                    end > index or text.count("/*") == 1):
                index = end + 1
                continue
        kept.append(lines[index])
        index += 1
    return "".join(kept).encode("utf-8")




def template_tree(folder: str) -> list[tuple[PurePosixPath, bytes]]:
    """Every file under ``scorm_templates/<folder>``: (path inside that folder, bytes), sorted."""
    root = template_root()
    for part in folder.split("/"):
        root = root / part
    return tree_files(root)


def tree_files(node: Traversable, keep: Callable[[str], bool] = lambda name: True) -> list[tuple[PurePosixPath, bytes]]:
    """Every file under ``node`` (a package folder, on disk or in a wheel) whose name and whose
    folders' names ``keep`` accepts: (path inside ``node``, bytes), sorted."""
    found: list[tuple[PurePosixPath, bytes]] = []

    def walk(folder: Traversable, prefix: PurePosixPath) -> None:
        for child in sorted(folder.iterdir(), key=lambda c: c.name):
            if not keep(child.name):
                continue
            if child.is_dir():
                walk(child, prefix / child.name)
            elif child.is_file():
                found.append((prefix / child.name, child.read_bytes()))

    walk(node, PurePosixPath())
    return found


def schema_files(target: str) -> list[tuple[str, bytes]]:
    """The official schema files a package of ``target`` carries at its root: (path, bytes), sorted."""
    return [(rel.as_posix(), data) for rel, data in template_tree(f"schemas/{target}")
            if rel.suffix in (".xsd", ".dtd")]


def template_folder() -> Path | None:
    """scorm_templates as a folder on disk (a checkout or a plain install), for preview to watch; else None."""
    root = template_root()
    return root if isinstance(root, Path) and root.is_dir() else None


@lru_cache(maxsize=1)
def preview_environment() -> jinja2.Environment:
    """Jinja environment over scorm_templates/preview: the preview's player page only, never packaged."""
    return _page_environment("preview")


@lru_cache(maxsize=1)
def review_environment() -> jinja2.Environment:
    """Jinja environment over scorm_templates/review: the review export, never packaged."""
    env = _page_environment("review")
    env.tests["instance_of"] = lambda obj, name: type(obj).__name__ == name
    return env


@lru_cache(maxsize=1)
def report_environment() -> jinja2.Environment:
    """Jinja environment over scorm_templates/report: the ``validate --report`` page, never packaged."""
    return _page_environment("report")


def _page_environment(folder: str) -> jinja2.Environment:
    import jinja2  # here: these pages are never a build's, whose import path stays without Jinja (issue 24)

    return jinja2.Environment(
        loader=jinja2.PackageLoader(PACKAGE, folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template_stamp() -> tuple[tuple[str, int], ...]:
    """Modification times of the page templates, so cached pages are re-rendered after a template edit."""
    folder = template_folder()
    if folder is None:
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in (folder / "html").iterdir() if p.is_file()))
