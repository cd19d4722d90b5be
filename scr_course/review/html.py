"""The review as one self-contained HTML file: readable on screen, printable one module per section."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from collections.abc import Callable

from markupsafe import Markup

from scr_course import __version__
from scr_course.model import Asset, Course, Image
from scr_course.resources import read_bytes, review_environment
from scr_course.review.facts import ReviewSheet

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def markup_of(block: object) -> list[Markup]:
    """The HTML fields of a block type this export does not know yet, so its content still shows."""
    if not dataclasses.is_dataclass(block):
        return []
    return [v for v in (getattr(block, f.name) for f in dataclasses.fields(block)) if isinstance(v, Markup)]


def image_tag(image: Image) -> Markup:
    """An ``<img>`` for a figure's image, with its size so the page does not shift."""
    return Markup('<img src="{}" alt="{}" width="{}" height="{}">').format(image.href, image.alt, image.width,
                                                                          image.height)


def image_inliner(assets: tuple[Asset, ...]) -> Callable[[str], Markup]:
    """Rewrite ``<img src>`` of course assets to data: URLs, so the file can be mailed on its own.

    Reading the asset files here is the one piece of I/O in this stage; the reviewer must see the
    figures the learner sees, and a file that links to ``build/…/assets`` breaks once sent.
    """
    by_href = {a.href.as_posix(): a for a in assets}
    cache: dict[str, str] = {}

    def data_url(href: str) -> str:
        if href not in cache:
            asset = by_href[href]
            encoded = base64.b64encode(asset.src.read_bytes()).decode("ascii")
            cache[href] = f"data:{asset.media_type};base64,{encoded}"
        return cache[href]

    def inline(html: str) -> Markup:
        return Markup(_IMG_SRC.sub(
            lambda m: m.group(1) + (data_url(m.group(2)) if m.group(2) in by_href else m.group(2)) + m.group(3),
            html))

    return inline


def review_policy(css: str) -> str:
    """The review's Content-Security-Policy: its own stylesheet (by hash) and inlined images, nothing else.

    Stricter than the SCO's (issue 19, M4): the file is opened from a reviewer's disk or mail, where
    'self' would mean the whole folder, so nothing is allowed by place; no script at all, no remote
    image or stylesheet, no form, no base. A fixed overlay cannot be written either: raw HTML loses
    every style, class and id in the sanitiser (parse/markdown/raw_html.py).
    """
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; "
            "form-action 'none'")


def render_review_html(course: Course, sheet: ReviewSheet) -> bytes:
    """The review document as UTF-8 HTML."""
    template = review_environment().get_template("review.html.j2")
    css = read_bytes("review/review.css").decode("utf-8")
    text = template.render(course=course, sheet=sheet, version=__version__, markup_of=markup_of, image_tag=image_tag,
                           images=image_inliner(course.assets), css=Markup(css), csp=review_policy(css))
    return text.encode("utf-8")
