"""The sample course built with ``language: cy``: no English interface string on any screen.

A learner walks every screen (each page, every knowledge check answered wrongly then rightly,
the assessment, its results, the finish screen, and the resume panel of a second session), and
every visible text, accessible name and the document title is collected. Two checks:

- nothing equals an English catalogue value (the interface string itself, with any values);
- everything that is not the course's own content (found in its Markdown) is made of Welsh
  catalogue strings, so a string still hard-coded in English is caught even when it never was
  in the catalogue.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from scr_course.strings import builtin_catalogue

pytestmark = pytest.mark.browser

REPO = Path(__file__).parent.parent.parent

COLLECT = """() => {
  const seen = [];
  const shown = (el) => el && el.checkVisibility({ checkVisibilityCSS: true }) && !el.closest('[aria-hidden="true"]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text && shown(el) && !el.closest('script, style, noscript')) seen.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-roledescription]')) {
    if (!shown(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription']) {
      const value = (el.getAttribute(name) || '').replace(/\\s+/g, ' ').trim();
      if (value) seen.push(value);
    }
  }
  if (document.title) seen.push(document.title);
  return seen;
}"""


def pattern(text: str) -> str:
    """A catalogue value as a regular expression: each {placeholder} stands for any text."""
    parts = re.split(r"\{\w+\}", text)
    return "(?:.+?)".join(re.escape(p) for p in parts)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Screens:
    """Everything the learner was shown, screen by screen."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def collect(self, frame: Any, screen: str) -> None:
        self.texts += [(screen, t) for t in frame.evaluate(COLLECT)]


def welsh_course(tmp_path: Path) -> Path:
    root = tmp_path / "course_src"
    shutil.copytree(REPO / "course_src", root)
    config = root / "course.yml"
    text = config.read_text(encoding="utf-8")
    assert "language: en-GB" in text
    config.write_text(text.replace("language: en-GB", "language: cy"), encoding="utf-8")
    return root


def content_corpus(root: Path) -> str:
    """The course's own words: what the author wrote, which the interface language does not change."""
    files = sorted(root.rglob("*.md")) + [root / "course.yml"]
    text = " ".join(p.read_text(encoding="utf-8") for p in files)
    return normalise(re.sub(r"[*_`]", "", text))


def english_leftovers(texts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts that are an English interface string (with its values filled in)."""
    english, welsh = builtin_catalogue("en-GB"), builtin_catalogue("cy")
    checks = [(key, re.compile(pattern(value))) for key, value in english.items()
              if value != welsh.get(key) and re.search(r"[A-Za-z]{2}", value)]
    found = []
    for screen, text in texts:
        for key, regex in checks:
            if regex.fullmatch(text):
                found.append((screen, f"{text!r} is English ({key})"))
    return found


def not_welsh(texts: Iterable[tuple[str, str]], corpus: str, allowed: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Texts that are neither course content nor made of Welsh catalogue strings."""
    welsh = sorted(builtin_catalogue("cy").values(), key=len, reverse=True)
    strings = re.compile("|".join(pattern(v) for v in welsh))
    found = []
    for screen, text in texts:
        plain = normalise(re.sub(r"[*_`]", "", text))
        if plain in corpus or plain in allowed:
            continue
        rest = strings.sub(" ", text)
        # What is left once Welsh strings are taken out may only be content (a title in a
        # placeholder), numbers and punctuation.
        leftover = [w for w in re.split(r"[\s:;,.()–—/]+", rest) if re.search(r"[A-Za-z]", w) and w not in corpus]
        if leftover:
            found.append((screen, f"{text!r}: {' '.join(leftover)!r} is not Welsh interface text"))
    return found


def answer_wrongly_then_rightly(frame: Any, screens: Screens, page_id: str) -> None:
    """Every knowledge check on the page: a wrong or empty answer first, then the key."""
    forms = frame.locator(f'section[data-page="{page_id}"] form[data-question]')
    for index in range(forms.count()):
        form = forms.nth(index)
        if not form.is_visible():
            continue
        submit = form.locator('button[type="submit"]')
        if submit.count() and submit.first.is_visible():
            submit.first.click()  # no answer yet: the "give an answer first" message
            screens.collect(frame, f"{page_id}: empty answer")
            inputs = form.locator("input[type=radio], input[type=checkbox]")
            if inputs.count():
                inputs.first.check()
            text = form.locator("input[data-answer-input]")
            if text.count():
                text.first.fill("1")
            selects = form.locator("select")
            for s in range(selects.count()):
                selects.nth(s).select_option(index=1)
            if submit.first.is_visible():
                submit.first.click()
            screens.collect(frame, f"{page_id}: answered")


def walk_every_screen(frame: Any, screens: Screens) -> None:
    """Each page in reading order through Next, answering its questions, then Finish."""
    visited: set[str] = set()
    for _ in range(400):
        page_id = frame.evaluate("() => { const s = document.querySelector('section.page:not([hidden])');"
                                 " return s ? s.dataset.page : null; }")
        if page_id and page_id not in visited:
            visited.add(page_id)
            screens.collect(frame, page_id)
            answer_wrongly_then_rightly(frame, screens, page_id)
            submit = frame.locator(f'section[data-page="{page_id}"] [data-quiz-submit]')
            if submit.count() and submit.first.is_visible():
                submit.first.click()
                screens.collect(frame, f"{page_id}: results")
        next_button = frame.locator("#next-page")
        if next_button.is_visible() and next_button.is_enabled():
            next_button.click()
            continue
        break
    assert len(visited) >= 30, f"only {len(visited)} pages were reached"
    finish = frame.locator("#finish")
    if finish.is_visible():
        finish.click()
        screens.collect(frame, "finish")


def test_no_english_interface_string_on_any_screen(build_package: Callable[..., Path], lms: Any, relaunch: Any,
                                                   tmp_path: Path) -> None:
    root = welsh_course(tmp_path)
    package = build_package(root, "scorm2004")
    screens = Screens()
    session = lms("scorm2004", package, learner={"id": "l1", "name": "Jones, Carys"})
    frame = session.frame
    assert frame.evaluate("document.documentElement.lang") == "cy"
    walk_every_screen(frame, screens)
    again = relaunch(session)
    screens.collect(again.frame, "resume")
    assert len(screens.texts) > 500
    problems = english_leftovers(screens.texts) + not_welsh(screens.texts, content_corpus(root),
                                                            allowed=("Jones, Carys", "Carys Jones"))
    unique = sorted(set(problems))
    assert not unique, "\n".join(f"{screen}: {problem}" for screen, problem in unique[:80])
