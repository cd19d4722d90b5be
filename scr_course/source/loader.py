"""Reads the course folder from disk into a SourceTree: texts decoded, files inventoried."""

from __future__ import annotations

import difflib
import mimetypes
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from scr_course.diagnostics import Code, CourseError, Diagnostics, SourceLocation

CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff]")
"""Characters no page can show and XML (manifests, DOCX) cannot hold: C0 controls other than tab and
newline, DEL and Unicode noncharacters (issue 19, L5: ESC in a chart label crashed the review export)."""
MARKUP_BUDGET = {"[": 20_000, "`": 20_000, "*": 40_000, "_": 40_000, "|": 40_000, "<": 20_000, "&": 100_000,
                 "\\": 100_000}
"""How many of each Markdown delimiter one file may hold. Parsing cost grows with these faster than
with size (issue 19, M2: two million '[' took minutes), and a real module, even a long one, has
a few hundred. At these counts, together, `check` stays within 10 s (benchmarks/hostile_sources.py)."""
LINE_BUDGET = {":::": 5_000, "<!--": 5_000, "#": 5_000}
"""How many lines one file may start with a container fence, a comment or a heading."""
MAX_SOURCE_BYTES = 2 * 1024 * 1024
"""Markdown or YAML larger than this is refused: no course needs it, and it protects the parser."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    """A decoded text file of the course."""

    rel: PurePosixPath
    """Path relative to the course folder."""
    loc: SourceLocation
    """Location of line 1, with the path as shown to the author."""
    text: str
    """Text with any BOM removed and line endings normalised to LF."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceTree:
    """Everything the parse stage needs from disk."""

    root: Path
    display_root: PurePosixPath
    config: SourceFile | None
    modules: tuple[SourceFile, ...]
    pages: tuple[SourceFile, ...]
    files: dict[PurePosixPath, Path]
    """Every regular file inside the course folder (no links leaving it), by relative path."""
    unsafe: frozenset[PurePosixPath]
    """Files that are links pointing outside the course folder: never packaged."""
    excluded: frozenset[PurePosixPath] = frozenset()
    """Output folders inside the course folder (issue 19, H4): never read as course content, so a
    file someone drops into build/ can never be linked from a page and shipped."""

    def excluded_folder(self, rel: PurePosixPath) -> PurePosixPath | None:
        """The output folder a path lies in, if it does."""
        return next((folder for folder in self.excluded if folder in rel.parents), None)

    def is_unsafe(self, rel: PurePosixPath) -> bool:
        """True when the path is, or lies under, a link that leaves the course folder."""
        return rel in self.unsafe or any(parent in self.unsafe for parent in rel.parents)

    def location(self, rel: PurePosixPath, line: int = 0) -> SourceLocation:
        """A location in a course file as the author sees it."""
        return SourceLocation(path=self.display_root / rel, line=line)


def display_root_for(root: Path) -> PurePosixPath:
    """The course folder as shown in messages: relative to the working directory when inside it."""
    relative = os.path.relpath(root.resolve(), Path.cwd().resolve())
    if relative.startswith(".."):
        return PurePosixPath(root.resolve().as_posix())
    return PurePosixPath(Path(relative).as_posix())


OUTPUT_MARKER = ".scr-cache"
"""A folder holding this is an output folder of scr-course (the build writes its parse cache there)."""


def load_course(
    root: Path, diagnostics: Diagnostics, page_paths: tuple[PurePosixPath, ...] = (), output: Path | None = None
) -> SourceTree:
    """Inventory the folder and decode course.yml, modules/*.md and the listed course pages.

    ``output`` (the build's ``--out``) and any folder holding a ``.scr-cache`` are left out of the
    inventory: what the tool writes, or what someone drops beside it, is never course content.
    """
    if not root.is_dir():
        raise CourseError(f"{root}: error: course folder not found")
    display = display_root_for(root)
    files, unsafe, excluded = _inventory(root, output)
    tree = SourceTree(root=root, display_root=display, config=None, modules=(), pages=(),
                      files=files, unsafe=frozenset(unsafe), excluded=excluded)
    config_rel = PurePosixPath("course.yml")
    config = _read_text(tree, config_rel, diagnostics) if config_rel in files else None
    if config is None and config_rel not in files:
        diagnostics.error(tree.location(config_rel), Code.SOURCE_MISSING, "course.yml not found in the course folder")
    module_rels = sorted(
        rel for rel in files
        if len(rel.parts) == 2 and rel.parts[0] == "modules" and rel.suffix == ".md"
    )
    modules = [m for m in (_read_text(tree, rel, diagnostics) for rel in module_rels) if m]
    return SourceTree(
        root=root, display_root=display, config=config, modules=tuple(modules),
        pages=(), files=files, unsafe=frozenset(unsafe), excluded=excluded,
    )


