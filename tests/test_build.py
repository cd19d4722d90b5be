"""``scr-course build``: names, summaries, packaging modes, reproducible bytes, only course files."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course import package_jobs, pipeline
from scr_course.cli import main
from scr_course.model import BuildTarget
from scr_course.package_jobs import make_packages, package_one
from scr_course.plan import plan_packages, zip_name
from scr_course.validate import validate_package

REPO = Path(__file__).parent.parent


def build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_build_writes_one_zip_per_target_with_a_summary(course: Callable[[str], Path], tmp_path: Path) -> None:
    code, output = build("--src", str(course("minimal")), "--out", "out")
    assert code == 0, output
    lines = output.splitlines()
    assert len(lines) == 3  # issue 15: all three targets by default
    for line, target in zip(lines, ["scorm12", "scorm2004", "cmi5"], strict=True):
        path = tmp_path / "out" / f"minimal-1.0.0-{target}.zip"
        with zipfile.ZipFile(path) as archive:
            count = len(archive.namelist())
        assert line == f"out/minimal-1.0.0-{target}.zip  {path.stat().st_size:,} bytes  {count} files"


def test_same_source_gives_the_same_bytes(course: Callable[[str], Path], tmp_path: Path) -> None:
    root = course("question-types")
    build("--src", str(root), "--out", "one")
    os.utime(root / "course.yml", (1, 1))  # a changed mtime must not change the output
    build("--src", str(root), "--out", "two")
    for first in (tmp_path / "one").glob("*.zip"):
        assert first.read_bytes() == (tmp_path / "two" / first.name).read_bytes(), first.name


def test_zip_entries_are_normalised(course: Callable[[str], Path], tmp_path: Path) -> None:
    build("--src", str(course("minimal")), "--out", "out")
    with zipfile.ZipFile(tmp_path / "out" / "minimal-1.0.0-scorm12.zip") as archive:
        infos = archive.infolist()
    assert infos[0].filename == "imsmanifest.xml"
    names = [i.filename for i in infos[1:]]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}
    assert not any(n.endswith("/") for n in names)


def test_target_option_builds_one_target(course: Callable[[str], Path], tmp_path: Path) -> None:
    code, _ = build("--src", str(course("minimal")), "--out", "out", "--target", "scorm2004")
    assert code == 0
    assert [p.name for p in (tmp_path / "out").glob("*.zip")] == ["minimal-1.0.0-scorm2004.zip"]


def test_packaging_per_module_and_sco_per_module(course: Callable[[str], Path], tmp_path: Path) -> None:
    root = course("question-types")
    config = (root / "course.yml").read_text()
    (root / "course.yml").write_text(config + "packaging: package-per-module\n")
    assert build("--src", str(root), "--out", "per-package")[0] == 0
    assert sorted(p.name for p in (tmp_path / "per-package").glob("*.zip")) == [
        "question-types-checks-2.1-cmi5.zip", "question-types-checks-2.1-scorm12.zip",
        "question-types-checks-2.1-scorm2004.zip", "question-types-final-2.1-cmi5.zip",
        "question-types-final-2.1-scorm12.zip", "question-types-final-2.1-scorm2004.zip"]
    (root / "course.yml").write_text(config.replace("completion: assessment", "completion: pages")
                                     + "packaging: sco-per-module\n")
    assert build("--src", str(root), "--out", "per-sco")[0] == 0
    for package in (tmp_path / "per-sco").glob("*.zip"):
        assert validate_package(package) == []
        with zipfile.ZipFile(package) as archive:
            assert {"checks.html", "final.html"} <= set(archive.namelist())
    for package in (tmp_path / "per-package").glob("*.zip"):
        assert validate_package(package) == []


def test_only_course_files_reach_the_package(course: Callable[[str], Path], tmp_path: Path) -> None:
    root = course("minimal")
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    (root / "assets" / "leak.svg").symlink_to(secret)
    module = root / "modules" / "01-basics.md"
    module.write_text(module.read_text() + "\n![Leak](../assets/leak.svg)\n")
    code, output = build("--src", str(root), "--out", "out")
    assert code == 1
    assert "image '../assets/leak.svg' is a link that leaves the course folder" in output
    module.write_text(module.read_text().replace("![Leak](../assets/leak.svg)", "![Up](../../secret.txt)"))
    code, output = build("--src", str(root), "--out", "out")
    assert code == 1
    assert "image path '../../secret.txt' leaves the course folder" in output
    assert not (tmp_path / "out").exists()


def test_cached_build_gives_the_same_bytes_and_ignores_a_broken_cache(
    course: Callable[[str], Path], tmp_path: Path
) -> None:
    root = course("question-types")
    build("--src", str(root), "--out", "cold", "--no-cache")
    assert not (tmp_path / "cold" / ".scr-cache").exists()
    build("--src", str(root), "--out", "warm")
    cache = tmp_path / "warm" / ".scr-cache" / "parse.json"
    assert cache.stat().st_size > 0
    module = root / "modules" / "01-checks.md"
    module.write_text(module.read_text().replace("Pick one.", "Pick exactly one."))
    build("--src", str(root), "--out", "warm")  # one file changed: the rest comes from the cache
    build("--src", str(root), "--out", "cold", "--no-cache")
    for package in (tmp_path / "cold").glob("*.zip"):
        assert package.read_bytes() == (tmp_path / "warm" / package.name).read_bytes()
    cache.write_bytes(b"not a cache")
    code, output = build("--src", str(root), "--out", "warm")
    assert code == 0, output
    for package in (tmp_path / "cold").glob("*.zip"):
        assert package.read_bytes() == (tmp_path / "warm" / package.name).read_bytes()


def test_front_matter_errors_are_reported_again_from_the_parse_cache(write_course: Callable[..., Path]) -> None:
    from scr_course.model import BuildTarget
    from scr_course.preview.incremental import IncrementalBuilder

    root = write_course({"modules/01-a.md": "---\nduration: ten\n---\n# A\n\n## P\n\nText.\n",
                         "modules/02-b.md": "# B\n\n## P\n\nText.\n"})
    builder = IncrementalBuilder(root)
    first = builder.rebuild(BuildTarget.SCORM12)
    (root / "modules" / "02-b.md").write_text("# B\n\n## P\n\nOther text.\n")
    second = builder.rebuild(BuildTarget.SCORM12)  # 01-a.md comes from the cache this time
    expected = "src/modules/01-a.md:2: error: 'duration' must be a whole number [config.type]"
    assert [d.format() for d in first.diagnostics] == [expected]
    assert [d.format() for d in second.diagnostics] == [expected]
    assert not second.ok


def test_builds_on_one_and_on_several_processes_are_byte_identical(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: the sample course parsed and packaged by three processes (forked helpers parse a
    share of the files each, one process per package) gives the very bytes of a one-process build."""
    monkeypatch.chdir(tmp_path)
    outputs = {}
    for jobs in ("1", "3"):
        code, output = build("--src", str(REPO / "course_src"), "--out", f"jobs-{jobs}", "--no-cache", "--jobs", jobs)
        assert code == 0, output
        outputs[jobs] = output.replace(f"jobs-{jobs}/", "")
    digests = [{p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / f"jobs-{jobs}").glob("*.zip")}
               for jobs in ("1", "3")]
    assert len(digests[0]) == 3
    assert digests[0] == digests[1]
    assert outputs["1"] == outputs["3"]


