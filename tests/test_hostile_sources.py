"""Issue 19 on the source side, beyond the broken corpus: what reaches a package from raw HTML (L3, L4,
M4), control characters in the review export (L5), and parsing work that grows with the input, not its
square (M2). Timings are measured in benchmarks/hostile_sources.py, not here."""

from __future__ import annotations

import importlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.parse.markdown import make_markdown

FENCES = importlib.import_module("scr_course.parse.markdown.container_rule")
"""The module (the package exports a function of the same name)."""

ALLOW = "id: raw\ntitle: Raw\nversion: '1'\nhtml: allow\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result.exit_code, result.output


def page_html(out: Path) -> str:
    (package,) = out.glob("*scorm12.zip")
    with zipfile.ZipFile(package) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith((".html", "-pages.js")))


def test_allowed_raw_html_reaches_the_package_only_through_the_sanitiser(write_course: Callable[..., Path],
                                                                         tmp_path: Path) -> None:
    root = write_course({"course.yml": ALLOW, "modules/01-a.md": (
        "# A\n\n## P\n\n"
        '<p class="overlay" id="scr-app">Kept <abbr title="Serious Case Review">SCR</abbr> text.</p>\n\n'
        'See <a href="https://example.org/report">the report</a> and <a href="#p">this page</a>.\n')})
    code, output = run("build", "--src", str(root), "--out", "out", "--target", "scorm12")
    assert code == 0, output
    assert "src/modules/01-a.md:5: warning: raw HTML attribute 'class' on <p> is not allowed, so it is removed" in output
    html = page_html(tmp_path / "out")
    assert '<p>Kept <abbr title="Serious Case Review">SCR</abbr> text.</p>' in html
    assert 'id="scr-app"' not in html and 'class="overlay"' not in html
    assert re.search(r'<a target="_blank" href="https://example.org/report" rel="noopener noreferrer">', html)
    assert '<a href="#p" rel="noopener noreferrer">this page</a>' in html


def test_without_html_allow_raw_html_stays_text(write_course: Callable[..., Path], tmp_path: Path) -> None:
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\n<a href=\"jav&#x61;script:x\">x</a>\n"})
    code, output = run("build", "--src", str(root), "--out", "out", "--target", "scorm12")
    assert code == 0, output
    assert "<p>&lt;a href=&quot;javascript:x&quot;&gt;x&lt;/a&gt;</p>" in page_html(tmp_path / "out")


def test_control_characters_never_crash_the_review_export(write_course: Callable[..., Path]) -> None:
    """L5: ESC in a chart label and a title, U+FFFE in a cell: one line each, exit 1, nothing written."""
    root = write_course({
        "course.yml": 'id: l5\ntitle: "Title \\e[2J"\nversion: \'1\'\n',
        "modules/01-a.md": "# A \x1b[31m\n\n## P\n\n::: chart type=bar title=\"Chart\x0b\"\n| Year | N |\n|---|---|\n"
                           "| 2014\ufffe | 1 |\n:::\n"})
    for command in (["export", "review", "--out", "review"], ["build", "--out", "out"]):
        code, output = run(*command, "--src", str(root))
        assert code == 1, output
        assert output.count("[source.encoding]") == 4, output
    assert not (root.parent / "review").exists() and not (root.parent / "out").exists()


def test_container_scans_grow_with_the_file_not_its_square(monkeypatch: pytest.MonkeyPatch) -> None:
    """M2: how many lines the container rule looks at, for 1,000 and 4,000 unclosed openers."""
    calls = {"n": 0}
    real = FENCES._fence_at

    def counted(state: object, line: int) -> str | None:
        calls["n"] += 1
        return real(state, line)  # type: ignore[no-any-return]

    monkeypatch.setattr(FENCES, "_fence_at", counted)
    looked = []
    for openers in (1_000, 4_000):
        calls["n"] = 0
        tokens = make_markdown(False).parse("# A\n\n## P\n\n" + "::: details\n" * openers)
        assert sum(t.type == "container_open" for t in tokens) == openers
        assert not any(t.meta.get("closed") for t in tokens if t.type == "container_open")
        looked.append(calls["n"])
    assert looked[1] <= 4.5 * looked[0], looked  # quadratic work would be 16 times


def test_unclosed_containers_and_comments_are_each_reported(write_course: Callable[..., Path]) -> None:
    """M2: under the budget, every unclosed container is still named, and the unclosed comment once."""
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\n" + "::: details Title\n" * 3_000,
                         "modules/02-b.md": "# B\n\n## P\n\nText.\n\n" + "<!--\n" * 4_000})
    code, output = run("check", "--src", str(root))
    assert code == 1
    assert output.count("is never closed; end it with a line ':::' [container.unclosed]") == 3_000
    assert output.count("[html.comment]") == 1
