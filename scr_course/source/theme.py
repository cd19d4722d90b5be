"""An organisation's theme from course.yml: colours, font and logo, refused when below WCAG AA contrast.

The colours a theme leaves alone come from the runtime's own stylesheet (runtime/css/*.css,
light and dark), so the check always judges the palette learners will actually see.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.model import Theme, ThemeColour, ThemeFont
from scr_course.resources import runtime_file
from scr_course.source.yamlnodes import Reader

THEME_KEYS = ("logo", "logo_alt", "colours", "font")
COLOUR_KEYS = ("primary", "accent", "background", "text", "link")
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

VARIABLES = {"primary": "--brand", "accent": "--accent", "background": "--paper", "text": "--ink", "link": "--link"}
"""Theme colour → the CSS custom property of runtime/css it sets."""
FALLBACKS = {"--link": "--brand", "--accent": "--brand", "--on-brand": "#ffffff", "--header-bg": "--brand-dark",
             "--header-ink": "#ffffff"}
"""Where a property the base stylesheet may not define takes its value from."""

TEXT, UI = 4.5, 3.0
"""WCAG 2.2 SC 1.4.3 (normal text) and 1.4.11 (user-interface components and graphics)."""
PAIRS = (
    ("text", "--ink", "background", "--paper", TEXT),
    ("link", "--link", "background", "--paper", TEXT),
    ("text", "--ink", "panel background", "--soft", TEXT),
    ("muted text", "--muted", "background", "--paper", TEXT),
    ("link", "--link", "panel background", "--soft", TEXT),
    ("primary", "--brand", "background", "--paper", UI),
    ("accent", "--accent", "background", "--paper", UI),
    ("button text", "--on-brand", "primary", "--brand", TEXT),
    ("header text", "--header-ink", "header", "--header-bg", TEXT),
    ("accent", "--accent", "panel background", "--soft", UI),
)
"""(foreground name, property, background name, property, minimum): every pair the theme can touch.

Primary, accent, text and muted text are also the chart colours (1.4.11 applies to them against the page).
"""


def read_theme(reader: Reader, diagnostics: Diagnostics) -> Theme:
    """The ``theme:`` mapping of course.yml; unknown keys, bad values and low contrast are diagnostics."""
    if not reader.has("theme"):
        theme = Theme(loc=reader.node.loc)
        check_contrast(theme, diagnostics)
        return theme
    node = reader.sub("theme", THEME_KEYS)
    colours = node.sub("colours", (*COLOUR_KEYS, "dark"))
    dark = colours.sub("dark", COLOUR_KEYS)
    logo = node.text("logo")
    logo_alt = node.text("logo_alt")
    if logo and logo_alt is None:
        diagnostics.error(node.loc("logo"), Code.CONFIG_MISSING_KEY,
                          "a theme logo needs logo_alt: the organisation's name as the logo shows it "
                          "(or logo_alt: \"\" when the course title next to it says the same)")
    theme = Theme(
        logo=logo or None,
        logo_alt=logo_alt or "",
        logo_loc=node.loc("logo"),
        light=_colours(colours, diagnostics, "light"),
        dark=_colours(dark, diagnostics, "dark"),
        font=node.choice("font", ThemeFont, ThemeFont.SYSTEM),
        loc=reader.loc("theme"),
    )
    check_contrast(theme, diagnostics)
    return theme


def _colours(reader: Reader, diagnostics: Diagnostics, mode: str) -> tuple[ThemeColour, ...]:
    found: list[ThemeColour] = []
    for key in COLOUR_KEYS:
        if not reader.has(key):
            continue
        value = reader.mapping[key]
        if value.value is None:
            diagnostics.error(reader.loc(key), Code.CONFIG_VALUE,
                              f"colour '{key}' is empty; write it in quotes, e.g. {key}: \"#0b4f8a\" "
                              "(YAML reads an unquoted # as the start of a comment)")
            continue
        text = reader.text(key) or ""
        if not HEX.match(text):
            diagnostics.error(reader.loc(key), Code.CONFIG_VALUE,
                              f"colour '{key}' must be a hex colour such as \"#0b4f8a\", not '{text}'")
            continue
        found.append(ThemeColour(name=key, value=_long_hex(text), loc=reader.loc(key)))
    return tuple(found)


def _long_hex(text: str) -> str:
    text = text.lower()
    return "#" + "".join(c * 2 for c in text[1:]) if len(text) == 4 else text


@lru_cache(maxsize=1)
def base_palette() -> tuple[dict[str, str], dict[str, str]]:
    """The light and dark custom properties of the runtime's stylesheet (dark falls back to light).

    Top-level ``:root`` rules are light mode, ``:root`` inside ``@media (prefers-color-scheme:
    dark)`` is dark mode; other media (print, widths) are not palettes. Later rules win, as in CSS.
    """
    return parse_palette(runtime_file("runtime/player.css").decode("utf-8"))


def parse_palette(css: str) -> tuple[dict[str, str], dict[str, str]]:
    """Light and dark custom properties of a stylesheet (see :func:`base_palette`)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    light: dict[str, str] = {}
    dark: dict[str, str] = {}
    has_dark = False
    # In source order, as the cascade applies them: a later top-level :root also wins in dark mode.
    for prelude, body in _top_level_rules(css):
        if prelude == ":root":
            light.update(_declarations(body))
            dark.update(_declarations(body))
        elif prelude.startswith("@media") and re.search(r"prefers-color-scheme:\s*dark", prelude):
            for inner_prelude, inner_body in _top_level_rules(body):
                if inner_prelude == ":root":
                    dark.update(_declarations(inner_body))
                    has_dark = has_dark or bool(re.search(r"color-scheme:\s*dark", inner_body))
    # light-dark(a, b) follows the color-scheme the base palette sets: b only where it sets dark.
    return _pick(light, 0), _pick(dark if has_dark else light, 1 if has_dark else 0)


