"""The packaging floor: zip the very same files with the standard library alone, same compression."""

from __future__ import annotations

import tempfile
import time
import zipfile
from pathlib import Path


def extract(package: Path, folder: Path) -> list[tuple[str, Path, int, int | None]]:
    """Unpack a built zip; returns (name, path, compression type, level) per entry, in zip order."""
    entries = []
    with zipfile.ZipFile(package) as archive:
        for info in archive.infolist():
            target = folder / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
            level = 6 if info.compress_type == zipfile.ZIP_DEFLATED else None
            entries.append((info.filename, target, info.compress_type, level))
    return entries


def zip_entries(entries: list[tuple[str, Path, int, int | None]], destination: Path) -> None:
    """What any packager must at least do: read each file and write it into a zip."""
    with zipfile.ZipFile(destination, "w") as archive:
        for name, path, compression, level in entries:
            archive.write(path, name, compress_type=compression, compresslevel=level)


class Floor:
    """The packages' files extracted once into ``folder``; ``once()`` times writing them all again."""

    def __init__(self, packages: list[Path], folder: Path) -> None:
        self.folder = folder
        self.prepared = [extract(package, folder / str(index)) for index, package in enumerate(packages)]

    def once(self) -> float:
        start = time.perf_counter()
        for index, entries in enumerate(self.prepared):
            zip_entries(entries, self.folder / f"out-{index}.zip")
        return time.perf_counter() - start


def floor_seconds(packages: list[Path], repeats: int) -> float:
    """Median time to write all ``packages`` again from their extracted files."""
    with tempfile.TemporaryDirectory() as folder:
        floor = Floor(packages, Path(folder))
        times = sorted(floor.once() for _ in range(repeats))
        return times[len(times) // 2]
