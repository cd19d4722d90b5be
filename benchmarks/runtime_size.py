"""Size of the learner runtime shipped in every package: raw and gzipped bytes; exit 1 over budget.

    python benchmarks/runtime_size.py
"""

from __future__ import annotations

import gzip
import sys

from scr_course.resources import runtime_file

BUDGET = 30 * 1024
"""Issue 3: player.js + player.css together under 30 KB gzipped."""
FILES = ("runtime/player.js", "runtime/player.css")


def measure() -> list[tuple[str, int, int]]:
    """(path, raw bytes, gzipped bytes) for each runtime file."""
    rows = []
    for path in FILES:
        data = runtime_file(path)  # as packaged: joined from runtime/js/ and runtime/css/
        rows.append((path, len(data), len(gzip.compress(data, compresslevel=9, mtime=0))))
    return rows


def main() -> int:
    """Print the table; 1 when the gzipped total is over the budget."""
    rows = measure()
    raw_total = sum(raw for _, raw, _ in rows)
    gz_total = sum(gz for _, _, gz in rows)
    for path, raw, gz in rows:
        print(f"{path:24} {raw:>8,} bytes  {gz:>7,} gzipped")
    print(f"{'total':24} {raw_total:>8,} bytes  {gz_total:>7,} gzipped  (budget {BUDGET:,})")
    if gz_total > BUDGET:
        print(f"over budget by {gz_total - BUDGET:,} bytes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
