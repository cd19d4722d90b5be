"""``scr-course new page``: a course-level page in pages/, listed in course.yml so it is shown.

course.yml keeps its comments: the page path is added to the ``pages: before:`` or ``after:``
list as it is written (``[a, b]`` on one line, or ``- item`` lines), or a ``pages:`` key is added.
"""

from __future__ import annotations

import re
from pathlib import Path

from scr_course.diagnostics import CourseError
from scr_course.parse.markdown.outline import slugify
from scr_course.source.discovery import START_HINT

PAGE_TEMPLATE = """\
# {title}

Write the page here.
"""


def _listed(text: str, where: str, entry: str) -> str:
    """course.yml text with ``entry`` added to ``pages: <where>:``."""
    lines = text.split("\n")
    pages = next((i for i, line in enumerate(lines) if re.match(r"^pages:\s*(#.*)?$", line)), None)
    if pages is None:
        return text.rstrip("\n") + f"\npages:\n  {where}: [{entry}]\n"
    end = next((i for i in range(pages + 1, len(lines)) if lines[i].strip() and not lines[i][0].isspace()
                and not lines[i].startswith("#")), len(lines))
    key = next((i for i in range(pages + 1, end) if re.match(rf"^\s+{where}:", lines[i])), None)
    if key is None:
        lines.insert(pages + 1, f"  {where}: [{entry}]")
        return "\n".join(lines)
    flow = re.match(r"^(\s+\w+:\s*\[)(.*?)(\]\s*(#.*)?)$", lines[key])
    if flow:
        items = flow.group(2).strip()
        lines[key] = f"{flow.group(1)}{items + ', ' if items else ''}{entry}{flow.group(3)}"
        return "\n".join(lines)
    items = [i for i in range(key + 1, end) if re.match(r"^\s+- ", lines[i])]
    if not items and lines[key].split(":", 1)[1].strip() not in ("", "[]"):
        raise CourseError(f"course.yml: error: cannot read 'pages: {where}:'; add '{entry}' to it by hand")
    indent = re.match(r"^(\s+)", lines[items[-1]]).group(1) if items else "    "  # type: ignore[union-attr]
    lines[key] = lines[key].split(":", 1)[0] + ":"
    lines.insert((items[-1] if items else key) + 1, f"{indent}- {entry}")
    return "\n".join(lines)


def scaffold_page(src: Path, title: str, before: bool = False) -> Path:
    """Write ``pages/<slug>.md`` and list it in course.yml (after the modules, or before them)."""
    title = title.strip()
    if not title or "\n" in title or "\r" in title:
        raise CourseError("error: give the page a one-line title, e.g. scr-course new page \"Glossary\"")
    config = src / "course.yml"
    if not config.is_file():
        raise CourseError(f"{src}: error: not a course folder (no course.yml); {START_HINT}")
    entry = f"pages/{slugify(title)}.md"
    path = src / entry
    text = config.read_text(encoding="utf-8")
    updated = _listed(text, "before" if before else "after", entry)
    path.parent.mkdir(exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(PAGE_TEMPLATE.format(title=title))
    except FileExistsError:
        raise CourseError(f"{path}: error: file already exists; nothing was written") from None
    config.write_text(updated, encoding="utf-8")
    return path
