"""The Jinja environment of the SCO page templates, and the templates' compiled code shipped with them.

Apart from resources.py so that nothing on a build's import path imports Jinja (0.1 s): a build
whose SCOs all come from the render cache never needs it, and one that renders loads it while the
parse helpers work (``render.html.sco_template``).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import jinja2

from scr_course.resources import PACKAGE, read_bytes


@lru_cache(maxsize=1)
def jinja_environment() -> jinja2.Environment:
    """Autoescaping, strict Jinja environment over scorm_templates/html, using the page templates'
    shipped code while it matches them (:class:`ShippedTemplateCode`)."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader(PACKAGE, "html")]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=ShippedTemplateCode(),
    )
    # Templates dispatch on model node types by class name, keeping Python out of them.
    env.tests["instance_of"] = lambda obj, name: type(obj).__name__ == name
    return env


COMPILED_FOLDER = "html/compiled"
"""The page templates' code as Jinja compiles it, ``<template>.py`` (``python -m tests.template_code --write``)."""
_CODE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                  "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                  "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
                  "is_async", "autoescape")
"""Environment settings Jinja's code generator reads: compiled code is only valid for the same ones."""


def template_code_header(environment: jinja2.Environment, name: str, source: str) -> str:
    """The first line of a template's shipped code: what it was compiled from, and by what."""
    settings = repr([*(getattr(environment, key) for key in _CODE_SETTINGS), sorted(environment.extensions),
                     environment.finalize is None])
    return (f"# scr-course: {name} compiled by jinja2 {jinja2.__version__}; source sha256 "
            f"{hashlib.sha256(source.encode('utf-8')).hexdigest()}; settings sha256 "
            f"{hashlib.sha256(settings.encode('utf-8')).hexdigest()}\n")


def template_code(environment: jinja2.Environment, name: str) -> str:
    """A page template's code to ship: the header, then Jinja's own compiled Python source."""
    source, filename, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
    return template_code_header(environment, name, source) + environment.compile(source, name, filename, raw=True)


class ShippedTemplateCode(jinja2.BytecodeCache):
    """The page templates' code, compiled by Jinja ahead and shipped in scorm_templates/html/compiled.

    Issue 24: Jinja took about 0.15 s to compile the three page templates, in every build (a fifth
    of a 10-module build, a tenth of a warm 100-module one). The shipped code is Python source made
    by Jinja itself from these very templates; it is used only while its header names the template
    source's sha256, this jinja2 version and this environment's settings, and Python compiles it
    here (nothing is unmarshalled). Any mismatch, an edited template for one, compiles the template
    as before. ``tests/test_template_code.py`` fails when a shipped file is stale.
    """

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(name, filename),
                                       self.get_source_checksum(source))
        try:
            shipped = read_bytes(f"{COMPILED_FOLDER}/{name.removesuffix('.j2')}.py").decode("utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return bucket
        header, _, code = shipped.partition("\n")
        if header + "\n" == template_code_header(environment, name, source):
            # As Environment.compile names the code, so Jinja's tracebacks point into the template.
            bucket.code = compile(code, filename if filename is not None else "<template>", "exec")
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Nothing is read from anywhere but the package (see get_bucket)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Nothing is written."""
