"""Content blocks (issue 12): figure, steps, timeline, details and callout labels, plus the block registry.

Each ``parse_<name>`` turns the tokens inside one ``:::`` container into a model block, reporting
shape problems at the line that has them. Charts (chart_block) and media (media_blocks) have
modules of their own. Nothing here draws anything: the render stage does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import copy

from markdown_it.token import Token
from markupsafe import Markup

from scr_course.diagnostics import Code, SourceLocation
from scr_course.model import Block, Callout, CalloutKind, Details, Figure, Image, Sequence, SequenceItem
from scr_course.parse.markdown.block_tokens import Tokens, block_id, closed, is_container, no_params, nodes, read_image
from scr_course.parse.markdown.chart_block import parse_chart
from scr_course.parse.markdown.context import FileContext
from scr_course.parse.markdown.media_blocks import parse_audio, parse_video


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


def parse_figure(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Figure | None:
    """``::: figure``: one image line, a caption paragraph, optionally ``::: description``."""
    no_params(ctx, "figure", params, loc)
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
        elif is_container(node, "description"):
            closed(ctx, node[0])
            description = ctx.render(node[1:-1])
        elif is_container(node):
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
    return Figure(id=block_id(ctx, "figure", loc), image=image, caption=ctx.render(caption),
                  description=description, loc=loc)


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
    no_params(ctx, name, params, loc)
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
    blocks = ctx.convert_blocks(ctx, inner, "details")
    if not blocks and len(ctx.diagnostics.items) == before:
        ctx.diagnostics.error(loc, Code.BLOCK_SHAPE, f"'::: details {params}' is empty")
    if not blocks:
        return None
    return Details(title=params, blocks=blocks, loc=loc)


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
