"""Block rule for ``::: name params`` … ``:::`` containers, recording whether each was closed."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

MARKER = ":::"


def container_rule(md: MarkdownIt) -> None:
    """Register the rule. Tokens: ``container_open`` (info = name and params, meta.closed) and ``container_close``."""
    md.block.ruler.before(
        "fence", "scr_container", _container, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )


def _fence_at(state: StateBlock, line: int) -> str | None:
    """The text after ``:::`` when the line is a container fence, else None."""
    if state.sCount[line] - state.blkIndent >= 4:
        return None  # indented code, not a fence
    start = state.bMarks[line] + state.tShift[line]
    end = state.eMarks[line]
    text = state.src[start:end]
    if not text.startswith(MARKER):
        return None
    return text.lstrip(":").strip()


_PAGE_HEADING = re.compile(r"#{1,2}(?:[ \t]|$)")


def _unclosed_end(state: StateBlock, start_line: int, end_line: int) -> int:
    """Where an unclosed container most likely ends: before the next page heading or block opener.

    Without its ':::' the block would swallow the rest of the file, and every question or page
    after it would report a follow-on error; cutting it here leaves one error, for the real mistake.
    """
    for line in range(start_line + 1, end_line):
        if state.sCount[line] - state.blkIndent >= 4:
            continue
        start = state.bMarks[line] + state.tShift[line]
        text = state.src[start : state.eMarks[line]]
        if _PAGE_HEADING.match(text) or _fence_at(state, line):
            return line
    return end_line


def _container(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    params = _fence_at(state, start_line)
    if params is None or not params:
        return False  # a bare ':::' is a closing fence, handled by the opener
    if silent:
        return True
    # Nested containers need their own closing fence, so count depth while searching.
    depth = 1
    line = start_line + 1
    closed = False
    while line < end_line:
        if state.sCount[line] < state.blkIndent and state.bMarks[line] + state.tShift[line] < state.eMarks[line]:
            break
        inner = _fence_at(state, line)
        if inner is not None:
            if inner:
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    closed = True
                    break
        line += 1
    if not closed:
        line = _unclosed_end(state, start_line, line)

    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = line
    token = state.push("container_open", "div", 1)
    token.info = params
    token.markup = MARKER
    token.block = True
    token.map = [start_line, line + (1 if closed else 0)]
    token.meta = {"closed": closed}
    state.md.block.tokenize(state, start_line + 1, line)
    token = state.push("container_close", "div", -1)
    token.markup = MARKER
    token.block = True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = line + (1 if closed else 0)
    return True
