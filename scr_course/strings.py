"""Interface strings: the catalogue of learner-facing text for a course's language."""

from __future__ import annotations

from functools import lru_cache

import yaml

from scr_course.resources import read_bytes

DEFAULT_LANGUAGE = "en-GB"


@lru_cache(maxsize=8)
def builtin_catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The shipped catalogue ``scorm_templates/locale/<language>.yml`` as key -> text."""
    data = yaml.safe_load(read_bytes(f"locale/{language}.yml").decode("utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def interface_strings(language: str) -> dict[str, str]:
    """Every interface string for ``language``: English underneath, so no key is ever missing."""
    return dict(builtin_catalogue(DEFAULT_LANGUAGE))


def translate(strings: dict[str, str], key: str, **values: object) -> str:
    """``strings[key]`` with ``{name}`` replaced; the key itself if unknown, so a gap is visible."""
    text = strings.get(key, key)
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text
