"""Content blocks and a custom theme (issue 12) in Chromium: axe, reflow, the chart's accessibility, captions, print."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import COURSES
from harness import assert_no_serious_violations
from playwright.sync_api import expect
from runtime_actions import page_ids

from scr_course.model import Chart
from scr_course.pipeline import check
from scr_course.render.chart import format_value

pytestmark = pytest.mark.browser

BLOCK_SELECTORS = (".block-figure", ".block-chart", ".block-steps", ".block-timeline", ".block-details",
                   ".block-video", ".block-audio", ".callout-vignette", ".callout-warning", ".callout-note",
                   ".callout-content-note", ".callout-key-messages")


def show(frame: Any, page: str) -> None:
    frame.evaluate("(id) => { location.hash = id; }", "#" + page)
    frame.wait_for_function("(id) => !document.getElementById(id).hidden", arg=page)


def source_charts() -> list[Chart]:
    course = check(COURSES / "blocks").course
    assert course is not None
    return [b for m in course.modules for p in m.pages for b in p.blocks if isinstance(b, Chart)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_every_block_passes_axe_and_reflows(width: int, scheme: str, build_package: Any, open_sco: Any,
                                            axe_check: Any) -> None:
    sco = open_sco(build_package("blocks", "scorm2004"))
    sco.page.set_viewport_size({"width": width, "height": 800})
    sco.page.emulate_media(color_scheme=scheme)
    frame = sco.frame
    seen = set()
    for page in page_ids(frame):
        show(frame, page)
        # Disclosures open, so their content is checked too.
        frame.evaluate("(id) => document.querySelectorAll('#' + id + ' details').forEach(d => d.open = true)", page)
        seen |= {s for s in BLOCK_SELECTORS if frame.locator(f"#{page} {s}").count()}
        try:
            assert_no_serious_violations(axe_check(frame))
        except AssertionError as exc:
            raise AssertionError(f"{page} at {width}px, {scheme}: {exc}") from None
        scroll = frame.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"{page} is {scroll}px wide at {width}px ({scheme})"
    assert seen == set(BLOCK_SELECTORS), f"the fixture lacks {set(BLOCK_SELECTORS) - seen}"
    assert sco.errors == []


def test_chart_exposes_title_description_and_values(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("blocks", "scorm12"))
    frame = sco.frame
    show(frame, "blocks--charts")
    charts = source_charts()
    for chart in charts:
        image = frame.get_by_role("img", name=chart.title, exact=True)
        expect(image).to_have_count(1)
        # Chromium's accessibility tree: role img, the title as name, every value in the description.
        for series in chart.series:
            values = ", ".join(f"{c} {format_value(v, chart.unit)}" for c, v in zip(chart.categories, series.values,
                                                                                     strict=True))
            expect(image).to_have_accessible_description(re.compile(re.escape(f"{series.name}: {values}.")))
        # The drawing itself is hidden from the tree (it would repeat the description).
        assert image.locator("g[aria-hidden=true] text").count() > len(chart.categories)
        # The data table is the source table.
        table = frame.locator(f"#{chart.id} table")
        header = [t.strip() for t in table.locator("thead th").all_text_contents()]
        assert header == [chart.category_label, *(s.name for s in chart.series)]
        rows = [[t.strip() for t in table.locator("tbody tr").nth(i).locator("th, td").all_text_contents()]
                for i in range(table.locator("tbody tr").count())]
        assert rows == [[c, *(format_value(s.values[i]) for s in chart.series)] for i, c in enumerate(chart.categories)]
    tree = sco.page.locator(f"#{charts[0].id}").aria_snapshot()
    assert f'img "{charts[0].title}"' in tree


def test_video_captions_load_as_a_track(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("blocks", "scorm2004"))
    frame = sco.frame
    show(frame, "blocks--media")
    cues = frame.evaluate("""async () => {
      const track = document.querySelector('video track');
      const text = document.querySelector('video').textTracks[0];
      text.mode = 'hidden';
      // Up to 60 s: on a machine loaded by a whole suite the media pipeline has taken over 20 s.
      for (let i = 0; i < 1200 && track.readyState !== 2; i++) {
        if (track.readyState === 3) return 'error';
        await new Promise((r) => setTimeout(r, 50));
      }
      if (track.readyState !== 2) return 'still loading, readyState ' + track.readyState;
      return [...text.cues].map((c) => [c.startTime, c.endTime, c.text]);
    }""")
    assert cues == [[0, 1, "[Music] A practitioner opens the case file."], [1, 2, "She reads the chronology again."]]
    assert frame.locator("video").get_attribute("poster") == "media/shapes.jpg"
    assert frame.locator("video track").get_attribute("kind") == "captions"


def test_print_shows_every_block_with_its_hidden_parts(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("blocks", "scorm12"))
    sco.page.emulate_media(media="print")
    frame = sco.frame
    for page in page_ids(frame):
        show(frame, page)
        empty = frame.evaluate("""(args) => {
          const [id, selectors] = args;
          const bad = [];
          for (const s of selectors) {
            for (const e of document.querySelectorAll('#' + id + ' ' + s)) {
              const r = e.getBoundingClientRect();
              if (!e.checkVisibility() || r.height < 10 || (e.tagName !== 'IMG' && !(e.innerText ?? e.textContent).trim())) bad.push(s);
            }
          }
          // Closed disclosures (descriptions, data, transcripts, details) print open.
          for (const d of document.querySelectorAll('#' + id + ' details:not([open]) .disclosure-body')) {
            if (!d.checkVisibility() || d.getBoundingClientRect().height < 10) bad.push('closed disclosure');
          }
          return bad;
        }""", [page, [*BLOCK_SELECTORS, "svg.chart-wide", "figure img"]])  # a page-wide print: the wide drawing
        assert empty == [], f"{page}: hidden or empty in print: {empty}"
    pdf = sco.page.pdf()
    assert len(pdf) > 10_000


def test_preview_renders_blocks_and_reloads_on_asset_edits(browser: Any, course: Any, serve_preview: Any) -> None:
    import struct
    import zlib

    from playwright.sync_api import expect

    preview = serve_preview(course("blocks"), poll_timeout=5)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{preview.url}?target=scorm2004")
        frame = page.frame_locator("#sco-frame")
        band = frame.locator('img[src="media/bands.png"]').first
        expect(band).to_have_attribute("width", "240", timeout=15_000)
        expect(frame.locator("svg.chart-wide")).to_have_count(3)  # each chart also has its narrow drawing
        expect(frame.locator("ol.block-steps > li")).to_have_count(3)
        expect(frame.locator("ol.block-timeline time")).to_have_count(3)
        expect(frame.locator("video track")).to_have_count(1)

        # An image edit (new size) and a captions edit rebuild the page without touching the Markdown.
        rows = b"".join(b"\x00" + b"\x10\x20\x30" * 100 for _ in range(50))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        (preview.src / "media" / "bands.png").write_bytes(
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100, 50, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
        expect(frame.locator('img[src="media/bands.png"]').first).to_have_attribute("width", "100", timeout=15_000)

        preview.edit(Path("media/clip.vtt"), lambda text: text.replace("00:00:01.000 --> 00:00:02.000", "00:00:02 -->"))
        expect(page.locator("body")).to_contain_text("malformed cue timing", timeout=15_000)
        preview.edit(Path("media/clip.vtt"), lambda text: text.replace("00:00:02 -->", "00:00:01.000 --> 00:00:03.000"))
        expect(page.locator("body")).not_to_contain_text("malformed cue timing", timeout=15_000)
        assert any("changed: clip.vtt" in line for line in preview.lines)
    finally:
        context.close()


def test_disclosures_and_data_tables_work_by_keyboard(build_package: Any, open_sco: Any) -> None:
    sco = open_sco(build_package("blocks", "scorm12"))
    sco.page.set_viewport_size({"width": 320, "height": 700})
    frame, page = sco.frame, sco.page
    show(frame, "blocks--charts")
    frame.locator("#blocks--charts h1").focus()
    opened = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = frame.evaluate("() => [document.activeElement.tagName, document.activeElement.textContent.trim()]")
        if focused == ["SUMMARY", "Show the data"]:
            page.keyboard.press("Enter")
            opened += 1
        if opened == 3:
            break
    assert opened == 3
    assert frame.evaluate("() => [...document.querySelectorAll('.chart-data')].every(d => d.open)")
    # The line chart's wide table scrolls inside its own region, which takes focus (WCAG 2.1.1).
    page.keyboard.press("Tab")
    region = frame.evaluate("() => document.activeElement.getAttribute('role')")
    assert region == "region"
    show(frame, "blocks--disclosures-and-callouts")
    summary = frame.locator("summary", has_text="Worked answer")
    summary.focus()
    page.keyboard.press("Space")
    assert frame.locator(".block-details").evaluate("d => d.open")
