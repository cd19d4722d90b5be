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

from scr_course.source.strings import builtin_catalogue

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


PLACEHOLDERS = re.compile(r"\{\w+\}")


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
    files = [*sorted(root.rglob("*.md")), root / "course.yml"]
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


def in_content(text: str, corpus: str) -> bool:
    """True when ``text`` is a run of the course's own words (not cutting a word in two)."""
    plain = normalise(re.sub(r"[*_`]", "", text)).strip(" .,;:–—\"'")
    if not re.search(r"[A-Za-z]", plain):
        return True
    before = r"(?<!\w)" if plain[0].isalnum() else ""
    after = r"(?!\w)" if plain[-1].isalnum() else ""
    return re.search(before + re.escape(plain) + after, corpus) is not None


def not_welsh(texts: Iterable[tuple[str, str]], corpus: str, allowed: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Texts with parts that are neither course content nor Welsh catalogue strings."""
    # Placeholders at either end of a string hold content, which is checked as content; a string
    # that is only placeholders and punctuation ("{page} - {course}") says nothing in any language.
    cores = {re.sub(r"^(\{\w+\}[\s:–—,]*)+|([\s:–—,]*\{\w+\}[.]?)+$", "", v) for v in builtin_catalogue("cy").values()}
    welsh = sorted((c for c in cores if re.search(r"[A-Za-zŵŷâêîôûáéíóúàèìòùäëïöü]{2}", c)), key=len, reverse=True)
    # Whole words only: "Mai" (May) must not eat the start of "Maisie".
    # The joints of placeholder-only strings (the dash of "{page} - {module} - {course}") split too,
    # and commas: course.yml lists (audience, standards) are shown joined by them.
    joints = {p for v in builtin_catalogue("cy").values() if not re.search(r"[^\W\d_]{2}", PLACEHOLDERS.sub("", v))
              for p in PLACEHOLDERS.split(v) if p.strip(" .")} | {", "}
    strings = re.compile("|".join([*((r"(?<!\w)" if v[0].isalnum() else "") + pattern(v)
                                     + (r"(?!\w)" if v[-1].isalnum() else "") for v in welsh),
                                   *(re.escape(j) for j in sorted(joints, key=len, reverse=True))]))
    allowed = set(allowed)
    found = []
    for screen, text in texts:
        if text in allowed or in_content(text, corpus):
            continue
        # A text may join Welsh interface strings (whose placeholders hold content) and content,
        # e.g. a verdict followed by the option's feedback: every part must be one or the other.
        parts = [p for p in strings.split(text) if p is not None]
        leftover = [p.strip() for p in parts if not in_content(p, corpus)]
        if leftover:
            found.append((screen, f"{text!r}: {' | '.join(leftover)!r} is not Welsh interface text"))
    return found


def fill_visible(form: Any) -> None:
    """Give the question an answer (the first option, a number, the first match): often a wrong one."""
    inputs = form.locator("input[type=radio], input[type=checkbox]")
    if inputs.count() and inputs.first.is_visible():
        inputs.first.check()
    text = form.locator("input[data-answer-input]")
    if text.count() and text.first.is_visible():
        text.first.fill("1")
    selects = form.locator("select")
    for s in range(selects.count()):
        if selects.nth(s).is_visible():
            selects.nth(s).select_option(index=1)
    move = form.locator('[data-move="up"]')
    if move.count() > 1 and move.last.is_visible() and move.last.is_enabled():
        move.last.click()


def answer_knowledge_checks(frame: Any, screens: Screens, page_id: str) -> None:
    """Every knowledge check on the page: no answer first, then a (probably wrong) one, then Try again."""
    forms = frame.locator(f'section[data-page="{page_id}"] form[data-question]')
    for index in range(forms.count()):
        form = forms.nth(index)
        check = form.locator("[data-check-answer]")
        if not form.is_visible() or not check.count() or not check.first.is_visible():
            continue
        check.first.click()  # no answer yet: "give an answer first"
        screens.collect(frame, f"{page_id}: empty answer")
        fill_visible(form)
        check.first.click()
        screens.collect(frame, f"{page_id}: answered")
        again = form.locator("[data-try-again]")
        if again.count() and again.first.is_visible():
            again.first.click()
            screens.collect(frame, f"{page_id}: trying again")
            fill_visible(form)
            if check.first.is_visible():
                check.first.click()
                screens.collect(frame, f"{page_id}: answered again")


def take_assessment(frame: Any, screens: Screens, page_id: str) -> bool:
    """The scored attempt screen by screen: the check screen with gaps, then all answered, submit, results."""
    section = frame.locator(f'section[data-page="{page_id}"]')
    attempt = section.locator("[data-attempt]")
    if not attempt.count() or not attempt.first.is_visible():
        return False
    review = section.locator("[data-attempt-review]")
    next_question = section.locator("[data-attempt-next]")
    screens.collect(frame, f"{page_id}: first question")
    for step in range(80):
        if review.first.is_visible():
            break
        if step == 1:  # leave the first question unanswered so the check screen lists a gap
            fill_visible(section.locator("form[data-question]:visible").first)
        next_question.first.click()
        screens.collect(frame, f"{page_id}: question {step + 2}")
    review.first.click()
    screens.collect(frame, f"{page_id}: check screen with a gap")
    section.locator("[data-check-back]").first.click()
    previous = section.locator("[data-attempt-prev]")
    while previous.first.is_visible() and previous.first.is_enabled():
        previous.first.click()
    for _ in range(80):
        fill_visible(section.locator("form[data-question]:visible").first)
        if review.first.is_visible():
            break
        next_question.first.click()
    review.first.click()
    screens.collect(frame, f"{page_id}: check screen")
    submit = section.locator("[data-quiz-submit]").first
    assert submit.is_visible(), section.locator("[data-attempt-check]").inner_text()
    submit.click()
    screens.collect(frame, f"{page_id}: results")
    return True


def walk_every_screen(frame: Any, screens: Screens) -> set[str]:
    """Each page in reading order through Next, answering its questions and the assessment, then Finish."""
    visited: set[str] = set()
    seen_screens: set[str] = set()
    for _ in range(400):
        page_id = frame.evaluate("() => { const s = document.querySelector('section.page:not([hidden])');"
                                 " return s ? s.dataset.page : null; }")
        if page_id and page_id not in visited:
            visited.add(page_id)
            screens.collect(frame, page_id)
            answer_knowledge_checks(frame, screens, page_id)
            if take_assessment(frame, screens, page_id):
                seen_screens.add("assessment")
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
        seen_screens.add("finish")
    return seen_screens


def test_no_english_interface_string_on_any_screen(build_package: Callable[..., Path], lms: Any, relaunch: Any,
                                                   tmp_path: Path) -> None:
    root = welsh_course(tmp_path)
    package = build_package(root, "scorm2004")
    screens = Screens()
    session = lms("scorm2004", package, learner={"id": "l1", "name": "Jones, Carys"})
    frame = session.frame
    assert frame.evaluate("document.documentElement.lang") == "cy"
    assert walk_every_screen(frame, screens) == {"assessment", "finish"}
    again = relaunch(session)
    screens.collect(again.frame, "resume")
    # The screens that matter were reached: check screen, results, a knowledge-check message, resume.
    assert {"Gwirio eich atebion", "Eich canlyniad", "Rhowch ateb yn gyntaf.", "Croeso'n ôl"} <= {t for _, t in screens.texts}
    assert len(screens.texts) > 500
    problems = english_leftovers(screens.texts) + not_welsh(screens.texts, content_corpus(root),
                                                            allowed=("Jones, Carys", "Carys Jones"))
    unique: dict[str, str] = {}
    for screen, problem in problems:  # one line per string, however many screens showed it
        unique.setdefault(re.sub(r"\d+", "#", problem), screen)
    assert not unique, "\n".join(f"{problem}  (first on {screen})" for problem, screen in sorted(unique.items()))