def load_pages(
    tree: SourceTree, paths: tuple[PurePosixPath, ...], diagnostics: Diagnostics, loc: SourceLocation,
    lines: tuple[tuple[PurePosixPath, SourceLocation], ...] = (),
) -> SourceTree:
    """Decode the course-level pages that course.yml lists (``lines``: where each is listed)."""
    listed_at = dict(lines)
    pages: list[SourceFile] = []
    for rel in paths:
        loc_of = listed_at.get(rel, loc)
        if tree.is_unsafe(rel):
            diagnostics.error(loc_of, Code.SOURCE_UNSAFE_PATH, f"page '{rel}' is a link that leaves the course folder")
        elif rel not in tree.files:
            known = [str(f) for f in tree.files if f.suffix == ".md"]
            close = difflib.get_close_matches(str(rel), known, n=1, cutoff=0.8)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            diagnostics.error(loc_of, Code.SOURCE_MISSING, f"page '{rel}' listed in course.yml does not exist{hint}")
        else:
            page = _read_text(tree, rel, diagnostics)
            if page:
                pages.append(page)
    return SourceTree(root=tree.root, display_root=tree.display_root, config=tree.config,
                      modules=tree.modules, pages=tuple(pages), files=tree.files, unsafe=tree.unsafe,
                      excluded=tree.excluded)


def read_source(tree: SourceTree, rel: PurePosixPath, diagnostics: Diagnostics) -> SourceFile | None:
    """Decode one more file of the course (UTF-8, size-checked), e.g. a ``locale/<lang>.yml`` catalogue."""
    return _read_text(tree, rel, diagnostics) if rel in tree.files else None


def media_type(path: PurePosixPath) -> str:
    """The MIME type of an asset, by its extension."""
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _inventory(
    root: Path, output: Path | None
) -> tuple[dict[PurePosixPath, Path], list[PurePosixPath], frozenset[PurePosixPath]]:
    resolved_root = root.resolve()
    resolved_output = output.resolve() if output is not None else None
    files: dict[PurePosixPath, Path] = {}
    unsafe: list[PurePosixPath] = []
    excluded: set[PurePosixPath] = set()
    # os.scandir with string paths: entries carry their type, so no extra stat per file.
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if os.path.lexists(os.path.join(entry.path, OUTPUT_MARKER)) or (
                        resolved_output is not None and Path(entry.path).resolve() == resolved_output):
                    excluded.add(PurePosixPath(rel))
                    continue
                pending.append((entry.path, rel + "/"))
            elif entry.is_symlink():
                # Linked folders are not walked and linked files must stay inside the course:
                # their targets could be anywhere on disk.
                target = Path(entry.path).resolve()
                if not target.is_file() or not target.is_relative_to(resolved_root):
                    unsafe.append(PurePosixPath(rel))
                    continue
                files[_relative_path(rel)] = _path(entry.path)
            elif entry.is_file(follow_symlinks=False):
                files[_relative_path(rel)] = _path(entry.path)
    return files, unsafe, frozenset(excluded)


@lru_cache(maxsize=8192)
def _relative_path(rel: str) -> PurePosixPath:
    """The same path object on every inventory (paths are immutable): preview reads the folder on
    every save, and later stages hash and compare these paths many times (issue 24)."""
    return PurePosixPath(rel)


@lru_cache(maxsize=8192)
def _path(path: str) -> Path:
    """The same path object for the same file on every inventory, like :func:`_relative_path`."""
    return Path(path)


@lru_cache(maxsize=4096)
def _first_line(display_root: PurePosixPath, rel: PurePosixPath) -> SourceLocation:
    """Line 1 of a course file as the author sees it: the same object on every read."""
    return SourceLocation(path=display_root / rel, line=1)


