"""Issue 21: later pages come in one chunk script per module; resuming needs only the resumed page's chunk."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from runtime_actions import chunk_scripts, current_page, go_to, page_ids

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent.parent / "fixtures" / "courses" / "gated"
RESUMED = "second--second-module-second-page"


def sections(frame: Any) -> list[str]:
    return list(frame.evaluate("() => [...document.querySelectorAll('section.page')].map(s => s.dataset.page)"))


def test_resume_shows_the_page_from_its_own_chunk(build_package: Any, lms: Any, lms_launcher: Any,
                                                  tmp_path: Path, monkeypatch: Any) -> None:
    course = tmp_path / "gated-chunks"
    shutil.copytree(FIXTURE, course)
    monkeypatch.setattr("scr_course.render.html.EARLY_BYTES", 1)  # only the first page in index.html
    monkeypatch.setattr("scr_course.render.html.WHOLE_BYTES", 0)  # even though the fixture is small
    package = build_package(course, "scorm12")
    chunks = chunk_scripts(package)
    # One chunk per module (the first module's rest, the second, the assessment), one for the glossary.
    assert len(chunks) == 4
    [(own, chunk)] = [(name, c) for name, c in chunks if f'data-page="{RESUMED}"' in c["html"]]
    assert 'data-page="second--start"' in chunk["html"] and "first--" not in chunk["html"]
    # A later question's reveal data and texts travel with its page; the launch keeps its choice ids.
    [(_, final)] = [(name, c) for name, c in chunks if "final-a" in c["keys"]]
    assert final["texts"]["final-a"] == {"description": "First?", "choices": ["Right", "Wrong", "Neither"]}
    launch = (package / "index.html").read_text(encoding="utf-8")
    assert "First?" not in launch and '"choices":[{"id":"a"},{"id":"b"},{"id":"c"}]' in launch

    session = lms("scorm12", package)
    go_to(session.frame, RESUMED)
    session.page.evaluate("() => window.__lms.unloadSco()")  # the learner closes the window

    # The next launch, with every chunk script held until the test lets it through.
    held: list[Any] = []
    session.context.route("**/index-pages-*.js", lambda route: held.append(route))
    again = lms_launcher.open(session.spec, stored=session.stored(), context=session.context)
    frame = again.frame
    panel = frame.locator("#resume-panel")
    assert panel.is_visible()
    assert "You will carry on in Second module, page 2 of 2: Second module, second page." in panel.inner_text()
    wait_for_held(again, held, 1)  # the resumed page's chunk is asked for first, before Continue
    assert [route.request.url.rsplit("/", 1)[1] for route in held] == [own]

    frame.get_by_role("button", name="Continue where you left off").click()
    loading = frame.locator("#page-loading")
    assert loading.get_attribute("role") == "status" and loading.is_visible()
    assert loading.inner_text() == "Opening Second module: page 2 of 2, Second module, second page…"
    assert panel.locator("#page-loading").count() == 1  # shown in the panel the learner is looking at
    held.pop(0).continue_()
    frame.wait_for_function(f"() => {{ const s = document.getElementById('{RESUMED}'); return !!s && !s.hidden; }}")
    assert current_page(frame) == RESUMED and loading.is_hidden()
    assert frame.evaluate("() => document.activeElement.id") == f"{RESUMED}--title"
    # Only the start screen, the launch file's page and the resumed chunk's pages are there.
    assert sections(frame) == ["course-start", "first--start", "second--start", RESUMED]

    # The other chunks follow one at a time, in reading order.
    wait_for_held(again, held, 1)
    assert held[0].request.url.endswith("/index-pages-1.js")
    # A page asked for meanwhile loads its chunk at once, beside it; a learner who goes elsewhere
    # before it arrives stays where they went.
    go_to_chunked(frame, "page--glossary")
    assert frame.locator("#page-loading").inner_text() == "Opening Glossary…"
    wait_for_held(again, held, 2)
    assert held[1].request.url.endswith("/index-pages-4.js")
    go_to(frame, "first--start")
    assert frame.locator("#page-loading").is_hidden()
    while held:
        held.pop(0).continue_()
        wait_for_held(again, held, 1, required=False)
    # Every page lands in reading order.
    assert page_ids(frame) == ["first--start", "first--first-module-second-page", "second--start", RESUMED,
                               "final--start", "final--questions", "page--glossary"]
    assert current_page(frame) == "first--start"
    assert again.rejected() == [] and again.errors == []


def wait_for_held(session: Any, held: list[Any], count: int, required: bool = True) -> None:
    """Give the runtime up to 5 s to ask for ``count`` held chunk scripts."""
    for _ in range(100):
        if len(held) >= count:
            return
        session.page.wait_for_timeout(50)
    assert not required, f"{len(held)} chunk scripts asked for, not {count}"


def go_to_chunked(frame: Any, page_id: str) -> None:
    """Choose a page in the contents whose chunk has not arrived (go_to expects it on screen)."""
    frame.locator(f'.contents [data-page-link="{page_id}"]').click()
