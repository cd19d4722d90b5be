"""YAML read as nodes, so every value keeps the line it was written on."""

from __future__ import annotations

import copy
import enum
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import yaml

from scr_course.diagnostics import Code, Diagnostic, Diagnostics, SourceLocation
from scr_course.source.loader import CONTROL_CHARACTERS

Scalar = str | int | float | bool | None
E = TypeVar("E", bound=enum.Enum)


@dataclass(frozen=True, slots=True, kw_only=True)
class YamlValue:
    """A YAML value with its line: a scalar, a list or a mapping of YamlValues."""

    value: Scalar | list[YamlValue] | dict[str, YamlValue]
    loc: SourceLocation
    key_loc: SourceLocation | None = None
    """Where the key of this value stands, in a mapping."""


# libyaml's loader when PyYAML was built with it: same nodes and marks, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 32
"""Lists and mappings nested deeper than this are refused: course.yml needs four levels at most, and
converting a deeper tree could exhaust Python's stack (issue 19, L1)."""


def parse_yaml(
    text: str, loc: SourceLocation, diagnostics: Diagnostics
) -> YamlValue | None:
    """Parse YAML text whose first line is at ``loc``; report syntax errors and return None."""
    value, found = _parse_cached(text, loc)
    diagnostics.items.extend(found)
    return value


@lru_cache(maxsize=4096)
def _parse_cached(text: str, loc: SourceLocation) -> tuple[YamlValue | None, tuple[Diagnostic, ...]]:
    # Cached because preview re-reads every front matter on each save; callers never mutate values.
    diagnostics = Diagnostics()
    refused = _refused_structure(text, loc)
    if refused is not None:
        diagnostics.error(refused[0], Code.CONFIG_YAML, refused[1])
        return None, tuple(diagnostics.items)
    try:
        try:
            node = yaml.compose(text, Loader=SAFE_LOADER)
        except yaml.YAMLError:
            # The pure-Python loader names the problem and its line better; use it for the message.
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        index, words = plain_yaml_hint(text, mark.line if mark else 0, problem) or (mark.line if mark else 0, problem)
        diagnostics.error(loc.at_line(loc.line + index), Code.CONFIG_YAML, f"invalid YAML: {words}")
        return None, tuple(diagnostics.items)
    except RecursionError:  # a parser without libyaml's limits: still a message, never a crash
        diagnostics.error(loc, Code.CONFIG_YAML, f"lists and mappings are nested more than {MAX_DEPTH} levels deep")
        return None, tuple(diagnostics.items)
    dash = _dash_without_space(text.split("\n"), len(text))
    if dash is not None:
        # Valid YAML, but '-Decide' after a list item is read as more words of that item.
        diagnostics.error(loc.at_line(loc.line + dash[0]), Code.CONFIG_YAML, f"invalid YAML: {dash[1]}")
    if node is None:
        return YamlValue(value=None, loc=loc), ()
    return _convert(node, loc, diagnostics), tuple(diagnostics.items)


