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
    # Asked of nearly every line (as a rule and as a paragraph's terminator): look before slicing.
    if not state.src.startswith(MARKER, start, end):
        return None
    return state.src[start:end].lstrip(":").strip()


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


def _closing_fence(state: StateBlock, start_line: int, end_line: int) -> tuple[int, bool]:
    """The line of the ``:::`` that closes the opener at ``start_line`` (True), or where the search stopped.

    One pass pairs every opener it meets with its closer (nested containers need their own), and
    remembers them all for this parse: searching again from each opener made ten thousand unclosed
    openers take half a minute (issue 19, M2). Keys are the fence's offset in the source, the
    indent and the end of the range, so a blockquote's or list's own view of a line never mixes in.
    """
    memo: dict[tuple[int, int, int], tuple[int, bool]] = state.env.setdefault("scr_container_fences", {})

    def key(line: int) -> tuple[int, int, int]:
        return state.bMarks[line] + state.tShift[line], state.blkIndent, end_line

    found = memo.get(key(start_line))
    if found is not None:
        return found
    open_lines = [start_line]
    line = start_line + 1
    while line < end_line and open_lines:
        if state.sCount[line] < state.blkIndent and state.bMarks[line] + state.tShift[line] < state.eMarks[line]:
            break
        inner = _fence_at(state, line)
        if inner:
            open_lines.append(line)
        elif inner is not None:
            memo[key(open_lines.pop())] = (line, True)
        line += 1
    for opener in open_lines:
        memo[key(opener)] = (line, False)
    return memo[key(start_line)]


def _container(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    params = _fence_at(state, start_line)
    if params is None or not params:
        return False  # a bare ':::' is a closing fence, handled by the opener
    if silent:
        return True
    line, closed = _closing_fence(state, start_line, end_line)
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
