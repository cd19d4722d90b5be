"""Finding near-repeats without comparing every pair: an index of prompt words for ``item.repeats-check``.

difflib's ratio of two word lists is ``2·M / (|a| + |b|)``, where ``M`` (the words matched in order)
is at most the words the lists share. A prompt ``b`` can only reach ratio ``t`` against ``a`` if they
share at least ``α = t·|a| / (2 − t)`` words (since ``|b| ≥ shared``), so ``b`` must hold one of any
``|a| − α + 1`` of ``a``'s words. Taking ``a``'s rarest words for those (prefix filtering) leaves
few candidates, and difflib runs only on them: the same verdicts as comparing every pair, in
time that grows with the candidates rather than with prompts × checks (issue 24).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence


def _tokens(words: Sequence[str]) -> list[tuple[str, int]]:
    """Each word with its occurrence number, so shared tokens count shared words as a multiset does."""
    seen: Counter[str] = Counter()
    tokens = []
    for word in words:
        seen[word] += 1
        tokens.append((word, seen[word]))
    return tokens


class PromptIndex:
    """Word lists (knowledge-check prompts) by the tokens they hold."""

    def __init__(self, prompts: Sequence[Sequence[str]]) -> None:
        self._postings: defaultdict[tuple[str, int], list[int]] = defaultdict(list)
        for number, words in enumerate(prompts):
            for token in _tokens(words):
                self._postings[token].append(number)

    def candidates(self, words: Sequence[str], threshold: float) -> list[int]:
        """Indexes (ascending) of every prompt that could reach ``threshold`` against ``words``, and a few more."""
        tokens = _tokens(words)
        needed = math.ceil(threshold * len(tokens) / (2 - threshold) - 1e-9)
        if needed <= 0:
            return sorted({n for postings in self._postings.values() for n in postings})
        rarest = sorted(tokens, key=lambda token: (len(self._postings.get(token, ())), token))
        found: set[int] = set()
        for token in rarest[: len(tokens) - needed + 1]:
            found.update(self._postings.get(token, ()))
        return sorted(found)
