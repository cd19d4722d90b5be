"""Property tests: no Markdown, question or YAML input makes the parser raise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scr_course.diagnostics import CourseError, Diagnostics, SourceLocation
from scr_course.parse.markdown import make_markdown
from scr_course.parse.markdown.outline import outline_file
from scr_course.pipeline import check
from scr_course.source.loader import SourceFile

LOC = SourceLocation(path=Path("m.md"), line=1)  # type: ignore[arg-type]
FRAGMENTS = st.sampled_from([
    "# Title\n", "## Page\n", "::: question\n", "::: question id=a type=matching\n", "::: reflection\n",
    ":::\n", "::: vignette Name\n", "- [x] yes\n", "- [ ] no\n", "  > feedback\n", "1. first\n", "- A -> B\n",
    "---\n", "id: x\n", "![alt](x.png)\n", "[link](#nowhere)\n", "<b>html</b>\n", "```\n", "\n", "text\n",
    "::: question type=numeric tolerance=x\n", "- [x] 12\n", "\t- [x]\n", "> quote\n", "::::\n",
])
DOCUMENTS = st.one_of(st.lists(FRAGMENTS, max_size=40).map("".join), st.text(max_size=400))


def _check_module(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "modules").mkdir()
        (root / "course.yml").write_text("id: p\ntitle: P\nversion: '1'\n", encoding="utf-8")
        (root / "modules" / "01-m.md").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            report = check(root)
        except CourseError:
            return  # the project's own error type is allowed
        for diagnostic in report.diagnostics:
            assert diagnostic.loc.line >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_any_module_text_gives_diagnostics_not_exceptions(text: str) -> None:
    _check_module(text.encode("utf-8", "replace").decode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_outline_never_raises(text: str) -> None:
    source = SourceFile(rel=Path("m.md"), loc=LOC, text=text)  # type: ignore[arg-type]
    outline = outline_file(make_markdown(False), source, split_pages=True)
    assert all(section.slug for section in outline.sections)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_course_yml_gives_diagnostics_not_exceptions(text: str) -> None:
    from scr_course.source.config import parse_config

    diagnostics = Diagnostics()
    config = parse_config(text, LOC, diagnostics)
    assert config.id


OPTION_PIECES = st.sampled_from([
    "[x] ", "[ ] ", "[X]\t", "[x]  ", "[x]\u00a0", "[x]\n", "[x]", "**", "*", "_", "__", "~", "`", "\\*", "&amp;",
    "&#91;", "[", "]", "(", ")", "[x]", "[link](a.md)", "![p](p.png)", "<b>", "<!-- note -->", "  \n", "\n",
    "word", " ", "->", "x", "Beta", "**Beta**", "*a*b", "\\", "<", ">",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(OPTION_PIECES, min_size=1, max_size=12), references=st.booleans(),
       allow_html=st.booleans())
@example(pieces=["[x] ", "<!-- note -->", "\\*"], references=False, allow_html=False)  # found in a CI-length run
def test_an_option_copied_from_its_item_equals_its_text_parsed_again(pieces: list[str], references: bool,
                                                                     allow_html: bool) -> None:
    """Issue 24: option_inline copies the item's tokens instead of parsing the text again; whatever
    the option holds, the token must be the one ``parseInline`` makes (or be made by it)."""
    from scr_course.parse.markdown.questions import TASK_MARKER, option_inline

    md = make_markdown(allow_html)
    source = "- " + "".join(pieces).replace("\n", "\n  ") + ("\n\n[x]: https://example.org\n" if references else "\n")
    env: dict[str, object] = {}
    tokens = md.parse(source, env)
    inline = next((t for t in tokens if t.type == "inline"), None)
    if inline is None:
        return
    match = TASK_MARKER.match(inline.content)
    text = inline.content[match.end():] if match else inline.content
    copied = option_inline(md, inline, text, references=bool(env.get("references")))
    assert copied == md.parseInline(text)[0]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "\n", "\t", "\r", "\u2019", "\x01", "\x08", "\x0b", "\x1f", "\x7f",
                                         "\x80", "\x9f", "\ufdcf", "\ufdd0", "\ufdef", "\ufdf0", "\ufffd", "\ufffe",
                                         "\uffff", "\uf000", "\U0001f600"]) | st.characters(), max_size=40))
def test_the_control_character_prefilter_never_passes_a_text_that_holds_one(text: str) -> None:
    """Issue 24: a byte pass decides which texts the CONTROL_CHARACTERS search must read; it may
    send a clean text to the search, never let a text with a control character skip it."""
    from scr_course.source.loader import CONTROL_CHARACTERS, _may_hold_controls

    if CONTROL_CHARACTERS.search(text):
        assert _may_hold_controls(text)
