"""The page templates' shipped code (scorm_templates/html/compiled) is fresh, used, and only while it matches."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.render.page_templates import ShippedTemplateCode, jinja_environment

from .template_code import COMPILED, template_names
from .template_code import main as check_template_code

REPO = Path(__file__).parent.parent


def test_the_shipped_code_is_what_jinja_makes_of_the_templates_now() -> None:
    assert sorted(p.name for p in COMPILED.glob("*.py")) == sorted(f"{n.removesuffix('.j2')}.py" for n in template_names())
    assert check_template_code([]) == 0, "stale: python -m tests.template_code --write"


def test_the_page_templates_load_from_the_shipped_code_without_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    jinja_environment.cache_clear()
    compiled: list[object] = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, *args, **kw: compiled.append(args) or real(
        self, *args, **kw))
    environment = jinja_environment()
    for name in template_names():
        environment.get_template(name)
    assert compiled == []
    jinja_environment.cache_clear()


@pytest.mark.parametrize("change", ["edited template", "other jinja2", "other settings"])
def test_shipped_code_that_does_not_match_is_not_used(change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    environment = jinja_environment()
    name = "sco.html.j2"
    source, filename, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
    if change == "edited template":
        source += "{# an edit #}\n"
    elif change == "other jinja2":
        monkeypatch.setattr(jinja2, "__version__", "9.9.9")
    else:
        environment = environment.overlay(trim_blocks=False)
    assert ShippedTemplateCode().get_bucket(environment, name, filename, source).code is None


def test_pages_from_the_shipped_code_are_the_pages_compiled_from_source(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "course_src", "src")
    runner = CliRunner()
    jinja_environment.cache_clear()
    assert runner.invoke(main, ["build", "--src", "src", "--out", "shipped", "--no-cache", "--jobs", "1"]).exit_code == 0
    monkeypatch.setattr(ShippedTemplateCode, "get_bucket", lambda self, env, name, filename, source: jinja2.bccache.Bucket(
        env, "unused", "unused"))
    compiled: list[object] = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, *args, **kw: compiled.append(args) or real(
        self, *args, **kw))
    jinja_environment.cache_clear()
    assert runner.invoke(main, ["build", "--src", "src", "--out", "compiled", "--no-cache", "--jobs", "1"]).exit_code == 0
    jinja_environment.cache_clear()
    assert len(compiled) >= len(template_names())  # this build did compile the templates from source
    shipped = sorted(Path("shipped").glob("*.zip"))
    assert len(shipped) == 3
    assert all(p.read_bytes() == Path("compiled", p.name).read_bytes() for p in shipped)
