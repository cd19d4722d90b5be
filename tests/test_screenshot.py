"""Issue 23: ``scr-course screenshot`` draws a named page to PNG with Debian's Chromium, no live reload."""

from __future__ import annotations

import http.server
import struct
import subprocess
import threading
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from click.testing import CliRunner
from playwright.sync_api import sync_playwright

from scr_course.cli import main
from scr_course.preview.screenshot import find_browser

from .conftest import ServedPreview


def test_a_named_page_at_375_pixels(write_course: Callable[..., Path], tmp_path: Path) -> None:
    write_course({"modules/01-fire.md": "# Fire\n\n## The fire triangle\n\nHeat, fuel and oxygen.\n\n"
                                        "## Raising the alarm\n\nShout 'Fire!' and press the nearest call point.\n"})
    result = CliRunner().invoke(main, ["screenshot", "shots/alarm.png", "--src", "src",
                                       "--page", "fire--raising-the-alarm", "--width", "375"])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "shots" / "alarm.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (375, 800)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shots", "src"]  # nothing else written


Pixel = tuple[int, ...]
BAND = 44
"""Rows at the top of a 375-pixel-wide picture that the phone's sticky contents bar covers."""


def _png_rows(data: bytes) -> list[list[Pixel]]:
    """The pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes), row by row."""
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    size = 4 if colour == 6 else 3
    chunks, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    raw, stride = zlib.decompress(b"".join(chunks)), width * size
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for x in range(stride):
            left = row[x - size] if x >= size else 0
            up, corner = previous[x], previous[x - size] if x >= size else 0
            if kind == 1:
                row[x] = (row[x] + left) & 0xFF
            elif kind == 2:
                row[x] = (row[x] + up) & 0xFF
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                row[x] = (row[x] + near[2]) & 0xFF
        rows.append(row)
        previous = row
    return [[tuple(r[x:x + 3]) for x in range(0, stride, size)] for r in rows]


def _differing(one: list[list[Pixel]], other: list[list[Pixel]]) -> float:
    """The share of pixels whose colours differ by more than a quarter of the range in a channel."""
    pairs = [(a, b) for row_a, row_b in zip(one, other, strict=True) for a, b in zip(row_a, row_b, strict=True)]
    return sum(max(abs(x - y) for x, y in zip(a, b)) > 64 for a, b in pairs) / len(pairs)


def _learner_view(package: Path, page: str, width: int, height: int) -> bytes:
    """The page as a learner's browser shows it: Playwright's own screenshot of the viewport.

    Taken on a thread of its own: in a whole-suite run the browser tests' session Playwright keeps
    an asyncio loop running on this thread, where the sync API refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_learner_view_here, package, page, width, height).result()


def _learner_view_here(package: Path, page: str, width: int, height: int) -> bytes:
    folder = package.with_suffix("")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_browser())
            view = browser.new_page(viewport={"width": width, "height": height})
            view.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html#{page}")
            view.locator(f'section.page[data-page="{page}"]').wait_for(state="visible")
            # Until the runtime's own scrolling (to the question's heading) has stopped: on a loaded
            # machine it can still be moving two frames after the page shows.
            view.evaluate("""() => new Promise(done => {
              let last = -1, still = 0;
              const tick = () => { still = scrollY === last ? still + 1 : 0; last = scrollY;
                                   if (still >= 10) done(); else requestAnimationFrame(tick); };
              requestAnimationFrame(tick); })""")
            # Opened at #page, the browser scrolls to the page's section: below the header, as a learner sees it.
            assert view.evaluate("scrollY") > 50
            shot = view.screenshot()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return shot


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_page_the_runtime_scrolls_is_drawn_as_the_learner_sees_it(write_course: Callable[..., Path]) -> None:
    """A page opened at its #id is scrolled (to its section; an assessment to its question), the
    sticky contents bar at the top. The picture once showed a blank band where that bar belongs
    (Chromium's --screenshot draws a top document from its first pixel, whatever it is scrolled
    to): the picture must be what the learner's browser shows."""
    briefing = "\n\n".join(f"Rule {n}: keep fire doors closed, and know where the nearest call point is." for n in range(12))
    questions = "\n\n".join(f"::: question id=q{n}\nWhich door stays closed, number {n}?\n\n- [x] The fire door\n"
                              "- [ ] The office door\n- [ ] The kitchen door\n:::" for n in range(5))
    root = write_course({"course.yml": 'id: fire\ntitle: Fire\nversion: "1.0"\nlanguage: en-GB\n',
                         "modules/01-fire.md": "# Fire\n\n## The fire triangle\n\nHeat, fuel and oxygen.\n",
                         "modules/02-check.md": ("---\nassessment: true\n---\n# Fire check\n\n## Questions\n\n"
                                                 f"{briefing}\n\n{questions}\n")})
    page = "check--questions"
    result = CliRunner().invoke(main, ["screenshot", "shot.png", "--src", str(root), "--page", page,
                                       "--width", "375"])
    assert result.exit_code == 0, result.output
    drawn = _png_rows(Path("shot.png").read_bytes())
    band = [pixel for row in drawn[:BAND] for pixel in row]
    assert len(set(band)) > 2, "the top of the picture is one flat colour: a blank band"
    code = CliRunner().invoke(main, ["build", "--src", str(root), "--out", "zips", "--target", "scorm12"]).exit_code
    assert code == 0
    seen = _learner_view(next(Path("zips").glob("*.zip")), page, 375, 800)
    learner = _png_rows(seen)
    # The sticky contents bar at the top, and the screen under it, are the learner's. Not pixel for
    # pixel: the browser may stop a scroll a fraction of a pixel apart, which moves a line by one row.
    # The blank band made 16% of the pixels of such a picture differ, its band 3%.
    assert len(drawn) == len(learner) == 800
    assert _differing(drawn[:BAND], learner[:BAND]) < 0.01
    assert _differing(drawn, learner) < 0.01


def test_an_unknown_page_gets_did_you_mean(write_course: Callable[..., Path]) -> None:
    write_course({"modules/01-fire.md": "# Fire\n\n## Raising the alarm\n\nText.\n"})
    result = CliRunner().invoke(main, ["screenshot", "x.png", "--src", "src", "--page", "fire--raising-alarm"])
    assert result.exit_code == 1
    assert "no page 'fire--raising-alarm' in the course; did you mean 'fire--raising-the-alarm'?" in result.output
    assert not Path("x.png").exists()


def test_headless_chromium_on_the_preview_finishes(course: Callable[[str], Path],
                                                   serve_preview: Callable[..., ServedPreview], tmp_path: Path) -> None:
    """The live-reload long poll must not hold a headless tool's virtual time for ever (it answers at
    once for automated browsers, which then poll): the picture is taken and shows the course."""
    served = serve_preview(course("minimal"))
    url = f"http://127.0.0.1:{served.port}/"
    code, _ = served.get("/__preview/events?epoch=-1&player=-1&wait=0")
    assert code == 200
    shot = tmp_path / "preview.png"
    result = subprocess.run([find_browser(), "--headless", "--no-sandbox", "--disable-gpu",
                             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=375,800",
                             "--virtual-time-budget=3000", f"--screenshot={shot}", url],
                            capture_output=True, text=True, timeout=60, check=False)
    assert shot.is_file() and shot.stat().st_size > 2000, result.stderr[-500:]
