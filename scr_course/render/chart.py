"""A Chart → inline SVG, drawn at build time: every value labelled, series told apart without colour.

Colours come from CSS classes (``chart-s1``…) whose custom properties the theme sets, so a chart
follows light and dark mode and passes the theme's contrast check. Series also differ by fill
pattern (bars and columns) or by marker shape and dash (lines), and lines are named at their end.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

from lxml import etree
from lxml.builder import E
from markupsafe import Markup

from scr_course.model import Chart, ChartKind

Translate = Callable[..., str]
WIDTH = 560
"""viewBox width of the wide drawing, shown at its own size (never scaled up) from a 36rem column."""
NARROW = 272
"""viewBox width of the narrow drawing (columns become horizontal bars): it fits a 320 px screen at
its own size, so its text keeps its CSS size (>= 12 px, issue 21) instead of shrinking with the chart."""
FONT = 13
BAR = 20
GAP = 6
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "8 4", "2 4", "10 4 2 4")


def format_value(value: float, unit: str = "") -> str:
    """1234.5 → '1,234.5'; with the unit: '%' attached, words after a space."""
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    if not unit:
        return text
    return text + unit if _short_unit(unit) else f"{text} {unit}"


def _short_unit(unit: str) -> str:
    """The unit as it fits next to a value in a crowded plot: symbols stay, words go to the axis title."""
    return unit if unit in ("%", "‰") or (len(unit) == 1 and not unit.isalpha()) else ""


def _ticks(top: float) -> list[float]:
    """Round gridline values from 0 to at least ``top`` (about five steps)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


def _text(x: float, y: float, text: str, cls: str = "chart-text", anchor: str = "start") -> etree._Element:
    element = E.text(text, x=f"{x:g}", y=f"{y:g}", **{"class": cls})
    if anchor != "start":
        element.set("text-anchor", anchor)
    return element


