"""Size of the learner runtime each kind of package ships: raw and gzipped bytes; exit 1 over budget.

    python benchmarks/runtime_size.py
"""

from __future__ import annotations

import gzip
import sys

from scr_course.resources import runtime_file

BUDGET = 30 * 1024
"""Issue 3: player.js + player.css together under 30 KB gzipped, in every package."""
FILES = ("runtime/player.js", "runtime/player.css")
TARGETS = ("scorm12", "scorm2004", "cmi5")
"""SCORM packages leave out the cmi5 parts (xAPI adapter and outbox), so each target is measured."""


def measure(target: str) -> list[tuple[str, int, int]]:
    """(path, raw bytes, gzipped bytes) for each runtime file of ``target``'s packages."""
    rows = []
    for path in FILES:
        data = runtime_file(path, target)  # as packaged: joined from runtime/js/ and runtime/css/
        rows.append((path, len(data), len(gzip.compress(data, compresslevel=9, mtime=0))))
    return rows


def main() -> int:
    """Print one table per target; 1 when any target's gzipped total is over the budget."""
    worst = 0
    for target in TARGETS:
        rows = measure(target)
        raw_total = sum(raw for _, raw, _ in rows)
        gz_total = sum(gz for _, _, gz in rows)
        worst = max(worst, gz_total)
        for path, raw, gz in rows:
            print(f"{target:10} {path:20} {raw:>8,} bytes  {gz:>7,} gzipped")
        mark = "PASS" if gz_total <= BUDGET else "MISS"
        print(f"{target:10} {'total':20} {raw_total:>8,} bytes  {gz_total:>7,} gzipped  (budget {BUDGET:,}) {mark}")
    if worst > BUDGET:
        print(f"over budget by {worst - BUDGET:,} bytes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
