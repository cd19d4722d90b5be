"""Content-free answering rules and their exact chances (issue 22), for tests/test_sample_course.py.

A rule scores every option without knowing the subject ("pick the longest", "pick the one that
says today") and the learner picks the top-scored option, or for a "Choose two" item the top
two. Ties are broken at random, so each rule gives every item an exact chance of being answered
right, as a Fraction. A multiple-response item is right only when the rule picks exactly its
keyed set (what the runtime scores). The pass chance of an attempt is computed exactly over the
stratified draw: per topic, every equally likely set of k items, each answered right or wrong
independently with its own chance; the topics convolved; then P(score >= pass mark).
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from scr_course.checks.items import STOP_WORDS
from scr_course.checks.shape import DELAY, REASON, URGENCY
from scr_course.model import Module, Question, QuestionKind

HEDGE = re.compile(r"\b(may|might|could|can|possible|possibly|perhaps|likely|often|usually|consider)\b", re.I)
"""Test-wise lore: the qualified option is right ..."""
ABSOLUTE = re.compile(r"\b(always|never|all|every|none|only|must)\b", re.I)
"""... and the absolute one is wrong."""


@dataclass(frozen=True)
class Item:
    """A choice question as a guesser sees it: the prompt, the options' text, which are keyed."""

    id: str
    prompt: str
    options: tuple[str, ...]
    keyed: frozenset[int]
    topic: str | None = None


Rule = Callable[[str, Sequence[str]], list[float]]
"""(prompt, options) -> a score per option; the highest scores are picked."""


def plain(markup: object) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(markup))).split())


def item_of(question: Question) -> Item:
    return Item(question.id, plain(question.prompt), tuple(c.plain for c in question.choices),
                frozenset(i for i, c in enumerate(question.choices) if c.correct), question.topic)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9'’]+", text.lower()) if w not in STOP_WORDS and len(w) > 2}


def _nth_longest(n: int) -> Rule:
    def rule(_prompt: str, options: Sequence[str]) -> list[float]:
        target = sorted((len(o) for o in options), reverse=True)[min(n, len(options) - 1)]
        return [-abs(len(o) - target) for o in options]
    return rule


def _has(pattern: re.Pattern[str]) -> Rule:
    return lambda _prompt, options: [float(pattern.search(o) is not None) for o in options]


def _no_reason_or_delay(option: str) -> bool:
    return not REASON.search(option) and not DELAY.search(option)


def _punctuation(option: str) -> int:
    return len(re.findall(r"[,:;]", option))


def _convergence(_prompt: str, options: Sequence[str]) -> list[float]:
    words = [content_words(o) for o in options]
    return [float(sum(len(w & other) for j, other in enumerate(words) if j != i)) for i, w in enumerate(words)]


RULES: dict[str, Rule] = {
    "longest": _nth_longest(0),
    "second longest": _nth_longest(1),
    "shortest": lambda _p, options: [-float(len(o)) for o in options],
    "most content words": lambda _p, options: [float(len(content_words(o))) for o in options],
    "most commas, colons and semicolons": lambda _p, options: [float(_punctuation(o)) for o in options],
    "has a colon": _has(re.compile(":")),
    "has today, now or same day": _has(URGENCY),
    "rejects reason and delay words": lambda _p, options: [float(_no_reason_or_delay(o)) for o in options],
    # The 72 % rule: drop reasons and delays, then take the busiest of what is left.
    "rejects reason and delay words, then most punctuation": lambda _p, options: [
        _no_reason_or_delay(o) * 100.0 + _punctuation(o) for o in options],
    "hedged (may, can, often) over absolute (always, only)": lambda _p, options: [
        float(len(HEDGE.findall(o)) - len(ABSOLUTE.findall(o))) for o in options],
    # The reverse of each cue: a learner who has heard that keys never say "today" or "wait".
    "has no colon": lambda _p, options: [float(":" not in o) for o in options],
    "has no today, now or same day": lambda _p, options: [float(URGENCY.search(o) is None) for o in options],
    "has no delay word": lambda _p, options: [float(DELAY.search(o) is None) for o in options],
    "has no reason word": lambda _p, options: [float(REASON.search(o) is None) for o in options],
    "stem overlap": lambda prompt, options: [float(len(content_words(o) & content_words(prompt))) for o in options],
    "convergence (shares most words with the others)": _convergence,
}
DERIVED = {"one of the two longest": ("longest", "second longest")}
"""A rule that picks between two others at random: its chance is their mean."""