def _patterns(chart: Chart, key: str) -> etree._Element:
    """One fill pattern per series after the first (solid): hatching, dots, cross-hatching."""
    defs = E.defs()
    for index in range(1, len(chart.series)):
        number = index + 1
        pattern = E.pattern(id=f"{key}-p{number}", width="8", height="8", patternUnits="userSpaceOnUse")
        pattern.append(E.rect(width="8", height="8", **{"class": "chart-paper"}))
        stroke = {"class": f"chart-s{number}-line", "stroke-width": "2.5"}
        if index == 1:
            pattern.append(E.path(d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", **stroke))
        elif index == 2:
            pattern.append(E.circle(cx="4", cy="4", r="2.2", **{"class": f"chart-s{number}"}))
        else:
            pattern.append(E.path(d="M0,4 h8 M4,0 v8", **stroke))
        defs.append(pattern)
    return defs


def _fill(key: str, index: int) -> dict[str, str]:
    if index == 0:
        return {"class": "chart-s1 chart-bar"}
    return {"class": f"chart-s{index + 1}-line chart-bar", "fill": f"url(#{key}-p{index + 1})"}


def _legend(chart: Chart, key: str, y: float, width: float) -> tuple[list[etree._Element], float]:
    if len(chart.series) < 2 and chart.kind is not ChartKind.LINE:
        return [], y
    items: list[etree._Element] = []
    x = 0.0
    for index, series in enumerate(chart.series):
        item = 24 + len(series.name) * FONT * 0.56 + 16
        if x and x + item > width:
            x, y = 0.0, y + FONT + 10
        if chart.kind is ChartKind.LINE:
            items.append(E.path(d=f"M{x:g},{y - 4:g} h20", **_line_style(index)))
            items.append(_marker(index, x + 10, y - 4))
        else:
            items.append(E.rect(x=f"{x:g}", y=f"{y - 12:g}", width="16", height="14", **_fill(key, index)))
        items.append(_text(x + 24, y, series.name))
        x += item
    return items, y + FONT + 8


def _line_style(index: int) -> dict[str, str]:
    style = {"class": f"chart-s{index + 1}-line chart-line", "fill": "none", "stroke-width": "2.5"}
    if DASHES[index]:
        style["stroke-dasharray"] = DASHES[index]
    return style


def _marker(index: int, x: float, y: float) -> etree._Element:
    cls = {"class": f"chart-s{index + 1} chart-marker"}
    shape = MARKERS[index]
    if shape == "circle":
        return E.circle(cx=f"{x:g}", cy=f"{y:g}", r="4.5", **cls)
    if shape == "square":
        return E.rect(x=f"{x - 4:g}", y=f"{y - 4:g}", width="8", height="8", **cls)
    if shape == "triangle":
        return E.path(d=f"M{x:g},{y - 5.5:g} l5.5,9.5 h-11 z", **cls)
    return E.path(d=f"M{x:g},{y - 6:g} l6,6 l-6,6 l-6,-6 z", **cls)


def _bar(chart: Chart, key: str, top: float, width: float) -> tuple[list[etree._Element], float]:
    """Horizontal bars: the category on its own line above its bars, so long names never collide."""
    items: list[etree._Element] = []
    biggest = max(v for s in chart.series for v in s.values) or 1
    label_room = max(len(format_value(v, chart.unit)) for s in chart.series for v in s.values) * FONT * 0.6 + 8
    scale = (width - label_room) / biggest
    y = top
    for row, category in enumerate(chart.categories):
        y += FONT + 2
        items.append(_text(0, y, category, "chart-text chart-category"))
        y += 6
        for index, series in enumerate(chart.series):
            value = series.values[row]
            length = max(value * scale, 1.5)
            items.append(E.rect(x="0", y=f"{y:g}", width=f"{length:g}", height=f"{BAR}", **_fill(key, index)))
            items.append(_text(length + 5, y + BAR - 5, format_value(value, chart.unit)))
            y += BAR + 3
        y += GAP + 4
    items.append(E.path(d=f"M0.5,{top:g} V{y:g}", **{"class": "chart-axis"}))
    return items, y


def _plot_frame(chart: Chart, top: float, height: float, left: float,
                width: float) -> tuple[list[etree._Element], Callable[[float], float]]:
    biggest = max(v for s in chart.series for v in s.values)
    ticks = _ticks(biggest * 1.08)
    ceiling = ticks[-1]
    bottom = top + height

    def y_of(value: float) -> float:
        return bottom - value / ceiling * height

    items: list[etree._Element] = []
    if chart.unit and not _short_unit(chart.unit):
        items.append(_text(0, top - 8, chart.unit, "chart-text chart-tick"))
    for tick in ticks:
        y = y_of(tick)
        items.append(E.path(d=f"M{left:g},{y:g} H{width:g}", **{"class": "chart-grid"}))
        items.append(_text(left - 6, y + 4, format_value(tick), "chart-text chart-tick", "end"))
    items.append(E.path(d=f"M{left:g},{bottom:g} H{width:g}", **{"class": "chart-axis"}))
    return items, y_of


def _column(chart: Chart, key: str, top: float, width: float) -> tuple[list[etree._Element], float]:
    left, height = 44.0, 200.0
    items, y_of = _plot_frame(chart, top + FONT + 8, height, left, width)
    bottom = top + FONT + 8 + height
    slot = (width - left) / len(chart.categories)
    bar = min(40.0, (slot - 10) / len(chart.series))
    for row, category in enumerate(chart.categories):
        start = left + row * slot + (slot - bar * len(chart.series)) / 2
        for index, series in enumerate(chart.series):
            value = series.values[row]
            x = start + index * bar
            y = y_of(value)
            items.append(E.rect(x=f"{x:g}", y=f"{y:g}", width=f"{bar - 2:g}", height=f"{max(bottom - y, 1.5):g}",
                                **_fill(key, index)))
            items.append(_text(x + (bar - 2) / 2, y - 4, format_value(value, _short_unit(chart.unit)),
                               "chart-text chart-value", "middle"))
        items.append(_text(left + row * slot + slot / 2, bottom + FONT + 4, category,
                           "chart-text chart-category", "middle"))
    return items, bottom + FONT + 10


def _line(chart: Chart, key: str, top: float, width: float) -> tuple[list[etree._Element], float]:
    left, height = 44.0, 200.0
    names = max(len(s.name) for s in chart.series) * FONT * 0.56 + 12
    right = width - min(names, 120)
    items, y_of = _plot_frame(chart, top + FONT + 8, height, left, width)
    bottom = top + FONT + 8 + height
    step = (right - left - 20) / max(len(chart.categories) - 1, 1)

    def x_of(row: int) -> float:
        return left + 10 + row * step

    for row, category in enumerate(chart.categories):
        items.append(_text(x_of(row), bottom + FONT + 4, category, "chart-text chart-category", "middle"))
    ends: list[float] = []
    labels: dict[int, list[list[float]]] = {}
    for index, series in enumerate(chart.series):
        points = [(x_of(row), y_of(value)) for row, value in enumerate(series.values)]
        items.append(E.path(d="M" + " L".join(f"{x:g},{y:g}" for x, y in points), **_line_style(index)))
        for row, ((x, y), value) in enumerate(zip(points, series.values, strict=True)):
            items.append(_marker(index, x, y))
            labels.setdefault(row, []).append([y - 9, x, value])
        end = points[-1][1]
        while any(abs(end - other) < FONT + 2 for other in ends):
            end += FONT + 2
        ends.append(end)
        items.append(_text(points[-1][0] + 10, end + 4, series.name, "chart-text chart-series-name"))
    # Value labels sit above their points; where two would overlap, the lower one moves down.
    for column in labels.values():
        column.sort()
        for before, after in pairwise(column):
            after[0] = max(after[0], before[0] + FONT + 1)
        for y, x, value in column:
            items.append(_text(x + 7, y, format_value(value, _short_unit(chart.unit)), "chart-text chart-value"))
    return items, bottom + FONT + 10


def describe_chart(chart: Chart, t: Translate) -> str:
    """The SVG's <desc>: what is plotted, and every value, as sentences a screen reader reads out."""
    sentences = [t(f"chart.kind.{chart.kind.value}", category=chart.category_label,
                   series=", ".join(s.name for s in chart.series))]
    for series in chart.series:
        pairs = zip(chart.categories, series.values, strict=True)
        values = ", ".join(f"{c} {format_value(v, chart.unit)}" for c, v in pairs)
        sentences.append(t("chart.series_values", series=series.name, values=values))
    return " ".join(sentences)


def render_chart_svg(chart: Chart, t: Translate, *, narrow: bool = False) -> Markup:
    """The chart as an inline ``<svg role="img">`` with its title and a description holding every value.

    ``narrow``: the phone drawing, :data:`NARROW` wide, columns drawn as horizontal bars. Its ids
    carry ``-narrow`` so both drawings can sit in one page. The accessible name is the title and,
    when the author gave one, the finding (``summary=``, shown under the chart's title).
    """
    key = f"{chart.id}-narrow" if narrow else chart.id
    width = NARROW if narrow else WIDTH
    kind = ChartKind.BAR if narrow and chart.kind is ChartKind.COLUMN else chart.kind
    legend, top = _legend(chart, key, FONT + 2, width)
    draw = {ChartKind.BAR: _bar, ChartKind.COLUMN: _column, ChartKind.LINE: _line}[kind]
    shapes, bottom = draw(chart, key, top if legend else 0.0, width)
    name = f"{key}-title" + (f" {chart.id}-summary" if chart.summary else "")
    svg = E.svg(
        E.title(chart.title, id=f"{key}-title"),
        E.desc(describe_chart(chart, t), id=f"{key}-desc"),
        **{"class": f"chart-svg chart-{kind.value} chart-{'narrow' if narrow else 'wide'}", "role": "img",
           "viewBox": f"-2 -2 {width + 4} {bottom + 4:g}",
           "width": str(width + 4), "height": f"{bottom + 4:g}", "aria-labelledby": name,
           "aria-describedby": f"{key}-desc", "focusable": "false"},
    )
    if len(chart.series) > 1:
        svg.append(_patterns(chart, key))
    # The drawing repeats the description, so assistive technology reads the title and desc only.
    group = E.g({"aria-hidden": "true"})
    for element in legend + shapes:
        group.append(element)
    svg.append(group)
    return Markup(etree.tostring(svg, encoding="unicode"))


def render_chart(chart: Chart, t: Translate) -> Markup:
    """Both drawings, wide then narrow; the stylesheet shows the one that fits the column (issue 21)."""
    return render_chart_svg(chart, t) + render_chart_svg(chart, t, narrow=True)
