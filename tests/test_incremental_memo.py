"""Preview rebuilds remember per-file and per-module results (issue 24): they must never go stale.

Every rebuild after an edit is compared, whole diagnostics list against whole list, with a fresh
``check`` of the same source (new Module objects, so nothing remembered by module applies), and
once with a ``check`` in a new process, where nothing at all is remembered.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from scr_course.diagnostics import Diagnostic
from scr_course.model import BuildTarget
from scr_course.pipeline import check
from scr_course.preview.incremental import IncrementalBuilder

REPO = Path(__file__).parent.parent
FLAWS = REPO / "tests" / "fixtures" / "courses" / "item-flaws" / "modules"
CONTENT = """\
# Working together

## Sharing information

Practitioners share what they know when a child may be at risk.

::: question id=content-share
When may a practitioner share information without consent?

- [x] When a child is at risk of significant harm.
- [ ] Whenever a colleague in another team asks for it.
- [ ] Only after the family has been told in writing.
:::
"""


def _course(write_course: Callable[..., Path]) -> Path:
    return write_course({"modules/01-checks.md": (FLAWS / "01-checks.md").read_text(encoding="utf-8"),
                         "modules/02-content.md": CONTENT,
                         "modules/03-assessment.md": (FLAWS / "02-assessment.md").read_text(encoding="utf-8")})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_fresh(builder: IncrementalBuilder, root: Path) -> tuple[Diagnostic, ...]:
    """The rebuild's diagnostics, after checking they are exactly a fresh check's."""
    rebuilt = builder.rebuild(BuildTarget.SCORM12).diagnostics
    assert rebuilt == check(root).diagnostics
    return rebuilt


def _found(diagnostics: tuple[Diagnostic, ...], code: str, file: str) -> list[int]:
    return [d.loc.line for d in diagnostics if d.code.value == code and d.loc.path.name == file]


def test_problems_added_in_a_question_and_in_page_text_come_and_go(write_course: Callable[..., Path]) -> None:
    root = _course(write_course)
    builder = IncrementalBuilder(root)
    before = _same_as_fresh(builder, root)
    assert _found(before, "item.all-none-above", "01-checks.md") == [20]
    assert not _found(before, "item.all-none-above", "02-content.md")

    content = root / "modules" / "02-content.md"
    _edit(content, "- [ ] Only after the family has been told in writing.", "- [ ] None of the above.")
    _edit(content, "Practitioners share what they know", "Write the page here. Practitioners share <b>what</b> they know")
    edited = _same_as_fresh(builder, root)
    assert _found(edited, "item.all-none-above", "02-content.md") == [12]
    assert _found(edited, "source.placeholder", "02-content.md") == [5]
    assert _found(edited, "html.raw", "02-content.md") == [5]
    # The other modules' findings are all still there, none twice.
    assert [d for d in edited if d.loc.path.name != "02-content.md"] == \
        [d for d in before if d.loc.path.name != "02-content.md"]

    content.write_text(CONTENT, encoding="utf-8")  # the edit undone
    assert _same_as_fresh(builder, root) == before


def test_an_edit_in_one_module_leaves_no_stale_findings_and_drops_none_of_another(
        write_course: Callable[..., Path]) -> None:
    root = _course(write_course)
    builder = IncrementalBuilder(root)
    before = _same_as_fresh(builder, root)
    checks = root / "modules" / "01-checks.md"
    # Fix two flaws of module A and add another; the assessment's findings must stay as they were.
    _edit(checks, "- [x] All of the above.", "- [x] The health visitor, through developmental checks.")
    _edit(checks, "Which of these is not a sign", "Which of these is NOT a sign")
    _edit(checks, "- [ ] It replaces the need to talk to the family.", "- [ ] All of these.")
    after = _same_as_fresh(builder, root)
    assert _found(after, "item.all-none-above", "01-checks.md") == [28]
    assert not _found(after, "item.negative-stem", "01-checks.md")
    assert [d for d in after if d.loc.path.name == "03-assessment.md"] == \
        [d for d in before if d.loc.path.name == "03-assessment.md"]

    # And the other way round: an edit in the assessment leaves module A's findings alone.
    _edit(root / "modules" / "03-assessment.md", "- [x] Record what was seen with dates, tell the designated "
          "safeguarding lead the same day, and follow the school's procedures for sharing the concern.",
          "- [x] Tell the safeguarding lead.")
    again = _same_as_fresh(builder, root)
    assert not _found(again, "item.key-length", "03-assessment.md")
    assert [d for d in again if d.loc.path.name == "01-checks.md"] == \
        [d for d in after if d.loc.path.name == "01-checks.md"]


def test_a_repeated_knowledge_check_appears_and_disappears_with_the_other_module(
        write_course: Callable[..., Path]) -> None:
    root = _course(write_course)
    builder = IncrementalBuilder(root)
    before = _same_as_fresh(builder, root)
    assert _found(before, "item.repeats-check", "03-assessment.md") == [10]

    checks = root / "modules" / "01-checks.md"
    original = checks.read_text(encoding="utf-8")
    # The knowledge check changes: the assessment question (unchanged file) no longer repeats it.
    _edit(checks, "A health visitor notes missed immunisations and dental decay over six months.",
          "A school nurse sees a pupil whose uniform is unwashed for weeks.")
    assert not _found(_same_as_fresh(builder, root), "item.repeats-check", "03-assessment.md")
    checks.write_text(original, encoding="utf-8")
    assert _same_as_fresh(builder, root) == before

    # A new knowledge check in a third module that the assessment repeats; then the assessment
    # changes its prompt away from both.
    _edit(root / "modules" / "02-content.md", "When may a practitioner share information without consent?",
          "Who decides whether a rapid review leads to a local review in the partnership?")
    with_new = _same_as_fresh(builder, root)
    assert _found(with_new, "item.repeats-check", "03-assessment.md") == [10, 26]
    assessment = root / "modules" / "03-assessment.md"
    _edit(assessment, "A health visitor notices missed immunisations and tooth decay over six months. What should she do?",
          "A neighbour hears a baby crying for hours every night. Who should she call?")
    assert _found(_same_as_fresh(builder, root), "item.repeats-check", "03-assessment.md") == [26]


def test_duplicate_ids_across_modules_appear_and_disappear(write_course: Callable[..., Path]) -> None:
    root = _course(write_course)
    builder = IncrementalBuilder(root)
    before = _same_as_fresh(builder, root)
    content = root / "modules" / "02-content.md"
    _edit(content, "::: question id=content-share", "::: question id=kc-visits")
    duplicated = builder.rebuild(BuildTarget.SCORM12)
    assert duplicated.diagnostics == check(root).diagnostics
    assert not duplicated.ok
    assert [d.message for d in duplicated.diagnostics if d.code.value == "quiz.duplicate-id"] == \
        [f"duplicate question id 'kc-visits' (first used at {root.name}/modules/01-checks.md:7)"]
    content.write_text(CONTENT, encoding="utf-8")
    assert _same_as_fresh(builder, root) == before


def test_rebuilds_report_what_a_check_in_a_new_process_reports(write_course: Callable[..., Path],
                                                               tmp_path: Path) -> None:
    """Nothing remembered at all in the new process: the reference that no memo can share."""
    root = _course(write_course)
    builder = IncrementalBuilder(root)
    builder.rebuild(BuildTarget.SCORM12)
    _edit(root / "modules" / "01-checks.md", "- [x] All of the above.", "- [x] The dentist, through decay.")
    _edit(root / "modules" / "02-content.md", "- [ ] Only after the family has been told in writing.",
          "- [ ] None of the above.")
    rebuilt = [d.format() for d in builder.rebuild(BuildTarget.SCORM12).diagnostics]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-m", "scr_course", "check", "--src", str(root.relative_to(tmp_path))],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == rebuilt  # diagnostics go to stderr, the summary to stdout
    assert any("[item.all-none-above]" in line and "02-content.md" in line for line in rebuilt)
