"""HTML comments are author notes: parsed away so they never reach a learner, whatever the HTML policy."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

OPEN, CLOSE = "<!--", "-->"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def comment_rules(md: MarkdownIt) -> None:
    """Register a block rule (comment lines) and an inline rule (comments inside text) that emit nothing.

    Both run before markdown-it's own raw-HTML rules, so with ``html: allow`` comments are not copied
    into the package either. An unclosed ``<!--`` is left alone here and reported by the parse stage.
    """
    md.block.ruler.before("html_block", "scr_comment", _block_comment,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("html_inline", "scr_comment", _inline_comment)
    md.core.ruler.push("scr_comment_in_html", _strip_from_raw_html)


def strip_comments(text: str) -> str:
    """Text with its comments removed, for titles and the plain text sent to the LMS."""
    return _COMMENT.sub("", text) if OPEN in text else text


def _block_comment(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith(OPEN, start):
        return False
    close = state.src.find(CLOSE, start + len(OPEN))
    if close == -1:
        return False
    after = close + len(CLOSE)
    line = start_line
    while line < end_line and state.eMarks[line] < after:
        line += 1
    if line >= end_line or state.src[after : state.eMarks[line]].strip():
        # Text follows the comment on its last line (or it runs past this block): a paragraph
        # holds it, and the inline rule removes the comment from that paragraph.
        return False
    if not silent:
        state.line = line + 1
    return True


def _inline_comment(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith(OPEN, state.pos):
        return False
    close = state.src.find(CLOSE, state.pos + len(OPEN))
    if close == -1:
        return False
    state.pos = close + len(CLOSE)
    return True


def _strip_from_raw_html(state: StateCore) -> None:
    # With html: allow, a raw HTML block may start with or hold a comment; keep the HTML, drop the note.
    for token in state.tokens:
        if token.type == "html_block":
            token.content = strip_comments(token.content)
        for child in token.children or []:
            if child.type == "html_inline":
                child.content = strip_comments(child.content)
