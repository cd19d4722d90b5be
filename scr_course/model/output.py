"""What the planning and rendering stages produce: SCOs, package plans and output files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scr_course.model.course import Module, Page


@dataclass(frozen=True, slots=True, kw_only=True)
class Sco:
    """One launchable unit: the modules that share one LMS attempt."""

    id: str
    title: str
    href: str
    """Launch file inside the package."""
    modules: tuple[Module, ...]
    pages_before: tuple[Page, ...]
    pages_after: tuple[Page, ...]

    @property
    def scored_modules(self) -> tuple[Module, ...]:
        """Modules whose quiz counts towards this SCO's score."""
        return tuple(m for m in self.modules if m.quiz.scored)


@dataclass(frozen=True, slots=True, kw_only=True)
class PackagePlan:
    """One zip to write: its file name and SCOs."""

    name: str
    title: str
    scos: tuple[Sco, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputFile:
    """A file of a package: bytes rendered in memory, or a source file streamed as it is."""

    href: str
    data: bytes | None = None
    source: Path | None = None
    packed: PackedBytes | None = None
    """The bytes as the zip stores them, compressed once for every package that has this file."""


@dataclass(frozen=True, slots=True)
class PackedBytes:
    """A file's bytes compressed as a zip entry, with what its header records (issue 24: the three
    targets' packages share most SCO files, which are compressed once instead of once per zip)."""

    size: int
    crc: int
    compression: int
    """``zipfile.ZIP_STORED`` or ``zipfile.ZIP_DEFLATED``."""
    data: bytes
