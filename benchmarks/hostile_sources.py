"""How long `scr-course check` takes, and how much memory it peaks at, on hostile module files (issue 19, M2).

Times are CPU seconds of the `check` process (start-up included, about 0.5 s): on a shared machine
they measure the work, where wall time measures the queue. Each case is a module of one repeated
pattern at two sizes; the second is four times the first, so linear work takes about four times as
long and quadratic work sixteen. The largest size is just
under the 2 MiB source cap. Budget: every case ≤ 10 s and ≤ 500 MB at the cap, or refused with
`source.too-complex`. Run: python benchmarks/hostile_sources.py [--quick]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).parent.parent
CAP = 2 * 1024 * 1024 - 4096
"""Just under the source cap, leaving room for the title and page heading."""

CASES: dict[str, str] = {
    "unclosed ::: details": "::: details\n",
    "unclosed <!--": "<!--\n",
    "unclosed <!-- inline": "text <!-- ",
    "[ brackets": "[",
    "[a]( brackets": "[a](",
    "nested ::: closed": "::: note\n",
    "* emphasis": "*a ",
    "` backticks": "`a ",
    "< autolinks": "<a ",
    "> quotes": "> ",
    "- list items": "- ",
    "| table rows": "| a | b |\n",
    "&entity": "&#x",
    "\\ escapes": "\\",
    "every budget at once": "",
}


CHILD = ("import resource, sys\n"
         "from scr_course.cli import main\n"
         "try:\n"
         "    main(['check', '--src', sys.argv[1]])\n"
         "finally:\n"
         "    use = resource.getrusage(resource.RUSAGE_SELF)\n"
         "    print('peak', use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)\n")
"""`scr-course check` in a fresh process that reports its peak resident memory (KiB on Linux) and the
CPU seconds it used: on a shared machine CPU time measures the work, where wall time measures the queue."""
LIMIT = 60
"""Seconds after which a case is stopped and reported as a miss."""


def at_budget() -> str:
    """A module with every delimiter and structure line at its budget (source/loader.py), all at once."""
    parts = ["[a](" * 20_000, "`a " * 19_999, "*a " * 40_000, "_a " * 40_000, "\n\n" + "| a | b |\n" * 13_000,
             "\n" + "<b>" * 15_000, "\n\n" + "".join(f"## P{n}\n\n::: details\n" for n in range(4_990)),
             "\n" + "<!--\n" * 4_999]
    return "\n\n".join(parts)


def run_case(pattern: str, size: int) -> tuple[float, float, str]:
    """Seconds, peak MB and the last output line of `check` on a module of the pattern repeated to ``size``
    (or, for an empty pattern, the module at every budget at once)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "modules").mkdir()
        (root / "course.yml").write_text("id: hostile\ntitle: Hostile\nversion: '1'\n", encoding="utf-8")
        head = "# Module\n\n## Page\n\n"
        body = pattern * ((size - len(head)) // len(pattern)) if pattern else at_budget()
        (root / "modules" / "01-a.md").write_text(head + body + "\n", encoding="utf-8")
        started = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True,
                                  timeout=LIMIT, check=False)
        except subprocess.TimeoutExpired:
            return float(LIMIT), 0.0, f"stopped after {LIMIT} s"
        seconds = time.perf_counter() - started
    usage = next((line.split()[1:] for line in done.stderr.splitlines() if line.startswith("peak ")), ["0", "0"])
    peak, seconds = int(usage[0]), float(usage[1]) or seconds
    lines = [line for line in done.stderr.splitlines() if line and not line.startswith("peak ")]
    return seconds, peak / 1024, (lines[-1] if lines else done.stdout.strip())[:110]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes only (growth, not the cap)")
    parser.add_argument("--case", action="append", help="run only the named case(s)")
    args = parser.parse_args()
    sizes = (CAP // 64, CAP // 16) if args.quick else (CAP // 4, CAP)
    missed = 0
    for name, pattern in CASES.items():
        if args.case and name not in args.case:
            continue
        (small, _, _), (large, large_mb, last) = (run_case(pattern, size) for size in sizes)
        ok = large <= 10 and large_mb <= 500
        missed += not ok
        print(f"[{'PASS' if ok else 'MISS'}] {name:24} {sizes[0]:>9,} B {small:6.2f} s | {sizes[1]:>9,} B "
              f"{large:6.2f} s {large_mb:6.0f} MB  growth ×{large / max(small, 1e-3):5.1f}  {last}", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
