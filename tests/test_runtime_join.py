"""The joined runtime: parts per target, and whole-line comments left out of what learners download."""

from __future__ import annotations

import gzip

import pytest

from scr_course.resources import minify_js, prebuilt_runtime, runtime_file, runtime_source, strip_comment_lines


def test_only_whole_line_comments_are_dropped() -> None:
    source = (b"// a note\nvar a = 1; // kept with its code\n/* one line */\n/* x */ var b = 2;\n"
              b"/*\n * block\n */\nvar url = \"https://example.org/*not*/\";\n/*! licence */\n"
              b"  // indented note\nvar re = /\\/\\//;\n")
    assert strip_comment_lines(source, js=True) == (
        b"var a = 1; // kept with its code\n/* x */ var b = 2;\nvar url = \"https://example.org/*not*/\";\n"
        b"/*! licence */\nvar re = /\\/\\//;\n")
    # CSS has no line comments: a line starting with // is left alone there.
    assert strip_comment_lines(b"/* c */\na { b: c; }\n// not css\n", js=False) == b"a { b: c; }\n// not css\n"


def runtime_weight(target: str) -> int:
    return sum(len(gzip.compress(runtime_file(p, target), 9, mtime=0)) for p in ("runtime/player.js", "runtime/player.css"))


def test_cmi5_parts_ship_only_in_cmi5_packages() -> None:
    scorm = runtime_source("runtime/player.js", "scorm2004")
    cmi5 = runtime_source("runtime/player.js", "cmi5")
    assert b"function cmi5Connect" not in scorm and b"function cmi5Connect" in cmi5
    assert b"function outboxRun" in cmi5
    # Names are mangled in what ships, strings are not: the xAPI verb base shows which parts went in.
    assert b"adlnet.gov/expapi/verbs/" not in runtime_file("runtime/player.js", "scorm12")
    assert b"adlnet.gov/expapi/verbs/" in runtime_file("runtime/player.js", "cmi5")


def test_the_scorm_runtime_fits_the_budget() -> None:
    assert runtime_weight("scorm12") <= 30 * 1024
    assert runtime_weight("scorm2004") <= 30 * 1024


def test_the_cmi5_runtime_fits_the_budget() -> None:
    assert runtime_weight("cmi5") <= 30 * 1024


def test_minifying_keeps_strings_regular_expressions_and_what_separates_tokens() -> None:
    source = ('var a = "x  y", b = \'// not a comment\';  // note\n'
              "var r = /[/ ]+/g, half = a / 2 / b;\n"
              "/* gone */ if (a - -b) { return /\\s+/.test(a); }\n"
              "c = a + +b\n"
              "d()\n").encode()
    squeezed = minify_js(source).decode()
    assert 'a="x  y"' in squeezed and "b='// not a comment'" in squeezed
    assert "/[/ ]+/g" in squeezed and "a/2/b" in squeezed and "/\\s+/.test(a)" in squeezed
    assert "a- -b" in squeezed and "a+ +b" in squeezed
    assert "gone" not in squeezed and "note" not in squeezed


def test_the_runtime_is_es5_the_minifier_reads() -> None:
    """No template literals (the minifier keeps only quoted strings whole), in any package's runtime."""
    for target in ("scorm12", "scorm2004", "cmi5"):
        assert b"`" not in runtime_file("runtime/player.js", target)


@pytest.mark.parametrize("target", ["scorm12", "scorm2004", "cmi5"])
def test_packages_ship_the_prebuilt_bundle_of_their_own_parts(target: str) -> None:
    source = runtime_source("runtime/player.js", target)
    bundle = prebuilt_runtime(target, source)
    assert bundle is not None, "runtime/dist is stale: python -m tests.runtime_dist --write"
    assert runtime_file("runtime/player.js", target) == bundle


def test_a_stale_bundle_is_never_shipped() -> None:
    """An edited runtime part with the old bundle still in dist: the edit ships, minified here."""
    edited = runtime_source("runtime/player.js", "scorm12").replace(b'"use strict";', b'"use strict";var edited=1;', 1)
    assert prebuilt_runtime("scorm12", edited) is None
