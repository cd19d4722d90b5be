"""The preview web server (standard library only): player page, package files, status and long-poll reload."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import shutil
import socket
import socketserver
import threading
import traceback
import webbrowser
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from scr_course.diagnostics import CourseError
from scr_course.model import BuildTarget
from scr_course.preview.site import PreviewSite, Report, Snapshot, default_target
from scr_course.preview.watch import SourceWatcher
from scr_course.preview.xapi import PreviewXapi
from scr_course.render.data import data_json
from scr_course.resources import preview_environment, read_bytes, template_folder

STATIC = {"lms-datamodel.js": "text/javascript", "lms-stub.js": "text/javascript", "panel-views.js": "text/javascript",
          "panel.js": "text/javascript", "panel.css": "text/css"}
"""The only files served from scorm_templates/preview; nothing else of the disk is reachable."""
PLAYER_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
XAPI_MAX_BODY = 4 * 1024 * 1024
"""Largest statement batch or state document the preview's xAPI endpoint reads."""
NO_STORE = "no-store"
REVALIDATE = "no-cache"
"""Package files: always asked for again (a save may have changed them), answered 304 when unchanged."""
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html", ".svg": "image/svg+xml",
         ".xml": "application/xml", ".xsd": "application/xml", ".json": "application/json",
         ".vtt": "text/vtt"}


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviewOptions:
    """What ``scr-course preview`` was asked to do."""

    src: Path
    target: BuildTarget | None = None
    """None: the first target course.yml names."""
    host: str = "127.0.0.1"
    """Loopback by default: the preview is for the author's own browser (issue 6)."""
    port: int = 8000
    """0 picks a free port (tests)."""
    open_browser: bool = True
    poll_timeout: float = 25.0
    """Seconds a reload long poll is held before it answers 'no change'."""
    watch: bool = True


def decode_path(raw: str) -> list[str] | None:
    """URL path → decoded segments; None for anything that could step outside (``..``, ``%2e%2e``, ``\\``, NUL)."""
    if not raw.startswith("/"):
        return None
    segments = []
    for part in raw.split("/")[1:]:
        try:
            text = unquote(part, errors="strict")
        except UnicodeDecodeError:
            return None
        if text in (".", "..") or any(c in text for c in "/\\\x00"):
            return None
        segments.append(text)
    return [s for s in segments if s]


def content_type(href: str) -> str:
    """The Content-Type header for a package file."""
    suffix = Path(href).suffix.lower()
    kind = TYPES.get(suffix) or mimetypes.guess_type(href)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith(("xml", "json")) else kind