def _refused_structure(text: str, loc: SourceLocation) -> tuple[SourceLocation, str] | None:
    """An alias or too deep a nesting, found in the event stream before any node is built.

    Aliases are refused outright (issue 19, M1): nine lines of ``&a [*a, *a, …]`` expand to
    billions of values, and no course setting needs one. libyaml's parser keeps its own stack, so
    reading events is linear and cannot recurse; syntax errors are left to the composer's message.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            line = loc.line + (event.start_mark.line if event.start_mark is not None else 0)
            if isinstance(event, yaml.AliasEvent):
                return (loc.at_line(line),
                        f"YAML aliases ('*{event.anchor}') are not allowed; write the value out in full")
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return (loc.at_line(line),
                            f"lists and mappings are nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports it, with a better message
    return None


def _convert(node: yaml.Node, base: SourceLocation, diagnostics: Diagnostics) -> YamlValue:
    here = base.at_line(base.line + node.start_mark.line)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, YamlValue] = {}
        for key_node, value_node in node.value:
            key_loc = base.at_line(base.line + key_node.start_mark.line)
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            if key in mapping:
                diagnostics.error(key_loc, Code.CONFIG_YAML, f"duplicate key '{key}'")
            converted = _convert(value_node, base, diagnostics)
            mapping[key] = YamlValue(value=converted.value, loc=converted.loc, key_loc=key_loc)
        return YamlValue(value=mapping, loc=here)
    if isinstance(node, yaml.SequenceNode):
        return YamlValue(value=[_convert(n, base, diagnostics) for n in node.value], loc=here)
    # Resolve scalars with the safe constructor so "80" stays int and "yes" stays as YAML says.
    constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
    yaml.constructor.SafeConstructor.__init__(constructor)
    try:
        scalar = constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        diagnostics.error(here, Code.CONFIG_YAML, f"invalid YAML value: {exc}")
        scalar = None
    if not isinstance(scalar, str | int | float | bool | type(None)):
        scalar = str(node.value)  # dates and timestamps are kept as the text written
    if isinstance(scalar, str) and (found := CONTROL_CHARACTERS.search(scalar)):
        # An escape such as "\e" puts a control character in a value even when the file has none (L5).
        diagnostics.error(here, Code.SOURCE_ENCODING, f"value contains the control character U+{ord(found.group()):04X}"
                          " (written as an escape), which no page can show; delete it")
        scalar = CONTROL_CHARACTERS.sub("", scalar)
    return YamlValue(value=scalar, loc=here)


class Reader:
    """Typed access to a YAML mapping that records wrong types and unknown keys."""

    def __init__(
        self, node: YamlValue, diagnostics: Diagnostics, where: str, known: tuple[str, ...]
    ) -> None:
        self.node = node
        self.diagnostics = diagnostics
        self.mapping: dict[str, YamlValue] = {}
        if isinstance(node.value, dict):
            self.mapping = node.value
        elif node.value is not None:
            diagnostics.error(node.loc, Code.CONFIG_TYPE, f"{where} must be a mapping of keys to values")
        for key, value in self.mapping.items():
            if key not in known:
                hint = _close_match(key, known)
                diagnostics.error(
                    value.key_loc or value.loc,
                    Code.CONFIG_UNKNOWN_KEY,
                    f"unknown key '{key}' in {where}" + (f" (did you mean '{hint}'?)" if hint else ""),
                )

    def reporting_to(self, diagnostics: Diagnostics) -> Reader:
        """The same reader, reporting value problems to another collector (keys are not re-checked)."""
        other = copy.copy(self)
        other.diagnostics = diagnostics
        return other

    def loc(self, key: str) -> SourceLocation:
        """Line of a key, or of the mapping when the key is absent."""
        value = self.mapping.get(key)
        return (value.key_loc or value.loc) if value else self.node.loc

    def has(self, key: str) -> bool:
        """True when the key is present."""
        return key in self.mapping

    def text(self, key: str, default: str | None = None, *, required: bool = False) -> str | None:
        """A string value (numbers are accepted and turned into text)."""
        value = self.mapping.get(key)
        if value is None or value.value is None:
            if required:
                self.diagnostics.error(self.node.loc, Code.CONFIG_MISSING_KEY, f"missing required key '{key}'")
            return default
        if isinstance(value.value, bool) or not isinstance(value.value, str | int | float):
            self.diagnostics.error(value.loc, Code.CONFIG_TYPE, f"'{key}' must be text")
            return default
        text = str(value.value).strip()
        if required and not text:
            self.diagnostics.error(value.loc, Code.CONFIG_VALUE, f"'{key}' must not be empty")
        return text

    def integer(self, key: str, default: int | None, low: int, high: int) -> int | None:
        """A whole number within [low, high]."""
        value = self.mapping.get(key)
        if value is None or value.value is None:
            return default
        if isinstance(value.value, bool) or not isinstance(value.value, int):
            self.diagnostics.error(value.loc, Code.CONFIG_TYPE, f"'{key}' must be a whole number")
            return default
        if not low <= value.value <= high:
            self.diagnostics.error(value.loc, Code.CONFIG_VALUE, f"'{key}' must be between {low} and {high}, not {value.value}")
            return default
        return value.value

    def boolean(self, key: str, default: bool) -> bool:
        """true or false."""
        value = self.mapping.get(key)
        if value is None or value.value is None:
            return default
        if not isinstance(value.value, bool):
            self.diagnostics.error(value.loc, Code.CONFIG_TYPE, f"'{key}' must be true or false")
            return default
        return value.value

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of strings; a single string is accepted as a one-item list."""
        value = self.mapping.get(key)
        if value is None or value.value is None:
            return ()
        if isinstance(value.value, str):
            return (value.value.strip(),)
        if not isinstance(value.value, list):
            self.diagnostics.error(value.loc, Code.CONFIG_TYPE, f"'{key}' must be a list")
            return ()
        items: list[str] = []
        for item in value.value:
            if isinstance(item.value, bool) or not isinstance(item.value, str | int | float):
                self.diagnostics.error(item.loc, Code.CONFIG_TYPE, f"items of '{key}' must be text")
                continue
            items.append(str(item.value).strip())
        return tuple(items)

    def choice(self, key: str, enum_type: type[E], default: E) -> E:
        """One of an Enum's values."""
        value = self.mapping.get(key)
        if value is None or value.value is None:
            return default
        allowed = [member.value for member in enum_type]
        if value.value not in allowed:
            self.diagnostics.error(
                value.loc, Code.CONFIG_VALUE,
                f"'{key}' must be one of {', '.join(allowed)}, not '{value.value}'",
            )
            return default
        return enum_type(value.value)

    def sub(self, key: str, known: tuple[str, ...]) -> Reader:
        """Reader for a nested mapping (empty when absent)."""
        value = self.mapping.get(key) or YamlValue(value=None, loc=self.node.loc)
        return Reader(value, self.diagnostics, f"'{key}'", known)


