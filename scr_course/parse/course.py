"""Parse stage: decoded sources → the Course model, with Markdown diagnostics."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import cast
from urllib.parse import quote

from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.model import (
    Asset,
    Course,
    CourseConfig,
    HtmlPolicy,
    Image,
    Module,
    Page,
    Question,
    QuizSettings,
    Reflection,
    ReviewMode,
    TopicDraw,
)
from scr_course.model.words import word_counts
from scr_course.parse.cache import FileResult, ParseCache
from scr_course.parse.markdown import make_markdown
from scr_course.parse.markdown.context import URL_SAFE, FileContext, LinkTable, parse_attributes
from scr_course.parse.markdown.headings import check_heading_levels, check_lone_subheading
from scr_course.parse.markdown.outline import Outline, Shape, module_id_from_name, outline_file, slugify
from scr_course.parse.markdown.to_model import convert_blocks, section_blocks
from scr_course.parse.shared_work import run_shared, worker_count
from scr_course.parse.source_warnings import check_sources
from scr_course.source.config import SLUG, SLUG_MAX, read_standards
from scr_course.source.loader import SourceFile, SourceTree, media_type
from scr_course.source.media import SVG_RULE, Problem, image_size, svg_problems
from scr_course.source.yamlnodes import Reader, YamlValue, parse_yaml

MODULE_KEYS = ("id", "title", "duration", "objectives", "standards", "assessment",
               "pass_mark", "draw", "shuffle", "attempts", "review", "retries")
PAGE_KEYS = ("id", "title", "on_this_page")
PAGE_ATTRIBUTES = ("progress", "on_this_page")
"""Settings a module page takes on its heading: ``## References {#references progress=false}``."""


KEEP_OUTLINES_UP_TO = 150
"""Modules in a course up to which a one-shot build keeps every file's block tokens between passes."""


def _reads_unchanged(reads: tuple[tuple[Path, int, int], ...], course_files: set[Path]) -> bool:
    """True when every file a cached result read (an image's size, a caption file) is as it was."""
    for path, size, mtime in reads:
        if path not in course_files:
            return False
        try:
            stat = path.stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return True


def _digest(*parts: object) -> str:
    if len(parts) == 1 and isinstance(parts[0], str):
        return hashlib.sha256(parts[0].encode("utf-8", "surrogatepass")).hexdigest()
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=4096)
def _file_keys(source: SourceFile, split_pages: bool) -> tuple[str, tuple[object, ...], str]:
    """A file's text digest, outline key and shape key: every cache key starts from them.

    Made once per file and remembered: the loader gives back the same SourceFile for an
    unchanged file, so a preview rebuild digests only the edited one (issue 24).
    """
    digest = _digest(source.text)
    return (digest, (source.rel, digest, split_pages, source.loc),
            _digest("shape", source.rel, digest, split_pages, source.loc))


@lru_cache(maxsize=4096)
def _file_key(rel: PurePosixPath, text_digest: str, context: str, file_id: str) -> str:
    """The parse cache's key of a converted file; remembered, as preview asks for the same ones on every save."""
    return _digest("file", rel, text_digest, context, file_id)


@dataclass(frozen=True, slots=True)
class _LinkPlan:
    """What converting any file needs from every file's outline: ids, front matter, links."""

    module_meta: list[Reader]
    page_meta: list[Reader]
    module_ids: list[str]
    page_ids: list[str]
    links: LinkTable
    context: str
    """Digest of what a converted file depends on besides its own text."""


def _link_plan(tree: SourceTree, config: CourseConfig, module_shapes: list[Shape], page_shapes: list[Shape],
               diagnostics: Diagnostics) -> _LinkPlan:
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
    # A converted file depends on its text, the link table, the files present, where the
    # course is (asset paths, displayed paths) and the config.
    # Paths as strings: sorting and writing out path objects cost more than the rest of a preview
    # rebuild's link plan (issue 24).
    context = _digest(sorted((str(rel), slug, page) for (rel, slug), page in links.pages.items()),
                      sorted((str(rel), page) for rel, page in links.first_page.items()),
                      sorted((str(rel), str(path)) for rel, path in tree.files.items()),
                      sorted(str(rel) for rel in tree.unsafe), str(tree.root.resolve()), str(tree.display_root),
                      config)
    return _LinkPlan(module_meta, page_meta, module_ids, page_ids, links, context)