class PreviewHandler(BaseHTTPRequestHandler):
    """Routes: ``/`` player, ``/sco/<target>/<n>/<href>`` package files, ``/__preview/…`` status and assets."""

    server: PreviewHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 30
    """Idle keep-alive connections are dropped, so threads do not pile up."""
    server_version = "scr-course-preview"
    sys_version = ""

    def do_GET(self) -> None:
        """Serve a GET."""
        self._handle(head=False)

    def do_HEAD(self) -> None:
        """Serve a HEAD: same headers, no body."""
        self._handle(head=True)

    def do_POST(self) -> None:
        """Only the preview's xAPI endpoint takes POST (cmi5 packages)."""
        self._handle(head=False)

    def do_PUT(self) -> None:
        """Only the preview's xAPI endpoint takes PUT (state documents)."""
        self._handle(head=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows builds and problems, not every request."""

    def _handle(self, head: bool) -> None:
        self._head = head
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception:   # one bad request must not take the server down (issue 6)
            self.server.report(traceback.format_exc())
            self._safe_error(HTTPStatus.INTERNAL_SERVER_ERROR)

    def _route(self) -> None:
        site = self.server.site
        url = urlsplit(self.path)
        segments = decode_path(url.path)
        try:
            query = {k: v[-1] for k, v in parse_qs(url.query, max_num_fields=16).items()}
        except ValueError:   # more fields than any preview URL has
            segments, query = None, {}
        target, package = self._selection(query)
        if not self.server.host_allowed(self.headers.get("Host")):
            self._text(HTTPStatus.MISDIRECTED_REQUEST, "unknown host name\n")
        elif segments is None:
            self._text(HTTPStatus.BAD_REQUEST, "bad path\n")
        elif segments[:2] == ["__preview", "xapi"] and len(segments) in (3, 4):
            self._xapi("/".join(segments[2:]), query)
        elif self.command not in ("GET", "HEAD"):
            # The body is not read, so the connection cannot be reused.
            self.close_connection = True
            self._text(HTTPStatus.METHOD_NOT_ALLOWED, "method not allowed\n")
        elif segments in ([], ["index.html"]):
            self._player(target, package)
        elif segments[:1] == ["sco"] and len(segments) >= 4:
            self._package_file(segments[1], segments[2], "/".join(segments[3:]))
        elif segments == ["__preview", "status"]:
            self._json(site.status(site.snapshot(target, package)))
        elif segments == ["__preview", "events"]:
            self._events(target, package, query)
        elif segments[:2] == ["__preview", "static"] and len(segments) == 3 and segments[2] in STATIC:
            name = segments[2]
            self._revalidated(read_bytes(f"preview/{name}"), f"{STATIC[name]}; charset=utf-8")
        elif segments == ["favicon.ico"]:
            self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")
        else:
            self._text(HTTPStatus.NOT_FOUND, "not found\n")

    def _xapi(self, resource: str, query: dict[str, str]) -> None:
        """The preview's in-memory xAPI endpoint (preview/xapi.py), same origin as the player."""
        length = _integer(self.headers.get("Content-Length")) if self.command in ("POST", "PUT") else 0
        if length > XAPI_MAX_BODY:
            self._text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too large\n")
            self.close_connection = True
            return
        body = self.rfile.read(length) if length > 0 else b""
        code, answer = self.server.xapi.handle(self.command, resource, query, body,
                                               self.headers.get("Authorization", ""))
        self._send(HTTPStatus(code), answer, "application/json; charset=utf-8")

    def _selection(self, query: dict[str, str]) -> tuple[BuildTarget, int]:
        values = {t.value: t for t in BuildTarget}
        target = values.get(query.get("target", ""), self.server.site.default_target)
        number = query.get("package", "0")
        package = int(number) if number.isdigit() and len(number) < 5 else 0
        return target, package

    def _player(self, target: BuildTarget, package: int) -> None:
        snapshot = self.server.site.snapshot(target, package)
        if snapshot.plans and package >= len(snapshot.plans):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", f"/?target={target.value}&package=0")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        title = snapshot.plans[0].title if snapshot.plans else str(self.server.site.src)
        config = {"target": target.value, "package": package, "epoch": snapshot.generation}
        targets = [{"value": t.value, "label": _LABELS[t], "selected": t is target} for t in BuildTarget]
        html = preview_environment().get_template("player.html.j2").render(
            title=title, target_label=_LABELS[target], targets=targets, config=data_json(config), standard=target.value)
        self._send(HTTPStatus.OK, html.encode("utf-8"), "text/html; charset=utf-8",
                   {"Content-Security-Policy": PLAYER_CSP, "Referrer-Policy": "no-referrer"})

    def _events(self, target: BuildTarget, package: int, query: dict[str, str]) -> None:
        site = self.server.site
        epoch, player = _integer(query.get("epoch")), _integer(query.get("player"))
        site.wait_for_change(epoch, player, self.server.poll_timeout)
        if site.closed:
            self._text(HTTPStatus.SERVICE_UNAVAILABLE, "preview stopped\n")
        else:
            self._json(site.status(site.snapshot(target, package)))

    def _package_file(self, target_name: str, package_name: str, href: str) -> None:
        targets = {t.value: t for t in BuildTarget}
        if target_name not in targets or not package_name.isdigit() or len(package_name) > 4:
            self._text(HTTPStatus.NOT_FOUND, "not found\n")
            return
        snapshot = self.server.site.snapshot(targets[target_name], int(package_name))
        beyond = snapshot.plans and int(package_name) >= len(snapshot.plans)
        found = None if beyond else snapshot.files.get(href)
        if found is None:
            self._missing(snapshot)
        elif found.data is not None:
            self._revalidated(found.data, content_type(href))
        elif found.source is not None:
            self._stream(found.source, href)

    def _stream(self, source: Path, href: str) -> None:
        # Assets go into the zip straight from disk, so they are served from disk too.
        try:
            stream = source.open("rb")
        except OSError:
            self._text(HTTPStatus.NOT_FOUND, "file was removed; save again to rebuild\n")
            return
        with stream:
            info = os.fstat(stream.fileno())
            tag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
            if self.headers.get("If-None-Match") == tag:
                self._headers(HTTPStatus.NOT_MODIFIED, content_type(href), None, {"ETag": tag}, cache=REVALIDATE)
                return
            self._headers(HTTPStatus.OK, content_type(href), info.st_size, {"ETag": tag}, cache=REVALIDATE)
            if not self._head:
                shutil.copyfileobj(stream, self.wfile, 64 * 1024)

    def _revalidated(self, body: bytes, kind: str) -> None:
        # The browser asks again on every load (no-cache) but gets 304 for unchanged files, so
        # a reload refetches only what the rebuild changed and V8 can reuse compiled scripts.
        tag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        if self.headers.get("If-None-Match") == tag:
            self._headers(HTTPStatus.NOT_MODIFIED, kind, None, {"ETag": tag}, cache=REVALIDATE)
        else:
            self._send(HTTPStatus.OK, body, kind, {"ETag": tag}, cache=REVALIDATE)

    def _missing(self, snapshot: Snapshot) -> None:
        if snapshot.files:
            self._text(HTTPStatus.NOT_FOUND, "not in the package\n")
            return
        page = ("<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>No build yet</title>"
                "<p>The course has not built yet. The problems are listed in the preview panel.</p></html>")
        self._send(HTTPStatus.SERVICE_UNAVAILABLE, page.encode(), "text/html; charset=utf-8")

    def _json(self, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")

    def _text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, text.encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, extra: dict[str, str] | None = None,
              cache: str = NO_STORE) -> None:
        self._headers(status, kind, len(body), extra, cache)
        if not self._head and body:
            self.wfile.write(body)

    def _headers(self, status: HTTPStatus, kind: str, length: int | None, extra: dict[str, str] | None = None,
                 cache: str = NO_STORE) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def _safe_error(self, status: HTTPStatus) -> None:
        try:
            self._text(status, f"{status.phrase}\n")
        except OSError:
            self.close_connection = True


_LABELS = {BuildTarget.SCORM12: "SCORM 1.2", BuildTarget.SCORM2004: "SCORM 2004 4th Edition", BuildTarget.CMI5: "cmi5"}


def _integer(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 10 else -1


class PreviewHTTPServer(ThreadingHTTPServer):
    """A threading server that knows its site; handler threads never block shutdown."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], site: PreviewSite, report: Report, poll_timeout: float) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.site = site
        self.report = report
        self.poll_timeout = poll_timeout
        self.xapi = PreviewXapi()
        super().__init__(address, PreviewHandler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS look-up of the address (slow, and not needed)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def host_allowed(self, header: str | None) -> bool:
        """Refuse other host names (DNS rebinding) unless the author chose to listen on every interface."""
        bound = self.server_address[0]
        if header is None or bound in ("0.0.0.0", "::", ""):   # the author chose every interface
            return True
        name = header.rsplit(":", 1)[0] if not header.endswith("]") else header
        name = name.strip("[]").lower()
        return name in LOOPBACK or name == str(bound).lower()


class PreviewServer:
    """Site + HTTP server + watcher; ``start()`` builds once and serves in background threads."""

    def __init__(self, options: PreviewOptions, report: Report) -> None:
        if not options.src.is_dir():
            raise CourseError(f"{options.src}: error: course folder not found")
        self.options = options
        self.report = report
        target = options.target or default_target(options.src)
        self.site = PreviewSite(options.src, target, report)
        try:
            self.httpd = PreviewHTTPServer((options.host, options.port), self.site, report, options.poll_timeout)
        except OSError as exc:
            raise CourseError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}") from exc
        templates = template_folder()
        self._preview_folder = templates / "preview" if templates else None
        paths = (options.src.resolve(), *((templates.resolve(),) if templates else ()))
        self.watcher = SourceWatcher(paths, self._changed, report) if options.watch else None
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="scr-course-preview", daemon=True)

    @property
    def url(self) -> str:
        """The player page's address."""
        host, port = str(self.httpd.server_address[0]), int(self.httpd.server_address[1])
        shown = "localhost" if host in ("127.0.0.1", "::1") else (f"[{host}]" if ":" in host else host)
        return f"http://{shown}:{port}/"

    def start(self) -> PreviewServer:
        """Build once (so problems show at once), then serve and watch."""
        self.site.snapshot(self.site.default_target, 0)
        self._thread.start()
        if self.watcher:
            self.watcher.start()
        return self

    def stop(self) -> None:
        """Stop watching and serving; wakes every pending long poll."""
        if self.watcher:
            self.watcher.stop()
        self.site.close()
        if self._thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> PreviewServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _changed(self, paths: set[Path]) -> None:
        folder = self._preview_folder.resolve() if self._preview_folder else None
        player = {p for p in paths if folder and p.resolve().is_relative_to(folder)}
        if player:
            self.site.player_changed()
        if paths - player:
            self.site.sources_changed(paths - player)


def wait_for_interrupt() -> None:
    """Block the main thread until Ctrl+C (waking regularly, so the signal is seen on every platform)."""
    stop = threading.Event()
    while not stop.wait(0.5):
        pass


def serve(options: PreviewOptions, report: Report) -> None:
    """``scr-course preview``: serve until Ctrl+C."""
    server = PreviewServer(options, report).start()
    if options.host not in LOOPBACK:
        report(f"warning: listening on {options.host}: other computers on the network can open this preview")
    report(f"preview of {options.src} at {server.url} (Ctrl+C to stop)")
    if options.open_browser:
        webbrowser.open(server.url)
    try:
        wait_for_interrupt()
    except KeyboardInterrupt:
        report("stopping")
    finally:
        server.stop()
