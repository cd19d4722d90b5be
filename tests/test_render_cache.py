"""The render cache (issue 24): a SCO is rendered again only when something it is made from has
changed, and the zips are always the bytes a build without any cache writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course import package_jobs, render_cache
from scr_course.cli import main
from scr_course.model import BuildTarget, Course, Sco
from scr_course.pipeline import RENDER_CACHE_FILE
from scr_course.render import render_sco_targets
from scr_course.render_cache import KEYED_COURSE_FIELDS, UNKEYED_COURSE_FIELDS, RenderCache


def build(src: Path, out: str, *flags: str) -> str:
    result = CliRunner().invoke(main, ["build", "--src", str(src), "--out", out, *flags])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return result.output


def zips(folder: str) -> dict[str, bytes]:
    found = {p.name: p.read_bytes() for p in sorted(Path(folder).glob("*.zip"))}
    assert found
    return found


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the SCOs rendered (in this process: the builds below run with --jobs 1)."""
    seen: list[str] = []

    def counting(course: Course, sco: Sco, targets: tuple[BuildTarget, ...]) -> dict[BuildTarget, object]:
        seen.append(sco.id)
        return render_sco_targets(course, sco, targets)  # type: ignore[return-value]

    monkeypatch.setattr(package_jobs, "render_sco_targets", counting)
    return seen


@pytest.fixture
def per_module(course: Callable[[str], Path]) -> Path:
    """Three modules, one SCO each; the last one's questions name the first two as topics."""
    root = course("assessment")
    config = root / "course.yml"
    config.write_text(config.read_text(encoding="utf-8") + "packaging: sco-per-module\n", encoding="utf-8")
    return root


def test_every_field_of_a_course_is_keyed_or_named_as_not_read() -> None:
    """A field added to Course must be weighed: a SCO's files that read it need it in the key."""
    names = {f.name for f in dataclasses.fields(Course)}
    assert names == set(KEYED_COURSE_FIELDS) | set(UNKEYED_COURSE_FIELDS)


def test_a_rebuild_without_edits_renders_nothing_and_writes_the_same_zips(per_module: Path,
                                                                         rendered: list[str]) -> None:
    build(per_module, "out", "--jobs", "1")
    assert sorted(rendered) == ["colours", "final", "numbers"]
    first = zips("out")
    rendered.clear()
    # The second build's model comes from the parse cache, not a fresh parse: same keys all the same.
    build(per_module, "out", "--jobs", "1")
    assert rendered == []
    assert zips("out") == first
    build(per_module, "fresh", "--jobs", "1", "--no-cache")
    assert zips("fresh") == first
    assert not (Path("fresh") / RENDER_CACHE_FILE).exists()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _catalogue(root: Path) -> None:
    """Interface strings from the course's own catalogue: the course's strings change, course.yml does not."""
    (root / "locale").mkdir()
    (root / "locale" / "en-GB.yml").write_text("nav.next: Onwards\n", encoding="utf-8")


