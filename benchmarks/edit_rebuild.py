"""What an author waits for after an edit: `scr-course build` of the 100-module course, every
target, after adding a sentence to one module (a different module each time), and without edits.

    python benchmarks/edit_rebuild.py            # 6 of each
    python benchmarks/edit_rebuild.py --repeats 10

Each build runs in a fresh interpreter with the previous build's caches in place (parse and
render: only the edited module is parsed and its SCO rendered again). Prints the median and the
range of the wall times, and the median CPU seconds (the build and its processes). Recorded, not
budgeted: issue 24's warm budget is the build without edits.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from ab import timed_build  # noqa: E402
from generate import generate_course  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scr-edit-") as folder:
        work = Path(folder)
        src = generate_course(work / "course", 100)
        out = work / "out"
        timed_build(REPO, src, out, warm=True)  # the caches an author has after the first build
        modules = sorted((src / "modules").glob("*.md"))
        edited, untouched = [], []
        for n in range(args.repeats):
            module = modules[(n * 17) % len(modules)]
            text = module.read_text(encoding="utf-8")
            module.write_text(text + f"\n\nA sentence added in edit {n}.\n", encoding="utf-8")
            edited.append(timed_build(REPO, src, out, warm=True))
            module.write_text(text, encoding="utf-8")
            timed_build(REPO, src, out, warm=True)  # back to the source as it was, untimed
        untouched = [timed_build(REPO, src, out, warm=True) for _ in range(args.repeats)]
        for name, runs in (("after editing one module", edited), ("without edits", untouched)):
            walls = [wall for wall, _ in runs]
            print(f"{name}: median {statistics.median(walls):.2f} s ({min(walls):.2f}-{max(walls):.2f}), "
                  f"CPU {statistics.median(cpu for _, cpu in runs):.1f} s")


if __name__ == "__main__":
    main()
