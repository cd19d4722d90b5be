"""A real LRS for the cmi5 tests: Ralph (PyPI ``ralph-malph``) with its file-system backend on 127.0.0.1.

Ralph runs as its own process (ralph_server.py: Ralph's own API app under uvicorn, as
``ralph runserver -b fs`` runs it, see that file for the two differences), with HTTP basic
credentials written by ``ralph auth`` into a private auth file. The "LRS down" test stops it and
starts it again; its statements live in a folder that survives restarts.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

INSTALL_HINT = "pip install -e '.[test]' (installs ralph-malph[cli,lrs], the LRS these tests store statements in)"


class RalphMissing(RuntimeError):
    """Ralph is not installed: the cmi5 tests fail (never skip) with this message."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class RalphLrs:
    """One Ralph LRS process: ``url`` (``…/xAPI/``), two accounts, start/stop, and statement queries."""

    ACCOUNTS: ClassVar[dict[str, str]] = {"lms": "lms-secret", "au": "au-secret"}
    """``lms``: the test launcher's own account; ``au``: the one whose token the fetch URL hands out."""

    def __init__(self, folder: Path) -> None:
        try:
            import ralph  # noqa: F401
        except ImportError as exc:
            raise RalphMissing(f"Ralph LRS is not installed ({exc}); {INSTALL_HINT}") from exc
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.process: subprocess.Popen[bytes] | None = None
        self.env = dict(os.environ, RALPH_AUTH_FILE=str(folder / "auth.json"), RALPH_RUNSERVER_BACKEND="fs",
                        RALPH_APP_DIR=str(folder / "app"), RALPH_RUNSERVER_HOST="127.0.0.1",
                        RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT="1000")
        folder.mkdir(parents=True, exist_ok=True)
        for user, password in self.ACCOUNTS.items():
            self._ralph("auth", "-u", user, "-p", password, "-s", "all", "-M", f"mailto:{user}@example.org", "-w")

    def _ralph(self, *args: str) -> None:
        result = subprocess.run([sys.executable, "-m", "ralph", *args], env=self.env, capture_output=True,
                                timeout=120, check=False, cwd=self.folder)
        if result.returncode != 0:
            raise RalphMissing(f"ralph {args[0]} failed: {result.stderr.decode(errors='replace')[-2000:]}")

    @staticmethod
    def token(user: str) -> str:
        """The HTTP basic credentials of an account, base64-encoded (what ``Authorization: Basic`` carries)."""
        return base64.b64encode(f"{user}:{RalphLrs.ACCOUNTS[user]}".encode()).decode()

    def start(self) -> RalphLrs:
        """Start the server and wait until its heartbeat answers."""
        log = (self.folder / "ralph.log").open("ab")
        (self.folder / "data").mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("ralph_server.py")), str(self.port), str(self.folder / "data")],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RalphMissing(f"Ralph exited with {self.process.returncode}; see {self.folder / 'ralph.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RalphMissing("Ralph did not answer within 60 s")

    def stop(self) -> None:
        """Stop the server (its statements stay on disk for the next start)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def request(self, method: str, path: str, body: Any = None, user: str = "lms") -> tuple[int, Any]:
        """One xAPI request as ``user``: (status, parsed JSON body or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": "Basic " + self.token(user), "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw) if raw else None
            except ValueError:
                return error.code, raw.decode(errors="replace")

    def statements(self, registration: str) -> list[dict[str, Any]]:
        """Every statement the LRS stored for a registration, in timestamp order."""
        query = urllib.parse.urlencode({"registration": registration, "limit": 1000})
        status, body = self.request("GET", f"statements?{query}")
        found: list[dict[str, Any]] = []
        while True:
            assert status == 200, (status, body)
            found += body["statements"]
            if not body.get("more"):
                break
            status, body = self.request("GET", "statements?" + urllib.parse.urlsplit(body["more"]).query)
        return sorted(found, key=lambda s: s["timestamp"])