def _read_text(tree: SourceTree, rel: PurePosixPath, diagnostics: Diagnostics) -> SourceFile | None:
    path = tree.files[rel]
    loc = _first_line(tree.display_root, rel)
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        diagnostics.error(tree.location(rel), Code.SOURCE_TOO_LARGE,
                          f"file is {size:,} bytes; source files may be at most {MAX_SOURCE_BYTES:,}")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diagnostics.error(tree.location(rel, line), Code.SOURCE_ENCODING,
                          f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8")
        return None
    if "\r" in text:  # a search is cheaper than two replacements that find nothing (issue 24)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diagnostics.error(tree.location(rel, line), Code.SOURCE_ENCODING, "file contains a NUL character")
        return None
    controls, problem = _text_problems(rel, text)
    if controls:
        _report_controls(tree, rel, text, diagnostics)
        return None
    if problem is not None:
        diagnostics.error(tree.location(rel, problem[0]), Code.SOURCE_TOO_COMPLEX, problem[1])
        return None
    return _source_file(rel, loc, text)


@lru_cache(maxsize=4096)
def _source_file(rel: PurePosixPath, loc: SourceLocation, text: str) -> SourceFile:
    """The very object of the last read when a file is unchanged: a preview rebuild reads every
    file again, and the parse stage's memos then find unchanged files by a cheap lookup (issue 24)."""
    return SourceFile(rel=rel, loc=loc, text=text)


@lru_cache(maxsize=4096)
def _text_problems(rel: PurePosixPath, text: str) -> tuple[bool, tuple[int, str] | None]:
    """Whether the text holds a control character, else its complexity problem (Markdown only).

    Remembered by path and text: a preview rebuild reads every file again, and only the edited
    one has new text (issue 24). The texts kept as keys are those the parse stage keeps anyway.
    """
    if _may_hold_controls(text) and CONTROL_CHARACTERS.search(text):
        return True, None
    return False, complexity_problem(text) if rel.suffix == ".md" else None


_CONTROL_LEADS = bytes(range(0x01, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f\xef"
"""In UTF-8, CONTROL_CHARACTERS are these single bytes, or three bytes led by 0xEF (U+FDD0-U+FFFF)."""
_NOT_CONTROL_LEADS = bytes(b for b in range(256) if b not in _CONTROL_LEADS)


def _may_hold_controls(text: str) -> bool:
    """False when the text certainly holds none of CONTROL_CHARACTERS: a C-speed pass over its UTF-8
    (issue 24: the regular expression's search took 42-56 ms of the picture course's serial load,
    this 10-18 ms). A byte of a multi-byte character is never below 0x80, so only a real control
    character, or a character from U+F000 up, leaves a byte here; those texts are searched as before."""
    return bool(text.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL_LEADS))


def complexity_problem(text: str) -> tuple[int, str] | None:
    """(line, message) when a Markdown file holds more delimiters or structure lines than the budget allows.

    Counted before any parsing, in one pass per kind, so a hostile file costs milliseconds.
    """
    for mark, limit in MARKUP_BUDGET.items():
        if text.count(mark) > limit:
            at = _nth(text, mark, limit + 1)
            return (text.count("\n", 0, at) + 1,
                    f"file has more than {limit:,} '{mark}' characters; no module needs so many, and reading "
                    "them could take minutes; split it into smaller modules")
    # Lines starting with a mark are among its occurrences: only a file with more of those than
    # the limit needs its lines read (issue 24: the scan of every line showed in the serial load).
    over = [(mark, limit) for mark, limit in LINE_BUDGET.items() if text.count(mark) > limit]
    starts = [line.lstrip()[:4] for line in text.split("\n")] if over else []
    for mark, limit in over:
        numbers = [n for n, start in enumerate(starts, start=1) if start.startswith(mark)]
        if len(numbers) > limit:
            return (numbers[limit],
                    f"file has more than {limit:,} lines starting with '{mark}'; no module needs so many, and "
                    "reading them could take minutes; split it into smaller modules")
    return None


def _nth(text: str, mark: str, count: int) -> int:
    """Offset of the ``count``-th occurrence of ``mark`` (it exists)."""
    at = -1
    for _ in range(count):
        at = text.index(mark, at + 1)
    return at


def _report_controls(tree: SourceTree, rel: PurePosixPath, text: str, diagnostics: Diagnostics) -> None:
    """One error per line holding a control character, naming it, so the author can find it."""
    for number, line in enumerate(text.split("\n"), start=1):
        found = CONTROL_CHARACTERS.search(line)
        if found:
            diagnostics.error(tree.location(rel, number), Code.SOURCE_ENCODING,
                              f"line contains the control character U+{ord(found.group()):04X}, which no page can "
                              "show; delete it")
