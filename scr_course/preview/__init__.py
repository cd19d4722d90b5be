"""``scr-course preview``: the course in a simulated LMS with an inspector, rebuilt and reloaded on save."""

from __future__ import annotations

from scr_course.preview.server import PreviewOptions, PreviewServer, serve

__all__ = ["PreviewOptions", "PreviewServer", "serve"]
