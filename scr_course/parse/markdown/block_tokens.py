"""Token helpers shared by the content-block parsers: top-level nodes, ids, images, small checks."""

from __future__ import annotations

from markdown_it.token import Token

from scr_course.diagnostics import Code, SourceLocation
from scr_course.model import Image
from scr_course.parse.markdown.context import FileContext
from scr_course.parse.markdown.outline import slugify
from scr_course.source.media import IMAGE_TYPES, Problem, image_size

Tokens = tuple[Token, ...] | list[Token]


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


def is_container(node: list[Token], name: str | None = None) -> bool:
    return node[0].type == "container_open" and (name is None or node[0].info.split(" ")[0] == name)


def block_id(ctx: FileContext, prefix: str, loc: SourceLocation) -> str:
    # Every page of a SCO is in one document, so ids carry the file and line to stay unique.
    return f"{prefix}-{slugify(ctx.outline.source.rel.with_suffix('').as_posix())}-{loc.line}"


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


def no_params(ctx: FileContext, name: str, params: str, loc: SourceLocation) -> None:
    if params:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"'::: {name}' takes nothing after its name, found '{params}'")


def closed(ctx: FileContext, token: Token) -> None:
    if not token.meta.get("closed"):
        ctx.diagnostics.error(ctx.loc(token), Code.CONTAINER_UNCLOSED,
                              f"'::: {token.info.split()[0]}' is never closed; end it with a line ':::'")
