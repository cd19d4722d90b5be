"""File watching for preview: watchfiles in a thread, changes grouped over ~0.1 s, then one callback."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path

import watchfiles

DEBOUNCE_MS = 100
"""Longest time changes are grouped: an editor's save-by-rename is a burst of events."""
STEP_MS = 30
"""Quiet time after the last event before the group is handed over."""
RETRY_SECONDS = 0.5


class SourceWatcher:
    """Calls ``on_change`` with the set of changed paths; survives errors in the callback and the watcher."""

    def __init__(self, paths: tuple[Path, ...], on_change: Callable[[set[Path]], None],
                 report: Callable[[str], None]) -> None:
        self.paths = paths
        self._on_change = on_change
        self._report = report
        self._stop = threading.Event()
        self.ready = threading.Event()
        """Set once the operating system watch is in place: saves after this are seen."""
        self._thread = threading.Thread(target=self._run, name="scr-course-watch", daemon=True)

    def start(self, wait: float = 5.0) -> None:
        """Start watching in the background; returns once the watch is in place (or after ``wait`` seconds)."""
        self._thread.start()
        self.ready.wait(wait)

    def stop(self) -> None:
        """Stop watching; returns once the thread has finished."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            existing = [p for p in self.paths if p.exists()]
            try:
                if existing:
                    self._watch(existing)
            except Exception:   # e.g. the course folder was removed and created again
                self._report("file watcher restarted:\n" + traceback.format_exc(limit=2))
            self._stop.wait(RETRY_SECONDS)

    def _watch(self, paths: list[Path]) -> None:
        # yield_on_timeout: an empty set every 100 ms tells us the watch is in place, and lets stop() end it.
        for changes in watchfiles.watch(*paths, debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=self._stop,
                                        rust_timeout=100, yield_on_timeout=True, raise_interrupt=False):
            self.ready.set()
            if not changes:
                continue
            try:
                self._on_change({Path(path) for _, path in changes})
            except Exception:   # the preview must outlive any one rebuild
                self._report(traceback.format_exc())
