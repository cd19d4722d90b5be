"""Raw HTML under ``html: allow``: checked on parsed, entity-decoded markup, then sanitised by nh3.

Two layers (issue 19, M4 and L3): the check parses what the author wrote with the standard
library's HTML parser, which decodes entities in attribute values, and reports what would be
dangerous at its line; the output of every fragment that holds raw HTML is then cleaned by nh3
(the Ammonia sanitiser, an allowlist on a real HTML5 parse), so nothing outside the allowlist
reaches a package even where the check has a gap. A regular expression on the source text is
neither: ``jav&#x61;script:`` or a tab inside the scheme passed the old one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr",
})
"""Text-level and structural elements. No forms, frames, media, styles or scripts; no ``id`` anywhere
(a raw id could clobber the runtime's own elements)."""
GENERIC_ATTRIBUTES = frozenset({"lang", "dir", "title"})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "target", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"}, "colgroup": {"span"},
    "time": {"datetime"}, "q": {"cite"}, "blockquote": {"cite"}, "del": {"cite"}, "ins": {"cite"},
    "details": {"open"},
    "code": {"class"},
}
"""``style`` only for Markdown's own table alignment (nh3 keeps ``text-align`` and nothing else);
``class`` only as Markdown's ``language-…`` on code. ``target`` only as ``_blank``."""
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
DANGEROUS_TAGS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
                            "link", "style", "form", "input", "button", "textarea", "select", "svg", "math",
                            "template", "noscript", "portal", "dialog"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EXTERNAL_LINK = re.compile(r'<a (?![^>]*\btarget=)([^>]*\bhref="(?:https?:|mailto:|tel:)[^"]*"[^>]*)>', re.IGNORECASE)
"""An external link in nh3's output (attributes always double-quoted, so this reading is exact)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlProblem:
    """Something in raw HTML that will not ship; ``line`` counts from the fragment's first line."""

    line: int
    message: str
    dangerous: bool
    """True: could run code, leave the page or hide it (an error); False: only dropped (a warning)."""


def _shown(value: str) -> str:
    """An attribute value as decoded, with invisible characters made visible ('java\\tscript:')."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


def html_problems(fragment: str) -> list[HtmlProblem]:
    """What the allowlist removes from a raw HTML fragment, read as a browser would read it."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker.problems


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[HtmlProblem] = []

    def _add(self, message: str, dangerous: bool) -> None:
        self.problems.append(HtmlProblem(line=self.getpos()[0], message=message, dangerous=dangerous))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self._add(f"<{tag}> may not be used: it can run code, load other files or cover the page", True)
            return
        if tag not in ALLOWED_TAGS:
            self._add(f"<{tag}> is not one of the elements raw HTML may use, so it is removed", False)
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES
        for name, raw in attrs:
            value = raw or ""
            if name.startswith("on"):
                self._add(f"<{tag} {name}=…> is an event handler, which may not be used", True)
            elif name in ("href", "src", "cite", "action", "formaction", "xlink:href", "srcset", "poster", "data"):
                self._check_url(tag, name, value)
            elif name == "style" and name not in allowed:
                self._add(f"<{tag} style=…> may not be used: styles could hide or cover the page", True)
            elif name == "target" and tag == "a" and value.strip().lower() != "_blank":
                self._add(f"<a target=\"{_shown(value)}\"> may not be used: links open in a new tab "
                          "(target=\"_blank\") or in the page itself", True)
            elif name not in allowed:
                self._add(f"attribute '{name}' on <{tag}> is not allowed, so it is removed", False)

    handle_startendtag = handle_starttag

    def _check_url(self, tag: str, name: str, value: str) -> None:
        # Browsers ignore tabs, newlines and leading controls inside a URL: 'java\tscript:' is javascript:.
        plain = _INVISIBLE.sub("", value)
        scheme = _SCHEME.match(plain)
        if scheme and scheme.group(1).lower() not in URL_SCHEMES:
            self._add(f"<{tag} {name}=\"{_shown(value)}\"> uses the '{scheme.group(1)}:' scheme, which may not be used",
                      True)
        elif name not in ALLOWED_ATTRIBUTES.get(tag, set()):
            self._add(f"attribute '{name}' on <{tag}> is not allowed, so it is removed", name != "cite")
        elif name == "src":
            # Images are Markdown's job: checked (alt text, SVG safety), packaged, never remote.
            self._add(f"<{tag} src=\"{_shown(value)}\">: write images as Markdown, ![alt](path), so they are checked "
                      "and packaged", True)
        elif not scheme and not plain.startswith("#"):
            # A file named only in raw HTML would skip the checks Markdown links get (H1) and not be packaged.
            self._add(f"<{tag} {name}=\"{_shown(value)}\"> names a file; write the link as Markdown, [text](path), "
                      "so the file is checked and packaged", True)


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "target":
        return value if value.strip().lower() == "_blank" else None
    if name == "class":
        return value if all(c.startswith("language-") for c in value.split()) else None
    return value


def sanitise(html: str) -> str:
    """The fragment with everything outside the allowlist removed; links get rel="noopener noreferrer",
    and external ones open in a new tab, as Markdown's do, so the SCO and its LMS session stay put (L4)."""
    return _EXTERNAL_LINK.sub(r'<a target="_blank" \1>', nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "template", "noscript"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()} | {"*": set(GENERIC_ATTRIBUTES)},
        attribute_filter=_keep_attribute,
        strip_comments=True,
        link_rel="noopener noreferrer",
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
    ))
