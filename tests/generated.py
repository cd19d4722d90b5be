"""Checked-in files the maintainers make with a command (runtime bundles, compiled page templates)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def write_or_check(made: dict[Path, bytes], write: bool, command: str) -> int:
    """Write every file (``write``), or report each checked-in one that differs; 1 if any is stale."""
    stale = []
    for path, data in sorted(made.items()):
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(REPO)} ({len(data):,} bytes)")
        elif not path.is_file() or path.read_bytes() != data:
            stale.append(path.relative_to(REPO))
    for path in stale:
        print(f"{path}: stale: remake it with `{command}`", file=sys.stderr)
    return 1 if stale else 0