def parse_course(tree: SourceTree, config: CourseConfig, diagnostics: Diagnostics, cache: ParseCache | None = None,
                 jobs: int | None = None, meanwhile: Callable[[], object] | None = None) -> Course:
    """Turn every module and course page into model objects; never raises on bad content.

    ``jobs``: how many processes may parse (None: one per core when the course is large enough).
    ``meanwhile``: other work for this process, done while helper processes parse (or first).
    """
    cache = cache if cache is not None else ParseCache(keep_outlines=False)
    md = make_markdown(config.html is HtmlPolicy.ALLOW)
    # Issue 24: one parse per file. The first pass makes only block tokens (the outline); a file's
    # inline tokens are made just before it is converted, and a one-shot build lets go of its full
    # token tree right after. Block tokens of every file are still several times the text, so a
    # course of more modules than KEEP_OUTLINES_UP_TO drops them after the first pass and runs
    # the block rules again at conversion (inline rules still once): a bounded peak at 1,000
    # modules for about a fifth more parsing (docs/performance.md).
    keep = cache.keep_outlines or len(tree.modules) <= KEEP_OUTLINES_UP_TO

    files = [(source, True) for source in tree.modules] + [(source, False) for source in tree.pages]
    keys = [_file_keys(source, split_pages) for source, split_pages in files]
    text_digests = [k[0] for k in keys]
    outline_keys = [k[1] for k in keys]
    shape_keys = [k[2] for k in keys]

    def outline(index: int) -> Outline:
        found = cache.outlines.get(outline_keys[index])
        if found is None:
            source, split_pages = files[index]
            found = outline_file(md, source, split_pages=split_pages)
            if keep:
                cache.outlines[outline_keys[index]] = found
        return found

    def shape(index: int) -> Shape:
        key = shape_keys[index]
        cache.used.add(key)
        # A shape read from disk must describe this very file; anything else is rebuilt.
        if key not in cache.shapes or cache.shapes[key].source != files[index][0]:
            cache.shapes[key] = outline(index).shape
        return cache.shapes[key]

    assets: dict[PurePosixPath, Asset] = {}
    read_files: set[Path] = set()
    course_files = set(tree.files.values())

    def fill(index: int, plan: _LinkPlan) -> tuple[str, FileResult]:
        """The file's cache key and converted result, from the cache when it is still good."""
        source, split_pages = files[index]
        if split_pages:
            meta, file_id = plan.module_meta[index], plan.module_ids[index]
            build: Callable[[FileContext, Diagnostics], Module | Page] = (
                lambda ctx, local: _build_module(ctx, meta.reporting_to(local), file_id, config, local))
        else:
            at = index - len(tree.modules)
            meta, file_id = plan.page_meta[at], plan.page_ids[at]
            build = lambda ctx, local: _build_course_page(ctx, meta.reporting_to(local), file_id, local)  # noqa: E731
        cache_key = _file_key(source.rel, text_digests[index], plan.context, file_id)
        cache.used.add(cache_key)
        cached = cache.files.get(cache_key)
        # Assets from disk may only name files of this course (a forged entry could name any file),
        # and every asset file the result read must be unchanged. Value problems found while
        # building are part of the result, so a cached file reports them again on every build.
        if (cached is None or not all(tree.files.get(a.href) == a.src for a in cached[1])
                or not _reads_unchanged(cached[3], course_files)):
            local = Diagnostics()
            local_assets: dict[PurePosixPath, Asset] = {}
            ctx = FileContext(md=md, tree=tree, outline=outline(index).finish(), links=plan.links,
                              html=config.html, diagnostics=local, assets=local_assets,
                              convert_blocks=convert_blocks)
            result = build(ctx, local)
            if not cache.keep_outlines:
                cache.outlines.pop(outline_keys[index], None)
            reads = tuple((tree.files[rel], size, mtime) for rel, (size, mtime) in sorted(ctx.reads.items()))
            cache.files[cache_key] = (result, tuple(local_assets.values()), tuple(local.items), reads)
        return cache_key, cache.files[cache_key]

    # Files whose outline is not cached (every file, in a cold build) are the work to share out.
    weights = [0 if key in cache.shapes else len(f[0].text) for key, f in zip(shape_keys, files, strict=True)]
    plans: list[_LinkPlan] = []

    def prepare(shapes: dict[int, Shape]) -> None:
        # In a helper, the problems this reports go to its own copy of ``diagnostics``, never seen.
        ordered = [shapes[i] for i in range(len(files))]
        plans.append(_link_plan(tree, config, ordered[:len(tree.modules)], ordered[len(tree.modules):], diagnostics))

    workers = worker_count(weights, jobs)
    if workers > 1:
        shapes, results = run_shared(weights, workers, shape, prepare,
                                     lambda i: fill(i, plans[0]), meanwhile)
        for index, found in shapes.items():  # the helpers' shapes, with this process's own source text
            cache.shapes[shape_keys[index]] = dataclasses.replace(found, source=files[index][0])
        cache.files.update(results.values())
    else:
        if meanwhile is not None:
            meanwhile()
        prepare({i: shape(i) for i in range(len(files))})
    plan = plans[0]
    module_shapes = [shape(i) for i in range(len(tree.modules))]
    page_shapes = [shape(i) for i in range(len(tree.modules), len(files))]

    def convert(index: int) -> Module | Page:
        result, file_assets, file_diagnostics, reads = fill(index, plan)[1]
        read_files.update(path for path, _, _ in reads)
        assets.update((a.href, a) for a in file_assets)
        diagnostics.items.extend(file_diagnostics)
        return result

    modules = tuple(cast(Module, convert(i)) for i in range(len(tree.modules)))
    pages = {files[i][0].rel: cast(Page, convert(i)) for i in range(len(tree.modules), len(files))}
    has_module_files = any(len(rel.parts) == 2 and rel.parts[0] == "modules" and rel.suffix == ".md"
                           for rel in tree.files)
    if not has_module_files and tree.config is not None:
        diagnostics.error(tree.location(PurePosixPath("modules")), Code.MODULE_EMPTY,
                          "the course has no modules (add modules/01-name.md)")
    logo = _read_logo(tree, config, diagnostics, assets)
    if not cache.keep_outlines:
        cache.outlines.clear()  # outlines of files whose results came from the cache
    check_sources(tree, [s.source for s in module_shapes + page_shapes], config, assets, read_files, diagnostics)
    return Course(
        config=config,
        modules=modules,
        pages_before=tuple(pages[p] for p in config.pages_before if p in pages),
        pages_after=tuple(pages[p] for p in config.pages_after if p in pages),
        assets=tuple(sorted(assets.values(), key=lambda a: a.href)),
        logo=logo,
    )


