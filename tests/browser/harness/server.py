"""A quiet, threaded, loopback-only HTTP server for the harness pages, vendored JS and packages."""

from __future__ import annotations

import contextlib
import mimetypes
import sys
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Explicit types: the system MIME table differs between machines, and Chromium refuses
# scripts served with a non-JavaScript type (X-Content-Type-Options: nosniff below).
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".dtd": "application/xml-dtd",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}


class HarnessServer(ThreadingHTTPServer):
    """Serves ``/harness/…``, ``/vendor/<file>`` and ``/pkg/<name>/…`` from local folders.

    Bound to 127.0.0.1 on a free port, one daemon thread per request. Packages are added
    while the server runs with :meth:`mount`.
    """

    daemon_threads = True

    def __init__(self, harness_dir: Path, vendor_files: Mapping[str, Path]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.harness_dir = harness_dir.resolve()
        self.vendor_files = {name: path.resolve() for name, path in vendor_files.items()}
        self._mounts: dict[str, Path] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, name="harness-http", daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash)."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> HarnessServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)

    def mount(self, name: str, folder: Path) -> str:
        """Serve ``folder`` under ``/pkg/<name>/`` and return that URL path.

        Mounting the same folder again under the same name is a no-op; a different folder
        under a taken name is an error (two tests would see each other's files).
        """
        if not name or "/" in name or name in {".", ".."}:
            raise ValueError(f"bad mount name {name!r}")
        folder = folder.resolve()
        if not folder.is_dir():
            raise FileNotFoundError(f"cannot mount {folder}: not a folder")
        with self._lock:
            current = self._mounts.setdefault(name, folder)
        if current != folder:
            raise ValueError(f"/pkg/{name}/ already serves {current}, not {folder}")
        return f"/pkg/{name}/"

    def handle_error(self, request: object, client_address: object) -> None:
        """Drop connection resets quietly; anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def resolve(self, url_path: str) -> Path | None:
        """The file a URL path names, or None (unknown prefix, missing file, or outside its root)."""
        parts = url_path.lstrip("/").split("/", 1)
        head, rest = parts[0], parts[1] if len(parts) > 1 else ""
        if head == "vendor":
            return self.vendor_files.get(rest)
        if head == "harness":
            return _inside(self.harness_dir, rest)
        if head == "pkg":
            name, _, inner = rest.partition("/")
            with self._lock:
                root = self._mounts.get(name)
            return _inside(root, inner) if root else None
        return None


def _inside(root: Path, relative: str) -> Path | None:
    """``root/relative`` if it is an existing file under ``root`` (no ``..`` escapes)."""
    candidate = (root / relative).resolve()
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


class _Handler(BaseHTTPRequestHandler):
    """GET/HEAD of static files; nothing is logged (pytest output stays readable)."""

    server: HarnessServer

    def do_GET(self) -> None:
        self._send(with_body=True)

    def do_HEAD(self) -> None:
        self._send(with_body=False)

    def _send(self, *, with_body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        if url_path == "/favicon.ico":
            # Chromium asks for one per top-level page; a 404 would add console noise to every test.
            self.send_response(HTTPStatus.NO_CONTENT)
            self.end_headers()
            return
        path = self.server.resolve(url_path)
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        body = path.read_bytes()
        content_type = CONTENT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if with_body:
            # The page may navigate away mid-download (close(), relaunch): not an error.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request log lines."""