EDITS: dict[str, tuple[Callable[[Path], None], set[str]]] = {
    "a paragraph of one module": (
        lambda root: _edit(root / "modules/02-numbers.md", "Whole numbers and their order.",
                           "Whole numbers, and the order they come in."), {"numbers"}),
    # Every SCO's key holds every module's title (a question's topic names one): all are redone.
    "the title of a module another module's questions name as a topic": (
        lambda root: _edit(root / "modules/01-colours.md", "\n# Colours", "\n# Colours we see"),
        {"colours", "numbers", "final"}),
    "the course title": (
        lambda root: _edit(root / "course.yml", "title: Assessment flow test course", "title: Assessment flow"),
        {"colours", "numbers", "final"}),
    "an interface string": (
        lambda root: _edit(root / "course.yml", "packaging:", "strings:\n  nav.next: Continue\npackaging:"),
        {"colours", "numbers", "final"}),
    "the course's own catalogue of interface strings": (_catalogue, {"colours", "numbers", "final"}),
    "a question added to one module (new state keys)": (
        lambda root: _edit(root / "modules/02-numbers.md", "::: question id=k-even",
                           "::: question id=k-odd\nWhich of these numbers is odd?\n\n- [x] Three\n- [ ] Four\n"
                           "- [ ] Six\n:::\n\n::: question id=k-even"), {"colours", "numbers", "final"}),
    "the pass mark": (
        lambda root: _edit(root / "course.yml", "pass_mark: 75", "pass_mark: 80"),
        {"colours", "numbers", "final"}),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_after_each_kind_of_edit_the_zips_are_a_fresh_builds_bytes(per_module: Path, rendered: list[str],
                                                                    edit: str) -> None:
    change, redone = EDITS[edit]
    build(per_module, "out", "--jobs", "1")
    before = zips("out")
    change(per_module)
    rendered.clear()
    build(per_module, "out", "--jobs", "1")
    assert set(rendered) == redone
    build(per_module, "fresh", "--jobs", "1", "--no-cache")
    assert zips("out") == zips("fresh") != before


def test_forked_render_workers_take_their_scos_from_the_cache(per_module: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    build(per_module, "out", "--jobs", "2")
    first = zips("out")

    def refuse(*_: object) -> None:
        raise AssertionError("rendered although the cache holds every SCO")

    # Forked workers inherit the patch: a render in any process fails the build.
    monkeypatch.setattr(package_jobs, "render_sco_targets", refuse)
    build(per_module, "out", "--jobs", "2")
    assert zips("out") == first


def test_a_damaged_or_forged_render_cache_is_never_used(per_module: Path, rendered: list[str]) -> None:
    """Whoever can write the build folder cannot put bytes into a package through the cache."""
    build(per_module, "out", "--jobs", "1")
    first = zips("out")
    cache = Path("out") / RENDER_CACHE_FILE
    data = bytearray(cache.read_bytes())
    data[-100] ^= 0x20  # one bit of one SCO's compressed bytes
    cache.write_bytes(bytes(data))
    rendered.clear()
    output = build(per_module, "out", "--jobs", "1")
    assert (f"note: {cache}: not signed with this user's cache key (written by someone else, or edited); "
            "ignored, rendering afresh") in output
    assert sorted(rendered) == ["colours", "final", "numbers"]
    assert zips("out") == first
    assert RenderCache.load(cache).loaded == 3  # written afresh, and signed
    cache.write_bytes(cache.read_bytes()[:200])  # cut short: its signature cannot match either
    assert "ignored, rendering afresh" in build(per_module, "out", "--jobs", "1")
    cache.write_bytes(b'{"some": "other tool"}\n')
    assert f"note: {cache}: corrupt; render cache ignored, rendering afresh" in build(per_module, "out", "--jobs", "1")
    header = cache.read_bytes().partition(b"\n")[0]
    cache.write_bytes(header.replace(b'"scr-course render cache", 1', b'"scr-course render cache", 0') + b"\n")
    assert "note:" not in build(per_module, "out", "--jobs", "1")  # an older version's: quietly


def test_a_render_cache_signed_by_another_user_is_not_used(per_module: Path, rendered: list[str],
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    build(per_module, "out", "--jobs", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "this-user"))
    assert RenderCache.load(Path("out") / RENDER_CACHE_FILE).loaded == 0
    rendered.clear()
    output = build(per_module, "out", "--jobs", "1")
    assert f"note: {Path('out') / RENDER_CACHE_FILE}: not signed with this user's cache key" in output
    assert sorted(rendered) == ["colours", "final", "numbers"]


def test_another_build_of_the_tool_renders_every_sco_again(per_module: Path, rendered: list[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Edited code or templates under the same version number must never reuse older pages."""
    build(per_module, "out", "--jobs", "1")
    monkeypatch.setattr(render_cache, "tool_fingerprint", lambda: b"another build of scr-course")
    rendered.clear()
    build(per_module, "out", "--jobs", "1")
    assert sorted(rendered) == ["colours", "final", "numbers"]


def test_the_fingerprint_covers_the_templates_the_code_and_the_libraries() -> None:
    """The files whose bytes make a page are all read for the tool's fingerprint."""
    names = [name for name, _ in render_cache.fingerprinted_files()]
    assert "scorm_templates/html/sco.html.j2" in names
    assert "scr_course/render/html.py" in names and "scr_course/render/data.py" in names
    assert any(name.startswith("scorm_templates/runtime/js/") for name in names)
    assert any(name.startswith("scorm_templates/locale/") for name in names)
    assert "jinja2/environment.py" in names and "markupsafe/__init__.py" in names
    assert any(name.startswith("deflate/") and ".so" in name for name in names)  # libdeflate itself
    assert any(name.startswith("_rjsmin") for name in names)
    assert not any("__pycache__" in name for name in names)


def test_a_logo_of_another_size_renders_the_pages_again(course: Callable[[str], Path], rendered: list[str]) -> None:
    """The pages give the logo's measured size (no layout shift): a new file, same name, is a new page."""
    root = course("blocks")
    build(root, "out", "--jobs", "1")
    _edit(root / "media/logo.svg", 'width="120" height="40"', 'width="150" height="50"')
    rendered.clear()
    build(root, "out", "--jobs", "1")
    assert rendered
    build(root, "fresh", "--jobs", "1", "--no-cache")
    assert zips("out") == zips("fresh")


def test_a_translated_course_is_kept_apart_from_its_source(course: Callable[[str], Path], rendered: list[str]) -> None:
    """The Welsh SCO has the English one's ids and files but not its words: its own key, its own entry."""
    root = course("bilingual")
    build(root, "out", "--jobs", "1")
    assert len(rendered) == 2  # the English SCO and the Welsh one
    rendered.clear()
    build(root, "out", "--jobs", "1")
    assert rendered == []
    build(root, "fresh", "--jobs", "1", "--no-cache")
    assert zips("out") == zips("fresh")
    assert len({name for name in zips("out") if "-cy-" in name}) == 2


def test_a_build_of_one_target_keeps_the_others_pages(per_module: Path, rendered: list[str]) -> None:
    build(per_module, "out", "--jobs", "1")
    rendered.clear()
    build(per_module, "one", "--jobs", "1", "--target", "scorm12")  # another folder: its own, empty cache
    build(per_module, "out", "--jobs", "1", "--target", "scorm12")
    assert sorted(rendered) == ["colours", "final", "numbers"]  # only the first of the two
    rendered.clear()
    build(per_module, "out", "--jobs", "1")
    assert rendered == []


JINJA_AFTER_BUILD = """
import sys
from scr_course.cli import main
try:
    main(["build", "--src", sys.argv[1], "--out", sys.argv[2], "--jobs", "1"])
except SystemExit as end:
    print("jinja2" in sys.modules, end.code)
"""


def test_a_build_whose_scos_all_come_from_the_cache_never_imports_jinja(per_module: Path) -> None:
    """Issue 24: importing Jinja was 0.1 s of every build, on one core, before anything else could start."""
    import subprocess
    import sys

    def jinja_imported() -> str:
        result = subprocess.run([sys.executable, "-c", JINJA_AFTER_BUILD, str(per_module), "out"],
                                capture_output=True, text=True, check=True)
        return result.stdout.strip().splitlines()[-1]

    assert jinja_imported() == "True 0"  # the first build renders every page
    assert jinja_imported() == "False 0"
