"""item.repeats-check compares only candidates from an index (issue 24); the verdicts must equal all pairs'."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from scr_course.checks.similar import PromptIndex

WORDS = st.lists(st.sampled_from(["child", "neglect", "home", "school", "visit", "police", "food", "nurse",
                                  "mother", "record", "share", "worry", "plan", "bruise", "late"]),
                 min_size=3, max_size=14)


def close_pairs(prompts: list[list[str]], checks: list[list[str]], threshold: float) -> set[tuple[int, int]]:
    """Every (prompt, check) pair at or over the threshold, by brute force."""
    return {(p, c) for p, a in enumerate(prompts) for c, b in enumerate(checks)
            if difflib.SequenceMatcher(None, b, a, autojunk=False).ratio() >= threshold}


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=8), st.lists(WORDS, min_size=1, max_size=12),
       st.sampled_from([0.5, 0.7, 0.9]))
def test_the_index_never_drops_a_pair_brute_force_finds(prompts: list[list[str]], checks: list[list[str]],
                                                        threshold: float) -> None:
    index = PromptIndex(checks)
    found = {(p, c) for p, words in enumerate(prompts) for c in index.candidates(words, threshold)}
    assert close_pairs(prompts, checks, threshold) <= found


def test_the_index_leaves_out_prompts_that_share_no_rare_word() -> None:
    checks = [["child", "neglect", "home", "visit"], ["police", "bruise", "school", "record"]]
    index = PromptIndex(checks)
    assert index.candidates(["child", "neglect", "home", "nurse"], 0.7) == [0]
