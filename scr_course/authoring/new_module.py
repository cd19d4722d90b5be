"""``scr-course new module``: the next numbered module file, written so that it builds as it is."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from scr_course.diagnostics import CourseError
from scr_course.parse.markdown.outline import module_id_from_name, slugify
from scr_course.source.discovery import START_HINT

NUMBERED = re.compile(r"^(\d+)[-_ ]")

MODULE_TEMPLATE = """\
---
duration: 15
objectives:
  - Replace this with what the learner will be able to do after this module.
---
# {title}

Introduce the module here: who it is for and why it matters. This text is the module's
opening page, shown with its objectives.

## First page

Write the page here. Each `##` heading starts a new page.

::: question id={slug}-q1
Replace this question. Which option is correct?

- [x] This one: options marked [x] are correct.
  > Feedback shown when the learner picks this option.
- [ ] Not this one.
  > Feedback explaining why this option is not right.

After the options, explain the answer; the learner sees this once they have answered.
:::

::: reflection id={slug}-r1
Replace this reflection prompt: what will you do differently in your own practice?
:::
"""




def next_module_name(existing: list[str], title: str) -> str:
    """File name for a new module after ``existing`` names: one more than the highest number, same width."""
    numbers = [(int(m.group(1)), len(m.group(1))) for m in map(NUMBERED.match, existing) if m]
    number = max((n for n, _ in numbers), default=0) + 1
    width = max([2, len(str(number)), *(w for _, w in numbers)])
    slug = slugify(title) if re.search(r"[A-Za-z0-9]", title) else f"module-{number}"
    return f"{number:0{width}d}-{slug}.md"


def module_text(title: str, slug: str) -> str:
    """The Markdown of a new module: front matter, an opening page, one page with a question and a reflection."""
    return MODULE_TEMPLATE.format(title=title, slug=slug)


def scaffold_module(src: Path, title: str) -> Path:
    """Write ``modules/NN-slug.md`` under ``src``; never overwrites, refuses a module id already in use."""
    title = title.strip()
    if not title or "\n" in title or "\r" in title:
        raise CourseError("error: give the module a one-line title, e.g. scr-course new module \"Working together\"")
    if not (src / "course.yml").is_file():
        raise CourseError(f"{src}: error: not a course folder (no course.yml); {START_HINT}")
    folder = src / "modules"
    existing = sorted(p.name for p in folder.glob("*.md")) if folder.is_dir() else []
    name = next_module_name(existing, title)
    module_id = module_id_from_name(PurePosixPath(name))
    for other in existing:
        if module_id_from_name(PurePosixPath(other)) == module_id:
            raise CourseError(f"{folder / other}: error: a module with the id '{module_id}' already exists; "
                              "choose another title")
    folder.mkdir(exist_ok=True)
    path = folder / name
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(module_text(title, module_id))
    except FileExistsError:
        raise CourseError(f"{path}: error: file already exists; nothing was written") from None
    return path
