"""``scr-course new module``: the next numbered module file, written so that it builds as it is."""

from __future__ import annotations

import os
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

- [x] This one. Options marked [x] are correct.
  > Feedback shown when the learner picks this option.
- [ ] Not this one: replace this option.
  > Feedback explaining why this option is not right.

After the options, explain the answer; the learner sees this once they have answered.
:::

::: reflection id={slug}-r1
Replace this reflection prompt: what will you do differently in your own practice?
:::
"""

ASSESSMENT_TEMPLATE = """\
---
duration: 15
assessment: true
# With two questions one wrong answer is 50%; raise the pass mark once there are more.
pass_mark: 50
objectives:
  - Replace this with what the learner shows by passing this assessment.
---
# {title}

Introduce the module here: how many questions, the pass mark, and that the score goes to the LMS.

## Questions

::: question id={slug}-q1
Replace this question. In the assessment, what must the learner show first?

- [ ] Replace this option: a wrong answer that a common mistake leads to.
- [x] Replace this option: the right answer, said plainly.
- [ ] Replace this option: another plausible wrong answer.
:::

::: question id={slug}-q2
Replace this question. Which case should the learner spot from the pages before?

- [x] Replace this option: the case the pages taught.
- [ ] Replace this option: a case that only looks alike.
- [ ] Replace this option: a case from another topic.
:::
"""
ASSESSMENT_FLAG = re.compile(r"^assessment:\s*(true|yes|on)\s*$", re.MULTILINE | re.IGNORECASE)


def _is_assessment(path: Path) -> bool:
    """True when the module's front matter says ``assessment: true``."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---"):
        return False
    front, _, _ = text[3:].partition("\n---")
    return ASSESSMENT_FLAG.search(front) is not None


def _number_of(name: str) -> tuple[int, int] | None:
    match = NUMBERED.match(name)
    return (int(match.group(1)), len(match.group(1))) if match else None


def next_module_name(existing: list[str], title: str) -> str:
    """File name for a new module after ``existing`` names: one more than the highest number, same width."""
    numbers = [(int(m.group(1)), len(m.group(1))) for m in map(NUMBERED.match, existing) if m]
    number = max((n for n, _ in numbers), default=0) + 1
    width = max([2, len(str(number)), *(w for _, w in numbers)])
    slug = slugify(title) if re.search(r"[A-Za-z0-9]", title) else f"module-{number}"
    return f"{number:0{width}d}-{slug}.md"


def module_text(title: str, slug: str, assessment: bool = False) -> str:
    """The Markdown of a new module: front matter, an opening page, one page with a question and a reflection
    (or, for an assessment, a scored page of questions)."""
    return (ASSESSMENT_TEMPLATE if assessment else MODULE_TEMPLATE).format(title=title, slug=slug)


def _move_without_overwriting(source: Path, target: Path) -> None:
    """Rename, refusing to replace a file (os.link fails when the target exists)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise CourseError(f"{target}: error: file already exists; nothing was renamed") from None
    source.unlink()


def _make_room_before(folder: Path, assessment: str) -> tuple[str, list[str]]:
    """Renumber the assessment file one up, so a new module can take its number; links to it in
    the course's Markdown follow. Returns the freed file-name prefix and what was changed."""
    number, width = _number_of(assessment) or (0, 2)
    renamed = f"{number + 1:0{max(width, len(str(number + 1)))}d}{assessment[len(str(number).zfill(width)):]}"
    _move_without_overwriting(folder / assessment, folder / renamed)
    changed = [f"renamed {folder / assessment} to {folder / renamed}"]
    link = re.compile(r"(\]\(<?(?:\.\./modules/)?)" + re.escape(assessment))
    for markdown in sorted(folder.parent.rglob("*.md")):
        text = markdown.read_text(encoding="utf-8", errors="surrogateescape")
        updated = link.sub(lambda m: m.group(1) + renamed, text)
        if updated != text:
            markdown.write_text(updated, encoding="utf-8", errors="surrogateescape")
            changed.append(f"updated links to it in {markdown}")
    return f"{number:0{width}d}", changed


def scaffold_module(src: Path, title: str, assessment: bool = False) -> tuple[Path, list[str]]:
    """Write ``modules/NN-slug.md`` under ``src``; never overwrites, refuses a module id already in use.

    A new module goes before the final assessment (which is renumbered one up); ``assessment``
    writes the scored assessment itself, last, and refuses a second one. Returns the new file
    and the other changes made."""
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
    final = [other for other in existing if _number_of(other) and _is_assessment(folder / other)]
    if assessment and final:
        raise CourseError(f"{folder / final[-1]}: error: the course already has its scored assessment; "
                          "a course has one, last")
    changed: list[str] = []
    numbered = [other for other in existing if _number_of(other)]
    if final and not assessment and numbered and final[-1] == numbered[-1]:
        prefix, changed = _make_room_before(folder, final[-1])
        name = prefix + name[name.index("-"):]
    folder.mkdir(exist_ok=True)
    path = folder / name
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(module_text(title, module_id, assessment))
    except FileExistsError:
        raise CourseError(f"{path}: error: file already exists; nothing was written") from None
    return path, changed
