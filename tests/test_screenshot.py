"""Issue 23: ``scr-course screenshot`` draws a named page to PNG with Debian's Chromium, no live reload."""

from __future__ import annotations

import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

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
