"""Content blocks (issue 12): the model the parser builds, what is read from asset files, charts and theme."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from scr_course.diagnostics import Diagnostics
from scr_course.model import Chart, ChartKind, Details, Figure, Media, Sequence
from scr_course.parse.cache import ParseCache
from scr_course.pipeline import check
from scr_course.render.chart import format_value, render_chart_svg
from scr_course.source.media import image_size, parse_webvtt, svg_problems
from scr_course.source.strings import interface_strings, translate
from scr_course.source.theme import contrast, palette, parse_palette, read_theme
from scr_course.source.yamlnodes import Reader, parse_yaml
from scr_course.validate import validate_package

from .conftest import FIXTURES

BLOCKS = FIXTURES / "blocks"
MEDIA = BLOCKS / "media"


def t(key: str, **values: object) -> str:
    return translate(interface_strings("en-GB"), key, **values)


def blocks_course() -> list[object]:
    report = check(BLOCKS)
    assert [d.format() for d in report.diagnostics] == []
    assert report.course is not None
    return [b for m in report.course.modules for p in m.pages for b in p.blocks]


def test_fixture_course_has_every_block_with_sizes_from_the_files() -> None:
    blocks = blocks_course()
    figures = [b for b in blocks if isinstance(b, Figure)]
    sizes = {f.image.href.rsplit(".", 1)[1]: (f.image.width, f.image.height) for f in figures}
    assert sizes == {"svg": (400, 300), "png": (240, 120), "jpg": (320, 180), "webp": (300, 150)}
    assert figures[0].description is not None and "innermost" in figures[0].description
    charts = [b for b in blocks if isinstance(b, Chart)]
    assert [c.kind for c in charts] == [ChartKind.COLUMN, ChartKind.BAR, ChartKind.LINE]
    assert charts[0].categories == ("2014", "2015", "2016")
    assert [(s.name, s.values) for s in charts[0].series] == [("Neglect", (120, 135, 150)), ("Other", (180, 170, 160))]
    steps, timeline = [b for b in blocks if isinstance(b, Sequence)]
    assert [str(i.title) for i in steps.items] == ["Notify", "Rapid review", "Decide"]
    assert "gather the facts quickly" in steps.items[1].body and "learned at once" in steps.items[1].body
    assert [i.datetime for i in timeline.items] == ["2014", "2015-03", "2016-04-01", None]
    details = next(b for b in blocks if isinstance(b, Details))
    assert details.title == "Worked answer" and any(isinstance(b, Figure) for b in details.blocks)
    video, audio = [b for b in blocks if isinstance(b, Media)]
    assert video.captions == "media/clip.vtt" and video.poster is not None and video.transcript
    assert audio.transcript is not None and "one-second tone" in audio.transcript


@pytest.mark.parametrize(("name", "size"), [("bands.png", (240, 120)), ("shapes.jpg", (320, 180)),
                                            ("shapes.webp", (300, 150)), ("layers.svg", (400, 300)),
                                            ("logo.svg", (120, 40))])
def test_image_sizes_are_read_from_headers(name: str, size: tuple[int, int]) -> None:
    assert image_size(name, (MEDIA / name).read_bytes()) == size


def test_gif_and_lossless_webp_headers() -> None:
    assert image_size("a.gif", b"GIF89a\x10\x00\x08\x00" + b"\x00" * 8) == (16, 8)
    bits = (99) | (49 << 14)
    lossless = b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f" + bits.to_bytes(4, "little")
    assert image_size("a.webp", lossless) == (100, 50)


def test_unreadable_sizes_are_problems_not_crashes() -> None:
    for name, data in (("a.png", b"\x89PNG\r\n"), ("a.jpg", b"\xff\xd8\xff"), ("a.webp", b"RIFF"),
                       ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), ("a.svg", b"<svg"), ("a.bmp", b"BM")):
        assert not isinstance(image_size(name, data), tuple), name


def test_svg_safety() -> None:
    safe = b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'><use x:href='#a'/>" \
           b"<rect fill='url(#g)' style='fill: url(#g)'/></svg>"
    assert svg_problems(safe) == []
    cases = {
        b"<svg xmlns='http://www.w3.org/2000/svg'><a href='javascript:alert(1)'/></svg>": "refers to 'javascript:",
        b"<svg xmlns='http://www.w3.org/2000/svg'><rect style='fill:url(http://x/y)'/></svg>": "refers to 'http://x/y'",
        b"<svg xmlns='http://www.w3.org/2000/svg'><style>@import 'x.css';</style></svg>": "stylesheet",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='x()'/>": "event handler",
        b"<!DOCTYPE svg [<!ENTITY a 'b'>]><svg xmlns='http://www.w3.org/2000/svg'>&a;</svg>": "entities",
        b"<html/>": "not an SVG",
    }
    for data, expected in cases.items():
        problems = svg_problems(data)
        assert problems and expected in problems[0].message, (data, problems)


def test_webvtt_parsing() -> None:
    cues, problems = parse_webvtt((MEDIA / "clip.vtt").read_text(encoding="utf-8"))
    assert problems == [] and [(c.start, c.end) for c in cues] == [(0, 1000), (1000, 2000)]
    cues, problems = parse_webvtt("WEBVTT\n\n01:02.500 --> 01:00:00.000\nhours are optional\n")
    assert problems == [] and cues[0].start == 62_500 and cues[0].end == 3_600_000
    assert [p.line for p in parse_webvtt("WEBVTT\n\n00:01.000 --> 00:02.000\na\n\n00:00.500 --> 00:03.000\nb\n")[1]] == [6]
    assert parse_webvtt("WEBVTTX\n")[1][0].line == 1
    assert "no cues" in parse_webvtt("WEBVTT\n")[1][0].message
    assert "without a timing" in parse_webvtt("WEBVTT\n\nid\ntext only\n")[1][0].message


def test_chart_svg_has_title_description_and_every_value() -> None:
    chart = next(b for b in blocks_course() if isinstance(b, Chart) and b.kind is ChartKind.LINE)
    svg = etree.fromstring(str(render_chart_svg(chart, t)))
    assert svg.get("role") == "img"
    assert svg.find("title").text == "Trend over four years"
    description = svg.find("desc").text
    assert description.startswith("Line chart of Series A, Series B, Series C by Year.")
    assert "Series B: 2014 4, 2015 6, 2016 8, 2017 9." in description
    labels = [e.text for e in svg.iter("text") if "chart-value" in (e.get("class") or "")]
    assert sorted(labels, key=float) == sorted((format_value(v) for s in chart.series for v in s.values), key=float)
    # Series differ by marker shape and dash besides colour.
    lines = [e for e in svg.iter("path") if "chart-line" in (e.get("class") or "")]
    assert len({e.get("stroke-dasharray") for e in lines}) == 3


@pytest.mark.parametrize("kind", ["bar", "column"])
def test_bar_series_have_patterns(kind: str) -> None:
    chart = next(b for b in blocks_course() if isinstance(b, Chart) and b.kind is ChartKind.COLUMN)
    from dataclasses import replace

    svg = etree.fromstring(str(render_chart_svg(replace(chart, kind=ChartKind(kind)), t)))
    fills = {e.get("fill") for e in svg.iter("rect") if "chart-bar" in (e.get("class") or "")}
    assert fills == {None, f"url(#{chart.id}-p2)"}
    assert len(svg.findall("defs/pattern")) == 1
    values = [e.text for e in svg.iter("text") if e.text and e.text[0].isdigit()]
    assert {"120", "135", "150", "180", "170", "160"} <= {v.split(" ")[0] for v in values}


def test_format_value() -> None:
    assert format_value(1234.5, "%") == "1,234.5%"
    assert format_value(12.0, "reviews") == "12 reviews"
    assert format_value(0.126) == "0.13"


def theme_from(text: str) -> tuple[object, list[str]]:
    diagnostics = Diagnostics()
    from pathlib import PurePosixPath

    from scr_course.diagnostics import SourceLocation

    loc = SourceLocation(path=PurePosixPath("course.yml"), line=1)
    node = parse_yaml(text, loc, diagnostics)
    assert node is not None
    theme = read_theme(Reader(node, diagnostics, "course.yml", ("theme",)), diagnostics)
    return theme, [d.format() for d in diagnostics.items]


def test_default_theme_meets_aa_in_light_and_dark() -> None:
    theme, problems = theme_from("{}")
    assert problems == []
    for mode in ("light", "dark"):
        values = palette(theme, mode)  # type: ignore[arg-type]
        assert contrast(values["--ink"], values["--paper"]) >= 4.5
        assert contrast(values["--link"], values["--paper"]) >= 4.5
        for chart in ("--brand", "--accent", "--ink", "--muted"):
            assert contrast(values[chart], values["--paper"]) >= 3, (mode, chart)


def test_contrast_matches_wcag_examples() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#777777", "#ffffff") < 4.5


def test_low_contrast_theme_is_refused_at_the_colour_line() -> None:
    _, problems = theme_from('theme:\n  colours:\n    link: "#7fa7d9"\n    primary: "#fff"\n')
    assert "course.yml:3: error: link colour #7fa7d9 on background #ffffff is 2.4:1, needs 4.5:1 [theme.contrast]" in problems
    assert any(p.startswith("course.yml:4: error: button text colour #ffffff on primary #ffffff is 1.0:1") for p in problems)


def test_dark_overrides_are_checked_in_dark_mode() -> None:
    _, problems = theme_from('theme:\n  colours:\n    dark:\n      background: "#111111"\n      text: "#333333"\n')
    assert any(p.startswith("course.yml:5: error: in dark mode, text colour #333333 on background #111111") for p in problems)


def test_theme_values_and_keys_are_checked() -> None:
    _, problems = theme_from("theme:\n  colours:\n    text: #333\n    link: blue\n  logo: x.png\n  size: 3\n")
    assert any(p.startswith("course.yml:3: error: colour 'text' is empty; write it in quotes") for p in problems)
    assert any("colour 'link' must be a hex colour such as" in p for p in problems)
    assert any("a theme logo needs logo_alt" in p for p in problems)
    assert any("unknown key 'size' in 'theme'" in p for p in problems)


def test_theme_css_and_logo_reach_the_package(write_course: Callable[..., Path], tmp_path: Path) -> None:
    import zipfile

    from click.testing import CliRunner

    from scr_course.cli import main

    result = CliRunner().invoke(main, ["build", "--src", str(BLOCKS), "--out", "out"])
    assert result.exit_code == 0, result.output
    for package in sorted((tmp_path / "out").glob("*.zip")):
        assert validate_package(package) == [], package
    with zipfile.ZipFile(tmp_path / "out" / "blocks-1.0.0-scorm12.zip") as archive:
        css = archive.read("runtime/theme.css").decode()
        names = archive.namelist()
        # Pages after the first few travel in chunk scripts, index-pages-N.js (issues 11, 21); the
        # markup is the same. Line 2 of each: window.scrPageChunks["…"] = {"html": …, "keys": …};
        html = archive.read("index.html").decode() + "".join(
            json.loads(archive.read(n).decode().splitlines()[1].split(" = ", 1)[1].rstrip(";"))["html"]
            for n in sorted(names) if "-pages-" in n)
    assert ":root {\n  --accent: #00695c;\n  --brand: #5a2d82;" in css and "font-family: Charter" in css
    assert '<link rel="stylesheet" href="runtime/player.css">\n<link rel="stylesheet" href="runtime/theme.css">' in html
    assert '<img class="course-logo" src="media/logo.svg" alt="Northfield Safeguarding Partnership" width="120" height="40">' in html
    assert '"logo":{"alt":"Northfield Safeguarding Partnership","height":40,"src":"media/logo.svg","width":120}' in html
    assert {"media/logo.svg", "media/clip.vtt", "media/clip.webm", "media/tone.weba"} <= set(names)
    assert "media/clip-transcript.md" not in names  # shown on the page, not shipped
    assert '<track kind="captions" src="media/clip.vtt" srclang="en-GB" label="Captions" default>' in html
    assert 'style="' not in html  # CSP style-src 'self'


def test_editing_an_asset_redoes_the_cached_result(write_course: Callable[..., Path]) -> None:
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\n::: figure\n![Bands](bands.png)\n\nCaption.\n:::\n",
                         "modules/bands.png": (MEDIA / "bands.png").read_bytes()})
    cache = ParseCache(keep_outlines=True)
    assert check(root, cache).failed() is False
    (root / "modules" / "bands.png").write_bytes(b"broken now")
    report = check(root, cache)
    assert [d.format() for d in report.diagnostics] == [
        "src/modules/01-a.md:6: error: image 'bands.png' has no size the build can read (is it a valid PNG file?) [asset.size]"]


def test_shape_errors(write_course: Callable[..., Path]) -> None:
    root = write_course({"modules/01-a.md": (
        "# A\n\n## P\n\n::: figure\nJust a caption.\n:::\n\n::: steps\n- **A** bullet\n:::\n\n"
        "::: timeline\n1. no bold date\n:::\n\n::: details\nNo title.\n:::\n\n"
        "::: details Has a question\n::: question\nWhat?\n- [x] This\n- [ ] That\n:::\n:::\n\n"
        "::: chart type=line title=\"One row\"\n| x | y |\n|---|---|\n| a | 1 |\n:::\n")})
    lines = [re.sub(r"^src/modules/01-a.md:", "", d.format()) for d in check(root).diagnostics]
    assert lines == [
        "5: error: a figure needs an image on a line of its own: ![alt text](file.png) [block.shape]",
        "10: error: steps are a numbered list: write 1. 2. 3. [block.shape]",
        "14: error: each item of '::: timeline' starts with its date in bold, e.g. **Date** … [block.shape]",
        "17: error: '::: details' needs a title on its line: ::: details What it shows [block.shape]",
        "22: error: a question cannot be placed inside '::: details'; put it on the page itself [container.unknown]",
        "30: error: a line chart needs at least two rows [chart.table]",
    ]


def test_base_palette_reads_light_and_dark_roots_only() -> None:
    css = """/* :root { --ink: #ff0000; } */
    :root { --ink: #111111; --accent: light-dark(#9a4a00, #f0a35e); }
    @media print { :root { --ink: #000000; } }
    @media (min-width: 40em) { .x { color: red; } }
    @media (prefers-color-scheme: dark) { :root { --ink: #eeeeee; color-scheme: dark; } .y { color: blue; } }
    :root { --paper: #ffffff; }
    """
    light, dark = parse_palette(css)
    assert light == {"--ink": "#111111", "--accent": "#9a4a00", "--paper": "#ffffff"}
    assert dark == {"--ink": "#eeeeee", "--accent": "#f0a35e", "--paper": "#ffffff"}
    # A later top-level rule wins over an earlier dark one, as in the browser.
    later = parse_palette("@media (prefers-color-scheme: dark) { :root { --a: #111111; color-scheme: dark; } }"
                          ":root { --a: light-dark(#222222, #333333); }")
    assert later == ({"--a": "#222222"}, {"--a": "#333333"})
    # Without a dark palette (no color-scheme: dark), dark mode is light mode.
    assert parse_palette(":root { --accent: light-dark(#9a4a00, #f0a35e); }") == ({"--accent": "#9a4a00"},) * 2


def test_summary_counts_the_words_in_blocks() -> None:
    from scr_course.model.words import content_words

    blocks = blocks_course()
    timeline = [b for b in blocks if isinstance(b, Sequence)][1]
    assert content_words(timeline) == 7 + 8 + 6 + 8
    audio = [b for b in blocks if isinstance(b, Media)][1]
    assert content_words(audio) == 3 + 17  # the caption, then the transcript
    details = next(b for b in blocks if isinstance(b, Details))
    assert content_words(details) == 2 + 9 + 5
