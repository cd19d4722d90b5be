"""The cmi5 AU as the tests drive it: one window per launch, the strict launcher, and small helpers
shared by the test_cmi5_* modules."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness.cmi5 import Cmi5Lms, CourseInfo, Launch
from harness.lrs import RalphLrs
from runtime_actions import drawn_questions, form, go_to, page_ids

LMS_VERBS = {"launched", "satisfied", "abandoned"}


def answer_half(frame: Any) -> None:
    """runtime-full's assessment: the first drawn question right, the second wrong (50%), submitted."""
    drawn = drawn_questions(frame)
    for index, qid in enumerate(drawn):
        label = "Right" if index == 0 else "Wrong"
        form(frame, qid).locator(".option").filter(has=frame.get_by_text(label, exact=True)).locator("input").check()
        if index < len(drawn) - 1:
            frame.get_by_role("button", name="Next question").click()
    frame.get_by_role("button", name="Check answers and submit").click()
    frame.get_by_role("button", name="Submit assessment").click()
    frame.locator("[data-results]").wait_for(state="visible")



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


@pytest.fixture
def strict_launcher(cmi5_lms: Cmi5Lms) -> Iterator[Cmi5Lms]:
    """Issue 20: the launcher is as strict as CATAPULT's player; any cmi5 rule broken fails the test,
    a request after ``terminated`` among them (8.1.2.0-2, 9.3.0.0-5)."""
    cmi5_lms.fault = None
    before = len(cmi5_lms.violations)
    yield cmi5_lms
    cmi5_lms.fault = None
    broken = cmi5_lms.violations[before:]
    assert not broken, broken


@pytest.fixture
def open_au(browser: Any) -> Iterator[Any]:
    opened: list[Au] = []

    def open_one(launch: Launch, context: Any = None) -> Au:
        au = Au(browser, launch, context)
        opened.append(au)
        return au

    yield open_one
    for au in opened:
        with contextlib.suppress(Exception):  # closed by the test already
            au.close()


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


