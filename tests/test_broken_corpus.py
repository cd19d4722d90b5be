"""The broken-course corpus: every case fails cleanly, with the right file and line, leaving old output alone."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main

from .conftest import REPO

CORPUS = REPO / "tests" / "fixtures" / "broken"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def _build(src: str, out: Path, *options: str) -> tuple[int, list[str], str]:
    previous = out / "previous-scorm12.zip"
    previous.parent.mkdir()
    previous.write_bytes(b"the last good package")
    result = CliRunner().invoke(main, ["build", "--src", src, "--out", str(out), *options])
    assert "Traceback" not in result.output and "internal error" not in result.output
    lines = [line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line]
    return result.exit_code, lines, result.output


def _untouched(out: Path) -> bool:
    return [p.name for p in out.iterdir()] == ["previous-scorm12.zip"] and \
        (out / "previous-scorm12.zip").read_bytes() == b"the last good package"


@pytest.mark.parametrize("name", CASES)
def test_broken_course_reports_every_expected_error(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """expected.txt holds every diagnostic line. A case with errors fails the build; a case with only
    warnings builds, and fails under --strict, where the same lines read 'error:'."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(CORPUS / name, tmp_path / "src", ignore=shutil.ignore_patterns("expected.txt"))
    expected = (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, "every case must expect at least one diagnostic"
    code, lines, output = _build("src", tmp_path / "build")
    assert lines == expected
    if any(": error: " in line for line in expected):
        assert code == 1, output
        assert _untouched(tmp_path / "build")
        return
    assert code == 0, output
    code, lines, output = _build("src", tmp_path / "strict", "--strict")
    assert code == 1, output
    assert lines == [line.replace(": warning: ", ": error: ", 1) for line in expected]
    assert _untouched(tmp_path / "strict")


def test_huge_source_file_is_refused_not_parsed(write_course: Callable[..., Path]) -> None:
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\n" + "word " * 600_000})
    result = CliRunner().invoke(main, ["check", "--src", "src"])
    assert result.exit_code == 1
    assert "src/modules/01-a.md: error: file is 3,000,011 bytes; source files may be at most 2,097,152" in result.output
    assert root.exists()


def test_deeply_nested_lists_in_prose_do_not_crash(write_course: Callable[..., Path]) -> None:
    nested = "".join("  " * depth + f"- level {depth}\n" for depth in range(200))
    write_course({"modules/01-a.md": f"# A\n\n## P\n\n{nested}\n> > > > > > > > > > > > > > > > quote\n"})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out"])
    assert result.exit_code == 0, result.output


def test_link_out_of_the_course_folder_is_never_packaged(write_course: Callable[..., Path], tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><title>secret</title></svg>")
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\n![Picture](../assets/secret.svg)\n"})
    (root / "assets").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out"])
    assert result.exit_code == 1
    assert "src/modules/01-a.md:5: error: image '../assets/secret.svg' is a link that leaves the course folder" in result.output


def test_raw_html_is_escaped_by_default_and_strict_refuses_it(write_course: Callable[..., Path], tmp_path: Path) -> None:
    write_course({"modules/01-a.md": "# A\n\n## P\n\n<script>alert('x')</script>\n\n<b>bold</b>\n"})
    result = CliRunner().invoke(main, ["build", "--src", "src", "--out", "out", "--target", "scorm12"])
    assert result.exit_code == 0
    assert "src/modules/01-a.md:5: warning: raw HTML is shown as text" in result.output
    import zipfile

    with zipfile.ZipFile(tmp_path / "out" / "tiny-1.0-scorm12.zip") as archive:
        html = archive.read("index.html").decode()
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html
    strict = CliRunner().invoke(main, ["build", "--src", "src", "--out", "strict", "--strict"])
    assert strict.exit_code == 1
    assert not (tmp_path / "strict").exists()
