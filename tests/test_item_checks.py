"""Issue 13: item-writing checks fire on a flawed course and stay quiet on the same course written well."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.diagnostics import Code
from scr_course.pipeline import check


def _found(src: Path) -> set[tuple[str, Code]]:
    report = check(src)
    return {(str(d.loc), d.code) for d in report.diagnostics}


def test_every_item_flaw_is_found_on_its_line(course: Callable[[str], Path]) -> None:
    src = course("item-flaws")
    checks, assessment = "item-flaws/modules/01-checks.md", "item-flaws/modules/02-assessment.md"
    assert _found(src) == {
        (f"{checks}:10", Code.ITEM_KEY_SHAPE),  # the only option without a delay ('wait', 'next')
        (f"{checks}:20", Code.ITEM_ALL_NONE_ABOVE),
        (f"{checks}:27", Code.ITEM_DUPLICATE_OPTION),
        (f"{checks}:31", Code.ITEM_NEGATIVE_STEM),
        (f"{assessment}:3", Code.ITEM_PASS_UNREACHABLE),  # the pass_mark line
        (f"{assessment}:6", Code.ITEM_KEY_LONGEST),  # the module's title: it is about the whole pool
        (f"{assessment}:10", Code.ITEM_REPEATS_CHECK),
        (f"{assessment}:21", Code.ITEM_KEY_LENGTH),  # the keyed option
        (f"{assessment}:21", Code.ITEM_KEY_SHAPE),  # two commas where the distractors have none
        (f"{assessment}:26", Code.ITEM_FEW_OPTIONS),
    }


def test_item_flaws_are_warnings_and_errors_under_strict(course: Callable[[str], Path]) -> None:
    src = course("item-flaws")
    loose = CliRunner().invoke(main, ["check", "--src", str(src)])
    assert loose.exit_code == 0, loose.output
    assert ("item-flaws/modules/02-assessment.md:10: warning: this prompt nearly repeats the knowledge check "
            "'kc-visits' at item-flaws/modules/01-checks.md:7 (74% alike)") in loose.output
    strict = CliRunner().invoke(main, ["check", "--src", str(src), "--strict"])
    assert strict.exit_code == 1
    assert strict.output.count(": error: ") == 10 and "warning" not in strict.output


def test_the_course_written_well_is_clean_under_strict(course: Callable[[str], Path]) -> None:
    src = course("item-clean")
    result = CliRunner().invoke(main, ["check", "--src", str(src), "--strict"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output and "error" not in result.output


def _assessment(questions: list[tuple[int, str]], front: str) -> str:
    body = "".join(
        f"::: question id=q{n} weight={weight}\nWhich agency in case {n} first saw the pattern?\n\n"
        f"- [ ] The housing officer, {tail}.\n- [x] The school nurse, {tail}.\n- [ ] The GP surgery, {tail}.\n:::\n\n"
        for n, (weight, tail) in enumerate(questions, start=1))
    return f"---\nassessment: true\n{front}---\n# Assessment\n\n## Questions\n\n{body}"


@pytest.mark.parametrize(("weights", "front", "fires"), [
    ([1] * 4, "draw: 4\npass_mark: 80\n", True),         # 3 of 4 is 75 %
    ([1] * 5, "draw: 5\npass_mark: 80\n", False),        # 4 of 5 is 80 %
    ([1] * 5, "pass_mark: 80\n", False),                 # no draw: all five are asked
    ([1] * 9, "pass_mark: 89\n", False),                 # 8 of 9 is 88.9 %, which the runtime rounds to 89
    ([1] * 9, "pass_mark: 90\n", True),
    ([1] * 4, "draw: 4\npass_mark: 100\n", False),       # full marks asked for on purpose
    ([1, 1, 10], "pass_mark: 95\n", True),                # missing a 1 of 12 leaves 92 %
    ([10, 10, 1], "pass_mark: 95\n", False),              # missing the 1 of 21 leaves 95 %
    ([1, 1, 1, 1, 1, 10], "draw: 3\npass_mark: 67\n", False),  # the worst draw, three 1s: 2 of 3 is 67 %
    ([1, 1, 1, 1, 1, 10], "draw: 3\npass_mark: 70\n", True),
    ([5, 1, 1, 1, 1, 1, 1, 1, 1, 1], "pass_mark: 80\n", False),  # missing a 1 of 14 leaves 93 %
])
def test_pass_mark_reachable_short_of_full_marks(write_course: Callable[..., Path], weights: list[int], front: str,
                                                 fires: bool) -> None:
    tails = ["after the weight checks", "at the second visit", "in the spring term", "on the home visit",
             "from the clinic notes", "after the school trip", "at the review meeting", "in the summer",
             "after the referral", "at the strategy meeting"]
    src = write_course({"modules/01-final.md": _assessment(list(zip(weights, tails, strict=False)), front)})
    codes = [d.code for d in check(src).diagnostics]
    assert (Code.ITEM_PASS_UNREACHABLE in codes) is fires, codes
    assert all(c.value.startswith("item.pass") for c in codes), codes


@pytest.mark.parametrize(("topics", "draw", "pass_mark", "fires"), [
    # Two topics of three questions each, one drawn from each: one wrong answer leaves 50 %.
    (["a"] * 3 + ["b"] * 3, "{a: 1, b: 1}", 50, False),
    (["a"] * 3 + ["b"] * 3, "{a: 1, b: 1}", 60, True),
    # Three from each of two topics: 5 of 6 is 83 %.
    (["a"] * 3 + ["b"] * 3, "{a: 3, b: 3}", 80, False),
    (["a"] * 3 + ["b"] * 3, "{a: 3, b: 3}", 85, True),
])
def test_pass_mark_reachable_with_a_stratified_draw(write_course: Callable[..., Path], topics: list[str],
                                                    draw: str, pass_mark: int, fires: bool) -> None:
    text = _assessment([(1, f"in case {n}") for n in range(len(topics))], f"draw: {draw}\npass_mark: {pass_mark}\n")
    for n, topic in enumerate(topics, start=1):
        text = text.replace(f"::: question id=q{n} weight=1\n", f"::: question id=q{n} weight=1 topic={topic}\n")
    codes = [d.code for d in check(write_course({"modules/01-final.md": text})).diagnostics]
    assert not [c for c in codes if c.value.startswith("quiz.")], codes
    assert (Code.ITEM_PASS_UNREACHABLE in codes) is fires, codes


def test_a_heavy_topic_makes_a_light_topic_mistake_cheap(write_course: Callable[..., Path]) -> None:
    # Topic a has weight-10 questions, topic b weight-1: the worst draw misses a 1 of 11 (91 %).
    weights = [(10, "x"), (10, "y"), (1, "z"), (1, "w")]
    text = _assessment(weights, "draw: {a: 1, b: 1}\npass_mark: 90\n")
    for n, topic in enumerate(["a", "a", "b", "b"], start=1):
        text = text.replace(f"::: question id=q{n} weight=", f"::: question id=q{n} topic={topic} weight=")
    codes = [d.code for d in check(write_course({"modules/01-final.md": text})).diagnostics]
    assert Code.ITEM_PASS_UNREACHABLE not in codes, codes


def test_pass_mark_from_course_yml_is_reported_at_the_draw_line(write_course: Callable[..., Path]) -> None:
    src = write_course({"modules/01-final.md": _assessment([(1, "a"), (1, "b"), (1, "c"), (1, "d")], "draw: 3\n")})
    found = _found(src)
    assert ("src/modules/01-final.md:3", Code.ITEM_PASS_UNREACHABLE) in found


MODULE = """\
---
{front}---
# M