WRITERS_SCRIPT = """
import os, sys
from scr_course import package_jobs
real_write = package_jobs._write

def recording(files, path):  # one short line per package, from whichever process wrote it
    with open("writers.txt", "a") as log:
        log.write(f"{os.getpid()} {path.name}\\n")
    return real_write(files, path)

package_jobs._write = recording
if sys.argv[1] == "failing":
    package_jobs.write_zip = lambda files, path: path.parent.joinpath("x").open("rb").read()
print(os.getpid(), flush=True)
from scr_course.cli import main
main(sys.argv[2:])
"""


def test_packages_are_written_by_forked_processes_and_their_failures_reach_the_author(tmp_path: Path) -> None:
    """Issue 24: with two or more packages and cores, each zip is checked and written by a forked
    process (threads took turns with the interpreter lock). The bytes are those of one process,
    and a write that fails in a worker is the usual one-line error, not a traceback.

    Each build runs in a fresh interpreter, as the CLI does: a build forks only when no other
    thread runs, and the test process may have some left by other tests."""
    def build_logged(how: str, out: str, jobs: str) -> tuple[int, int, list[list[str]]]:
        (tmp_path / "writers.txt").unlink(missing_ok=True)
        result = subprocess.run([sys.executable, "-c", WRITERS_SCRIPT, how, "build", "--src", str(REPO / "course_src"),
                                 "--out", out, "--no-cache", "--jobs", jobs],
                                cwd=tmp_path, capture_output=True, text=True, check=False)
        written = (tmp_path / "writers.txt").read_text() if (tmp_path / "writers.txt").exists() else ""
        assert "Traceback" not in result.stderr, result.stderr
        return result.returncode, int(result.stdout.split()[0]), [line.split() for line in written.splitlines()]

    code, build_pid, lines = build_logged("recording", "forked", "2")
    assert code == 0
    assert sorted(name for _, name in lines) == sorted(p.name for p in (tmp_path / "forked").glob("*.zip"))
    assert len(lines) == 3 and all(int(pid) != build_pid for pid, _ in lines), (build_pid, lines)
    code, build_pid, lines = build_logged("recording", "alone", "1")
    assert code == 0 and {int(pid) for pid, _ in lines} == {build_pid}
    for package in (tmp_path / "alone").glob("*.zip"):
        assert (tmp_path / "forked" / package.name).read_bytes() == package.read_bytes(), package.name

    result = subprocess.run([sys.executable, "-c", WRITERS_SCRIPT, "failing", "build", "--src", str(REPO / "course_src"),
                             "--out", "forked", "--no-cache", "--jobs", "2"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "forked: error: cannot write the output here (No such file or directory)" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("packaging", ["sco-per-module", "package-per-module"])
def test_scos_rendered_once_for_every_target_give_the_bytes_of_one_render_per_package(
        packaging: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: each SCO is rendered once for all three targets and its files compressed once, in
    forked workers, then written into each zip as compressed bytes. The zips must be exactly those
    of rendering each package on its own and writing it whole (the old way)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "course_src", "src")
    config = Path("src/course.yml")
    config.write_text(config.read_text().replace("packaging: single", f"packaging: {packaging}"))
    report = pipeline.check(Path("src"))
    assert report.course is not None and not report.failed()
    targets = (BuildTarget.SCORM12, BuildTarget.SCORM2004, BuildTarget.CMI5)
    plans = plan_packages(report.course)
    assert sum(len(plan.scos) for plan in plans) == 6
    for jobs in (1, 3):
        results = make_packages(report.course, targets, Path(f"shared-{jobs}"), jobs)
        assert len(results) == 3 * len(plans) and not any(r.refused for r in results)
    for target in targets:
        for plan in plans:
            name = zip_name(plan, target)
            one_by_one = package_one(report.course, (plan, target, Path("alone") / name))
            expected = one_by_one.path.read_bytes()
            assert Path("shared-1", name).read_bytes() == expected, name
            assert Path("shared-3", name).read_bytes() == expected, name


@pytest.mark.parametrize("problem", ["error", "strict warning"])
def test_scos_rendered_ahead_of_failing_checks_are_never_written(problem: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: forked workers start rendering as soon as the state keys are made, while the
    whole-course checks still run. When those checks fail (an error, or a warning with --strict),
    the workers are stopped and no zip is written; earlier output stays as it was."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "course_src", "src")
    config = Path("src/course.yml")
    config.write_text(config.read_text().replace("packaging: single", "packaging: sco-per-module"))
    module = next(Path("src/modules").glob("02-*.md"))
    if problem == "error":  # a question id used in module 1 too: found by the whole-course checks
        module.write_text(module.read_text().replace("id=m2-persistent-pattern", "id=m1-review-purpose"))
        expected = "error: duplicate question id 'm1-review-purpose'"
    else:
        expected = "error: 'packaging: sco-per-module' with the scorm2004 target"  # --strict: warnings fail
    Path("out").mkdir()
    Path("out/earlier.zip").write_bytes(b"an earlier package")
    started = []
    original = package_jobs.RenderAhead.start

    def spy(self: package_jobs.RenderAhead, course: object) -> None:
        original(self, course)  # type: ignore[arg-type]
        started.append(self._pool is not None)

    monkeypatch.setattr(package_jobs.RenderAhead, "start", spy)
    code, output = build("--src", "src", "--out", "out", "--no-cache", "--jobs", "2",
                         *(["--strict"] if problem != "error" else []))
    assert code == 1, output
    assert expected in output
    assert started == [True]  # the workers were rendering when the checks failed
    assert sorted(p.name for p in Path("out").iterdir() if p.name != ".scr-cache") == ["earlier.zip"]
    assert Path("out/earlier.zip").read_bytes() == b"an earlier package"
    assert multiprocessing.active_children() == []


def test_scos_rendered_ahead_are_what_the_build_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the checks pass, the build takes the workers' rendering (it does not render again) and
    writes the bytes a one-process build writes."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "course_src", "src")
    config = Path("src/course.yml")
    config.write_text(config.read_text().replace("packaging: single", "packaging: sco-per-module"))
    taken = []
    original = package_jobs.RenderAhead.take

    def spy(self: package_jobs.RenderAhead, course: object, targets: object) -> object:
        result = original(self, course, targets)  # type: ignore[arg-type]
        taken.append(result is not None)
        return result

    monkeypatch.setattr(package_jobs.RenderAhead, "take", spy)
    for jobs in ("1", "2"):
        code, output = build("--src", "src", "--out", f"out-{jobs}", "--no-cache", "--jobs", jobs)
        assert code == 0, output
    assert taken == [False, True]  # --jobs 1 renders in process; --jobs 2 took the workers' SCOs
    ones = sorted(Path("out-1").glob("*.zip"))
    assert len(ones) == 3
    assert all(p.read_bytes() == Path("out-2", p.name).read_bytes() for p in ones)


@pytest.mark.parametrize("worker", ["slow", "losing its claims"])
def test_the_build_renders_what_its_workers_have_not(worker: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers and the build's own process claim SCOs one by one: once its checks are done, the build
    renders those no worker has reached (a slow worker), and any a worker claimed but never sent
    back (a lost claim). Either way, the bytes of a one-process build."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "course_src", "src")
    config = Path("src/course.yml")
    config.write_text(config.read_text().replace("packaging: single", "packaging: sco-per-module"))
    assert build("--src", "src", "--out", "alone", "--no-cache", "--jobs", "1")[0] == 0
    parent = os.getpid()
    original = package_jobs._render_claimed
    rendered_here: list[int] = []

    def claimed(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() == parent:
            result = original(*args, **kwargs)
            rendered_here.extend(index for index, *_ in result)
            return result
        if worker == "slow":
            import time

            time.sleep(1)  # busy elsewhere: it claims nothing, so every SCO is left to the build
            return []
        list(args[4].drain())  # claims every SCO, then loses them
        return []

    monkeypatch.setattr(package_jobs, "_render_claimed", claimed)
    code, output = build("--src", "src", "--out", "shared", "--no-cache", "--jobs", "2")
    assert code == 0, output
    if worker == "slow":
        assert sorted(rendered_here) == list(range(6))  # every SCO of the sample course, here
    alone = sorted(Path("alone").glob("*.zip"))
    assert len(alone) == 3
    assert all(p.read_bytes() == Path("shared", p.name).read_bytes() for p in alone)
    assert multiprocessing.active_children() == []


def test_a_build_that_cannot_fork_renders_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No more processes allowed (or no memory to fork): the render workers are not started, and the
    build renders the SCOs itself, with the same bytes, instead of failing."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "course_src", "src")
    config = Path("src/course.yml")
    config.write_text(config.read_text().replace("packaging: single", "packaging: sco-per-module"))
    assert build("--src", "src", "--out", "forked", "--no-cache", "--jobs", "2")[0] == 0

    def no_fork(*args: object, **kwargs: object) -> object:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", no_fork)
    code, output = build("--src", "src", "--out", "unforked", "--no-cache", "--jobs", "2")
    assert code == 0, output
    forked = sorted(Path("forked").glob("*.zip"))
    assert len(forked) == 3
    assert all(p.read_bytes() == Path("unforked", p.name).read_bytes() for p in forked)


def test_problems_found_by_helper_processes_come_out_in_source_order(write_course: Callable[..., Path]) -> None:
    """Diagnostics made in forked helpers are reported as in a one-process build: every one, in
    source order, as path:line: error, exit 1, no traceback."""
    files = {f"modules/{n:02d}-m{n}.md": f"---\nduration: ten\n---\n# Module {n}\n\n## Page\n\nText.\n\n"
             f"::: nonsense\nBody.\n:::\n" for n in range(1, 7)}
    root = write_course(files)
    results = {jobs: build("--src", str(root), "--out", f"out-{jobs}", "--no-cache", "--jobs", jobs)
               for jobs in ("1", "3")}
    assert results["1"] == results["3"]
    code, output = results["3"]
    assert code == 1
    errors = [line for line in output.splitlines() if ": error: " in line]
    assert len(errors) == 12, output
    assert errors == sorted(errors, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert errors[0].startswith("src/modules/01-m1.md:2: error: 'duration' must be a whole number")
    assert not (root.parent / "out-3").exists() or not list((root.parent / "out-3").glob("*.zip"))


def test_check_and_build_run_with_fewer_collections_then_restore_them(course: Callable[[str], Path],
                                                                     tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    during: list[tuple[int, int, int]] = []
    real_check_course = pipeline.check_course

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        during.append(gc.get_threshold())
        return real_check_course(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check_course", recording)
    before = gc.get_threshold()
    assert before != pipeline.GC_THRESHOLDS
    source = course("minimal")
    report = pipeline.build(pipeline.BuildOptions(src=source, out=tmp_path / "out"))
    assert report.packages and not report.failed(False)
    pipeline.check(source)
    assert during == [pipeline.GC_THRESHOLDS, pipeline.GC_THRESHOLDS]
    assert gc.get_threshold() == before

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a check that fails half-way")

    monkeypatch.setattr(pipeline, "check_course", failing)
    with pytest.raises(RuntimeError):
        pipeline.build(pipeline.BuildOptions(src=source, out=tmp_path / "out2"))
    assert gc.get_threshold() == before  # also when the build stops half-way


def test_page_templates_are_compiled_before_render_workers_fork(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: workers inherit the compiled page template and its partials instead of each
    compiling them again; and rendering a SCO then compiles nothing more (the partials list is whole)."""
    import jinja2

    from scr_course.render.html import SCO_PARTIALS, SCO_TEMPLATE, sco_template
    from scr_course.render.page_templates import jinja_environment

    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "course_src", "src")
    config = Path("src/course.yml")
    config.write_text(config.read_text().replace("packaging: single", "packaging: sco-per-module"))
    jinja_environment.cache_clear()
    compiled_at_fork: list[set[str]] = []
    real_context = multiprocessing.get_context

    class Spy:
        def __init__(self, method: str) -> None:
            self.context = real_context(method)

        def __getattr__(self, name: str) -> object:  # the parse helpers' pipes and processes
            return getattr(self.context, name)

        def Pool(self, processes: int, *setup: object) -> object:  # multiprocessing's own name
            compiled_at_fork.append({key[1] for key in jinja_environment().cache})
            return self.context.Pool(processes, *setup)  # type: ignore[arg-type]

    monkeypatch.setattr(package_jobs.multiprocessing, "get_context", Spy)
    code, output = build("--src", "src", "--out", "out", "--no-cache", "--jobs", "2")
    assert code == 0, output
    # The first pool renders; the later one, if any, writes the zips (and renders nothing).
    assert compiled_at_fork[0] == {SCO_TEMPLATE, *SCO_PARTIALS}

    compiles: list[str | None] = []
    real_compile = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiles.append(name)
        return real_compile(self, source, name, *args)  # type: ignore[arg-type]

    jinja_environment.cache_clear()
    sco_template()
    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    code, output = build("--src", "src", "--out", "out-1", "--no-cache", "--jobs", "1")
    assert code == 0, output
    assert [name for name in compiles if name and name.endswith(".html.j2")] == []
