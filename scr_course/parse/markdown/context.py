"""What every Markdown rule imports: the per-file context (links, images, raw HTML) and attribute parsing.

Kept apart from the rules so that no rule imports another to reach it; nested content is
converted through ``FileContext.convert_blocks``, set by the parse stage, for the same reason.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.model import Asset, Block, HtmlPolicy
from scr_course.parse.markdown.outline import Outline
from scr_course.parse.markdown.raw_html import html_problems, sanitise
from scr_course.source.loader import SourceTree, media_type
from scr_course.source.media import ACTIVE_SUFFIXES, SVG_RULE, svg_problems

EXTERNAL = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)
URL_SAFE = "/;:@&=+$,-_.!~*'()"
"""Characters Markdown leaves as they are in a destination; others are percent-encoded."""
_CODE_SPAN = re.compile(r"(`+).*?\1", re.DOTALL)
_SPACED_TARGET = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*([^\s()<>]+)[ \t]+([^\s\"'(][^()\n]*?)\s*\)")
"""``[text](a b)`` where what follows the space is not a quoted title: a path with a space."""
ACTIVE_ADVICE = "link to a PDF or an image instead, or put the content in the page as a block"


def spaced_image_path(text: str) -> str | None:
    """The path of an image written with a space and no angle brackets (Markdown shows it as text)."""
    match = next((m for m in _SPACED_TARGET.finditer(text) if m.group(1)), None)
    return f"{match.group(3)} {match.group(4)}".strip() if match else None


DECORATIVE = "{decorative}"
"""Written straight after an image with empty alt text: the image is decorative (alt="", role="presentation")."""


@dataclass(slots=True)
class LinkTable:
    """Page ids by file and slug, so links between files resolve."""

    pages: dict[tuple[PurePosixPath, str], str] = field(default_factory=dict)
    first_page: dict[PurePosixPath, str] = field(default_factory=dict)


@dataclass(slots=True)
class FileContext:
    """What converting one file needs; the asset map is shared across files of the course."""

    md: MarkdownIt
    tree: SourceTree
    outline: Outline
    links: LinkTable
    html: HtmlPolicy
    diagnostics: Diagnostics
    assets: dict[PurePosixPath, Asset]
    convert_blocks: Callable[[FileContext, tuple[Token, ...] | list[Token], str | None], tuple[Block, ...]]
    """Turns nested tokens (a details block's content) into blocks: the parse stage's own converter."""
    reads: dict[PurePosixPath, tuple[int, int]] = field(default_factory=dict)
    """Asset files read while converting (size, mtime), so a cached result is redone when one changes."""

    def loc(self, token: Token | None, offset: int = 0) -> SourceLocation:
        """Location of a token (its first line)."""
        line = (token.map[0] + 1 + offset) if token is not None and token.map else 1
        return self.outline.source.loc.at_line(line)

    def render(self, tokens: list[Token] | tuple[Token, ...]) -> Markup:
        """Render block tokens after rewriting links and images; Markdown's own output is trusted,
        anything holding raw HTML goes through the sanitiser."""
        self.rewrite(tokens)
        return self._trusted(self.md.renderer.render(list(tokens), self.md.options, {}), tokens)

    def render_inline(self, inline: Token) -> Markup:
        """Render one inline token's children."""
        self.rewrite([inline])
        return self._trusted(self.md.renderer.render(inline.children or [], self.md.options, {}), [inline])

    def _trusted(self, html: str, tokens: list[Token] | tuple[Token, ...]) -> Markup:
        raw = self.html is HtmlPolicy.ALLOW and any(
            t.type in ("html_block", "html_inline") or any(c.type == "html_inline" for c in t.children or [])
            for t in tokens)
        return Markup(sanitise(html) if raw else html)

    def rewrite(self, tokens: list[Token] | tuple[Token, ...]) -> None:
        """Check and rewrite image sources, link targets and raw HTML, in place."""
        line_token: Token | None = None
        for token in tokens:
            if token.map:
                line_token = token
            if token.type in ("html_block", "html_inline"):
                self._check_html(token, line_token)
            if token.type == "inline" and "](" in token.content:
                self._check_spaced_paths(token, line_token)
            # Children carry no line numbers: count the line breaks before each, so a link on the
            # third line of a paragraph is reported on that line, not the paragraph's first.
            offset = 0
            children = token.children or []
            for index, child in enumerate(children):
                if child.type in ("softbreak", "hardbreak"):
                    offset += 1
                elif child.type == "image":
                    after = children[index + 1] if index + 1 < len(children) else None
                    decorative = after is not None and after.type == "text" and after.content.startswith(DECORATIVE)
                    if decorative and after is not None:
                        after.content = after.content[len(DECORATIVE):]
                    self._rewrite_image(child, line_token, offset, decorative)
                elif child.type == "link_open":
                    self._rewrite_link(child, line_token, offset)
                elif child.type == "html_inline":
                    self._check_html(child, line_token)

    def _check_html(self, token: Token, line_token: Token | None) -> None:
        if self.html is not HtmlPolicy.ALLOW:
            return
        problems = html_problems(token.content)
        for problem in problems:
            # A block's lines count from its own first line; an inline fragment stands on its paragraph's.
            offset = problem.line - 1 if token.type == "html_block" else 0
            report = self.diagnostics.error if problem.dangerous else self.diagnostics.warning
            report(self.loc(line_token, offset), Code.HTML_SCRIPT if problem.dangerous else Code.HTML_REMOVED,
                   f"raw HTML {problem.message}")
        if any(problem.dangerous for problem in problems):
            token.content = ""

    def _check_spaced_paths(self, inline: Token, line_token: Token | None) -> None:
        # CommonMark ends a destination at a space, so '![x](my pic.png)' is no image at all, only text.
        text = _CODE_SPAN.sub("", inline.content)
        for match in _SPACED_TARGET.finditer(text):
            what = "image" if match.group(1) else "link"
            target = f"{match.group(3)} {match.group(4)}".strip()
            self.diagnostics.error(self.loc(line_token, text.count("\n", 0, match.start())), Code.ASSET_SPACE,
                                   f"{what} path '{target}' has a space, so Markdown shows it as text; "
                                   f"write it in angle brackets, {'!' if match.group(1) else ''}[{match.group(2)}]"
                                   f"(<{target}>), or rename the file without spaces")

    def _excluded(self, rel: PurePosixPath) -> str:
        """Why a file that exists on disk is no course file: it lies in the output folder."""
        folder = self.tree.excluded_folder(rel)
        return f"; '{folder}/' is the output folder, which is never course content" if folder else ""

    def _hint(self, rel: PurePosixPath, written: str) -> str:
        """Why a path was not found: paths are relative to the Markdown file, not to the course folder."""
        base = posixpath.dirname(self.outline.source.rel.as_posix()) or "."
        from_root = PurePosixPath(posixpath.normpath(written)) if not written.startswith("/") else None
        if from_root is not None and from_root != rel and from_root in self.tree.files:
            return (f"; paths are relative to the Markdown file ({self.outline.source.rel}), "
                    f"so write '{posixpath.relpath(from_root.as_posix(), base)}'")
        return f" (paths are relative to the Markdown file, {self.outline.source.rel})"

    def _page_hint(self, rel: PurePosixPath, fragment: str) -> str:
        """Did-you-mean for a page link: the nearest page of that file, or the nearest file."""
        if fragment and rel in self.links.first_page:
            slugs = [slug for (file, slug), _ in self.links.pages.items() if file == rel and slug != "start"]
            close = difflib.get_close_matches(fragment, slugs, n=1, cutoff=0.6)
            same_file = rel == self.outline.source.rel
            return f"; did you mean '#{close[0]}'?" if close and same_file else \
                f"; did you mean '{rel.name}#{close[0]}'?" if close else ""
        # Compared by file name (the shared 'modules/' would make every path look alike).
        files = {file.name: file for file in self.links.first_page if file != self.outline.source.rel}
        close = difflib.get_close_matches(rel.name, list(files), n=1, cutoff=0.75)
        if not close:
            return ""
        base = posixpath.dirname(self.outline.source.rel.as_posix()) or "."
        return f"; did you mean '{posixpath.relpath(files[close[0]].as_posix(), base)}'?"

    def _case_hint(self, rel: PurePosixPath) -> str:
        """A file that differs only in letter case is found on Windows and macOS, but not by the LMS."""
        folded = rel.as_posix().casefold()
        for other in self.tree.files:
            if other.as_posix().casefold() == folded:
                return (f"; the file is '{other.as_posix()}', which differs only in upper and lower case: "
                        "Windows and macOS accept that, LMS web servers do not; write the name exactly")
        return ""

    def _resolve(self, target: str) -> tuple[PurePosixPath | None, str]:
        base = posixpath.dirname(self.outline.source.rel.as_posix())
        path_part, _, fragment = target.partition("#")
        # Markdown percent-encodes destinations ('<my pic.png>' becomes 'my%20pic.png'); files have the real name.
        path_part = unquote(path_part)
        if not path_part:
            return self.outline.source.rel, fragment
        if path_part.startswith("/") or "\\" in path_part:
            return None, fragment
        joined = posixpath.normpath(posixpath.join(base, path_part))
        if joined.startswith("../") or joined == "..":
            return None, fragment
        return PurePosixPath(joined), fragment

    def _rewrite_image(self, image: Token, line_token: Token | None, offset: int = 0, decorative: bool = False) -> None:
        loc = self.loc(line_token, offset)
        src = str(image.attrGet("src") or "")
        alt = image.content.strip()
        if decorative and alt:
            self.diagnostics.error(loc, Code.ASSET_ALT_TEXT,
                                   f"image '{src}' is marked {DECORATIVE} but has alt text; a decorative image "
                                   "has none (write ![](file){decorative}), or remove the marker")
        elif decorative:
            # WCAG 1.1.1: a purely decorative image is hidden from assistive technology.
            image.attrSet("role", "presentation")
        elif not alt:
            self.diagnostics.error(loc, Code.ASSET_ALT_TEXT,
                                   f"image '{src}' has no alt text; describe what it shows in ![...], or, if it "
                                   f"is purely decorative, mark it: ![]({src}){DECORATIVE}")
        rel = self.resolve_asset(src, loc, "image")
        if rel is not None:
            image.attrSet("src", self.href(rel))
            if rel.suffix.lower() == ".svg":
                self.check_svg(rel)

    def resolve_asset(self, src: str, loc: SourceLocation, what: str) -> PurePosixPath | None:
        """A file the page uses (image, media, captions): checked, added to the package, its path returned."""
        if EXTERNAL.match(src) or src.startswith("//") or src.startswith("data:"):
            self.diagnostics.error(loc, Code.ASSET_UNSAFE,
                                   f"{what} '{src}' is outside the package; copy it into the course folder")
            return None
        rel, _ = self._resolve(src)
        if rel is None and "\\" in unquote(src):
            written = unquote(src)
            self.diagnostics.error(loc, Code.ASSET_UNSAFE,
                                   f"{what} path '{written}' uses '\\'; paths in Markdown use '/', "
                                   f"e.g. '{written.replace(chr(92), '/')}'")
            return None
        if rel is None:
            self.diagnostics.error(loc, Code.ASSET_UNSAFE, f"{what} path '{unquote(src)}' leaves the course folder")
            return None
        if self.tree.is_unsafe(rel):
            self.diagnostics.error(loc, Code.ASSET_UNSAFE, f"{what} '{src}' is a link that leaves the course folder")
            return None
        source = self.tree.files.get(rel)
        if source is None:
            written = unquote(src)
            hint = self._case_hint(rel) or self._hint(rel, written)
            self.diagnostics.error(loc, Code.ASSET_MISSING, f"{what} '{written}' not found{hint}{self._excluded(rel)}")
            return None
        if rel.suffix.lower() in ACTIVE_SUFFIXES - {".svg"}:
            # An SVG image is checked by its caller (check_svg); nothing else that runs may ship.
            self.diagnostics.error(loc, Code.LINK_ACTIVE_FILE,
                                   f"{what} '{unquote(src)}' is a file a browser would run as a page, "
                                   "which may not ship")
            return None
        self.assets[rel] = Asset(src=source, href=rel, media_type=media_type(rel))
        return rel

    @staticmethod
    def href(rel: PurePosixPath) -> str:
        """A course file's path as a URL inside the package (spaces and the like percent-encoded)."""
        return quote(rel.as_posix(), safe=URL_SAFE)

    def read_asset(self, rel: PurePosixPath) -> bytes:
        """The bytes of a course file, remembering it so cached results follow edits to it."""
        path = self.tree.files[rel]
        stat = path.stat()
        self.reads[rel] = (stat.st_size, stat.st_mtime_ns)
        return path.read_bytes()

    def check_svg(self, rel: PurePosixPath) -> bool:
        """Report what makes an SVG unsafe to ship, at its own lines; True when it is safe."""
        problems = svg_problems(self.read_asset(rel))
        for problem in problems:
            self.diagnostics.error(self.tree.location(rel, problem.line), Code.ASSET_UNSAFE_SVG,
                                   f"SVG image {problem.message}; {SVG_RULE}")
        return not problems

    def _rewrite_link(self, link: Token, line_token: Token | None, offset: int = 0) -> None:
        loc = self.loc(line_token, offset)
        href = str(link.attrGet("href") or "")
        if EXTERNAL.match(href):
            # External pages open in a new tab so the SCO (and its LMS session) stays put.
            link.attrSet("target", "_blank")
            link.attrSet("rel", "noopener noreferrer")
            return
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
            self.diagnostics.error(loc, Code.LINK_BROKEN, f"link '{href}' uses a scheme that is not allowed")
            link.attrSet("href", "#")
            return
        rel, fragment = self._resolve(href)
        if rel is None and "\\" in unquote(href):
            written = unquote(href)
            self.diagnostics.error(loc, Code.LINK_BROKEN, f"link '{written}' uses '\\'; paths in Markdown use '/', "
                                   f"e.g. '{written.replace(chr(92), '/')}'")
            link.attrSet("href", "#")
            return
        if rel is None:
            self.diagnostics.error(loc, Code.LINK_BROKEN, f"link '{unquote(href)}' leaves the course folder")
            link.attrSet("href", "#")
            return
        if rel.suffix == ".md":
            page_id = self.links.pages.get((rel, fragment)) if fragment else self.links.first_page.get(rel)
            if page_id is None:
                what = f"page '#{fragment}' in '{rel}'" if fragment else f"module or page '{rel}'"
                hint = self._page_hint(rel, fragment)
                self.diagnostics.error(loc, Code.LINK_BROKEN, f"link '{href}': no {what}{hint}")
                link.attrSet("href", "#")
                return
            link.attrSet("href", f"#{page_id}")
            return
        source = self.tree.files.get(rel)
        if source is None or self.tree.is_unsafe(rel):
            written = unquote(href)
            hint = (self._case_hint(rel) or self._hint(rel, written.partition("#")[0])) + self._excluded(rel) if source is None else ""
            self.diagnostics.error(loc, Code.LINK_BROKEN,
                                   f"link '{written}': file not found in the course folder{hint}")
            link.attrSet("href", "#")
            return
        if rel.suffix.lower() in ACTIVE_SUFFIXES:
            self.diagnostics.error(loc, Code.LINK_ACTIVE_FILE,
                                   f"link '{unquote(href)}' is to a file a browser would run as a page, with the "
                                   f"learner's LMS session in reach; {ACTIVE_ADVICE}")
            link.attrSet("href", "#")
            return
        self.assets[rel] = Asset(src=source, href=rel, media_type=media_type(rel))
        link.attrSet("href", quote(rel.as_posix(), safe=URL_SAFE))
        link.attrSet("target", "_blank")


_SHELL_QUOTING = re.compile(r"[\"'\\]")
_SHELL_SPACE = re.compile(r"[ \t\r\n]+")


def parse_attributes(
    text: str, loc: SourceLocation, diagnostics: Diagnostics, allowed: tuple[str, ...]
) -> dict[str, str]:
    """``id=q1 type="single"`` → a dict; unknown names and malformed pairs are diagnostics."""
    try:
        # Without quotes or backslashes, shlex.split is a split on its four whitespace characters,
        # done here without its per-character loop (it showed in profiles of large courses).
        parts = (shlex.split(text) if _SHELL_QUOTING.search(text)
                 else [part for part in _SHELL_SPACE.split(text) if part])
    except ValueError as exc:
        diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, f"cannot read the attributes '{text}': {exc}")
        return {}
    values: dict[str, str] = {}
    spaced = re.search(r"([A-Za-z_]+)\s+=\s*(\S*)|([A-Za-z_]+)=\s+(\S+)", text)
    if spaced:
        name, value = spaced.group(1) or spaced.group(3), spaced.group(2) or spaced.group(4) or "…"
        diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                          f"write attributes without spaces around '=': {name}={value}")
        return {}
    for part in parts:
        name, sep, value = part.partition("=")
        if not sep or not name:
            diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, f"attribute '{part}' must be written name=value")
        elif name not in allowed:
            diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"unknown attribute '{name}' (allowed: {', '.join(allowed)})")
        else:
            values[name] = value
    return values


def container_span(tokens: tuple[Token, ...] | list[Token], start: int) -> int:
    """Index of the ``container_close`` matching the ``container_open`` at ``start``."""
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].type == "container_open":
            depth += 1
        elif tokens[index].type == "container_close":
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1