def _read_logo(tree: SourceTree, config: CourseConfig, diagnostics: Diagnostics,
               assets: dict[PurePosixPath, Asset]) -> Image | None:
    """The theme's logo: inside the course folder, an image whose size can be read, a safe SVG."""
    theme = config.theme
    if theme is None or not theme.logo:
        return None
    loc = theme.logo_loc or config.loc
    rel = PurePosixPath(theme.logo)
    if rel.is_absolute() or ".." in rel.parts or "\\" in theme.logo or tree.is_unsafe(rel):
        diagnostics.error(loc, Code.ASSET_UNSAFE, f"logo '{theme.logo}' must be a file inside the course folder")
        return None
    path = tree.files.get(rel)
    if path is None:
        diagnostics.error(loc, Code.ASSET_MISSING, f"logo '{theme.logo}' not found in the course folder")
        return None
    data = path.read_bytes()
    if rel.suffix.lower() == ".svg":
        problems = svg_problems(data)
        for problem in problems:
            diagnostics.error(tree.location(rel, problem.line), Code.ASSET_UNSAFE_SVG,
                              f"SVG image {problem.message}; {SVG_RULE}")
        if problems:
            return None
    size = image_size(rel.name, data)
    if isinstance(size, Problem):
        diagnostics.error(loc, Code.ASSET_SIZE, f"logo '{theme.logo}' {size.message}")
        return None
    assets[rel] = Asset(src=path, href=rel, media_type=media_type(rel))
    return Image(href=quote(rel.as_posix(), safe=URL_SAFE), alt=theme.logo_alt, width=size[0], height=size[1])


