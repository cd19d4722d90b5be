"""Subheadings inside pages: levels that skip, and a lone ``###`` that reads like a page heading.

Screen-reader users move through a page by heading level, so a level that skips (``####``
straight after the page's ``##``) hides where a section belongs. A ``###`` written where a new
page was meant silently merges two pages into one.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.parse.markdown.outline import Section, heading_text

LONE_HEADING_WORDS = 100
"""A lone ``###`` is taken for a page heading when at least this many words come before it and
after it on the page (a page's worth on each side: the sample course's single subheadings sit
on shorter pages, or in modules that use ``###`` on other pages too)."""


def _headings(section: Section) -> list[tuple[int, Token, Token]]:
    """(level, heading_open, inline) of the section's top-level headings, in order."""
    tokens = section.tokens
    return [(int(t.tag[1]), t, tokens[i + 1]) for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.level == 0 and i + 1 < len(tokens)]


def _line(loc: SourceLocation, token: Token) -> SourceLocation:
    return loc.at_line(token.map[0] + 1 if token.map else loc.line)


def check_heading_levels(sections: Sequence[Section], page_level: int, loc: SourceLocation,
                         diagnostics: Diagnostics) -> None:
    """Warn where a subheading is more than one level below the heading before it."""
    for section in sections:
        previous = page_level
        for level, token, _ in _headings(section):
            if level > previous + 1:
                diagnostics.warning(
                    _line(loc, token), Code.PAGE_HEADING_SKIP,
                    f"'{'#' * level}' comes after '{'#' * previous}' and skips a level; write "
                    f"'{'#' * (previous + 1)}' (screen-reader users move through a page by heading level)")
            previous = level


def check_lone_subheading(sections: Sequence[Section], loc: SourceLocation, diagnostics: Diagnostics) -> None:
    """Warn about a module's only ``###`` when it splits its page into two page-sized halves."""
    with_subheadings = [s for s in sections if _headings(s)]
    if len(with_subheadings) != 1:
        return
    section = with_subheadings[0]
    headings = _headings(section)
    if len(headings) != 1 or headings[0][0] != 3:
        return
    _, token, inline = headings[0]
    split = section.tokens.index(token)
    before = sum(len(t.content.split()) for t in section.tokens[:split] if t.type == "inline")
    after = sum(len(t.content.split()) for t in section.tokens[split + 2:] if t.type == "inline")
    if before >= LONE_HEADING_WORDS and after >= LONE_HEADING_WORDS:
        title = heading_text(inline)[0]
        diagnostics.warning(
            _line(loc, token), Code.PAGE_LONE_SUBHEADING,
            f"'### {title}' is the module's only subheading and starts a page's worth of text, so it "
            f"is part of the page '{section.title}'; if a new page was meant, write '## {title}'")
