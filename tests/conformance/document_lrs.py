"""An xAPI LRS for the CATAPULT run (docs/conformance.md): Ralph for statements, documents here.

CATAPULT's player needs a whole LRS: statements, the State API (it writes ``LMS.LaunchData``), the
Agent Profile API (``cmi5LearnerPreferences``) and document ETags. No LRS with all of those can be
installed here from a package registry; Ralph (PyPI ``ralph-malph``) has the Statement API only.
So this front passes ``statements`` to a real Ralph (its own process, tests/browser/harness/lrs.py)
and keeps the documents itself, in memory, as xAPI 1.0.3 says (section 2.6 of part 3): PUT
replaces, POST merges JSON objects, GET answers the document with its ETag, DELETE removes it,
``If-Match``/``If-None-Match`` are honoured. It serves 127.0.0.1 only, with one basic account.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DOCUMENT_KEYS = {"activities/state": ("activityId", "agent", "registration", "stateId"),
                 "agents/profile": ("agent", "profileId"), "activities/profile": ("activityId", "profileId")}


class DocumentLrs(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, user: str, password: str, ralph_url: str, ralph_auth: str) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.ralph_url, self.ralph_auth = ralph_url, ralph_auth
        self.documents: dict[tuple[str, ...], tuple[str, bytes]] = {}
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: DocumentLrs
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"lrs {self.command} {self.path[:160]} {args[1] if len(args) > 1 else ''}\n")

    def _send(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for name, value in {"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3",
                            **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _any_method(self) -> None:
        self._route(self.command)

    do_GET = do_POST = do_PUT = do_DELETE = _any_method

    def _route(self, method: str) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urllib.parse.urlsplit(self.path)
        resource = parts.path.strip("/").removeprefix("xAPI/").removeprefix("xapi/")
        if self.headers.get("Authorization") != self.server.auth:
            return self._send(401, b'{"error": "unauthorised"}')
        if resource == "about":
            return self._send(200, b'{"version": ["1.0.3"]}')
        if resource == "statements":
            return self._statements(method, parts.query, body)
        if resource in DOCUMENT_KEYS:
            return self._document(method, resource, dict(urllib.parse.parse_qsl(parts.query)), body)
        self._send(404, b'{"error": "not served here"}')

    def _statements(self, method: str, query: str, body: bytes) -> None:
        request = urllib.request.Request(
            self.server.ralph_url + "statements" + (f"?{query}" if query else ""), data=body or None,
            method=method, headers={"Authorization": self.server.ralph_auth, "X-Experience-API-Version": "1.0.3",
                                    "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                code, answer = response.status, response.read()
        except urllib.error.HTTPError as error:
            code, answer = error.code, error.read()
        self._send(code, answer)

    def _document(self, method: str, resource: str, query: dict[str, str], body: bytes) -> None:
        if "agent" in query:
            query["agent"] = json.dumps(json.loads(query["agent"]), sort_keys=True, separators=(",", ":"))
        required = [k for k in DOCUMENT_KEYS[resource] if k != "registration"]
        if any(k not in query for k in required):
            return self._send(400, b'{"error": "missing parameters"}')  # (lists of ids are not needed here)
        key = (resource, *(query.get(k, "") for k in DOCUMENT_KEYS[resource]))
        with self.server.lock:
            found = self.server.documents.get(key)
            etag = f'"{hashlib.sha1(found[1]).hexdigest()}"' if found else ""
            if self.headers.get("If-Match") not in (None, "*", etag) or (
                    self.headers.get("If-None-Match") == "*" and found):
                return self._send(412, b'{"error": "precondition failed"}')
            if method == "GET":
                return self._send(200, found[1], {"Content-Type": found[0], "ETag": etag}) if found else \
                    self._send(404, b"{}")
            if method == "DELETE":
                self.server.documents.pop(key, None)
                return self._send(204)
            content_type = self.headers.get("Content-Type", "application/octet-stream")
            if method == "POST" and found and content_type.startswith("application/json"):
                merged = {**json.loads(found[1]), **json.loads(body)}
                body = json.dumps(merged).encode()
            self.server.documents[key] = (content_type, body)
        self._send(204)


def main() -> None:
    port, user, password, ralph_url, ralph_auth = sys.argv[1:6]
    server = DocumentLrs(int(port), user, password, ralph_url, ralph_auth)
    print(f"lrs on http://127.0.0.1:{port}/xAPI/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
