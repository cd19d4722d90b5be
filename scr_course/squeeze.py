"""The joined runtime script without the spaces and comments only its authors need (issue 21).

The runtime's gzipped size has a budget (30 KB for a cmi5 package, ``benchmarks/runtime_size.py``),
and every issue adds to it. This removes comments and the spaces that separate no two words,
keeping every line break (so automatic semicolon insertion reads the script as written) and every
string and regular expression literal byte for byte. It renames nothing: a stack trace from a
learner's browser still names the functions of ``scorm_templates/runtime/js``.

It reads the ES5 the runtime is written in: no template literals (a test keeps it that way).
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z0-9_$]")
REGEX_AFTER = frozenset("(,=:[!&|?{};+-*%<>~^")
"""After one of these (or at the start), a ``/`` opens a regular expression; otherwise it divides."""
REGEX_AFTER_WORDS = frozenset(("return", "typeof", "case", "do", "else", "in", "new", "delete", "void", "throw"))
TRAILING_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*$")


def squeeze_script(source: str) -> str:
    """``source`` without comments (but ``/*! … */``) and without spaces no token needs."""
    out: list[str] = []
    gap = ""  # what separated the previous token from the next: "", " " or "\n"
    index, end = 0, len(source)

    def emit(token: str) -> None:
        nonlocal gap
        before = out[-1][-1] if out else ""
        if gap == "\n" and out:
            out.append("\n")
        elif gap and ((WORD.match(before) and WORD.match(token[0])) or (before in "+-/" and token[0] == before)):
            out.append(" ")  # "var x", "a - -b", "a / /re/"
        gap = ""
        out.append(token)

    while index < end:
        char = source[index]
        if char in " \t\r\n":
            gap = "\n" if char == "\n" or gap == "\n" else " "
            index += 1
        elif char in "\"'":
            close = index + 1
            while source[close] != char:
                close += 2 if source[close] == "\\" else 1
            emit(source[index:close + 1])
            index = close + 1
        elif source.startswith("//", index):
            newline = source.find("\n", index)
            index = end if newline < 0 else newline
        elif source.startswith("/*", index):
            close = source.index("*/", index + 2) + 2
            if source.startswith("/*!", index):
                emit(source[index:close])
            else:
                gap = gap or " "
            index = close
        elif char == "/" and _opens_regex(out):
            close = _regex_end(source, index)
            emit(source[index:close])
            index = close
        elif WORD.match(char):
            close = index
            while close < end and WORD.match(source[close]):
                close += 1
            emit(source[index:close])
            index = close
        else:
            emit(char)
            index += 1
    return "".join(out)


def _opens_regex(out: list[str]) -> bool:
    if not out:
        return True
    previous = out[-1] if out[-1] != "\n" else (out[-2] if len(out) > 1 else "(")
    word = TRAILING_WORD.search(previous)
    return previous[-1] in REGEX_AFTER or bool(word and word.group(0) in REGEX_AFTER_WORDS)


def _regex_end(source: str, start: int) -> int:
    """Index just past a regular expression literal starting at ``start`` (its flags included)."""
    index, in_class = start + 1, False
    while True:
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "/" and not in_class:
            break
        index += 1
    index += 1
    while index < len(source) and WORD.match(source[index]):
        index += 1
    return index
