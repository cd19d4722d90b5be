"""Regenerates the media of tests/fixtures/courses/blocks with Debian's Chromium (run by hand, not by tests).

    python tests/browser/make_block_media.py

JPEG and WebP come from a canvas, the WebM clip from MediaRecorder over a canvas stream: small
files made here, so the fixture carries nothing copied from elsewhere.
"""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

from conftest import CHROMIUM, CHROMIUM_ARGS

MEDIA = Path(__file__).resolve().parents[1] / "fixtures" / "courses" / "blocks" / "media"

DRAW = """(size) => {
  const c = document.createElement('canvas'); c.width = size[0]; c.height = size[1];
  const g = c.getContext('2d');
  g.fillStyle = '#fffdf8'; g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = '#5a2d82'; g.fillRect(10, 10, c.width / 3, c.height - 20);
  g.fillStyle = '#00695c'; g.beginPath(); g.arc(c.width * 0.7, c.height / 2, c.height / 3, 0, 7); g.fill();
  return c;
}"""


def png(width: int, height: int) -> bytes:
    """A PNG written by hand (two colour bands), to test the PNG header reader."""
    rows = b"".join(b"\x00" + (b"\x5a\x2d\x82" if y < height // 2 else b"\x00\x69\x5c") * width for y in range(height))
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def main() -> None:
    from playwright.sync_api import sync_playwright

    MEDIA.mkdir(parents=True, exist_ok=True)
    (MEDIA / "bands.png").write_bytes(png(240, 120))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page()
        page.set_content("<!DOCTYPE html><title>media</title>")
        for name, kind, size in (("shapes.jpg", "image/jpeg", (320, 180)), ("shapes.webp", "image/webp", (300, 150))):
            url = page.evaluate(f"(a) => ({DRAW})(a[0]).toDataURL(a[1], 0.8)", [list(size), kind])
            (MEDIA / name).write_bytes(base64.b64decode(url.split(",", 1)[1]))
        clip = page.evaluate(f"""async () => {{
          const c = ({DRAW})([160, 90]);
          const g = c.getContext('2d');
          const stream = c.captureStream(10);
          const recorder = new MediaRecorder(stream, {{mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 40000}});
          const parts = [];
          recorder.ondataavailable = (e) => parts.push(e.data);
          const done = new Promise((r) => recorder.onstop = r);
          recorder.start();
          for (let i = 0; i < 20; i++) {{
            g.fillStyle = i % 2 ? '#5a2d82' : '#00695c'; g.fillRect(0, 0, 8 * i, 10);
            await new Promise((r) => setTimeout(r, 100));
          }}
          recorder.stop(); await done;
          const buffer = await new Blob(parts, {{type: 'video/webm'}}).arrayBuffer();
          let text = ''; new Uint8Array(buffer).forEach((b) => text += String.fromCharCode(b));
          return btoa(text);
        }}""")
        (MEDIA / "clip.webm").write_bytes(base64.b64decode(clip))
        tone = page.evaluate("""async () => {
          const context = new AudioContext();
          const oscillator = context.createOscillator(); oscillator.frequency.value = 440;
          const gain = context.createGain(); gain.gain.value = 0.1;
          const out = context.createMediaStreamDestination();
          oscillator.connect(gain).connect(out); oscillator.start();
          const recorder = new MediaRecorder(out.stream, {mimeType: 'audio/webm;codecs=opus', audioBitsPerSecond: 16000});
          const parts = []; recorder.ondataavailable = (e) => parts.push(e.data);
          const done = new Promise((r) => recorder.onstop = r);
          recorder.start(); await new Promise((r) => setTimeout(r, 1000)); recorder.stop(); await done;
          const buffer = await new Blob(parts).arrayBuffer();
          let text = ''; new Uint8Array(buffer).forEach((b) => text += String.fromCharCode(b));
          return btoa(text);
        }""")
        (MEDIA / "tone.weba").write_bytes(base64.b64decode(tone))
        browser.close()


if __name__ == "__main__":
    main()
