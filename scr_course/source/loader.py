"""Reads the course folder from disk into a SourceTree: texts decoded, files inventoried."""

from __future__ import annotations

import difflib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scr_course.diagnostics import Code, CourseError, Diagnostics, SourceLocation

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


def load_course(
    root: Path, diagnostics: Diagnostics, page_paths: tuple[PurePosixPath, ...] = ()
) -> SourceTree:
    """Inventory the folder and decode course.yml, modules/*.md and the listed course pages."""
    if not root.is_dir():
        raise CourseError(f"{root}: error: course folder not found")
    display = display_root_for(root)
    files, unsafe = _inventory(root)
    tree = SourceTree(root=root, display_root=display, config=None, modules=(), pages=(),
                      files=files, unsafe=frozenset(unsafe))
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
        pages=(), files=files, unsafe=frozenset(unsafe),
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
                      modules=tree.modules, pages=tuple(pages), files=tree.files, unsafe=tree.unsafe)


def read_source(tree: SourceTree, rel: PurePosixPath, diagnostics: Diagnostics) -> SourceFile | None:
    """Decode one more file of the course (UTF-8, size-checked), e.g. a ``locale/<lang>.yml`` catalogue."""
    return _read_text(tree, rel, diagnostics) if rel in tree.files else None


def media_type(path: PurePosixPath) -> str:
    """The MIME type of an asset, by its extension."""
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _inventory(root: Path) -> tuple[dict[PurePosixPath, Path], list[PurePosixPath]]:
    resolved_root = root.resolve()
    files: dict[PurePosixPath, Path] = {}
    unsafe: list[PurePosixPath] = []
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
                pending.append((entry.path, rel + "/"))
            elif entry.is_symlink():
                # Linked folders are not walked and linked files must stay inside the course:
                # their targets could be anywhere on disk.
                target = Path(entry.path).resolve()
                if not target.is_file() or not target.is_relative_to(resolved_root):
                    unsafe.append(PurePosixPath(rel))
                    continue
                files[PurePosixPath(rel)] = Path(entry.path)
            elif entry.is_file(follow_symlinks=False):
                files[PurePosixPath(rel)] = Path(entry.path)
    return files, unsafe


def _read_text(tree: SourceTree, rel: PurePosixPath, diagnostics: Diagnostics) -> SourceFile | None:
    path = tree.files[rel]
    loc = tree.location(rel, 1)
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diagnostics.error(tree.location(rel, line), Code.SOURCE_ENCODING, "file contains a NUL character")
        return None
    return SourceFile(rel=rel, loc=loc, text=text)
