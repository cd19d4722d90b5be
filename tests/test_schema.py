"""``scr-course schema``: valid draft 2020-12 schemas that accept the real course and refuse typos."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.parse.course import MODULE_KEYS, PAGE_KEYS
from scr_course.source.config import CMI5_KEYS, COURSE_KEYS, PAGES_KEYS, TRACKING_KEYS
from scr_course.source.strings import builtin_catalogue
from scr_course.source.theme import THEME_KEYS

from .conftest import FIXTURES, REPO


def schema(kind: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0, result.output
    loaded: dict[str, object] = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def errors(kind: str, data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema(kind))
    return sorted(e.message for e in validator.iter_errors(data))


def front_matter(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:].split("\n---\n", 1)[0]) or {}


def test_the_sample_course_and_every_fixture_course_yml_validate() -> None:
    assert schema("course")["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for path in [REPO / "course_src" / "course.yml", *sorted(FIXTURES.glob("*/course.yml"))]:
        assert errors("course", yaml.safe_load(path.read_text(encoding="utf-8"))) == [], path


def test_the_sample_modules_and_pages_front_matter_validate() -> None:
    modules = sorted((REPO / "course_src" / "modules").glob("*.md"))
    assert len(modules) >= 6
    for path in modules:
        assert errors("module", front_matter(path)) == [], path
    for path in sorted((REPO / "course_src" / "pages").glob("*.md")):
        assert errors("page", front_matter(path)) == [], path


def test_a_new_course_validates(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["new", "course", str(tmp_path / "c")])
    written = json.loads((tmp_path / "c" / "course.schema.json").read_text(encoding="utf-8"))
    assert written == schema("course")  # the copy new course writes is the current schema
    assert errors("course", yaml.safe_load((tmp_path / "c" / "course.yml").read_text(encoding="utf-8"))) == []


def sample() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((REPO / "course_src" / "course.yml").read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize(("change", "expected"), [
    (lambda c: c.update(packagin=c.pop("packaging")),
     "Additional properties are not allowed ('packagin' was unexpected)"),
    (lambda c: c["tracking"].update(pass_mrak=c["tracking"].pop("pass_mark")),
     "Additional properties are not allowed ('pass_mrak' was unexpected)"),
    (lambda c: c["tracking"].update(completion="page"), "'page' is not one of ['pages', 'assessment']"),
    (lambda c: c.update(version=1.1), "1.1 is not of type 'string'"),
    (lambda c: c.update(targets=["scorm12", "scorm3"]), "'scorm3' is not one of ['scorm12', 'scorm2004', 'cmi5']"),
    (lambda c: c.pop("title"), "'title' is a required property"),
    (lambda c: c.update(cmi5={"move_on": "passed", "launch": "own-window"}),
     "Additional properties are not allowed ('launch' was unexpected)"),
    (lambda c: c.update(theme={"colours": {"primary": "5a2d82"}}), "'5a2d82' does not match '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$'"),
])
def test_typos_and_wrong_values_are_refused(change: object, expected: str) -> None:
    course = sample()
    change(course)  # type: ignore[operator]
    assert errors("course", course) == [expected]


def test_front_matter_typos_are_refused() -> None:
    assert errors("module", {"duraton": 10}) == ["Additional properties are not allowed ('duraton' was unexpected)"]
    assert errors("module", {"pass_mark": 120}) == ["120 is greater than the maximum of 100"]
    assert errors("module", {"draw": {"topic-a": 3, "topic-b": 2}, "review": "answers"}) == []
    assert errors("module", {"draw": {"topic-a": 0}}) != []
    assert errors("module", {"review": "everything"}) != []
    assert errors("page", {"title": "T", "objectives": []}) == [
        "Additional properties are not allowed ('objectives' was unexpected)"]


def test_every_key_the_tool_accepts_is_in_the_schema_with_a_description() -> None:
    course, module, page = schema("course"), schema("module"), schema("page")
    groups = [(course, COURSE_KEYS), (course["properties"]["tracking"], TRACKING_KEYS),  # type: ignore[index]
              (course["properties"]["pages"], PAGES_KEYS), (module, MODULE_KEYS), (page, PAGE_KEYS),  # type: ignore[index]
              (course["properties"]["cmi5"], CMI5_KEYS), (course["properties"]["theme"], THEME_KEYS)]  # type: ignore[index]
    for node, keys in groups:
        properties = node["properties"]  # type: ignore[index]
        assert sorted(properties) == sorted(keys)
        assert all(properties[k].get("description") for k in keys)


def test_interface_string_overrides_are_checked_by_key() -> None:
    assert errors("course", {**sample(), "strings": {"nav.next": "Continue"}}) == []
    assert errors("course", {**sample(), "strings": {"nav.nxet": "Continue"}}) == [
        "'nav.nxet' is not one of " + repr(sorted(builtin_catalogue("en-GB")))]
