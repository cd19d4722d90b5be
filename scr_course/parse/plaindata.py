"""Frozen model objects to and from JSON-ready plain data, driven by their type hints.

The parse cache is written with this instead of pickle (issue 14): decoding only ever builds
the types a field declares, from lists, strings and numbers, so a hostile cache file can at
worst be rejected; it can never run code. New model fields are picked up from the annotations.
(Each dataclass's decoder is compiled from its own field names and types, as ``dataclasses``
makes ``__init__``; the data is only ever its argument.)
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path, PurePosixPath

from markupsafe import Markup

TAG = "@"
"""Key naming the class of an encoded dataclass, so unions of dataclasses can be decoded."""


class PlainDataError(ValueError):
    """The data does not have the shape the declared type needs."""


def encode(value: object) -> object:
    """``value`` as JSON-ready data: dicts, lists, strings, numbers, booleans and None."""
    if value is None or isinstance(value, bool | int | float | str):
        return str(value) if isinstance(value, Markup) else value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PurePosixPath | Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, object] = {TAG: type(value).__name__}
        for item in dataclasses.fields(value):
            data[item.name] = encode(getattr(value, item.name))
        return data
    if isinstance(value, tuple | list | frozenset | set):
        items = sorted(value, key=repr) if isinstance(value, frozenset | set) else value
        return [encode(item) for item in items]
    if isinstance(value, dict):
        return [[encode(k), encode(v)] for k, v in value.items()]
    raise PlainDataError(f"cannot encode {type(value).__name__}")


def decode(data: object, kind: object) -> object:
    """Build a value of type ``kind`` from :func:`encode`'s output; raise PlainDataError on any mismatch."""
    return _decoder(kind)(data)


_DECODERS: dict[object, Callable[[object], object]] = {}


def _decoder(kind: object) -> Callable[[object], object]:
    found = _DECODERS.get(kind)
    if found is None:
        found = _DECODERS[kind] = _make_decoder(kind)
    return found


def _make_decoder(kind: object) -> Callable[[object], object]:
    if kind is type(None) or kind is None:
        return lambda data: _expect(data, data is None, "null")
    if kind in (str, int, float, bool):
        return _scalar(typing.cast(type, kind))
    if kind is Markup:
        return lambda data: Markup(_expect(data, type(data) is str, "text"))
    if kind in (PurePosixPath, Path):
        # Paths are immutable, and a course names the same few files in every location it
        # records: one object per distinct path (issue 24: building them was a quarter of decoding).
        make = lru_cache(maxsize=4096)(typing.cast(type, kind))
        return lambda data: make(_expect(data, type(data) is str, "a path"))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        enum_type = kind

        def enum_value(data: object) -> object:
            try:
                return enum_type(data)
            except ValueError:
                raise PlainDataError(f"{data!r} is not a {enum_type.__name__}") from None

        return enum_value
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        return _union_decoder(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(x) for x in _list(data))
        parts = [_decoder(a) for a in args]

        def fixed(data: object) -> object:
            items = _list(data)
            if len(items) != len(parts):
                raise PlainDataError(f"expected {len(parts)} items, found {len(items)}")
            return tuple(part(x) for part, x in zip(parts, items, strict=True))

        return fixed
    if origin is frozenset:
        item = _decoder(args[0])
        return lambda data: frozenset(item(x) for x in _list(data))
    if origin is dict:
        key, value = _decoder(args[0]), _decoder(args[1])

        def mapping(data: object) -> object:
            pairs = [_list(pair) for pair in _list(data)]
            if any(len(pair) != 2 for pair in pairs):
                raise PlainDataError("a mapping is a list of [key, value] pairs")
            return {key(k): value(v) for k, v in pairs}

        return mapping
    raise PlainDataError(f"no decoder for {kind!r}")