def position(n: int) -> Rule:
    """Always the n-th option as written (0-based)."""
    return lambda _p, options: [float(i == n) for i in range(len(options))]


def chance_right(scores: Sequence[float], keyed: frozenset[int]) -> Fraction:
    """The chance that taking the len(keyed) top scores, ties broken at random, gives exactly keyed."""
    chosen: set[int] = set()
    for level in sorted(set(scores), reverse=True):
        tier = {i for i, s in enumerate(scores) if s == level}
        room = len(keyed) - len(chosen)
        if len(tier) <= room:
            chosen |= tier
            continue
        # This tier is split: the rule is right only if everything above was keyed and the keyed
        # options of this tier exactly fill the room left.
        if not chosen <= keyed or len(keyed & tier) != room:
            return Fraction(0)
        return Fraction(1, math.comb(len(tier), room))
    return Fraction(int(chosen == keyed))


def chances(name: str, item: Item) -> Fraction:
    """The chance that the named rule answers the item right."""
    if name in DERIVED:
        return sum((chances(part, item) for part in DERIVED[name]), Fraction(0)) / len(DERIVED[name])
    if name.startswith("position "):
        return chance_right(position(int(name.split()[1]) - 1)(item.prompt, item.options), item.keyed)
    return chance_right(RULES[name](item.prompt, item.options), item.keyed)


def rule_names(max_options: int) -> list[str]:
    return [*RULES, *DERIVED, *(f"position {n}" for n in range(1, max_options + 1))]


def applies(name: str, item: Item) -> bool:
    """Position n applies to items with at least n options; the others to every item given."""
    return not name.startswith("position ") or len(item.options) >= int(name.split()[1])


def pass_chance(by_topic: dict[str, list[Fraction]], draw: dict[str, int], pass_mark: int) -> Fraction:
    """P(at least pass_mark % right) when draw[t] items are drawn from topic t, every set equally
    likely, and each drawn item is answered right with its own chance (equal weights)."""
    total = [Fraction(1)]
    for topic, k in draw.items():
        subsets = list(itertools.combinations(by_topic[topic], k))
        topic_dist = [Fraction(0)] * (k + 1)
        for subset in subsets:
            dist = [Fraction(1)]
            for p in subset:
                dist = [a * (1 - p) + b * p for a, b in zip([*dist, Fraction(0)], [Fraction(0), *dist], strict=True)]
            topic_dist = [t + d / len(subsets) for t, d in zip(topic_dist, dist, strict=True)]
        total = [sum((total[i] * topic_dist[n - i] for i in range(len(total)) if 0 <= n - i <= k), Fraction(0))
                 for n in range(len(total) + k)]
    asked = sum(draw.values())
    # The runtime passes round(100 * right / asked) >= pass mark (JavaScript rounds halves up).
    need = next(n for n in range(asked + 1) if math.floor(100 * n / asked + 0.5) >= pass_mark)
    return sum(total[need:], Fraction(0))


def assessment_pass_chance(final: Module, name: str) -> Fraction:
    by_topic: dict[str, list[Fraction]] = {}
    for question in final.questions:
        assert question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE), question.loc
        assert question.weight == 1, "pass_chance counts items, so every weight must be 1"
        by_topic.setdefault(question.topic or "", []).append(chances(name, item_of(question)))
    draw = {entry.topic: entry.count for entry in final.quiz.draw_topics}
    assert final.quiz.pass_mark is not None
    return pass_chance(by_topic, draw, final.quiz.pass_mark)
