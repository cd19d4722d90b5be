"""The joined runtime: parts per target, and whole-line comments left out of what learners download."""

from __future__ import annotations

import gzip

from scr_course.resources import runtime_file, strip_comment_lines, strip_indentation


def test_only_whole_line_comments_are_dropped() -> None:
    source = (b"// a note\nvar a = 1; // kept with its code\n/* one line */\n/* x */ var b = 2;\n"
              b"/*\n * block\n */\nvar url = \"https://example.org/*not*/\";\n/*! licence */\n"
              b"  // indented note\nvar re = /\\/\\//;\n")
    assert strip_comment_lines(source, js=True) == (
        b"var a = 1; // kept with its code\n/* x */ var b = 2;\nvar url = \"https://example.org/*not*/\";\n"
        b"/*! licence */\nvar re = /\\/\\//;\n")
    # CSS has no line comments: a line starting with // is left alone there.
    assert strip_comment_lines(b"/* c */\na { b: c; }\n// not css\n", js=False) == b"a { b: c; }\n// not css\n"


def test_cmi5_parts_ship_only_in_cmi5_packages_and_fit_the_budget() -> None:
    scorm = runtime_file("runtime/player.js", "scorm2004")
    cmi5 = runtime_file("runtime/player.js", "cmi5")
    assert b"function cmi5Connect" not in scorm and b"function cmi5Connect" in cmi5
    assert b"function outboxRun" in cmi5
    total = sum(len(gzip.compress(runtime_file(p, "cmi5"), 9, mtime=0)) for p in ("runtime/player.js", "runtime/player.css"))
    assert total <= 30 * 1024


def test_indentation_goes_but_no_string_can_change() -> None:
    source = b"function f() {\n  var a = 'x';\n\tif (a) {\n    return 'one \\\n    two';\n  }\n}\n"
    assert strip_indentation(source) == (
        b"function f() {\nvar a = 'x';\nif (a) {\nreturn 'one \\\n    two';\n}\n}\n")
    # The runtime is ES5: a template literal could span lines, and would lose its indentation.
    for target in ("scorm12", "scorm2004", "cmi5"):
        script = runtime_file("runtime/player.js", target).decode()
        assert "`" not in script
