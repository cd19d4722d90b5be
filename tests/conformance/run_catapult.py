"""Run the sample course's cmi5 package through ADL's CATAPULT CTS (issue 20; docs/conformance.md).

Usage: ``.venv/bin/python tests/conformance/run_catapult.py CATAPULT_DIR OUT_DIR``

CATAPULT_DIR is a checkout of github adlnet/CATAPULT with ``npm install`` done in player/service and
cts/service; MariaDB must be running on 127.0.0.1:3306 with databases ``catapult_player`` and
``catapult_cts`` for user ``catapult``/``quartz`` (see docs/conformance.md). This script:

1. starts Ralph and the document LRS (document_lrs.py) in front of it, then CATAPULT's player and
   its CTS service (each migrated first), all on 127.0.0.1;
2. builds the sample course (and a copy with ``tracking.on_fail: failed``) and imports the cmi5
   zips through the CTS API, as its web client does;
3. runs each session kind in headless Chromium: Normal pass, then Review and Browse; Normal fail,
   then a Normal pass; partial (window closed mid-course), then a Normal relaunch that passes;
4. prints and writes ``OUT_DIR/catapult.json``: per test the CTS verdict, and per session its
   launch mode, the requirement ids CATAPULT says were violated, and its log;
5. stops everything it started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path[:0] = [str(HERE), str(REPO / "tests" / "browser")]

from document_lrs import DocumentLrs  # noqa: E402
from harness.lrs import RalphLrs  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from runtime_actions import answer_attempt, answer_key, go_to, page_ids  # noqa: E402

LRS_PORT, PLAYER_PORT, CTS_PORT, FRONT_PORT = 8081, 3398, 3399, 3300
FRONT = f"http://127.0.0.1:{FRONT_PORT}"
CTS = f"{FRONT}/api/v1/"
# CATAPULT's own deployment (cts/nginx/default.conf) puts the CTS at / and the player at /player
# on one origin, so the AU (player content) and its endpoint (the CTS) are same-origin; the CTS
# answers no CORS. Debian's nginx does the same here, on 127.0.0.1 and without TLS.
NGINX_CONF = """daemon off; user root; pid {work}/nginx.pid; error_log {work}/nginx-error.log;
events {{ worker_connections 64; }}
http {{ access_log off; client_max_body_size 200m; client_body_temp_path {work}/nginx-body;
  proxy_temp_path {work}/nginx-proxy;
  server {{ listen 127.0.0.1:{front};
    location / {{ proxy_pass http://127.0.0.1:{cts}; proxy_set_header Host $http_host; }}
    location /player {{ proxy_pass http://127.0.0.1:{player}/player; proxy_set_header Host $http_host; }} }} }}
"""
DB = {"DB_HOST": "127.0.0.1", "DB_USERNAME": "catapult", "DB_PASSWORD": "quartz"}
OUT = Path(".")
ACTOR = {"account": {"homePage": "https://learners.example.org", "name": "cts-learner"}, "objectType": "Agent",
         "name": "CTS Learner"}


def start_node(service: Path, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Migrate the service's database, then start it on 127.0.0.1:port."""
    full = {**os.environ, **env}
    subprocess.run(["node", "node_modules/.bin/knex", "migrate:latest"], cwd=service, env=full, check=True,
                   capture_output=True, timeout=120)
    return wait_for_port(subprocess.Popen(["node", "index.js", str(port), "127.0.0.1"], cwd=service, env=full,
                                          stdout=log.open("wb"), stderr=subprocess.STDOUT), port, log)


def wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path) -> subprocess.Popen[bytes]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args} exited; see {log}") from None
            time.sleep(0.5)
    raise RuntimeError(f"{process.args} did not answer; see {log}")


def build(course: Path, out: Path) -> Path:
    subprocess.run([str(REPO / ".venv" / "bin" / "scr-course"), "build", "--src", str(course), "--out", str(out)],
                   check=True, capture_output=True, timeout=300)
    [package] = out.glob("*-cmi5.zip")
    return package


class Cts:
    """The CTS web client's API calls, made in the browser context so its cookie is the learner's too."""

    def __init__(self, context: Any) -> None:
        self.request = context.request

    def call(self, method: str, path: str, **options: Any) -> Any:
        response = self.request.fetch(CTS + path, method=method, **options)
        assert response.ok, (method, path, response.status, response.text()[:2000])
        return response.json() if response.text() else None

    def import_course(self, package: Path) -> int:
        course = self.call("POST", "courses", data=package.read_bytes(), headers={"Content-Type": "application/zip"})
        return int(course["id"])

    def new_test(self, course_id: int) -> int:
        return int(self.call("POST", "tests", data={"courseId": course_id, "actor": ACTOR})["id"])

    def launch(self, test_id: int, mode: str) -> dict[str, Any]:
        session: dict[str, Any] = self.call("POST", "sessions", data={"testId": test_id, "auIndex": 0, "launchMode": mode})
        return session


def run_session(context: Any, cts: Cts, test_id: int, mode: str, course: Path, plan: str) -> dict[str, Any]:
    """One AU session: open the launch URL, do what ``plan`` says, end it; then what the CTS recorded."""
    session = cts.launch(test_id, mode)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(session["launchUrl"])
    page.wait_for_function("() => !document.getElementById('lms-note').textContent.includes('Connecting')")
    frame = page.main_frame
    if page.locator("#resume-panel").is_visible():
        page.get_by_role("button", name="Continue where you left off").click()
    ended = ""
    try:
        ended = play(page, frame, course, plan)
    except Exception as error:
        page.screenshot(path=str(OUT / f"session-{session['id']}.png"), full_page=True)
        ended = f"driver error: {str(error)[:300]}"
        page.close()
    time.sleep(2)
    detail = cts.call("GET", f"sessions/{session['id']}")
    logs = cts.call("GET", f"sessions/{session['id']}/logs")
    return {"mode": mode, "plan": plan, "ended": ended, "page_errors": errors,
            "violatedReqIds": detail["metadata"].get("violatedReqIds", []),
            "log": [entry.get("metadata", entry) for entry in logs]}


def play(page: Any, frame: Any, course: Path, plan: str) -> str:
    """What the learner does in one session; how the session ended."""
    ended = ""
    if plan in ("pass", "fail"):
        frame.locator("[data-quiz-end]").first.wait_for(state="attached")  # later pages load after the first
        end_page = frame.evaluate("() => document.querySelector('[data-quiz-end]').closest('section').dataset.page")
        go_to(frame, end_page)
        again = frame.get_by_role("button", name="Take the assessment again")
        if again.is_visible():  # an earlier session's attempt failed
            again.click()
        answer_attempt(frame, answer_key(course), right=plan == "pass")
    elif plan.startswith("partial"):
        go_to(frame, page_ids(frame)[3])
        go_to(frame, page_ids(frame)[4])
        if plan == "partial":  # the state document stored by then: terminated can go last
            time.sleep(2)
        page.close(run_before_unload=True)
        ended = "window closed" + (" at once" if plan != "partial" else " after 2 s")
    else:  # look around (Review, Browse)
        for page_id in page_ids(frame)[:4]:
            go_to(frame, page_id)
    if not ended:
        go_to(frame, page_ids(frame)[-1])
        started = time.monotonic()
        page.get_by_role("button", name="Finish").click()
        try:
            page.wait_for_url("**/return-url**", timeout=5_000)
            ended = f"returnURL after {time.monotonic() - started:.1f} s"
        except Exception:
            ended = "no returnURL within 5 s: " + page.locator("#lms-alert").inner_text()
        page.close()
    return ended


def main() -> None:
    global OUT
    catapult, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    OUT = out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so that everything started is stopped
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="catapult-run-"))
    ralph = RalphLrs(work / "ralph").start()
    lrs = DocumentLrs(LRS_PORT, "catapult", "lrs-secret", ralph.url, "Basic " + RalphLrs.token("lms"))
    import threading

    threading.Thread(target=lrs.serve_forever, daemon=True).start()
    lrs_env = {"LRS_ENDPOINT": f"http://127.0.0.1:{LRS_PORT}/xAPI/", "LRS_USERNAME": "catapult",
               "LRS_PASSWORD": "lrs-secret", "LRS_XAPI_VERSION": "1.0.3"}
    processes: list[subprocess.Popen[bytes]] = []
    results: dict[str, Any] = {}
    try:
        processes.append(start_node(catapult / "player" / "service", PLAYER_PORT, {
            **DB, **lrs_env, "DB_NAME": "catapult_player", "CONTENT_URL": f"{FRONT}/player/content",
            "PLAYER_API_ROOT": "/player",
            "TOKEN_SECRET": "run-catapult-token-secret", "API_KEY": "cts", "API_SECRET": "run-catapult-api-secret",
            "HOSTNAME": "127.0.0.1"}, out / "player.log"))
        processes.append(start_node(catapult / "cts" / "service", CTS_PORT, {
            **DB, **lrs_env, "DB_NAME": "catapult_cts", "PLAYER_BASE_URL": f"http://127.0.0.1:{PLAYER_PORT}/player",
            "PLAYER_KEY": "cts", "PLAYER_SECRET": "run-catapult-api-secret", "HOSTNAME": "127.0.0.1",
            "CTS_SESSION_COOKIE_PASSWORD": "run-catapult-cookie-password-of-32-chars-or-more"}, out / "cts.log"))
        (work / "nginx.conf").write_text(NGINX_CONF.format(work=work, front=FRONT_PORT, cts=CTS_PORT,
                                                           player=PLAYER_PORT), encoding="utf-8")
        processes.append(wait_for_port(subprocess.Popen(
            ["nginx", "-c", str(work / "nginx.conf"), "-e", str(work / "nginx-error.log")],
            stdout=(out / "nginx.log").open("wb"), stderr=subprocess.STDOUT), FRONT_PORT, out / "nginx.log"))
        sample = REPO / "course_src"
        failing = work / "course-on-fail"
        shutil.copytree(sample, failing)
        yml = failing / "course.yml"
        yml.write_text(yml.read_text(encoding="utf-8").replace("on_fail: incomplete", "on_fail: failed"), encoding="utf-8")
        packages = {"sample": (sample, build(sample, work / "b1")), "on_fail": (failing, build(failing, work / "b2"))}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            context = browser.new_context()
            cts = Cts(context)
            urllib.request.urlopen(urllib.request.Request(CTS + "bootstrap", method="POST", data=json.dumps(
                {"firstUser": {"username": "admin", "password": "run-catapult"}}).encode(),
                headers={"Content-Type": "application/json"}))
            cts.call("POST", "login", data={"username": "admin", "password": "run-catapult", "storeCookie": True})
            courses = {name: cts.import_course(zip_path) for name, (_, zip_path) in packages.items()}
            plans = {
                "normal-pass-then-review-and-browse": ("sample", [("Normal", "pass"), ("Review", "look"),
                                                                  ("Browse", "look")]),
                "normal-fail-then-pass (on_fail: failed)": ("on_fail", [("Normal", "fail"), ("Normal", "pass")]),
                "partial-then-relaunch": ("sample", [("Normal", "partial"), ("Normal", "pass")]),
                "partial-closed-at-once-then-relaunch": ("sample", [("Normal", "partial-now"), ("Normal", "pass")]),
            }
            for name, (course_name, sessions) in plans.items():
                test_id = cts.new_test(courses[course_name])
                runs = [run_session(context, cts, test_id, mode, packages[course_name][0], plan)
                        for mode, plan in sessions]
                test = cts.call("GET", f"tests/{test_id}")
                results[name] = {"test": test_id, "verdict": test["metadata"]["result"],
                                 "aus": [au.get("result") for au in test["metadata"]["aus"]], "sessions": runs}
                print(name, results[name]["verdict"], [(r["mode"], r["plan"], r["violatedReqIds"], r["ended"])
                                                       for r in runs], flush=True)
            browser.close()
    finally:
        (out / "catapult.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        lrs.shutdown()
        ralph.stop()


if __name__ == "__main__":
    main()