def _pick(values: dict[str, str], side: int) -> dict[str, str]:
    picked = {}
    for name, value in values.items():
        match = re.fullmatch(r"light-dark\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)", value)
        picked[name] = match.group(side + 1) if match else value
    return picked


def _top_level_rules(css: str) -> list[tuple[str, str]]:
    """(prelude, body) of each top-level block of a stylesheet."""
    rules: list[tuple[str, str]] = []
    depth, start, open_at = 0, 0, 0
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                open_at = index
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                rules.append((css[start:open_at].strip(), css[open_at + 1:index]))
                start = index + 1
        elif char == ";" and depth == 0:
            start = index + 1  # an @import or @charset line
    return rules


def _declarations(body: str) -> dict[str, str]:
    return {name: value.strip() for name, value in re.findall(r"(--[a-z0-9-]+)\s*:\s*([^;]+);?", body)}


def palette(theme: Theme, mode: str) -> dict[str, str]:
    """Every custom property as learners get it in ``mode`` (light or dark), hex values resolved.

    Light colours are for light mode only: dark mode keeps the base dark palette except where the
    theme's ``dark:`` says otherwise (without a base dark palette, the page stays light in both).
    """
    light, dark = base_palette()
    own = own_colours(theme, mode)
    values = dict(light if mode == "light" else dark)
    if dark == light:
        mode = "light"  # no dark palette in the runtime: dark mode looks like light mode
    for colour in own:
        values[VARIABLES[colour.name]] = colour.value
    for name, fallback in FALLBACKS.items():
        values.setdefault(name, fallback)
    if any(c.name == "primary" for c in own):
        # Shades of the primary colour: hover, and the header band (dark in both modes).
        primary = _resolve(values, "--brand")
        values["--brand-dark"] = darken(primary, 0.25) if mode == "light" else lighten(primary, 0.25)
        values["--header-bg"] = darken(primary, 0.25 if mode == "light" else 0.75)
    return {name: _resolve(values, name) for name in values}


DERIVED = ("--brand-dark", "--header-bg")
"""Properties theme.css also sets when a mode's primary colour is set."""


def theme_properties(theme: Theme, mode: str) -> list[str]:
    """The custom properties theme.css writes for ``mode``; dark repeats light's so light never leaks."""
    own = own_colours(theme, mode)
    names = {VARIABLES[c.name] for c in own} | (set(DERIVED) if any(c.name == "primary" for c in own) else set())
    light, dark = base_palette()
    if mode == "dark" and dark == light and not theme.dark:
        return []  # no dark palette anywhere: the light rules already hold in dark mode
    if mode == "dark":
        names |= set(theme_properties(theme, "light"))
    return sorted(names)


def own_colours(theme: Theme, mode: str) -> tuple[ThemeColour, ...]:
    """The colours the theme itself sets for ``mode`` (what theme.css writes)."""
    light, dark = base_palette()
    if mode == "light":
        return theme.light
    return theme.dark if dark != light else (*theme.light, *theme.dark)


def _resolve(values: dict[str, str], name: str, depth: int = 0) -> str:
    value = values.get(name, "")
    match = re.fullmatch(r"var\((--[a-z0-9-]+)(?:,\s*([^)]+))?\)", value)
    if depth < 8 and (match or value.startswith("--")):
        target = match.group(1) if match else value
        if target in values:
            return _resolve(values, target, depth + 1)
        return match.group(2) if match and match.group(2) else value
    return _long_hex(value) if HEX.match(value) else value


def lighten(hex_colour: str, amount: float) -> str:
    """The colour mixed with white."""
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (red, green, blue))


def darken(hex_colour: str, amount: float) -> str:
    """The colour mixed with black (for hover and header shades)."""
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in (red, green, blue))


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.2 definition)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two hex colours, 1.0 to 21.0."""
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def check_contrast(theme: Theme, diagnostics: Diagnostics) -> None:
    """Refuse every pair below AA, in light and in dark mode, at the line of a colour the theme set."""
    light, dark = base_palette()
    for mode in ("light", "dark"):
        if mode == "dark" and dark == light and not theme.dark:
            continue  # no dark palette anywhere: dark mode looks exactly like light mode
        values = palette(theme, mode)
        set_here = {VARIABLES[c.name]: c.loc for c in own_colours(theme, mode)}
        for fore_name, fore, back_name, back, minimum in PAIRS:
            one, two = values.get(fore, ""), values.get(back, "")
            if not (HEX.match(one) and HEX.match(two)):
                continue
            ratio = contrast(one, two)
            if ratio >= minimum:
                continue
            loc = _pair_location(theme, set_here, fore, back)
            prefix = "in dark mode, " if mode == "dark" else ""
            shown = int(ratio * 10) / 10  # rounded down, so 4.49 is never shown as the 4.5 it misses
            diagnostics.error(loc, Code.THEME_CONTRAST,
                              f"{prefix}{fore_name} colour {one} on {back_name} {two} is {shown:.1f}:1, "
                              f"needs {minimum:g}:1")


def _pair_location(theme: Theme, set_here: dict[str, SourceLocation], fore: str, back: str) -> SourceLocation:
    for name in (fore, back, "--brand" if back in DERIVED else ""):
        if name in set_here:
            return set_here[name]
    return theme.loc