def _scalar(kind: type) -> Callable[[object], object]:
    def scalar(data: object) -> object:
        # bool is an int subclass; an int where a float is declared is what JSON gives for 2.0.
        if type(data) is kind or (kind is float and type(data) is int):
            return data
        raise PlainDataError(f"expected {kind.__name__}, found {type(data).__name__}")

    return scalar


def _dataclass_decoder(kind: type) -> Callable[[object], object]:
    compiled: list[Callable[[object], object]] = []

    def build(data: object) -> object:
        # Compiled on first use: model types refer to each other, so their decoders are made lazily.
        if not compiled:
            compiled.append(_compile_dataclass(kind))
        return compiled[0](data)

    return build


def _compile_dataclass(kind: type) -> Callable[[object], object]:
    """One function that checks and builds a ``kind`` from its dict, its fields decoded inline.

    Issue 24: decoding a warm build's cache was a closure call per field and a keyword dict per
    object (9,500 objects for 100 modules: 70-100 ms); strings, booleans and optional values are
    now checked in place (47-55 ms). The function's source is made from the class's own field
    names and type hints, never from the data, which only ever reaches it as the argument.
    """
    hints = typing.get_type_hints(kind)
    fields = dataclasses.fields(kind)
    name = kind.__name__
    scope: dict[str, object] = {"kind": kind, "PlainDataError": PlainDataError, "TAG": TAG}
    lines = ["def build(data):",
             f"    if not isinstance(data, dict) or data.get(TAG) != {name!r}:",
             f"        raise PlainDataError({f'expected a {name}'!r})",
             f"    if len(data) != {len(fields) + 1}:",
             f"        raise PlainDataError({f'{name} has other fields than expected'!r})",
             "    try:"]
    lines += [f"        v{i} = data[{field.name!r}]" for i, field in enumerate(fields)]
    lines += ["    except KeyError as missing:",
              f"        raise PlainDataError(f'{name} lacks {{missing}}') from None"]
    arguments = [f"{field.name}={_inline(hints[field.name], f'v{i}', scope)}"
                 for i, field in enumerate(fields) if field.init]
    lines.append(f"    return kind({', '.join(arguments)})")
    exec("\n".join(lines), scope)  # our own field names and types only
    return typing.cast(Callable[[object], object], scope["build"])


_INLINE_SCALARS = {str: "str", bool: "bool", int: "int"}


def _inline(kind: object, value: str, scope: dict[str, object]) -> str:
    """An expression decoding the variable ``value`` as ``kind``: a type test in place for exact
    scalars and ``X | None``; the type's own decoder (which names any mismatch) otherwise."""
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        other = args[0] if args[1] is type(None) else args[1]
        return f"(None if {value} is None else {_inline(other, value, scope)})"
    decoder = f"d{len(scope)}"
    scope[decoder] = _decoder(kind)
    if isinstance(kind, type) and kind in _INLINE_SCALARS:
        return f"({value} if type({value}) is {_INLINE_SCALARS[kind]} else {decoder}({value}))"
    return f"{decoder}({value})"


def _union_decoder(members: tuple[object, ...]) -> Callable[[object], object]:
    classes = {m.__name__: m for m in members if isinstance(m, type) and dataclasses.is_dataclass(m)}
    others = [m for m in members if m not in classes.values()]

    def union(data: object) -> object:
        if isinstance(data, dict):
            kind = classes.get(str(data.get(TAG)))
            if kind is None:
                raise PlainDataError(f"unexpected {data.get(TAG)!r}")
            return _decoder(kind)(data)
        for member in others:
            try:
                return _decoder(member)(data)
            except PlainDataError:
                continue
        raise PlainDataError(f"{type(data).__name__} fits none of {members!r}")

    return union


def _expect(data: object, ok: bool, what: str) -> object:
    if not ok:
        raise PlainDataError(f"expected {what}, found {type(data).__name__}")
    return data


def _list(data: object) -> list[object]:
    if not isinstance(data, list):
        raise PlainDataError(f"expected a list, found {type(data).__name__}")
    return data
