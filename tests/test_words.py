"""The word count of rendered HTML (model/words.py) equals counting what ``Markup.striptags`` leaves.

Issue 24 replaced striptags with one regex pass; the time estimate, ``summary`` and the manifests'
typical learning time all rest on this count, so it must not move by a word.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from scr_course.model import Callout, Prose
from scr_course.model.words import _words
from scr_course.pipeline import check

from .conftest import REPO


def counted_as_before(html: str) -> int:
    return len(re.findall(r"[\w’'-]+", Markup(html).striptags()))


def test_every_prose_block_of_the_sample_course_counts_as_before() -> None:
    course = check(REPO / "course_src").course
    assert course is not None
    blocks = [b.html for m in course.modules for p in m.pages for b in p.blocks if isinstance(b, Prose)]
    blocks += [b.body for m in course.modules for p in m.pages for b in p.blocks if isinstance(b, Callout)]
    blocks += [str(c.feedback or "") + c.text for m in course.modules for q in m.questions for c in q.choices]
    assert len(blocks) > 300
    assert [_words(html) for html in blocks] == [counted_as_before(html) for html in blocks]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<em>", "</em>", "word", " ", "day-old", "Tom’s", "&amp;",
                                 "&nbsp;", "&#39;", "<!-- note > here -->", "<a href=\"x.md\">", "</a>", "\n",
                                 "5", "—"]), max_size=30))
def test_generated_markup_counts_as_before(parts: list[str]) -> None:
    html = "".join(parts)
    assert _words(html) == counted_as_before(html)
