"""Second pass: a section's tokens → Prose, Callout, Question and Reflection blocks."""

from __future__ import annotations

from markdown_it.token import Token
from markupsafe import Markup

from scr_course.diagnostics import Code
from scr_course.model import Block, CalloutKind, Prose
from scr_course.parse.markdown.blocks import CONTENT_BLOCKS, parse_callout, parse_content_block
from scr_course.parse.markdown.context import FileContext, container_span
from scr_course.parse.markdown.outline import Section
from scr_course.parse.markdown.questions import parse_question, parse_reflection


def section_blocks(ctx: FileContext, section: Section) -> tuple[Block, ...]:
    """Convert one section: prose runs are rendered, containers become model blocks."""
    _outline_headings(section.tokens)
    return convert_blocks(ctx, section.tokens)


def convert_blocks(ctx: FileContext, tokens: tuple[Token, ...] | list[Token],
                   inside: str | None = None) -> tuple[Block, ...]:
    """Prose runs and ``:::`` containers → blocks; ``inside`` names an enclosing block that takes no questions."""
    blocks: list[Block] = []
    prose: list[Token] = []

    def flush() -> None:
        if prose:
            blocks.append(Prose(html=ctx.render(prose)))
            prose.clear()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "container_open":
            prose.append(token)
            index += 1
            continue
        end = container_span(tokens, index)
        inner = tokens[index + 1 : end]
        loc = ctx.loc(token)
        if not token.meta.get("closed"):
            ctx.diagnostics.error(loc, Code.CONTAINER_UNCLOSED,
                                  f"'::: {token.info.split()[0]}' is never closed; end it with a line ':::'")
        name, _, params = token.info.partition(" ")
        flush()
        if name in ("question", "reflection") and inside is not None:
            ctx.diagnostics.error(loc, Code.CONTAINER_UNKNOWN,
                                  f"a {name} cannot be placed inside '::: {inside}'; put it on the page itself")
        elif name == "question":
            question = parse_question(ctx, inner, params.strip(), loc)
            if question is not None:
                blocks.append(question)
        elif name == "reflection":
            blocks.append(parse_reflection(ctx, inner, params.strip(), loc))
        elif name in {kind.value for kind in CalloutKind}:
            _reject_nested(ctx, inner)
            blocks.append(parse_callout(ctx, CalloutKind(name), inner, params.strip(), loc))
        elif name in CONTENT_BLOCKS:
            block = parse_content_block(ctx, name, inner, params.strip(), loc)
            # A block too broken to show is already an error; an empty stand-in keeps the page
            # from also being reported as empty.
            blocks.append(block if block is not None else Prose(html=Markup("")))
        else:
            known = ["question", "reflection", *(k.value for k in CalloutKind), *CONTENT_BLOCKS]
            ctx.diagnostics.error(loc, Code.CONTAINER_UNKNOWN,
                                  f"unknown block '::: {name}' (use {', '.join(known)})")
        index = end + 1
    flush()
    return tuple(blocks)


def _outline_headings(tokens: tuple[Token, ...] | list[Token]) -> None:
    """Headings inside a page start at h2 (the page title is its h1) and never skip a level.

    A module's pages are its ``##`` headings, so its ``###`` would otherwise follow the h1
    directly; the levels used are renumbered in order (idempotent, so cached tokens are safe).
    """
    levels = sorted({int(t.tag[1]) for t in tokens if t.type == "heading_open"})
    renumber = {f"h{level}": f"h{min(6, index + 2)}" for index, level in enumerate(levels)}
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = renumber[token.tag]


def _reject_nested(ctx: FileContext, inner: tuple[Token, ...] | list[Token]) -> None:
    for token in inner:
        if token.type == "container_open":
            ctx.diagnostics.error(ctx.loc(token), Code.CONTAINER_UNKNOWN,
                                  "questions and reflections cannot be placed inside a callout")
