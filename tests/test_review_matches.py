"""Issue 23: the review file matches the course (one time estimate; the DOCX keeps flow, emphasis and images)."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
from click.testing import CliRunner

from scr_course.authoring.summary import summarise_module
from scr_course.checks.timing import module_minutes
from scr_course.cli import main
from scr_course.pipeline import check


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PARAGRAPHS = [
    "Fire needs three things: **heat**, fuel\nand oxygen. Take one away and the fire\ngoes out.",
    "On a ward the **fuel** is everywhere:\nbedding, paper and *alcohol gel*.",
    "Oxygen cylinders make a fire burn\nfaster and **hotter**, so keep them closed.",
]
MODULE = f"""\
# Fire on the ward

## The fire triangle

{PARAGRAPHS[0]}

{PARAGRAPHS[1]}

![A red square standing for a fire](../assets/red.png)

{PARAGRAPHS[2]}

::: figure
![The fire triangle: heat, fuel and oxygen](../assets/triangle.svg)

The three things a fire needs.
:::

::: question id=q1
Which gas makes a fire burn
faster on a ward?

- [x] Oxygen from a cylinder.
  > Yes.
- [ ] Nitrogen in the air.
- [ ] Carbon dioxide from an extinguisher.
:::

::: reflection id=r1
Where is the nearest oxygen shut-off valve on your ward?
:::
"""
SVG = ("<svg xmlns='http://www.w3.org/2000/svg' width='120' height='100' viewBox='0 0 120 100'>"
       "<title>Triangle</title><path d='M60 5 L115 95 L5 95 Z' fill='#c00'/></svg>")


def _course(write_course: Callable[..., Path]) -> Path:
    return write_course({"modules/01-fire.md": MODULE, "assets/red.png": _png(40, 30), "assets/triangle.svg": SVG,
                         "modules/02-more.md": "# After the fire\n\n## Reporting\n\n" + "Report it. " * 150 + "\n"})


def test_one_time_estimate_everywhere(write_course: Callable[..., Path], tmp_path: Path) -> None:
    _course(write_course)
    course = check(Path("src")).course
    assert course is not None
    total = sum(module_minutes(m) for m in course.modules)
    # The old review counted words only; the course adds questions and the reflection's 4 minutes.
    words_only = sum(round((s.prose_words + s.question_words) / 200) for s in map(summarise_module, course.modules))
    assert total > words_only
    runner = CliRunner()
    assert runner.invoke(main, ["export", "review", "--src", "src", "--out", "out"]).exit_code == 0
    review_html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    footer = re.search(r"<tfoot>.*?</tfoot>", review_html, re.DOTALL)
    assert footer is not None
    assert re.findall(r"<td>([^<]*)</td>", footer.group(0))[-1] == str(total)
    document = docx.Document(str(next((tmp_path / "out").glob("*.docx"))))
    glance = next(t for t in document.tables if t.rows[0].cells[-1].text == "minutes")
    assert glance.rows[-1].cells[1].text == "Total" and glance.rows[-1].cells[-1].text == str(total)
    summary = runner.invoke(main, ["summary", "--src", "src"])
    assert re.search(rf"\| \*\*Total\*\* \|.*\| {total} \|", summary.output), summary.output
    assert runner.invoke(main, ["build", "--src", "src", "--out", "build", "--target", "scorm12"]).exit_code == 0
    with zipfile.ZipFile(next((tmp_path / "build").glob("*.zip"))) as archive:
        start = archive.read("index.html").decode()
        manifest = archive.read("imsmanifest.xml").decode()
    assert f"About {total} minutes in total." in start
    assert f"<imsmd:datetime>PT{total}M</imsmd:datetime>" in manifest


def test_docx_keeps_paragraphs_whole_bold_and_images(write_course: Callable[..., Path], tmp_path: Path) -> None:
    _course(write_course)
    result = CliRunner().invoke(main, ["export", "review", "--src", "src", "--out", "out"])
    assert result.exit_code == 0, result.output
    path = next((tmp_path / "out").glob("*.docx"))
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    # Each source paragraph is one Word paragraph, its wraps turned into spaces, no hard breaks.
    plain = [re.sub(r"[*_]", "", " ".join(p.split())) for p in PARAGRAPHS]
    assert sum(1 for t in texts if t in plain) == len(PARAGRAPHS)
    body = [p for p in document.paragraphs if p.text in plain]
    assert not any("<w:br/>" in p._p.xml for p in body)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
        media = sorted(n.rsplit(".", 1)[1] for n in archive.namelist() if n.startswith("word/media/"))
    assert "<w:br/>" not in xml
    # Bold: one bold run per <strong> of the prose, as the review HTML has them.
    review_html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    strong = [s for s in re.findall(r"<strong>([^<]*)</strong>", review_html) if s in ("heat", "fuel", "hotter")]
    bold = [r.text for p in body for r in p.runs if r.bold]
    assert sorted(bold) == sorted(strong) == ["fuel", "heat", "hotter"]
    assert [r.text for p in body for r in p.runs if r.italic] == ["alcohol gel"]
    # Images as images: the PNG and the SVG (with its raster fallback), each with its alt text.
    assert xml.count("<w:drawing>") == 2
    assert 'descr="A red square standing for a fire"' in xml
    assert 'descr="The fire triangle: heat, fuel and oxygen"' in xml and "svgBlip" in xml
    assert media == ["png", "png", "svg"]
    assert "[Image:" not in "\n".join(texts)


def test_questions_outside_the_draw_are_marked_never_drawn(write_course: Callable[..., Path], tmp_path: Path) -> None:
    def question(qid: str, topic: str) -> str:
        return (f"::: question id={qid} topic={topic}\nWhich exit is nearest to bay {qid}?\n\n"
                "- [x] The east stairs.\n- [ ] The west stairs.\n- [ ] The lift lobby.\n:::\n\n")

    write_course({"modules/01-a.md": "---\nassessment: true\npass_mark: 50\ndraw:\n  exits: 2\n---\n# A\n\n## Q\n\n"
                  + question("q1", "exits") + question("q2", "exits") + question("q3", "exit")})
    result = CliRunner().invoke(main, ["export", "review", "--src", "src", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert "did you mean topic=exits?" in result.output
    review_html = next((tmp_path / "out" / "").glob("*.html")).read_text(encoding="utf-8")
    assert review_html.count("never drawn") == 1
    document = docx.Document(str(next((tmp_path / "out").glob("*.docx"))))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert sum(1 for c in cells if c.startswith("never drawn")) == 1
