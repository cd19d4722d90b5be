"""HTML comments are author notes: parsed away so they never reach a learner, whatever the HTML policy."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

OPEN, CLOSE = "<!--", "-->"


def comment_rules(md: MarkdownIt) -> None:
    """Register a block rule (comment lines) and an inline rule (comments inside text) that emit nothing.

    Both run before markdown-it's own raw-HTML rules, so with ``html: allow`` comments are not copied
    into the package either. An unclosed ``<!--`` is left alone here and reported by the parse stage.
    """
    md.block.ruler.before("html_block", "scr_comment", _block_comment,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("html_inline", "scr_comment", _inline_comment)
    md.core.ruler.push("scr_comment_in_html", _strip_from_raw_html)


def strip_comments(text: str, keep_lines: bool = False) -> str:
    """Text with its closed comments removed (for titles and the plain text sent to the LMS);
    ``keep_lines`` leaves each comment's newlines so line numbers still match.

    A scan with ``find``, not the regular expression ``<!--.*?-->``, which retried from every
    unclosed ``<!--`` to the end of the text: quadratic (issue 19, M2).
    """
    if OPEN not in text:
        return text
    parts: list[str] = []
    position = 0
    while (start := text.find(OPEN, position)) != -1:
        end = text.find(CLOSE, start + len(OPEN))
        if end == -1:
            break  # unclosed: it and everything after stay, and the parse stage reports it
        parts.append(text[position:start])
        if keep_lines:
            parts.append("\n" * text.count("\n", start, end))
        position = end + len(CLOSE)
    parts.append(text[position:])
    return "".join(parts)


def _closing(src: str, start: int, env: MutableMapping[str, Any]) -> int:
    """``src.find('-->', start)``, remembered per source text so that many unclosed ``<!--`` stay linear.

    Once a search from ``start`` finds nothing, no later search in that text can (issue 19, M2:
    forty thousand unclosed openers took 48 s); a found closer answers every later start before it.
    """
    memo = env.get("scr_comment_close")
    if isinstance(memo, tuple) and memo[0] is src and memo[1] <= start and (memo[2] == -1 or memo[2] >= start):
        return int(memo[2])
    found = src.find(CLOSE, start)
    env["scr_comment_close"] = (src, start, found)
    return found


def _block_comment(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith(OPEN, start):
        return False
    close = _closing(state.src, start + len(OPEN), state.env)
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
    close = _closing(state.src, state.pos + len(OPEN), state.env)
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
