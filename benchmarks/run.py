"""Benchmarks for scr-course: build time vs the packaging floor, growth, memory, incremental rebuilds,
runtime weight and first paint, and learner-state size. Run: python benchmarks/run.py [--quick]

Prints every figure with its budget and a pass/miss mark (docs/performance.md has the latest run).
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from floor import Floor, floor_seconds  # noqa: E402
from generate import clone_sample_course, generate_course  # noqa: E402

RESULTS: list[tuple[str, str, str, bool | None]] = []


def report(name: str, value: str, budget: str, ok: bool | None) -> None:
    """Record and print one figure."""
    RESULTS.append((name, value, budget, ok))
    mark = "n/a " if ok is None else ("PASS" if ok else "MISS")
    print(f"[{mark}] {name}: {value}  (budget: {budget})", flush=True)


def build_once(src: Path, out: Path, target: str, *, warm: bool = False, jobs: int | None = None) -> tuple[float, int]:
    """A build in a fresh interpreter, as an author or CI runs it; returns seconds and peak RSS (KiB).

    Cold: no output folder and no cache. Warm: the previous build's parse cache is there.
    The time includes starting Python and importing the tool; peak RSS is the largest process
    (the build or one of its helper or packaging processes). The CPU seconds of the build and
    all its processes (user + system) are kept in ``CPU_SECONDS`` (issue 24: a build may use
    every core, the floor one).
    """
    if not warm:
        shutil.rmtree(out, ignore_errors=True)
    code = (
        "import resource,sys,time\nt=time.perf_counter()\nfrom scr_course.cli import main\n"
        "try:\n main(sys.argv[1:])\n"
        "except SystemExit as e:\n"
        " s,c=resource.getrusage(resource.RUSAGE_SELF),resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        " print(time.perf_counter()-t, max(s.ru_maxrss,c.ru_maxrss),"
        " s.ru_utime+s.ru_stime+c.ru_utime+c.ru_stime, file=sys.stderr)\n"
        " sys.exit(e.code)"
    )
    flags = [] if warm else ["--no-cache"]
    if jobs is not None:
        flags += ["--jobs", str(jobs)]
    result = subprocess.run([sys.executable, "-c", code, "build", "--src", str(src), "--out", str(out),
                             "--target", target, *flags], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"build failed: {result.stderr}")
    seconds, rss, cpu = result.stderr.strip().splitlines()[-1].split()
    CPU_SECONDS.append(float(cpu))
    return float(seconds), int(rss)


CPU_SECONDS: list[float] = []
"""CPU seconds of every build_once so far, in order (the median of a series is taken from its tail)."""


def median_build(src: Path, out: Path, target: str, repeats: int, *, warm: bool = False,
                 jobs: int | None = None) -> tuple[float, int]:
    if warm:
        build_once(src, out, target, warm=True, jobs=jobs)  # primes the cache
    runs = [build_once(src, out, target, warm=warm, jobs=jobs) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def median_cpu(repeats: int) -> float:
    """Median CPU seconds of the last ``repeats`` builds."""
    return statistics.median(CPU_SECONDS[-repeats:])


def bench_sizes(sizes: list[int], repeats: int, work: Path) -> None:
    per_module: dict[int, float] = {}
    for size in sizes:
        src = generate_course(work / f"course-{size}", size)
        out = work / f"out-{size}"
        reps = repeats if size < 1000 else max(1, repeats - 2)
        for target in ("scorm12", "scorm2004"):
            seconds, _ = median_build(src, out, target, reps)
            report(f"build {size} modules, {target}", f"{seconds:.2f} s", "recorded", None)
        seconds, rss = median_build(src, out, "all", reps)
        cpu = median_cpu(reps)
        floor = floor_seconds(sorted(out.glob("*.zip")), reps)
        warm, _ = median_build(src, out, "all", reps, warm=True)
        warm_cpu = median_cpu(reps)
        per_module[size] = seconds / size
        budgeted = size == 100  # issue 24's text-heavy budgets; 10 and 1,000 modules are recorded
        report(f"build {size} modules, all targets, cold", f"{seconds:.2f} s (CPU {cpu:.1f} s)", "recorded", None)
        report(f"build {size} modules, all targets, warm cache", f"{warm:.2f} s (CPU {warm_cpu:.1f} s)", "recorded",
               None)
        report(f"packaging floor {size} modules", f"{floor:.2f} s", "recorded", None)
        report(f"build ÷ floor at {size} modules, cold", f"{seconds / floor:.2f}", "≤ 2.5 at 100",
               seconds / floor <= 2.5 if budgeted else None)
        report(f"build ÷ floor at {size} modules, warm cache", f"{warm / floor:.2f}", "≤ 1.5 at 100",
               warm / floor <= 1.5 if budgeted else None)
        if size == 1000:
            report("peak memory, 1,000-module build", f"{rss / 1024:.0f} MB", "≤ 250 MB", rss / 1024 <= 250)
        shutil.rmtree(out, ignore_errors=True)
    ordered = sorted(per_module)
    for small, large in itertools.pairwise(ordered):
        growth = per_module[large] / per_module[small]
        report(f"time per module, {large} vs {small} modules", f"× {growth:.2f}",
               "≤ 1.0 (linear or better; noise ±15%)", growth <= 1.15)


CI_RATIO_LIMIT = 2.0
"""``--check`` fails when the 120-module picture course builds in more than this × the floor (1.5 + CI noise)."""


def bench_picture_course(work: Path, repeats: int) -> float:
    """Issue 24: the sample course's modules cloned to 120, three incompressible 100 KB pictures each,
    one SCO per module, all three targets, cold; returns build ÷ floor (both timed in this run).

    Builds and floor runs take turns (build, floor, build, floor, …), so a slower minute on this
    shared machine slows both alike instead of only one of them; the ratio is of their medians.
    """
    src = clone_sample_course(work / "pictures-120", REPO / "course_src")
    out = work / "pictures-120-out"
    builds = [build_once(src, out, "all")]
    floor = Floor(sorted(out.glob("*.zip")), work / "pictures-120-floor")
    floors = [floor.once()]
    for _ in range(repeats - 1):
        builds.append(build_once(src, out, "all"))
        floors.append(floor.once())
    seconds, cpu, floor_time = (statistics.median(b[0] for b in builds), median_cpu(repeats),
                                statistics.median(floors))
    ratio = seconds / floor_time
    report("120 modules with pictures, sco-per-module, 3 targets, cold: build ÷ floor",
           f"{ratio:.2f} ({seconds:.2f} s ÷ {floor_time:.2f} s; build CPU {cpu:.1f} s on {os.cpu_count()} cores, "
           "floor one process)", "≤ 1.5", ratio <= 1.5)
    shutil.rmtree(out, ignore_errors=True)
    return ratio


def bench_text_course(work: Path, repeats: int, modules: int = 1000) -> None:
    """Issue 24: a text-heavy course (tiny pictures) at one, two and three targets, cold."""
    src = generate_course(work / f"text-{modules}", modules, image_sizes=(200, 400))
    config = src / "course.yml"
    text = config.read_text(encoding="utf-8")
    for targets in ("[scorm12]", "[scorm12, scorm2004]", "[scorm12, scorm2004, cmi5]"):
        config.write_text(text.replace("targets: [scorm12, scorm2004]", f"targets: {targets}"), encoding="utf-8")
        out = work / f"text-{modules}-out"
        seconds, rss = median_build(src, out, "all", repeats)
        floor = floor_seconds(sorted(out.glob("*.zip")), repeats)
        count = targets.count(",") + 1
        report(f"text course {modules} modules, {count} target(s), cold: build ÷ floor",
               f"{seconds / floor:.2f} ({seconds:.2f} s ÷ {floor:.2f} s, peak {rss / 1024:.0f} MB)", "recorded", None)
        shutil.rmtree(out, ignore_errors=True)


def bench_incremental(work: Path, repeats: int) -> None:
    from scr_course.preview.incremental import IncrementalBuilder
    from scr_course.model import BuildTarget

    src = generate_course(work / "incremental-100", 100, image_sizes=(50_000, 60_000))
    builder = IncrementalBuilder(src)
    builder.rebuild(BuildTarget.SCORM12)
    module = src / "modules" / "0050-module-50.md"
    times = []
    for n in range(max(5, repeats)):
        module.write_text(module.read_text(encoding="utf-8") + f"\nEdit number {n}.\n", encoding="utf-8")
        start = time.perf_counter()
        outcome = builder.rebuild(BuildTarget.SCORM12)
        times.append(time.perf_counter() - start)
        assert outcome.ok
    ms = statistics.median(times) * 1000
    report("incremental rebuild, one module of 100", f"{ms:.0f} ms", "≤ 100 ms", ms <= 100)


def bench_runtime(work: Path) -> None:
    sys.path.insert(0, str(HERE))
    from runtime_size import BUDGET, TARGETS, measure

    # Per target, as packages ship it (runtime_size.py): SCORM packages leave out the cmi5 parts,
    # and each ships its own prebuilt bundle; the parts of every target joined ship nowhere.
    for target in TARGETS:
        total = sum(gz for _, _, gz in measure(target))
        report(f"runtime JS+CSS gzipped, {target}", f"{total / 1024:.1f} KB", "≤ 30 KB", total <= BUDGET)
    try:
        from first_paint import first_content_ms, state_length
    except ImportError as exc:  # the browser module needs Playwright
        report("first content visible", f"not measured ({exc})", "≤ 300 ms", False)
        return
    ms = first_content_ms(REPO / "course_src", work / "paint")
    report("first content visible, sample course, local server", f"{ms:.0f} ms", "≤ 300 ms", ms <= 300)
    for questions, limit in ((150, 4096), (500, 64000)):
        length, target = state_length(questions, work / f"state-{questions}")
        report(f"suspend_data, all {questions} questions answered ({target})", f"{length:,} chars",
               f"≤ {limit:,}", length <= limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10 and 100 modules only, fewer repeats")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--check", action="store_true",
                        help="only the 120-module picture course (medians of --repeats); "
                             f"exit 1 over {CI_RATIO_LIMIT} × the floor")
    args = parser.parse_args()
    # Builds run in a fresh interpreter, as an installed tool runs: with its modules' bytecode,
    # which pip writes on install. Where PYTHONDONTWRITEBYTECODE is set (as on the project's
    # machine) nothing would write it, and every build would compile the tool's 145 modules
    # afresh (0.25 s); compiled once here, as an install does.
    compileall.compile_dir(REPO / "scr_course", quiet=1)
    sizes = [10, 100] if args.quick else [10, 100, 1000]
    # The CI check takes the budget's own medians of 5 (about a minute): medians of 3 moved by
    # ±0.1 between runs on this VM, too near the 2.0 limit.
    repeats = args.repeats if args.check or not args.quick else 3
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="scr-bench-") as folder:
        work = Path(folder)
        if args.check:
            ratio = bench_picture_course(work, repeats)
            if ratio > CI_RATIO_LIMIT:
                print(f"benchmark check failed: build ÷ floor {ratio:.2f} is over {CI_RATIO_LIMIT} (the budget is "
                      "1.5; see docs/performance.md)", file=sys.stderr)
            sys.exit(1 if ratio > CI_RATIO_LIMIT else 0)
        bench_picture_course(work, repeats)
        if not args.quick:
            bench_text_course(work, repeats)
        bench_sizes(sizes, repeats, work)
        bench_incremental(work, repeats)
        bench_runtime(work)
    if args.json:
        args.json.write_text(json.dumps([dict(zip(("name", "value", "budget", "ok"), r, strict=True)) for r in RESULTS],
                                         indent=1))
    misses = [r for r in RESULTS if r[3] is False]
    print(f"{len(RESULTS)} figures, {len(misses)} missed")
    sys.exit(1 if misses else 0)


if __name__ == "__main__":
    main()