## P

::: question id=q1{attrs}
{prompt}

{options}
:::
"""
THREE = "- [ ] Wait for the next visit to see.\n- [x] Talk to the other agencies now.\n- [ ] Close the case and move on.\n"


def _codes(write_course: Callable[..., Path], prompt: str, options: str = THREE, front: str = "",
           extra: dict[str, str] | None = None, attrs: str = "") -> list[Code]:
    files = {"modules/02-m.md": MODULE.format(front=front or "duration: 5\n", prompt=prompt, options=options,
                                              attrs=attrs)}
    src = write_course({**files, **(extra or {})})
    return [d.code for d in check(src).diagnostics]


@pytest.mark.parametrize(("prompt", "fires"), [
    ("Which of these is not a sign of neglect?", True),
    ("Which of these is the least likely to help?", True),
    ("All of these help except one. Which one?", False),  # 'except' is in the scenario, not the question
    ("Which of these would help, except in an emergency?", True),
    ("Which of these is NOT a sign of neglect?", False),
    ("Which of these is **not** a sign of neglect?", False),
    ("Which of these is *not* a sign of neglect?", False),
    ("She asks you not to tell anyone. What should you do?", False),
    ("Which of these is a sign of neglect?", False),
    ("Is nothing noted in the record?", False),  # 'nothing' is not 'not'
])
def test_negative_stem(write_course: Callable[..., Path], prompt: str, fires: bool) -> None:
    assert (Code.ITEM_NEGATIVE_STEM in _codes(write_course, prompt)) is fires


def test_a_negative_true_false_statement_is_flagged(write_course: Callable[..., Path]) -> None:
    options = "- [ ] True\n- [x] False\n"
    plain = _codes(write_course, "Professionals do not need to act when a family is poor.", options,
                   attrs=" type=true-false")
    assert Code.ITEM_NEGATIVE_STEM in plain
    bold = _codes(write_course, "Professionals do **not** need to act when a family is poor.", options,
                  attrs=" type=true-false")
    assert Code.ITEM_NEGATIVE_STEM not in bold


@pytest.mark.parametrize(("options", "fires"), [
    ("- [ ] Both of the above.\n- [x] Talk to the other agencies now.\n- [ ] Close the case.\n", True),
    ("- [ ] None of these.\n- [x] Talk to the other agencies now.\n- [ ] Close the case.\n", True),
    ("- [ ] Above all, wait.\n- [x] Talk to the other agencies now.\n- [ ] Close the case.\n", False),
])
def test_all_or_none_of_the_above(write_course: Callable[..., Path], options: str, fires: bool) -> None:
    assert (Code.ITEM_ALL_NONE_ABOVE in _codes(write_course, "What should you do?", options)) is fires


@pytest.mark.parametrize(("options", "fires"), [
    ("- [ ] Talk to the other agencies.\n- [x] Talk to the other agencies now.\n- [ ] Close the case.\n", True),
    ("- [ ] TALK to the other agencies, now!\n- [x] Talk to the other agencies now.\n- [ ] Close it.\n", True),
    ("- [ ] Talk to the family now.\n- [x] Talk to the other agencies now.\n- [ ] Close the case.\n", False),
])
def test_duplicate_options(write_course: Callable[..., Path], options: str, fires: bool) -> None:
    assert (Code.ITEM_DUPLICATE_OPTION in _codes(write_course, "What should you do?", options)) is fires


SCORED = "assessment: true\npass_mark: 50\n"


@pytest.mark.parametrize(("options", "fires"), [
    ("- [x] The safeguarding partners.\n- [ ] The school that referred.\n", True),
    ("- [x] True\n- [ ] False\n", False),  # a true/false item written as single choice
])
def test_few_options_in_a_scored_question(write_course: Callable[..., Path], options: str, fires: bool) -> None:
    codes = _codes(write_course, "Who decides whether a local review follows?", options, front=SCORED)
    assert (Code.ITEM_FEW_OPTIONS in codes) is fires


def test_few_options_is_quiet_in_a_knowledge_check(write_course: Callable[..., Path]) -> None:
    codes = _codes(write_course, "Who decides?", "- [x] The safeguarding partners.\n- [ ] The referring school.\n")
    assert Code.ITEM_FEW_OPTIONS not in codes


def test_a_long_keyed_option_is_flagged_in_scored_modules_only(write_course: Callable[..., Path]) -> None:
    options = ("- [ ] Wait.\n- [x] Record what you saw, with dates, and tell the safeguarding lead today.\n"
               "- [ ] Close it.\n")
    assert Code.ITEM_KEY_LENGTH in _codes(write_course, "What should you do?", options, front=SCORED)
    assert Code.ITEM_KEY_LENGTH not in _codes(write_course, "What should you do?", options)


CHECK = """\
# Checks