def _close_match(key: str, known: tuple[str, ...]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    return matches[0] if matches else None


_TAB_INDENT = re.compile(r"^ *\t")
_DASH_NO_SPACE = re.compile(r"^(\s*)-([^\s\d.-].*)$")


def _dash_without_space(lines: list[str], upto: int) -> tuple[int, str] | None:
    """The first list item written '-Word' (no space), which YAML does not read as an item."""
    for index, line in enumerate(lines[: upto + 1]):
        match = _DASH_NO_SPACE.match(line)
        if match:
            return index, (f"a list item needs a space after '-': write '{match.group(1)}- {match.group(2)}'")
    return None


def plain_yaml_hint(text: str, mark_line: int, problem: str) -> tuple[int, str] | None:
    """The line and plain words for the YAML mistakes authors make most, or None for the parser's own."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _TAB_INDENT.match(line):
            return index, "this line is indented with a tab; YAML indents with spaces only, so use spaces"
    dash = _dash_without_space(lines, mark_line)
    if dash is not None:
        return dash
    if "mapping values are not allowed" in problem and 0 <= mark_line < len(lines):
        key, _, value = lines[mark_line].partition(":")
        if ": " in value or value.rstrip().endswith(":"):
            key = key.strip()
            quoted = value.strip().replace('"', '\\"')
            return mark_line, (f"the value of '{key}' holds ': ', which YAML reads as the start of another key; "
                               f"put the value in quotes: {key}: \"{quoted}\"")
        before = [i for i in range(mark_line) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
        if before and ":" not in lines[before[-1]]:
            written = lines[before[-1]].strip()
            name, _, rest = written.partition("=")
            example = f"{name.strip()}: {rest.strip()}" if rest else f"{written}: …"
            return before[-1], f"'{written}' is not 'key: value'; write '{example}'"
    return None