_UNCLOSED_FRONT_MATTER = re.compile(r"---[ \t]*\n\s*[A-Za-z_\"'][^\n]*:")


def _front_matter(shape: Shape, diagnostics: Diagnostics, known: tuple[str, ...], where: str) -> Reader:
    loc = shape.source.loc
    if shape.front_matter is None:
        if _UNCLOSED_FRONT_MATTER.match(shape.source.text):
            # Without its closing line the block is Markdown: learners would read the keys as text.
            diagnostics.error(loc.at_line(1), Code.FRONT_MATTER_UNCLOSED,
                              "front matter is never closed; end it with a line '---' before the '# Title'")
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
                          f"module id is {len(given)} characters long; an id may have at most {SLUG_MAX}"
                          if len(given) > SLUG_MAX else
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
    for line, page_id, first in outline.duplicate_ids:
        diagnostics.error(outline.source.loc.at_line(line), Code.PAGE_DUPLICATE_ID,
                          f"duplicate page id '{page_id}' (first used at line {first}); links and resume need "
                          "one id per page")
    check_heading_levels(outline.sections, 2, outline.source.loc, diagnostics)
    check_lone_subheading(outline.sections, outline.source.loc, diagnostics)
    pages = []
    for section in outline.sections:
        blocks = section_blocks(ctx, section)
        if not blocks and not section.tokens:  # a block dropped for its own error is not an empty page
            diagnostics.error(outline.source.loc.at_line(section.line), Code.MODULE_EMPTY,
                              f"page '{section.title}' is empty")
        where = outline.source.loc.at_line(section.line)
        settings = parse_attributes(section.attributes, where, diagnostics, PAGE_ATTRIBUTES)
        if settings.get("progress", "false") not in ("true", "false"):
            diagnostics.error(where, Code.CONTAINER_ATTRIBUTE,
                              f"progress= is true or false, not '{settings['progress']}'")
        pages.append(Page(id=f"{module_id}--{section.slug}", title=section.title, blocks=blocks, loc=where,
                          progress=settings.get("progress") != "false", on_this_page=settings.get("on_this_page")))
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
        shuffle=meta.boolean("shuffle", False),
        attempts=meta.integer("attempts", 0, 0, 35) or 0,
        review=meta.choice("review", ReviewMode, ReviewMode.TOPICS),
        retries=meta.integer("retries", 1, 0, 9) or 0,
        draw_loc=meta.loc("draw") if meta.has("draw") else None,
        pass_mark_loc=meta.loc("pass_mark") if meta.has("pass_mark") else None,
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
        duration_loc=meta.loc("duration") if meta.has("duration") else None,
        word_counts=word_counts(tuple(pages)),
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
            diagnostics.error(where, Code.CONFIG_VALUE,
                              f"'draw: {topic}' must be between 1 and 10000, not {count.value}")
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
    check_heading_levels(outline.sections, 1, outline.source.loc, diagnostics)
    blocks = tuple(b for section in outline.sections for b in section_blocks(ctx, section))
    # Course pages sit outside every module's tracking: a question there could never be reported.
    for block in blocks:
        if isinstance(block, Question | Reflection):
            diagnostics.error(block.loc, Code.CONTAINER_UNKNOWN,
                              f"a course page holds text and callouts; put this "
                              f"{'question' if isinstance(block, Question) else 'reflection'} in a module")
    blocks = tuple(b for b in blocks if not isinstance(b, Question | Reflection))
    return Page(id=page_id, title=title, blocks=blocks, loc=outline.source.loc.at_line(outline.title_line),
                on_this_page=meta.text("on_this_page"))
