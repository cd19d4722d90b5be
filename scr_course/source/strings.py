"""Interface strings: the catalogue of learner-facing text for a course's language.

Layers, later ones winning: the British English catalogue (every key, so nothing is ever blank),
the shipped catalogue of the course language (``scorm_templates/locale/cy.yml`` for Welsh), a
whole catalogue in the course folder (``locale/<lang>.yml``), and a handful of keys in course.yml
(``strings:``). What is missing from the chosen language is a warning naming the key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

import yaml

from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.model import Course, CourseConfig, InterfaceString
from scr_course.resources import read_bytes
from scr_course.source.yamlnodes import SAFE_LOADER, YamlValue, parse_yaml

DEFAULT_LANGUAGE = "en-GB"
SHIPPED = ("en-GB", "cy")
"""Catalogues in scorm_templates/locale/."""
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=8)
def builtin_catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The shipped catalogue ``scorm_templates/locale/<language>.yml`` as key -> text."""
    # libyaml's safe loader when there is one (issue 24: 2.6 ms, where the pure-Python one took
    # 24 ms of every build); the catalogue is plain text keys and values, loaded the same by both.
    data = yaml.load(read_bytes(f"locale/{language}.yml").decode("utf-8"), Loader=SAFE_LOADER) or {}
    return {str(k): str(v) for k, v in data.items()}


def shipped_language(tag: str) -> str | None:
    """The shipped catalogue for a language tag: ``cy``, ``cy-GB`` -> cy; ``en``, ``en-US`` -> en-GB; else None."""
    primary = tag.split("-", 1)[0].lower()
    return {"cy": "cy", "en": "en-GB"}.get(primary)


def interface_strings(language: str) -> dict[str, str]:
    """Every shipped interface string for ``language``: English underneath, so no key is ever missing."""
    strings = dict(builtin_catalogue(DEFAULT_LANGUAGE))
    shipped = shipped_language(language)
    if shipped and shipped != DEFAULT_LANGUAGE:
        strings.update(builtin_catalogue(shipped))
    return strings


def course_strings(course: Course) -> dict[str, str]:
    """The strings the course's pages and runtime use: resolved ones, or the shipped ones."""
    return dict(course.strings) if course.strings else interface_strings(course.config.language)


def translate(strings: dict[str, str], key: str, **values: object) -> str:
    """``strings[key]`` with ``{name}`` replaced; the key itself if unknown, so a gap is visible."""
    text = strings.get(key, key)
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def read_string_overrides(node: YamlValue | None, where: str, diagnostics: Diagnostics) -> tuple[InterfaceString, ...]:
    """A YAML mapping of key -> text (course.yml ``strings:`` or a locale file), with each key's line."""
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, dict):
        diagnostics.error(node.loc, Code.CONFIG_TYPE, f"{where} must map interface string keys to text")
        return ()
    found: list[InterfaceString] = []
    for key, value in node.value.items():
        loc = value.key_loc or value.loc
        if isinstance(value.value, bool) or not isinstance(value.value, str | int | float):
            diagnostics.error(value.loc, Code.CONFIG_TYPE, f"interface string '{key}' must be text")
            continue
        found.append(InterfaceString(key=key, text=str(value.value), loc=loc))
    return tuple(found)


def resolve_strings(config: CourseConfig, locale_files: dict[PurePosixPath, tuple[str, SourceLocation]],
                    diagnostics: Diagnostics) -> tuple[tuple[str, str], ...]:
    """Every interface string of the course, in catalogue order; problems become warnings.

    ``locale_files`` holds the texts of the course's ``locale/*.yml`` files by path.
    """
    english = builtin_catalogue(DEFAULT_LANGUAGE)
    strings = dict(english)
    shipped = shipped_language(config.language)
    translated: set[str] = set(english) if shipped == DEFAULT_LANGUAGE else set()
    if shipped and shipped != DEFAULT_LANGUAGE:
        own = builtin_catalogue(shipped)
        strings.update((k, v) for k, v in own.items() if k in english)
        translated |= set(own) & set(english)
    local = _course_catalogue(config.language, locale_files, diagnostics)
    where = config.loc
    if local is not None:
        where, overrides = local
        _apply(strings, overrides, diagnostics)
        translated |= {o.key for o in overrides if o.key in english}
    if shipped is None and local is None:
        diagnostics.warning(config.loc, Code.STRINGS_LANGUAGE,
                            f"no interface strings for language '{config.language}': buttons and messages are "
                            f"in British English (add locale/{config.language}.yml to translate them)")
    elif shipped != DEFAULT_LANGUAGE:
        for key in english:
            if key not in translated:
                diagnostics.warning(where, Code.STRINGS_MISSING,
                                    f"interface string '{key}' has no {config.language} text; "
                                    f"learners see the English: {english[key]!r}")
    _apply(strings, config.strings, diagnostics)
    return tuple(strings.items())


def _course_catalogue(language: str, files: dict[PurePosixPath, tuple[str, SourceLocation]],
                      diagnostics: Diagnostics) -> tuple[SourceLocation, tuple[InterfaceString, ...]] | None:
    # locale/cy-GB.yml, else locale/cy.yml: the most specific file the course has.
    names = [language, language.split("-", 1)[0]]
    for name in names:
        found = files.get(PurePosixPath("locale") / f"{name}.yml")
        if found is not None:
            text, loc = found
            node = parse_yaml(text, loc, diagnostics)
            return loc, read_string_overrides(node, f"locale/{name}.yml", diagnostics)
    return None


def _apply(strings: dict[str, str], overrides: tuple[InterfaceString, ...], diagnostics: Diagnostics) -> None:
    english = builtin_catalogue(DEFAULT_LANGUAGE)
    for item in overrides:
        if item.key not in english:
            import difflib

            close = difflib.get_close_matches(item.key, list(english), n=1, cutoff=0.7)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            diagnostics.warning(item.loc, Code.STRINGS_UNKNOWN_KEY, f"unknown interface string '{item.key}'{hint}")
            continue
        wanted, given = set(PLACEHOLDER.findall(english[item.key])), set(PLACEHOLDER.findall(item.text))
        if wanted != given:
            names = ", ".join("{" + n + "}" for n in sorted(wanted)) or "none"
            diagnostics.warning(item.loc, Code.STRINGS_PLACEHOLDER,
                                f"interface string '{item.key}' must use the placeholders {names}, as the English does")
            continue
        strings[item.key] = item.text
