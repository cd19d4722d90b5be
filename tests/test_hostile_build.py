"""Issue 19 on the build side: a forged cache (H4), the output folder as course content (H4), stale
temporary zips from killed builds (L10), and full or read-only output folders (L11)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.parse.cache import key_path
from scr_course.pipeline import CACHE_FILE


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result.exit_code, result.output


def zips(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.zip"))}


def every_entry(folder: Path) -> bytes:
    data = b""
    for package in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(package) as archive:
            data += b"".join(archive.read(name) for name in archive.namelist())
    return data


def test_a_cache_with_edited_html_is_ignored_with_a_note(course: Callable[[str], Path], tmp_path: Path) -> None:
    """H4: someone who can write build/ edits the cached HTML; the packages are what the source makes."""
    root = course("question-types")
    assert run("build", "--src", str(root), "--out", "out")[0] == 0
    cache = tmp_path / "out" / CACHE_FILE
    text = cache.read_text(encoding="utf-8")
    forged = text.replace("<p>", '<p><script src="evil.js"></script>', 1)
    assert forged != text
    cache.write_text(forged, encoding="utf-8")
    (tmp_path / "out" / "evil.js").write_text("parent.API.LMSSetValue('cmi.core.lesson_status','passed')")
    code, output = run("build", "--src", str(root), "--out", "out")
    assert code == 0, output
    assert "not signed with this user's cache key (written by someone else, or edited); ignored, rebuilding" in output
    assert b"evil.js" not in every_entry(tmp_path / "out")
    run("build", "--src", str(root), "--out", "fresh", "--no-cache")
    assert zips(tmp_path / "out") == zips(tmp_path / "fresh")


def test_a_cache_signed_by_another_user_is_ignored(course: Callable[[str], Path], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI cache or shared drive holds a cache another account signed: valid, but not ours."""
    root = course("minimal")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    assert run("build", "--src", str(root), "--out", "out")[0] == 0
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "this-user"))
    code, output = run("build", "--src", str(root), "--out", "out")
    assert code == 0 and "not signed with this user's cache key" in output, output
    code, output = run("build", "--src", str(root), "--out", "out")  # now signed by this user: used quietly
    assert code == 0 and "note:" not in output, output


def test_the_key_lives_outside_the_build_folder_readable_by_its_owner_only(course: Callable[[str], Path],
                                                                           tmp_path: Path) -> None:
    root = course("minimal")
    assert run("build", "--src", str(root), "--out", "out")[0] == 0
    key = key_path()
    assert not key.is_relative_to(tmp_path / "out")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.stat().st_size == 32
    key.chmod(0o644)  # a key others can read could sign a forged cache: not used
    code, output = run("build", "--src", str(root), "--out", "out")
    assert code == 0, output
    assert "the cache key must be 32 bytes readable by its owner only; parse cache not used" in output


def test_the_output_folder_inside_the_course_is_never_course_content(write_course: Callable[..., Path],
                                                                     tmp_path: Path) -> None:
    """H4: the 'new course' layout puts build/ in the course; a .js dropped there and named in a page fails."""
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\nSee [the tool](../build/helper.js).\n"})
    (root / "build").mkdir()
    (root / "build" / "helper.js").write_text("parent.API.LMSFinish('')", encoding="utf-8")
    code, output = run("build", "--src", str(root), "--out", str(root / "build"))
    assert code == 1, output
    assert ("src/modules/01-a.md:5: error: link '../build/helper.js': file not found in the course folder "
            "(paths are relative to the Markdown file, modules/01-a.md); 'build/' is the output folder, which is "
            "never course content [link.broken]") in output
    assert not list((root / "build").glob("*.zip"))


def test_a_folder_holding_a_parse_cache_is_not_course_content(write_course: Callable[..., Path],
                                                              tmp_path: Path) -> None:
    """An old output folder (it holds .scr-cache) stays out even when this build writes elsewhere."""
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\n![A dot](../old-build/dot.png)\n"})
    (root / "old-build" / ".scr-cache").mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "fixtures" / "courses" / "blocks" / "media" / "bands.png",
                root / "old-build" / "dot.png")
    code, output = run("check", "--src", str(root))
    assert code == 1
    assert "'old-build/' is the output folder, which is never course content [asset.missing]" in output


