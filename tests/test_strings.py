"""Interface strings: complete catalogues, the language chosen from course.yml, per-course overrides."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.pipeline import check
from scr_course.source.strings import PLACEHOLDER, builtin_catalogue, shipped_language

from .conftest import REPO

LOCALE = REPO / "scorm_templates" / "locale"
SAME_IN_WELSH = {"chart.series_values", "date.long", "contents.in_module", "title.page_module", "title.page", "assessment.heading"}
NOT_INTERFACE = {"Basic "}
"""String literals of the runtime that learners never see (the HTTP authorization scheme of cmi5's fetch)."""
"""Keys whose Welsh text is rightly the same as the English (placeholders and punctuation only)."""


def test_the_welsh_catalogue_has_every_english_key_with_the_same_placeholders() -> None:
    english, welsh = builtin_catalogue("en-GB"), builtin_catalogue("cy")
    assert sorted(set(english) - set(welsh)) == [], "keys with no Welsh text"
    assert sorted(set(welsh) - set(english)) == [], "Welsh keys that English does not have"
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(welsh[key])) == set(PLACEHOLDER.findall(text)), key
        if key not in SAME_IN_WELSH:
            assert welsh[key] != text, f"{key} is not translated"
    # Both files are flat key: text mappings that YAML reads as strings.
    for name in ("en-GB.yml", "cy.yml"):
        data = yaml.safe_load((LOCALE / name).read_text(encoding="utf-8"))
        assert all(isinstance(v, str) for v in data.values()), name


@pytest.mark.parametrize(("tag", "expected"), [
    ("cy", "cy"), ("cy-GB", "cy"), ("CY", "cy"), ("en", "en-GB"), ("en-GB", "en-GB"), ("en-US", "en-GB"),
    ("fr", None), ("ga-IE", None),
])
def test_the_catalogue_follows_the_course_language(tag: str, expected: str | None) -> None:
    assert shipped_language(tag) == expected


