"""A/B: builds of an earlier commit and of the working tree, taken in turn (cold unless --warm).

    python benchmarks/ab.py --base HEAD~1                 # the 120-module picture course, 8 each
    python benchmarks/ab.py --base c1f2de2 --course text --repeats 5
    python benchmarks/ab.py --base HEAD~1 --course text --warm   # parse cache and zips in place

On a shared VM the same build varies by ±10 % from one minute to the next, so two builds of
one version timed apart cannot show a 5 % change. Taking the two in turn (base, new, base,
new, …) makes a slow minute slow both alike. Prints the median and the fastest wall time and
the median CPU seconds (the build and its processes) of each. The base is checked out in a
temporary git worktree; both run in a fresh interpreter, with bytecode compiled first, as an
installed tool does (see run.py).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import clone_sample_course, generate_course  # noqa: E402

TIMED_BUILD = (
    "import resource,sys,time\nt=time.perf_counter()\nfrom scr_course.cli import main\n"
    "try:\n main(sys.argv[1:])\nexcept SystemExit as e:\n"
    " s,c=resource.getrusage(resource.RUSAGE_SELF),resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    " print(time.perf_counter()-t, s.ru_utime+s.ru_stime+c.ru_utime+c.ru_stime, file=sys.stderr)\n"
    " sys.exit(e.code)"
)


def timed_build(root: Path, src: Path, out: Path, warm: bool = False) -> tuple[float, float]:
    """One build of every target with the tool found under ``root``: (wall seconds, CPU seconds).

    Cold: no output and no cache. Warm: the previous build's parse cache and zips are there (as
    ``run.py`` times it)."""
    if not warm:
        shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([sys.executable, "-c", TIMED_BUILD, "build", "--src", str(src), "--out", str(out),
                             "--target", "all", *([] if warm else ["--no-cache"])],
                            cwd=root, capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(root)})
    if result.returncode != 0:
        raise SystemExit(f"build with {root} failed: {result.stderr}")
    wall, cpu = result.stderr.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the commit to compare with (any git revision)")
    parser.add_argument("--course", choices=["pictures", "text"], default="pictures",
                        help="the 120-module picture course (default) or the 100-module text course")
    parser.add_argument("--repeats", type=int, default=8)
    parser.add_argument("--warm", action="store_true", help="time warm builds (each primed by one untimed build)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scr-ab-") as folder:
        work = Path(folder)
        base = work / "base"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(base), args.base],
                       check=True)
        try:
            for root in (base, REPO):
                compileall.compile_dir(root / "scr_course", quiet=1)
            src = (clone_sample_course(work / "course", REPO / "course_src") if args.course == "pictures"
                   else generate_course(work / "course", 100))
            print(f"load average before: {os.getloadavg()}", flush=True)
            times: dict[str, list[tuple[float, float]]] = {"base": [], "new": []}
            if args.warm:
                for name, root in (("base", base), ("new", REPO)):
                    timed_build(root, src, work / f"out-{name}", warm=True)
            for _ in range(args.repeats):
                for name, root in (("base", base), ("new", REPO)):
                    times[name].append(timed_build(root, src, work / f"out-{name}", args.warm))
            for name, runs in times.items():
                walls = [wall for wall, _ in runs]
                each = ", ".join(f"{w:.2f}" for w in walls)
                print(f"{name}: median {statistics.median(walls):.2f} s, fastest {min(walls):.2f} s, "
                      f"CPU {statistics.median(cpu for _, cpu in runs):.1f} s  ({each})")
            print(f"load average after: {os.getloadavg()}")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)


if __name__ == "__main__":
    main()