## P

::: question id=kc1
A health visitor notes missed immunisations and dental decay over six months. What is the best response?

- [x] Build a chronology and talk to the other agencies involved.
- [ ] Wait to see whether things get worse before doing anything.
- [ ] Tell the parents that the next missed appointment ends support.
:::
"""


@pytest.mark.parametrize(("prompt", "fires"), [
    ("A health visitor notices missed immunisations and tooth decay over six months. What should she do?", True),
    ("A health visitor notes missed immunisations and dental decay over six months. What is the best response?",
     True),
    # The same topic words in a different case are not a repeat.
    ("A health visitor is worried that a baby's weight has dropped over two months and the mother seems low. "
     "What should she do first?", False),
    ("What should she do?", False),  # too short to compare
])
def test_scored_prompt_repeating_a_knowledge_check(write_course: Callable[..., Path], prompt: str,
                                                   fires: bool) -> None:
    codes = _codes(write_course, prompt, front=SCORED, extra={"modules/01-checks.md": CHECK})
    assert (Code.ITEM_REPEATS_CHECK in codes) is fires


def test_module_level_longest_option_share(write_course: Callable[..., Path]) -> None:
    def question(n: int, keyed_longest: bool) -> str:
        key, other = ("Tell the safeguarding lead today", "Tell nobody") if keyed_longest else \
            ("Tell the lead", "Wait for a while and see")
        return (f"::: question id=q{n}\nCase {n}: what should you do?\n\n- [x] {key}.\n- [ ] {other}.\n"
                f"- [ ] Wait and see what happens.\n:::\n\n")

    def module(longest: int, total: int) -> str:
        body = "".join(question(n, n <= longest) for n in range(1, total + 1))
        return f"---\n{SCORED}---\n# Final\n\n## Q\n\n{body}"

    one_third = [d for d in check(write_course({"modules/01-f.md": module(2, 6)})).diagnostics
                 if d.code is Code.ITEM_KEY_LONGEST]
    assert one_third == []  # exactly a third is allowed
    over = [d for d in check(write_course({"modules/01-f.md": module(3, 6)})).diagnostics
            if d.code is Code.ITEM_KEY_LONGEST]
    assert [str(d.loc) for d in over] == ["src/modules/01-f.md:5"]
    assert "longest in 3 of 6 single-answer questions" in over[0].message


def _one_question(options: list[str]) -> str:
    lines = "".join(f"- [{'x' if i == 0 else ' '}] {text}\n" for i, text in enumerate(options))
    return f"# Checks\n\n## Page\n\n::: question id=q-shape\nWhat should the nurse do?\n\n{lines}:::\n"


@pytest.mark.parametrize(("options", "fires"), [
    # Issue 22's cue: "Verdict: actions" keyed against distractors that give reasons or delays.
    (["Act today: see the child, record it and tell the lead.", "Leave it, because the family is coping.",
      "Wait until the next visit before doing anything."], True),
    # The same key among distractors of the same shape: quiet.
    (["Act today: see the child, record it and tell the lead.", "Leave it today: the family says it is coping.",
      "Wait until the next visit, because nothing is certain."], False),
    # Only the key gives a reason.
    (["Tell the lead, because the pattern matters.", "Tell the family and record it.", "Record it and monitor."], True),
    # Only the key lacks a delay word (the distractors all put action off).
    (["Tell the lead and record it.", "Record it and wait.", "Tell the lead at the next meeting."], True),
    # Reasons and delays on both sides: quiet.
    (["Tell the lead now, because the pattern matters.", "Record it and wait, as nothing is certain.",
      "Tell the family today."], False),
    # Clearly more commas (two more than any distractor).
    (["See the child, record it, tell the lead and plan.", "Record it and monitor.", "Tell the family."], True),
    # "such as" and "as well as" are not reasons.
    (["Tell the lead, and share records such as dates.", "Tell the family as well as the GP.", "Record it."], False),
])
def test_key_shape_fires_only_when_the_key_stands_apart(write_course: Callable[..., Path], options: list[str],
                                                        fires: bool) -> None:
    src = write_course({"modules/01-checks.md": _one_question(options)})
    found = {(Path(d.loc.path).name, d.loc.line, d.code) for d in check(src).diagnostics}
    assert (("01-checks.md", 8, Code.ITEM_KEY_SHAPE) in found) is fires, found