def build(root: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--src", str(root), "--out", str(out), "--target", "scorm12"])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def launch_page(out: Path) -> str:
    (package,) = out.glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        return archive.read("index.html").decode("utf-8")


MODULE = "# A\n\n## P\n\nText.\n"


def test_a_welsh_course_gets_the_welsh_interface(write_course: Callable[..., Path], tmp_path: Path) -> None:
    root = write_course({"course.yml": "id: tiny\ntitle: Tiny\nversion: '1.0'\nlanguage: cy-GB\n",
                         "modules/01-a.md": MODULE})
    code, output = build(root, tmp_path / "out")
    assert code == 0 and "warning" not in output, output
    page = launch_page(tmp_path / "out")
    assert '<html lang="cy-GB">' in page
    assert ">Neidio i&#39;r prif gynnwys<" in page and ">Nesaf<" in page and ">Blaenorol<" in page
    assert ">Next<" not in page and ">Contents<" not in page


def test_an_unknown_language_keeps_english_with_a_warning(write_course: Callable[..., Path], tmp_path: Path) -> None:
    root = write_course({"course.yml": "id: tiny\ntitle: Tiny\nversion: '1.0'\nlanguage: fr\n", "modules/01-a.md": MODULE})
    code, output = build(root, tmp_path / "out")
    assert code == 0, output
    assert ("src/course.yml:1: warning: no interface strings for language 'fr': buttons and messages are in British "
            "English (add locale/fr.yml to translate them) [strings.language]") in output
    assert ">Next<" in launch_page(tmp_path / "out")


def test_course_yml_overrides_a_few_strings(write_course: Callable[..., Path], tmp_path: Path) -> None:
    config = """\
        id: tiny
        title: Tiny
        version: '1.0'
        language: cy
        strings:
          nav.next: Ymlaen
          nav.nxet: Typo
          resume.title: "Croeso {name}"
        """
    root = write_course({"course.yml": config, "modules/01-a.md": MODULE})
    code, output = build(root, tmp_path / "out")
    assert code == 0, output
    assert "src/course.yml:7: warning: unknown interface string 'nav.nxet' (did you mean 'nav.next'?) [strings.unknown-key]" in output
    assert ("src/course.yml:8: warning: interface string 'resume.title' must use the placeholders none, as the "
            "English does [strings.placeholder]") in output
    page = launch_page(tmp_path / "out")
    assert ">Ymlaen<" in page and ">Croeso&#39;n ôl<" in page
    assert CliRunner().invoke(main, ["check", "--src", str(root), "--strict"]).exit_code == 1


def test_a_course_catalogue_translates_a_language_we_do_not_ship(write_course: Callable[..., Path],
                                                                tmp_path: Path) -> None:
    english = builtin_catalogue("en-GB")
    catalogue = "nav.next: Ar aghaidh\nnav.previous: Siar\n"
    root = write_course({"course.yml": "id: tiny\ntitle: Tiny\nversion: '1.0'\nlanguage: ga-IE\n",
                         "locale/ga.yml": catalogue, "modules/01-a.md": MODULE})
    code, output = build(root, tmp_path / "out")
    assert code == 0, output
    page = launch_page(tmp_path / "out")
    assert ">Ar aghaidh<" in page and ">Siar<" in page
    missing = re.findall(r"warning: interface string '([\w.-]+)' has no ga-IE text", output)
    assert sorted(missing) == sorted(set(english) - {"nav.next", "nav.previous"})
    assert ("src/locale/ga.yml:1: warning: interface string 'contents.title' has no ga-IE text; learners see the "
            "English: 'Contents' [strings.missing]") in output
    assert "[strings.language]" not in output


def test_resolved_strings_cover_every_key(write_course: Callable[..., Path]) -> None:
    root = write_course({"course.yml": "id: tiny\ntitle: Tiny\nversion: '1.0'\nlanguage: cy\n", "modules/01-a.md": MODULE})
    course = check(root).course
    assert course is not None
    strings = dict(course.strings)
    assert set(strings) == set(builtin_catalogue("en-GB"))
    assert strings == builtin_catalogue("cy")


def test_templates_hold_no_hard_coded_words() -> None:
    """Text in the page templates comes from t(); what is left between the tags is markup and values."""
    found = []
    for template in sorted((REPO / "scorm_templates" / "html").glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        for pattern in (r"\{#.*?#\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<[^>]*>"):
            text = re.sub(pattern, " ", text, flags=re.S)
        found += [f"{template.name}: {line.strip()}" for line in text.splitlines() if re.search(r"[A-Za-z]{2}", line)]
    assert found == []
    # Inside expressions, quoted English would bypass the catalogue just the same.
    for template in sorted((REPO / "scorm_templates" / "html").glob("*.j2")):
        for expression in re.findall(r"\{\{(.*?)\}\}", template.read_text(encoding="utf-8"), flags=re.S):
            assert not re.search(r"[\"'][A-Z][a-z]+ [a-z]+", expression), f"{template.name}: {{{{{expression}}}}}"


def test_the_runtime_holds_no_hard_coded_sentences() -> None:
    """Learner-facing text in runtime/js comes from t(): no English phrase in a string literal."""
    found = []
    for script in sorted((REPO / "scorm_templates" / "runtime" / "js").glob("*.js")):
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), start=1):
            code = re.sub(r"//.*$|/\*.*?\*/", "", line).strip()
            if code.startswith("*") or re.search(r"\bnew \w*Error\(|console\.", code):
                continue  # a block comment, or a message for developers (errors, the console)
            for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', code):
                if literal in NOT_INTERFACE:
                    continue
                if re.search(r"\b[A-Z]?[a-z]+ [a-z]+ [a-z]+|^[A-Z][a-z]+:? $|^[A-Z][a-z]+ [a-z]+\.?$", literal):
                    found.append(f"{script.name}:{number}: {literal!r}")
    assert found == []


@pytest.mark.parametrize("target", ["scorm12", "scorm2004", "cmi5"])
def test_the_launch_file_carries_every_string_its_runtime_can_ask_for(target: str) -> None:
    """Issue 21 cut the launch file's strings to those the runtime names; none it asks for may go."""
    from scr_course.render.data import runtime_strings
    from scr_course.resources import runtime_source

    catalogue = builtin_catalogue("en-GB")
    shipped = runtime_strings(catalogue, target)
    source = runtime_source("runtime/player.js", target).decode("utf-8")
    # Every key literal in a t(…) call's first argument (a ternary may name two), bar a prefix it completes.
    first_arguments = (re.split(r"[{)]", call, maxsplit=1)[0] for call in re.findall(r"\bt\(([^;]{0,160})", source))
    asked = {key for argument in first_arguments for key in re.findall(r'"([a-z0-9_]+\.[a-z0-9_.]+)"', argument)
             if not key.endswith(("_", "."))}
    assert asked and asked <= set(shipped), sorted(asked - set(shipped))
    assert {f"date.month_{n}" for n in range(1, 13)} <= set(shipped)  # asked for as "date.month_" + n
    assert any(key.startswith("cmi5.") for key in shipped) == (target == "cmi5")
    assert "callout.note" not in shipped  # the pages' own words are in their markup already
