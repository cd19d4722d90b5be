"""First pass over a Markdown file: tokens, front matter, title and page slugs (for links)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from scr_course.parse.markdown.comments import strip_comments
from scr_course.source.loader import SourceFile

EXPLICIT_ID = re.compile(r"\s*\{#([A-Za-z0-9_-]+)\}\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A run of top-level tokens that becomes one page."""

    slug: str
    title: str
    line: int
    tokens: tuple[Token, ...]
    explicit_id: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionShape:
    """A page's slug, title and line: what links and ids need, without tokens."""

    slug: str
    title: str
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Shape:
    """What the whole-course steps need from a file; small, so it can be cached on disk."""

    source: SourceFile
    front_matter: tuple[str, int] | None
    """Front matter text and the line of its first YAML line."""
    title: str | None
    title_line: int
    extra_titles: tuple[int, ...]
    sections: tuple[SectionShape, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Outline:
    """A tokenized file split into its title and sections."""

    source: SourceFile
    tokens: tuple[Token, ...]
    front_matter: Token | None
    title: str | None
    title_line: int
    extra_titles: tuple[int, ...]
    """Lines of further ``#`` headings (a module has one title)."""
    sections: tuple[Section, ...]
    duplicate_ids: tuple[tuple[int, str, int], ...] = ()
    """Pages given an explicit ``{#id}`` already used in the file: (line, id, line of the first use)."""
    state: StateCore | None = None
    """The parser state after its block rules; ``finish`` runs the rest (inline) on the same tokens."""

    def finish(self) -> Outline:
        """Run the inline rules once, filling the inline tokens' children in place; returns itself.

        Issue 24: the outline needs only block tokens (headings keep their raw text), so a file is
        block-parsed once for the outline and inline-parsed once before it is converted; between the
        two, a course keeps only the smaller block tokens of each file.
        """
        state = self.state
        if state is not None and not state.env.get(_INLINE_DONE):
            state.env[_INLINE_DONE] = True
            for rule in _later_rules(state.md):
                rule(state)
        return self

    @property
    def shape(self) -> Shape:
        """The outline without its tokens."""
        fm = self.front_matter
        return Shape(
            source=self.source,
            front_matter=(fm.content, (fm.map[0] + 2) if fm.map else 2) if fm is not None else None,
            title=self.title, title_line=self.title_line, extra_titles=self.extra_titles,
            sections=tuple(SectionShape(slug=s.slug, title=s.title, line=s.line) for s in self.sections),
        )


def slugify(text: str) -> str:
    """Lower-case ASCII slug: letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "page"


def heading_text(inline: Token) -> tuple[str, str | None]:
    """A heading's text and its explicit ``{#id}``, if any."""
    text = strip_comments(inline.content)
    match = EXPLICIT_ID.search(text)
    if match:
        return text[: match.start()].strip(), match.group(1)
    return text.strip(), None


_INLINE_DONE = "scr_course.inline_done"
_BLOCK_PHASE = ("normalize", "block")
"""The core rules that make block tokens; every later core rule (inline, …) waits for ``finish``."""


def _rules(md: MarkdownIt) -> list[tuple[str, object]]:
    return list(zip(md.core.ruler.get_active_rules(), md.core.ruler.getRules(""), strict=True))


def _later_rules(md: MarkdownIt) -> list[Callable[[StateCore], None]]:
    return [rule for name, rule in _rules(md) if name not in _BLOCK_PHASE]  # type: ignore[misc]


def outline_file(md: MarkdownIt, source: SourceFile, *, split_pages: bool) -> Outline:
    """Block-tokenize and split at ``##`` headings (modules) or keep one section (course pages).

    Call ``finish()`` on the result before reading inline tokens' children.
    """
    state = StateCore(source.text, md, {})
    for name, rule in _rules(md):
        if name in _BLOCK_PHASE:
            rule(state)  # type: ignore[operator]
    state.src = ""  # the inline rules read tokens' own content; the text is the SourceFile's to keep
    tokens = state.tokens
    front_matter = tokens[0] if tokens and tokens[0].type == "front_matter" else None
    body = tokens[1:] if front_matter else tokens
    title: str | None = None
    title_line = 1
    extra_titles: list[int] = []
    sections: list[Section] = []
    current: list[Token] = []
    current_title, current_line, current_id = "", 1, None
    seen: dict[str, int] = {}
    duplicates: list[tuple[int, str, int]] = []
    started = False
    index = 0

    def close_section() -> None:
        if not started and not any(t.type != "hr" for t in current):
            return
        slug = current_id or (slugify(current_title) if started else "start")
        if current_id is not None and slug in seen:
            duplicates.append((current_line, slug, seen[slug]))
        base, n = slug, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen[slug] = current_line
        sections.append(Section(slug=slug, title=current_title, line=current_line,
                                tokens=tuple(current), explicit_id=current_id is not None))

    while index < len(body):
        token = body[index]
        if token.type == "heading_open" and token.level == 0 and token.tag in ("h1", "h2"):
            text, explicit = heading_text(body[index + 1])
            line = (token.map[0] + 1) if token.map else 1
            if token.tag == "h1" and title is None:
                title, title_line = text, line
                current_title, current_line = text, line
                current_id = explicit
                index += 3
                continue
            if token.tag == "h1":
                extra_titles.append(line)
            elif split_pages:
                close_section()
                current, current_title, current_line, current_id = [], text, line, explicit
                started = True
                index += 3
                continue
        current.append(token)
        index += 1
    if current or started:
        close_section()
    return Outline(source=source, tokens=tuple(tokens), front_matter=front_matter, title=title,
                   title_line=title_line, extra_titles=tuple(extra_titles), sections=tuple(sections),
                   duplicate_ids=tuple(duplicates), state=state)


def module_id_from_name(rel: PurePosixPath) -> str:
    """``modules/02-neglect.md`` → ``neglect``."""
    return slugify(re.sub(r"^\d+[-_ ]*", "", rel.stem) or rel.stem)