def test_temporary_zips_left_by_a_killed_build_are_swept(course: Callable[[str], Path], tmp_path: Path) -> None:
    """L10: kill -9 during a build leaves '.name.zip.XXXXXXXX.tmp'; the next build removes them (only ours)."""
    root = course("minimal")
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".tiny-scorm12.zip.k2j8_x0a.tmp", out / ".review.html.abcdefgh.tmp"]
    kept = [out / ".notes.zip.swp", out / "my.zip.abcdefgh.tmp", out / ".x.zip.abcdefgh.tmp.keep"]
    for path in stale + kept:
        path.write_bytes(b"\0" * 1024)
        os.utime(path, (time.time() - 600, time.time() - 600))
    fresh = out / ".other-build.zip.zzzzzzzz.tmp"  # another build, still writing as this one starts
    fresh.write_bytes(b"\0")
    os.utime(fresh, (time.time() + 60, time.time() + 60))
    code, output = run("build", "--src", str(root), "--out", str(out))
    assert code == 0, output
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in [*kept, fresh])


def test_a_build_killed_mid_write_leaves_nothing_after_the_next_build(course: Callable[[str], Path],
                                                                      tmp_path: Path) -> None:
    """L10 for real: SIGKILL a build process while it writes, then build again."""
    root = course("question-types")
    out = tmp_path / "out"
    script = ("import sys, time, scr_course.package as p\n"
              "real = p.zip_entry\n"
              "def slow(href):\n"
              "    time.sleep(0.05)\n"
              "    return real(href)\n"
              "p.zip_entry = slow\n"
              "from scr_course.cli import main\n"
              f"main(['build', '--src', {str(root)!r}, '--out', {str(out)!r}, '--no-cache'])\n")
    process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob(".*.tmp")):
        time.sleep(0.02)
    process.kill()
    _, errors = process.communicate()  # read to its end: when the build's workers have gone too
    # Its workers (forked to write the zips) end with it: none finishes a zip or prints a traceback.
    assert "Traceback" not in errors, errors
    assert not list(out.glob("*.zip"))
    left = list(out.glob(".*.zip.*.tmp"))
    assert left, "the build was killed before it wrote a temporary zip"
    for path in left:
        os.utime(path, (time.time() - 5, time.time() - 5))
    code, output = run("build", "--src", str(root), "--out", str(out))
    assert code == 0, output
    assert not list(out.glob(".*.tmp"))


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder nobody may write: chmod, and for root (whom chmod does not stop) the immutable flag."""
    folder.chmod(0o555)
    immutable = False
    probe = folder / ".probe"
    try:
        try:
            probe.touch()
        except OSError:
            pass
        else:
            probe.unlink()
            subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
            immutable = True
        with pytest.raises(OSError):
            probe.touch()
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_read_only_output_folder_is_one_clear_line(course: Callable[[str], Path], tmp_path: Path) -> None:
    root = course("minimal")
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.zip").write_bytes(b"the last good package")
    with read_only(out):
        result = CliRunner().invoke(main, ["build", "--src", str(root), "--out", str(out)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"{out}: error: cannot write the output here (")
    assert [p.name for p in out.iterdir()] == ["earlier.zip"]
    assert (out / "earlier.zip").read_bytes() == b"the last good package"


@pytest.mark.parametrize("command", [["build"], ["export", "review", "--format", "html"]])
def test_a_full_disk_is_one_clear_line(command: list[str], course: Callable[[str], Path], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """L11: every write goes to /dev/full, which fails with ENOSPC as a full disk does."""
    import scr_course.package as package

    real_fdopen = os.fdopen

    def to_full_device(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        os.close(fd)
        return open("/dev/full", mode)  # closed by the caller's with-block

    monkeypatch.setattr(package.os, "fdopen", to_full_device)
    root = course("minimal")
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.zip").write_bytes(b"the last good package")
    result = CliRunner().invoke(main, [*command, "--src", str(root), "--out", str(out)])
    monkeypatch.setattr(package.os, "fdopen", real_fdopen)
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        f"{out}: error: cannot write the output here (No space left on device); earlier files in it are unchanged. "
        "Free some space, or choose a folder you can write to with --out"]
    assert [p.name for p in out.iterdir()] == ["earlier.zip"]


def test_the_cache_file_on_disk_is_signed_plain_data(course: Callable[[str], Path], tmp_path: Path) -> None:
    root = course("minimal")
    assert run("build", "--src", str(root), "--out", "out")[0] == 0
    header, signature = (json.loads(line) for line in (tmp_path / "out" / CACHE_FILE).read_text().splitlines()[:2])
    assert header[0] == "scr-course parse cache"
    assert signature[0] == "hmac-sha256" and len(signature[1]) == 64
