"""The single configured MarkdownIt instance used for every course file."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from scr_course.parse.markdown.comments import comment_rules
from scr_course.parse.markdown.container_rule import container_rule

CONTAINER_NAMES = ("question", "reflection", "vignette", "warning", "note", "key-messages")


@lru_cache(maxsize=2)
def make_markdown(allow_html: bool) -> MarkdownIt:
    """CommonMark plus tables, front matter, our ``:::`` containers, and HTML comments removed."""
    md = MarkdownIt("commonmark", {"html": allow_html, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(front_matter_plugin)
    md.use(container_rule)
    md.use(comment_rules)
    return md
