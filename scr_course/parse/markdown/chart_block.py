"""``::: chart type=bar|column|line title="…" [unit="…"]``: a Markdown table of numbers → a Chart (issue 12)."""

from __future__ import annotations

import re

from markdown_it.token import Token
from markupsafe import Markup

from scr_course.diagnostics import Code, SourceLocation
from scr_course.model import Chart, ChartKind, ChartSeries
from scr_course.parse.markdown.block_tokens import Tokens, block_id, is_container, nodes
from scr_course.parse.markdown.context import FileContext, parse_attributes

MAX_SERIES = 4
"""Each series needs its own pattern and marker besides its colour; four stay distinguishable."""
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
        if is_container(node):
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
        id=block_id(ctx, "chart", loc), kind=ChartKind(kind_name), title=title,
        unit=attributes.get("unit", "").strip(), category_label=header[0], categories=tuple(categories),
        series=tuple(ChartSeries(name=name, values=tuple(values))
                     for name, values in zip(header[1:], columns, strict=True)),
        caption=ctx.render(others) if others else None, loc=loc,
    )
