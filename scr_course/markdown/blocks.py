"""Content blocks (issue 12): figure, chart, steps, timeline, details, video and audio, and callout labels.

Each ``parse_<name>`` turns the tokens inside one ``:::`` container into a model block, reporting
shape problems at the line that has them. Nothing here draws anything: charts become data, and
the render stage turns them into SVG.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import copy

from markdown_it.token import Token
from markupsafe import Markup

from scr_course.diagnostics import Code, SourceLocation
from scr_course.markdown.outline import slugify
from scr_course.markdown.to_model import FileContext, convert_blocks, parse_attributes
from scr_course.media import IMAGE_TYPES, Problem, image_size, parse_webvtt
from scr_course.model import (
    Block,
    Callout,
    CalloutKind,
    Chart,
    ChartKind,
    ChartSeries,
    Details,
    Figure,
    Image,
    Media,
    MediaKind,
    Sequence,
    SequenceItem,
)

Tokens = tuple[Token, ...] | list[Token]
MAX_SERIES = 4
"""Each series needs its own pattern and marker besides its colour; four stay distinguishable."""
MEDIA_WARN_BYTES = 20 * 1024 * 1024
"""Many LMSs cap an upload at 50–100 MB per package; one file over 20 MB deserves a warning."""
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".m4v": "video/mp4"}
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg",
               ".wav": "audio/wav", ".weba": "audio/webm"}


def nodes(tokens: Tokens) -> list[list[Token]]:
    """Split a token run into its top-level blocks (a paragraph, a list, a table, a container…)."""
    found: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            found.append([])
        found[-1].append(token)
        depth += token.nesting
    return found


def _is_container(node: list[Token], name: str | None = None) -> bool:
    return node[0].type == "container_open" and (name is None or node[0].info.split(" ")[0] == name)


def _block_id(ctx: FileContext, prefix: str, loc: SourceLocation) -> str:
    # Every page of a SCO is in one document, so ids carry the file and line to stay unique.
    return f"{prefix}-{slugify(ctx.outline.source.rel.with_suffix('').as_posix())}-{loc.line}"


def parse_callout(ctx: FileContext, kind: CalloutKind, inner: Tokens, params: str, loc: SourceLocation) -> Callout:
    """``::: vignette [Title] [label="Practice example"]``: a labelled box."""
    label = ""
    match = re.search(r'''(?:^|\s)label=(?:"([^"]*)"|'([^']*)'|(\S+))''', params)
    if match:
        label = next(g for g in match.groups() if g is not None).strip()
        params = (params[: match.start()] + params[match.end():]).strip()
        if not label:
            ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, "label=\"…\" needs some text, or leave it out")
    return Callout(kind=kind, title=params, body=ctx.render(inner), label=label, loc=loc)


def parse_content_block(ctx: FileContext, name: str, inner: Tokens, params: str, loc: SourceLocation) -> Block | None:
    """Dispatch to ``parse_<name>``; None when the block is too broken to show."""
    return CONTENT_BLOCKS[name](ctx, inner, params, loc)


# --- figure -----------------------------------------------------------------------------------

def _only_image(node: list[Token]) -> Token | None:
    if len(node) != 3 or node[0].type != "paragraph_open":
        return None
    children = [c for c in node[1].children or [] if not (c.type == "text" and not c.content.strip())
                and c.type not in ("softbreak", "hardbreak")]
    return children[0] if len(children) == 1 and children[0].type == "image" else None


def read_image(ctx: FileContext, src: str, alt: str | None, loc: SourceLocation, what: str = "image") -> Image | None:
    """An image file checked and measured: alt text (None: decorative), in the package, a readable size, a safe SVG."""
    if alt is not None and not alt.strip():
        ctx.diagnostics.error(loc, Code.ASSET_ALT_TEXT,
                              f"{what} '{src}' has no alt text; describe what it shows in ![...]")
    rel = ctx.resolve_asset(src, loc, what)
    if rel is None:
        return None
    if rel.suffix.lower() not in IMAGE_TYPES:
        ctx.diagnostics.error(loc, Code.ASSET_SIZE, f"{what} '{src}' is not a PNG, JPEG, WebP, GIF or SVG image")
        return None
    data = ctx.read_asset(rel)
    if rel.suffix.lower() == ".svg" and not ctx.check_svg(rel):
        return None
    size = image_size(rel.name, data)
    if isinstance(size, Problem):
        ctx.diagnostics.error(loc, Code.ASSET_SIZE, f"{what} '{src}' {size.message}")
        return None
    return Image(href=ctx.href(rel), alt=(alt or "").strip(), width=size[0], height=size[1])


def parse_figure(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Figure | None:
    """``::: figure``: one image line, a caption paragraph, optionally ``::: description``."""
    _no_params(ctx, "figure", params, loc)
    image: Image | None = None
    found_image = False
    caption: list[Token] = []
    description: Markup | None = None
    for node in nodes(inner):
        token = _only_image(node)
        if token is not None and not found_image:
            found_image = True
            image = read_image(ctx, str(token.attrGet("src") or ""), token.content, ctx.loc(node[0]))
        elif token is not None:
            ctx.diagnostics.error(ctx.loc(node[0]), Code.BLOCK_SHAPE,
                                  "a figure holds one image; put each image in its own '::: figure'")
        elif _is_container(node, "description"):
            _closed(ctx, node[0])
            description = ctx.render(node[1:-1])
        elif _is_container(node):
            ctx.diagnostics.error(ctx.loc(node[0]), Code.CONTAINER_UNKNOWN,
                                  "a figure may hold only its image, a caption and '::: description'")
        else:
            caption += node
    if not found_image:
        ctx.diagnostics.error(loc, Code.BLOCK_SHAPE,
                              "a figure needs an image on a line of its own: ![alt text](file.png)")
    if not caption:
        ctx.diagnostics.error(loc, Code.BLOCK_SHAPE, "a figure needs a caption: a paragraph under the image")
    if image is None or not caption:
        return None
    return Figure(id=_block_id(ctx, "figure", loc), image=image, caption=ctx.render(caption),
                  description=description, loc=loc)


# --- chart ------------------------------------------------------------------------------------

NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def _cell_text(ctx: FileContext, inline: Token) -> str:
    return Markup(ctx.render_inline(inline)).striptags().strip()


def _table_rows(ctx: FileContext, table: list[Token]) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for token in table:
        if token.type == "tr_open":
            rows.append((ctx.loc(token).line, []))
        elif token.type == "inline" and rows:
            rows[-1][1].append(_cell_text(ctx, token))
    return rows


def parse_chart(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Chart | None:
    """``::: chart type=bar|column|line title="…" [unit="…"]`` holding a Markdown table of numbers."""
    attributes = parse_attributes(params, loc, ctx.diagnostics, ("type", "title", "unit"))
    kinds = [k.value for k in ChartKind]
    kind_name = attributes.get("type", "")
    if kind_name not in kinds:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"a chart needs type= one of {', '.join(kinds)}"
                              + (f", not '{kind_name}'" if kind_name else ""))
    title = attributes.get("title", "").strip()
    if not title:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, 'a chart needs a title: title="What the chart shows"')
    tables = [n for n in nodes(inner) if n[0].type == "table_open"]
    others = [t for n in nodes(inner) if n[0].type != "table_open" for t in n]
    for node in nodes(inner):
        if _is_container(node):
            ctx.diagnostics.error(ctx.loc(node[0]), Code.CONTAINER_UNKNOWN, "a chart holds only its table and prose")
            return None
    if len(tables) != 1:
        ctx.diagnostics.error(loc, Code.CHART_TABLE,
                              "a chart holds exactly one Markdown table: categories in the first column, "
                              f"one column per series (found {len(tables)} tables)")
        return None
    rows = _table_rows(ctx, tables[0])
    header_line, header = rows[0]
    body = rows[1:]
    problems = len(ctx.diagnostics.items)
    if len(header) < 2 or not body:
        ctx.diagnostics.error(ctx.loc(tables[0][0]), Code.CHART_TABLE,
                              "a chart table needs a header row, at least one data row and at least one series column")
        return None
    if len(header) - 1 > MAX_SERIES:
        ctx.diagnostics.error(ctx.loc(tables[0][0]), Code.CHART_TABLE,
                              f"a chart can show at most {MAX_SERIES} series (the table has {len(header) - 1})")
    for column, name in enumerate(header[1:], start=2):
        if not name:
            ctx.diagnostics.error(ctx.loc(tables[0][0]).at_line(header_line), Code.CHART_TABLE,
                                  f"column {column} of the chart table has no heading (the series name)")
    columns: list[list[float]] = [[] for _ in header[1:]]
    categories: list[str] = []
    for line, cells in body:
        where = loc.at_line(line)
        if not cells[0]:
            ctx.diagnostics.error(where, Code.CHART_TABLE, "a chart row needs a category in its first cell")
        categories.append(cells[0])
        for column, cell in enumerate(cells[1:]):
            value = cell.replace("\u2212", "-").strip()
            if not value:
                ctx.diagnostics.error(where, Code.CHART_VALUE,
                                      f"'{header[column + 1]}' has no value for '{cells[0]}'; "
                                      "every cell needs a number")
            elif not NUMBER.match(value):
                ctx.diagnostics.error(where, Code.CHART_VALUE,
                                      f"'{cell}' is not a number (for '{header[column + 1]}', '{cells[0]}'); "
                                      "write digits only and put the unit in unit=\"…\"")
            elif float(value.replace(",", "")) < 0:
                ctx.diagnostics.error(where, Code.CHART_VALUE,
                                      f"'{cell}' is negative; charts show values from zero upwards")
            else:
                columns[column].append(float(value.replace(",", "")))
    if len(set(categories)) != len(categories):
        ctx.diagnostics.error(ctx.loc(tables[0][0]), Code.CHART_TABLE,
                              "two rows of the chart table have the same category")
    if kind_name == "line" and len(body) < 2:
        ctx.diagnostics.error(ctx.loc(tables[0][0]), Code.CHART_TABLE, "a line chart needs at least two rows")
    if len(ctx.diagnostics.items) > problems or kind_name not in kinds or not title:
        return None
    return Chart(
        id=_block_id(ctx, "chart", loc), kind=ChartKind(kind_name), title=title,
        unit=attributes.get("unit", "").strip(), category_label=header[0], categories=tuple(categories),
        series=tuple(ChartSeries(name=name, values=tuple(values))
                     for name, values in zip(header[1:], columns, strict=True)),
        caption=ctx.render(others) if others else None, loc=loc,
    )


# --- steps and timeline -----------------------------------------------------------------------

_SEPARATOR = re.compile(r"^\s*(?:[:\u2013\u2014-]\s*)?")


def _split_lead(ctx: FileContext, item: list[Token]) -> tuple[Markup, Markup, str] | None:
    """A list item whose first paragraph starts in bold → (bold part, the rest, bold part as text)."""
    inner = item[1:-1]
    if len(inner) < 3 or inner[0].type != "paragraph_open" or inner[1].type != "inline":
        return None
    children = list(inner[1].children or [])
    while children and children[0].type == "text" and not children[0].content.strip():
        children.pop(0)
    if not children or children[0].type != "strong_open":
        return None
    close = next((i for i, c in enumerate(children) if c.type == "strong_close" and c.level == children[0].level), None)
    if close is None:
        return None
    lead = copy(inner[1])
    lead.children = children[1:close]
    rest_children = [copy(c) for c in children[close + 1:]]
    while rest_children and rest_children[0].type in ("softbreak", "hardbreak"):
        rest_children.pop(0)
    if rest_children and rest_children[0].type == "text":
        rest_children[0].content = _SEPARATOR.sub("", rest_children[0].content, count=1)
    rest_inline = copy(inner[1])
    rest_inline.children = rest_children
    title = ctx.render_inline(lead)
    body_tokens = ([inner[0], rest_inline, inner[2]] if any(c.content or c.type != "text" for c in rest_children)
                   else []) + list(inner[3:])
    body = ctx.render(body_tokens) if body_tokens else Markup("")
    return title, body, Markup(title).striptags()


def _list_items(list_tokens: list[Token]) -> list[list[Token]]:
    return [n for n in nodes(list_tokens[1:-1]) if n[0].type == "list_item_open"]


def _parse_sequence(ctx: FileContext, name: str, inner: Tokens, params: str, loc: SourceLocation,
                    what: str, when: Callable[[str], str | None]) -> Sequence | None:
    _no_params(ctx, name, params, loc)
    lists = [n for n in nodes(inner) if n[0].type in ("ordered_list_open", "bullet_list_open")]
    if len(lists) != 1 or len(nodes(inner)) != 1:
        ctx.diagnostics.error(loc, Code.BLOCK_SHAPE, f"'::: {name}' holds one list and nothing else, each item "
                              f"starting with its {what} in bold: 1. **{what.capitalize()}** …")
        return None
    if name == "steps" and lists[0][0].type != "ordered_list_open":
        ctx.diagnostics.error(ctx.loc(lists[0][0]), Code.BLOCK_SHAPE, "steps are a numbered list: write 1. 2. 3.")
        return None
    items: list[SequenceItem] = []
    for item in _list_items(lists[0]):
        split = _split_lead(ctx, item)
        if split is None:
            ctx.diagnostics.error(ctx.loc(item[0]), Code.BLOCK_SHAPE,
                                  f"each item of '::: {name}' starts with its {what} in bold, "
                                  f"e.g. **{what.capitalize()}** …")
            continue
        title, body, text = split
        items.append(SequenceItem(title=title, body=body, datetime=when(text)))
    if len(items) != len(_list_items(lists[0])) or not items:
        return None
    return Sequence(kind=name, items=tuple(items), loc=loc)


def parse_steps(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Sequence | None:
    """``::: steps``: an ordered list whose items start with a bold step name."""
    return _parse_sequence(ctx, "steps", inner, params, loc, "step name", lambda _: None)


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")


def machine_date(text: str) -> str | None:
    """An HTML ``datetime`` value for a date written the usual ways (2014, March 2014, 1 March 2014, 2014-03-01)."""
    text = text.strip().rstrip(".:")
    if re.fullmatch(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?", text):
        return text
    match = re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?\s+(\d{4})", text)
    if match:
        month = next((i for i, m in enumerate(MONTHS, 1)
                      if len(match.group(2)) >= 3 and m.startswith(match.group(2).lower())), None)
        if month is None:
            return None
        if match.group(1):
            day = int(match.group(1))
            return f"{match.group(3)}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
        return f"{match.group(3)}-{month:02d}"
    return None


def parse_timeline(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Sequence | None:
    """``::: timeline``: a list whose items start with a bold date or period."""
    return _parse_sequence(ctx, "timeline", inner, params, loc, "date", machine_date)


# --- details ----------------------------------------------------------------------------------

def parse_details(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Details | None:
    """``::: details Title``: a native disclosure holding any other block except questions."""
    if not params:
        ctx.diagnostics.error(loc, Code.BLOCK_SHAPE,
                              "'::: details' needs a title on its line: ::: details What it shows")
        return None
    before = len(ctx.diagnostics.items)
    blocks = convert_blocks(ctx, inner, inside="details")
    if not blocks and len(ctx.diagnostics.items) == before:
        ctx.diagnostics.error(loc, Code.BLOCK_SHAPE, f"'::: details {params}' is empty")
    if not blocks:
        return None
    return Details(title=params, blocks=blocks, loc=loc)


# --- video and audio --------------------------------------------------------------------------

def _parse_media(ctx: FileContext, kind: MediaKind, inner: Tokens, params: str, loc: SourceLocation) -> Media | None:
    allowed = ("src", "captions", "transcript") + (("poster",) if kind is MediaKind.VIDEO else ())
    attributes = parse_attributes(params, loc, ctx.diagnostics, allowed)
    types = VIDEO_TYPES if kind is MediaKind.VIDEO else AUDIO_TYPES
    before = len(ctx.diagnostics.items)
    src = attributes.get("src", "")
    rel = None
    if not src:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, f"'::: {kind.value}' needs src=file")
    else:
        rel = ctx.resolve_asset(src, loc, kind.value)
    if rel is not None and rel.suffix.lower() not in types:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"{kind.value} '{src}' must be one of {', '.join(sorted(types))}")
    elif rel is not None:
        size = ctx.tree.files[rel].stat().st_size
        if size > MEDIA_WARN_BYTES:
            ctx.diagnostics.warning(loc, Code.MEDIA_SIZE,
                                    f"{kind.value} '{src}' is {size / 1048576:.1f} MB; many learning systems refuse "
                                    "packages over 50–100 MB, so consider a smaller file")
    captions = _captions(ctx, kind, attributes.get("captions"), loc)
    transcript = _transcript(ctx, kind, attributes.get("transcript"), loc)
    poster = None
    if "poster" in attributes:
        # A poster is decorative: the video's own label and caption say what it is.
        poster = read_image(ctx, attributes["poster"], None, loc, "poster")
    for node in nodes(inner):
        if _is_container(node):
            ctx.diagnostics.error(ctx.loc(node[0]), Code.CONTAINER_UNKNOWN,
                                  f"'::: {kind.value}' holds only prose about the recording")
    if len(ctx.diagnostics.items) > before and any(d.severity.value == "error" for d in ctx.diagnostics.items[before:]):
        return None
    assert rel is not None
    return Media(id=_block_id(ctx, kind.value, loc), kind=kind, src=ctx.href(rel), media_type=types[rel.suffix.lower()],
                 captions=captions, poster=poster, transcript=transcript,
                 caption=ctx.render(inner) if inner else None, loc=loc)


def _captions(ctx: FileContext, kind: MediaKind, src: str | None, loc: SourceLocation) -> str | None:
    if not src:
        if kind is MediaKind.VIDEO:
            ctx.diagnostics.error(loc, Code.MEDIA_CAPTIONS,
                                  "a video needs captions: captions=file.vtt (a WebVTT file of what is said and heard)")
        return None
    rel = ctx.resolve_asset(src, loc, "captions")
    if rel is None:
        return None
    if rel.suffix.lower() != ".vtt":
        ctx.diagnostics.error(loc, Code.MEDIA_WEBVTT, f"captions '{src}' must be a WebVTT file ending in .vtt")
        return None
    try:
        text = ctx.read_asset(rel).decode("utf-8")
    except UnicodeDecodeError:
        ctx.diagnostics.error(ctx.tree.location(rel), Code.MEDIA_WEBVTT, "WebVTT file is not UTF-8 text")
        return None
    _, problems = parse_webvtt(text)
    for problem in problems:
        ctx.diagnostics.error(ctx.tree.location(rel, problem.line), Code.MEDIA_WEBVTT, f"WebVTT file {problem.message}")
    return None if problems else ctx.href(rel)


def _transcript(ctx: FileContext, kind: MediaKind, src: str | None, loc: SourceLocation) -> Markup | None:
    if not src:
        if kind is MediaKind.AUDIO:
            ctx.diagnostics.error(loc, Code.MEDIA_TRANSCRIPT,
                                  "audio needs a transcript: transcript=file.md (what is said, as Markdown)")
        return None
    rel, _ = ctx._resolve(src)
    if rel is None or rel not in ctx.tree.files or ctx.tree.is_unsafe(rel):
        ctx.diagnostics.error(loc, Code.MEDIA_TRANSCRIPT, f"transcript '{src}' not found in the course folder")
        return None
    if rel.suffix.lower() not in (".md", ".txt"):
        ctx.diagnostics.error(loc, Code.MEDIA_TRANSCRIPT,
                              f"transcript '{src}' must be a Markdown (.md) or text (.txt) file")
        return None
    try:
        text = ctx.read_asset(rel).decode("utf-8-sig")
    except UnicodeDecodeError:
        ctx.diagnostics.error(ctx.tree.location(rel), Code.SOURCE_ENCODING, "transcript is not UTF-8 text")
        return None
    # The transcript is shown on the page, not shipped as a file: no asset entry.
    return ctx.render(ctx.md.parse(text.replace("\r\n", "\n")))


def parse_video(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Media | None:
    """``::: video src=… captions=… [transcript=…] [poster=…]``."""
    return _parse_media(ctx, MediaKind.VIDEO, inner, params, loc)


def parse_audio(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Media | None:
    """``::: audio src=… transcript=…``."""
    return _parse_media(ctx, MediaKind.AUDIO, inner, params, loc)


# --- shared -----------------------------------------------------------------------------------

def _no_params(ctx: FileContext, name: str, params: str, loc: SourceLocation) -> None:
    if params:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"'::: {name}' takes nothing after its name, found '{params}'")


def _closed(ctx: FileContext, token: Token) -> None:
    if not token.meta.get("closed"):
        ctx.diagnostics.error(ctx.loc(token), Code.CONTAINER_UNCLOSED,
                              f"'::: {token.info.split()[0]}' is never closed; end it with a line ':::'")


CONTENT_BLOCKS: dict[str, Callable[[FileContext, Tokens, str, SourceLocation], Block | None]] = {
    "figure": parse_figure,
    "chart": parse_chart,
    "steps": parse_steps,
    "timeline": parse_timeline,
    "details": parse_details,
    "video": parse_video,
    "audio": parse_audio,
}
"""Content blocks by their ``:::`` name (callouts, questions and reflections are handled by to_model)."""
