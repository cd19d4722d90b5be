"""The cmi5 AU as the tests drive it: one window per launch, and small helpers shared by the
test_cmi5_* modules (their fixtures ``open_au`` and ``strict_launcher`` are in conftest.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from harness.cmi5 import Cmi5Lms, CourseInfo, Launch
from harness.lrs import RalphLrs
from runtime_actions import go_to, page_ids, take_assessment

LMS_VERBS = {"launched", "satisfied", "abandoned"}


def answer_half(frame: Any) -> None:
    """runtime-full's assessment: the first drawn question right, the second wrong (50%), submitted."""
    take_assessment(frame, (True, False))


class Au:
    """One AU window opened at a launch URL, with every statement id it POSTed (including retries)."""

    def __init__(self, browser: Any, launch: Launch, context: Any = None) -> None:
        self.launch = launch
        self.context = context or browser.new_context()
        self.page = self.context.new_page()
        self.posted: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", self._record)
        self.page.goto(launch.url)
        self.frame = self.page.main_frame
        self.page.wait_for_function("() => !document.getElementById('lms-note').textContent.includes('Connecting')")

    def _record(self, request: Any) -> None:
        if request.method == "POST" and request.url.endswith("/xapi/statements"):
            self.posted += [s["id"] for s in json.loads(request.post_data or "[]")]

    def note(self, which: str = "lms-note") -> str:
        return self.page.locator(f"#{which}").inner_text().strip()

    def finish(self) -> None:
        """Finish on the last page; with a returnURL the AU goes back to the LMS once all is sent."""
        go_to(self.frame, page_ids(self.frame)[-1])
        self.frame.get_by_role("button", name="Finish").click()

    def wait_returned(self) -> None:
        self.page.wait_for_url("**/returned", timeout=60_000)

    def close(self) -> None:
        self.context.close()


def launch_package(cmi5_lms: Cmi5Lms, harness_server: Any, build_package: Any, course: str | Path,
                   **options: Any) -> Launch:
    package = build_package(course, "cmi5")
    info = CourseInfo.read(package)
    name = course.name if isinstance(course, Path) else course
    base = harness_server.url + harness_server.mount(f"cmi5-{name}", package)
    return cmi5_lms.launch(base + info.url, info, **options)


def au_statements(ralph_lrs: RalphLrs, launch: Launch) -> list[dict[str, Any]]:
    return [s for s in ralph_lrs.statements(launch.registration) if verb(s) not in LMS_VERBS]


def verb(statement: dict[str, Any]) -> str:
    return str(statement["verb"]["id"].rsplit("/", 1)[-1])


def wait_for(predicate: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


