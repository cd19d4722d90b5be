"""Parse stage: decoded sources → the Course model, with Markdown diagnostics."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import cast

from scr_course.config import SLUG, read_standards
from scr_course.diagnostics import Code, Diagnostic, Diagnostics
from scr_course.loader import SourceFile, SourceTree
from scr_course.markdown import make_markdown
from scr_course.markdown.outline import Outline, Shape, module_id_from_name, outline_file, slugify
from scr_course.markdown.to_model import FileContext, LinkTable, section_blocks
from scr_course.diagnostics import SourceLocation
from scr_course.model import Asset, Course, CourseConfig, HtmlPolicy, Module, Page, QuizSettings, ReviewMode, TopicDraw
from scr_course.yamlnodes import Reader, YamlValue, parse_yaml

MODULE_KEYS = ("id", "title", "duration", "objectives", "standards", "assessment",
               "pass_mark", "draw", "shuffle", "attempts", "review", "retries")
PAGE_KEYS = ("id", "title")


CACHE_FORMAT = 2
KEEP_OUTLINES_UP_TO = 150
"""Modules in a course up to which a one-shot build keeps token trees in memory."""


@dataclass(slots=True)
class ParseCache:
    """Per-file results kept between builds: in memory for preview, on disk for ``build``.

    Keys hold digests of everything a result depends on, so a stale entry is never used.
    """

    outlines: dict[tuple[object, ...], Outline] = field(default_factory=dict)
    shapes: dict[tuple[object, ...], Shape] = field(default_factory=dict)
    files: dict[tuple[object, ...], tuple[object, tuple[Asset, ...], tuple[Diagnostic, ...]]] = field(
        default_factory=dict)
    used: set[tuple[object, ...]] = field(default_factory=set)
    keep_outlines: bool = True
    """Keep token trees between the two passes; off for large one-shot builds to bound memory."""
    loaded: int = 0
    """How many entries came from disk; when this build used exactly those, saving is skipped."""

    @classmethod
    def load(cls, path: Path) -> ParseCache:
        """A cache saved by :meth:`save`, or an empty one when missing, stale or unreadable."""
        cache = cls(keep_outlines=False)
        try:
            with path.open("rb") as handle:
                if pickle.load(handle) != _cache_stamp():  # noqa: S301 - our own file, in the build folder
                    return cache
                for _ in range(pickle.load(handle)):  # noqa: S301
                    kind, key, value = pickle.load(handle)  # noqa: S301
                    (cache.shapes if kind == "shape" else cache.files)[key] = value
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError,
                IndexError, KeyError):
            return cls(keep_outlines=False)
        cache.loaded = len(cache.shapes) + len(cache.files)
        return cache

    def save(self, path: Path) -> None:
        """Write the entries this build used (older ones are dropped), atomically.

        One pickle per entry, so writing never holds a second copy of the whole course in memory.
        """
        entries: list[tuple[str, tuple[object, ...], object]] = [
            ("shape", k, v) for k, v in self.shapes.items() if k in self.used]
        entries += [("file", k, v) for k, v in self.files.items() if k in self.used]
        if len(entries) == self.loaded == len(self.shapes) + len(self.files):
            return  # nothing new and nothing stale: the file on disk is already this cache
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with temp.open("wb") as handle:
                pickle.dump(_cache_stamp(), handle)
                pickle.dump(len(entries), handle)
                for entry in entries:
                    pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except OSError:
            temp.unlink(missing_ok=True)


def _cache_stamp() -> tuple[object, ...]:
    from scr_course import __version__

    return (CACHE_FORMAT, __version__, sys.version_info[:2])


def _digest(*parts: object) -> str:
    if len(parts) == 1 and isinstance(parts[0], str):
        return hashlib.sha256(parts[0].encode("utf-8", "surrogatepass")).hexdigest()
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def parse_course(
    tree: SourceTree, config: CourseConfig, diagnostics: Diagnostics, cache: ParseCache | None = None
) -> Course:
    """Turn every module and course page into model objects; never raises on bad content."""
    cache = cache if cache is not None else ParseCache(keep_outlines=False)
    md = make_markdown(config.html is HtmlPolicy.ALLOW)
    # Token trees are the bulk of a build's memory (several times the text). Small courses keep
    # them between the two passes; large one-shot builds parse a file again when converting it,
    # trading some time for a bounded peak (docs/performance.md).
    keep = cache.keep_outlines or len(tree.modules) <= KEEP_OUTLINES_UP_TO

    def outline(source: SourceFile, split_pages: bool) -> Outline:
        key = (source.rel, _digest(source.text), split_pages, source.loc)
        found = cache.outlines.get(key)
        if found is None:
            found = outline_file(md, source, split_pages=split_pages)
            if keep:
                cache.outlines[key] = found
        return found

    def shape(source: SourceFile, split_pages: bool) -> Shape:
        key = ("shape", source.rel, _digest(source.text), split_pages, source.loc)
        cache.used.add(key)
        if key not in cache.shapes:
            cache.shapes[key] = outline(source, split_pages).shape
        return cache.shapes[key]

    module_shapes = [shape(source, True) for source in tree.modules]
    page_shapes = [shape(source, False) for source in tree.pages]
    module_meta = [_front_matter(s, diagnostics, MODULE_KEYS, "module front matter") for s in module_shapes]
    page_meta = [_front_matter(s, diagnostics, PAGE_KEYS, "page front matter") for s in page_shapes]

    links = LinkTable()
    module_ids: list[str] = []
    for item, meta in zip(module_shapes, module_meta, strict=True):
        module_id = _module_id(item, meta, diagnostics)
        module_ids.append(module_id)
        for section in item.sections:
            links.pages[(item.source.rel, section.slug)] = f"{module_id}--{section.slug}"
        if item.sections:
            links.first_page[item.source.rel] = f"{module_id}--{item.sections[0].slug}"
    page_ids: list[str] = []
    for item, meta in zip(page_shapes, page_meta, strict=True):
        page_id = "page--" + (meta.text("id") or slugify(item.source.rel.stem))
        page_ids.append(page_id)
        links.first_page[item.source.rel] = page_id
        for section in item.sections:
            links.pages[(item.source.rel, section.slug)] = page_id
        links.pages[(item.source.rel, "start")] = page_id

    assets: dict[PurePosixPath, Asset] = {}
    # A converted file depends on its text, the link table, the files present, where the
    # course is (asset paths, displayed paths) and the config.
    context = _digest(sorted(links.pages.items()), sorted(links.first_page.items()), sorted(tree.files.items()),
                      sorted(tree.unsafe), str(tree.root.resolve()), tree.display_root, config)

    def convert(item: Shape, split_pages: bool, build: Callable[[FileContext, Diagnostics], object],
                *key: object) -> object:
        cache_key = ("file", item.source.rel, _digest(item.source.text), context, *key)
        cache.used.add(cache_key)
        if cache_key not in cache.files:
            local = Diagnostics()
            local_assets: dict[PurePosixPath, Asset] = {}
            ctx = FileContext(md=md, tree=tree, outline=outline(item.source, split_pages), links=links,
                              html=config.html, diagnostics=local, assets=local_assets)
            result = build(ctx, local)
            cache.files[cache_key] = (result, tuple(local_assets.values()), tuple(local.items))
        result, file_assets, file_diagnostics = cache.files[cache_key]
        assets.update((a.href, a) for a in file_assets)
        diagnostics.items.extend(file_diagnostics)
        return result

    def module_builder(meta: Reader, module_id: str) -> Callable[[FileContext, Diagnostics], object]:
        # Value problems found while building are part of the cached result, so a cached file
        # reports them again on every build.
        return lambda ctx, local: _build_module(ctx, meta.reporting_to(local), module_id, config, local)

    def page_builder(meta: Reader, page_id: str) -> Callable[[FileContext, Diagnostics], object]:
        return lambda ctx, local: _build_course_page(ctx, meta.reporting_to(local), page_id, local)

    modules = tuple(
        cast(Module, convert(item, True, module_builder(meta, mid), mid))
        for item, meta, mid in zip(module_shapes, module_meta, module_ids, strict=True)
    )
    pages = {
        item.source.rel: cast(Page, convert(item, False, page_builder(meta, pid), pid))
        for item, meta, pid in zip(page_shapes, page_meta, page_ids, strict=True)
    }
    has_module_files = any(len(rel.parts) == 2 and rel.parts[0] == "modules" and rel.suffix == ".md"
                           for rel in tree.files)
    if not has_module_files and tree.config is not None:
        diagnostics.error(tree.location(PurePosixPath("modules")), Code.MODULE_EMPTY,
                          "the course has no modules (add modules/01-name.md)")
    _warn_raw_html([s.source for s in module_shapes + page_shapes], config, diagnostics)
    return Course(
        config=config,
        modules=modules,
        pages_before=tuple(pages[p] for p in config.pages_before if p in pages),
        pages_after=tuple(pages[p] for p in config.pages_after if p in pages),
        assets=tuple(sorted(assets.values(), key=lambda a: a.href)),
    )


def _front_matter(shape: Shape, diagnostics: Diagnostics, known: tuple[str, ...], where: str) -> Reader:
    loc = shape.source.loc
    if shape.front_matter is None:
        return Reader(YamlValue(value={}, loc=loc), diagnostics, where, known)
    text, line = shape.front_matter
    first = loc.at_line(line)
    node = parse_yaml(text, first, diagnostics) or YamlValue(value={}, loc=first)
    if node.value is None:
        node = YamlValue(value={}, loc=first)
    return Reader(node, diagnostics, where, known)


def _module_id(outline: Shape, meta: Reader, diagnostics: Diagnostics) -> str:
    given = meta.text("id")
    if given is not None:
        if SLUG.match(given):
            return given
        diagnostics.error(meta.loc("id"), Code.CONFIG_VALUE,
                          f"module id '{given}' must be a slug: lower-case letters, digits and hyphens")
    return module_id_from_name(outline.source.rel)


def _build_module(ctx: FileContext, meta: Reader, module_id: str, config: CourseConfig,
                  diagnostics: Diagnostics) -> Module:
    outline = ctx.outline
    title = meta.text("title") or outline.title
    if not title:
        diagnostics.error(outline.source.loc, Code.MODULE_TITLE, "module has no title: start it with '# Title'")
        title = module_id
    for line in outline.extra_titles:
        diagnostics.error(outline.source.loc.at_line(line), Code.MODULE_TITLE,
                          "a module has one '#' title; start pages with '##'")
    if not outline.sections:
        diagnostics.error(outline.source.loc, Code.MODULE_EMPTY, "module has no content: add a '## Page' with text")
    pages = []
    for section in outline.sections:
        blocks = section_blocks(ctx, section)
        if not blocks:
            diagnostics.error(outline.source.loc.at_line(section.line), Code.MODULE_EMPTY,
                              f"page '{section.title}' is empty")
        pages.append(Page(id=f"{module_id}--{section.slug}", title=section.title, blocks=blocks,
                          loc=outline.source.loc.at_line(section.line)))
    assessment = meta.boolean("assessment", False)
    pass_mark = meta.integer("pass_mark", None, 0, 100)
    draw, draw_topics = _read_draw(meta, diagnostics)
    scored = assessment or pass_mark is not None or draw is not None
    quiz = QuizSettings(
        scored=scored,
        assessment=assessment,
        pass_mark=(pass_mark if pass_mark is not None else config.tracking.pass_mark) if scored else None,
        draw=draw,
        draw_topics=draw_topics,
        draw_loc=meta.loc("draw") if meta.has("draw") else None,
        shuffle=meta.boolean("shuffle", False),
        attempts=meta.integer("attempts", 0, 0, 35) or 0,
        review=meta.choice("review", ReviewMode, ReviewMode.TOPICS),
        retries=meta.integer("retries", 1, 0, 9) or 0,
    )
    return Module(
        id=module_id,
        title=title,
        duration=meta.integer("duration", None, 1, 600),
        objectives=meta.text_list("objectives"),
        standards=read_standards(meta, "standards"),
        pages=tuple(pages),
        quiz=quiz,
        loc=outline.source.loc.at_line(outline.title_line),
    )


def _read_draw(meta: Reader, diagnostics: Diagnostics) -> tuple[int | None, tuple[TopicDraw, ...]]:
    """``draw: 15`` or the stratified ``draw: {topic-a: 3, topic-b: 3}`` (topics checked later)."""
    node = meta.mapping.get("draw")
    if node is None or not isinstance(node.value, dict):
        return meta.integer("draw", None, 1, 10_000), ()
    topics: list[TopicDraw] = []
    for topic, count in node.value.items():
        where: SourceLocation = count.key_loc or count.loc
        if isinstance(count.value, bool) or not isinstance(count.value, int):
            diagnostics.error(where, Code.CONFIG_TYPE, f"'draw: {topic}' must be a whole number of questions")
        elif not 1 <= count.value <= 10_000:
            diagnostics.error(where, Code.CONFIG_VALUE, f"'draw: {topic}' must be between 1 and 10000, not {count.value}")
        else:
            topics.append(TopicDraw(topic=str(topic), count=count.value, loc=where))
    if not node.value:
        diagnostics.error(node.loc, Code.CONFIG_VALUE, "'draw' names no topic; write 'draw: {topic: 3, …}' or a number")
    return (sum(t.count for t in topics) or None) if topics else None, tuple(topics)


def _build_course_page(ctx: FileContext, meta: Reader, page_id: str, diagnostics: Diagnostics) -> Page:
    outline = ctx.outline
    title = meta.text("title") or outline.title
    if not title:
        diagnostics.error(outline.source.loc, Code.MODULE_TITLE, "page has no title: start it with '# Title'")
        title = outline.source.rel.stem
    blocks = tuple(b for section in outline.sections for b in section_blocks(ctx, section))
    return Page(id=page_id, title=title, blocks=blocks, loc=outline.source.loc.at_line(outline.title_line))


def _warn_raw_html(sources: list[SourceFile], config: CourseConfig, diagnostics: Diagnostics) -> None:
    """With html: escape, raw tags are shown as text; say so once per file, at the first one."""
    if config.html is HtmlPolicy.ALLOW:
        return
    for source in sources:
        line = _first_raw_html_line(source.text)
        if line:
            diagnostics.warning(source.loc.at_line(line), Code.HTML_RAW,
                                "raw HTML is shown as text; set 'html: allow' in course.yml to keep it")


_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?>")


@lru_cache(maxsize=4096)
def _first_raw_html_line(text: str) -> int:
    if "<" not in text:
        return 0
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and "`" not in line and _TAG.search(line):
            return number
    return 0
