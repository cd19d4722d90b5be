"""Source-level warnings over the decoded files: raw HTML, unclosed comments, scaffold text, ignored files.

These read the text and the file inventory rather than the model, so they run once per build at the
end of the parse stage, after the assets every page uses are known.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

from scr_course.diagnostics import Code, Diagnostics
from scr_course.model import Asset, CourseConfig, HtmlPolicy
from scr_course.parse.markdown.comments import strip_comments
from scr_course.source.loader import SourceFile, SourceTree

PLACEHOLDERS = (
    "Replace this with what the learner",
    "Introduce the module here:",
    "Write the page here.",
    "Replace this question.",
    "This one. Options marked [x] are correct.",
    "Feedback shown when the learner picks this option.",
    "Feedback explaining why this option is not right.",
    "After the options, explain the answer;",
    "Replace this reflection prompt",
    "Say here what this course discusses",
    "Describe the course here for the LMS catalogue.",
    "Replace this alt text",
    "replace this option.",
    "Replace this option:",
)
"""Phrases of the template that an author must replace; ``check`` warns while any is left."""


def check_sources(tree: SourceTree, sources: list[SourceFile], config: CourseConfig,
                  used: dict[PurePosixPath, Asset], read: set[Path], diagnostics: Diagnostics) -> None:
    """Report what Markdown takes as plain text but would reach learners as a mistake."""
    _warn_raw_html(sources, config, diagnostics)
    _warn_ignored_files(tree, used, read, diagnostics)
    _warn_unlisted_pages(tree, config, used, read, diagnostics)
    _warn_placeholders([*sources, tree.config] if tree.config is not None else sources, diagnostics)


def _warn_placeholders(sources: list[SourceFile], diagnostics: Diagnostics) -> None:
    """Scaffold text left in a file would reach learners: a warning at each line that holds some."""
    for source in sources:
        for number, phrase in _placeholder_lines(source.rel, source.text):
            diagnostics.warning(source.loc.at_line(number), Code.SOURCE_PLACEHOLDER,
                                f"placeholder text from 'scr-course new' ('{phrase.rstrip('.:;')}…'); "
                                "write your own here before learners see it")


@lru_cache(maxsize=4096)
def _placeholder_lines(rel: PurePosixPath, text: str) -> tuple[tuple[int, str], ...]:
    """Each line of the file ``rel`` holding a placeholder phrase, with the first phrase it holds;
    remembered by path and text, so a preview rebuild scans only the edited file (issue 24)."""
    present = [p for p in PLACEHOLDERS if p in text]  # most files hold none: one scan per phrase, not per line
    found = []
    for number, line in enumerate(text.split("\n") if present else (), start=1):
        phrase = next((p for p in present if p in line), None)
        if phrase is not None:
            found.append((number, phrase))
    return tuple(found)


def _warn_unlisted_pages(tree: SourceTree, config: CourseConfig, used: dict[PurePosixPath, Asset],
                         read: set[Path], diagnostics: Diagnostics) -> None:
    """A Markdown file in pages/ that course.yml does not list is never shown."""
    listed = set(config.pages_before) | set(config.pages_after)
    for rel in sorted(tree.files):
        if (rel.parts[0] != "pages" or rel.suffix.lower() not in (".md", ".markdown") or rel in listed
                or rel in used or tree.files[rel] in read):
            continue
        diagnostics.warning(tree.location(rel), Code.SOURCE_IGNORED,
                            f"this page is never shown: course.yml does not list it; add '- {rel.as_posix()}' "
                            "under 'pages: before:' or 'pages: after:', or move it out of pages/")


def _warn_ignored_files(tree: SourceTree, used: dict[PurePosixPath, Asset], read: set[Path],
                        diagnostics: Diagnostics) -> None:
    """Files in modules/ that are neither modules nor used by a page: usually a module saved under the wrong name."""
    for rel in sorted(tree.files):
        if (rel.parts[0] != "modules" or rel in used or tree.files[rel] in read  # e.g. a transcript
                or (len(rel.parts) == 2 and rel.suffix == ".md")):
            continue
        if rel.suffix.lower() in (".md", ".markdown") and len(rel.parts) == 2:
            why = f"module files end in lower-case '.md'; rename it '{rel.stem}.md'"
        elif rel.suffix.lower() in (".md", ".markdown"):
            why = "modules in sub-folders are not read; move it into modules/"
        else:
            why = "only modules/*.md files are read; put other files in assets/"
        diagnostics.warning(tree.location(rel), Code.SOURCE_IGNORED, f"this file is ignored: {why}")


def _warn_raw_html(sources: list[SourceFile], config: CourseConfig, diagnostics: Diagnostics) -> None:
    """With html: escape, raw tags are shown as text: one warning per block (paragraph) that has them."""
    for source in sources:
        tags, unclosed = _raw_html_lines(source.text)
        for line in unclosed:
            diagnostics.error(source.loc.at_line(line), Code.HTML_COMMENT,
                              "HTML comment '<!--' is never closed; end it with '-->' (learners would see it)")
        if config.html is HtmlPolicy.ALLOW:
            continue
        for line in tags:
            diagnostics.warning(source.loc.at_line(line), Code.HTML_RAW,
                                "raw HTML is shown as text; set 'html: allow' in course.yml to keep it")


_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?>")


@lru_cache(maxsize=4096)
def _raw_html_lines(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """First line of each block holding raw tags, and lines of comments never closed (fences skipped)."""
    if "<" not in text:
        return (), ()
    # Comments are author notes, dropped from the output: blank them, keeping line numbers.
    text = strip_comments(text, keep_lines=True)
    tags: list[int] = []
    unclosed: list[int] = []
    in_fence = False
    block_has_tag = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not line.strip():
            block_has_tag = False
            continue
        if in_fence or "`" in line:
            continue
        if "<!--" in line and not unclosed:
            unclosed.append(number)  # everything after it is inside the comment
        if not block_has_tag and _TAG.search(line):
            tags.append(number)
            block_has_tag = True
    return tuple(tags), tuple(unclosed)
