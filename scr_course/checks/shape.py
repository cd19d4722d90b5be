"""The shape cue (issue 22): a keyed option written in a different shape from all its distractors.

A learner who knows nothing can still pass when keys share a shape that distractors lack, such as
"Verdict: action, action and action" against "No, because …" or "Wait until …". These word
classes and the punctuation test are shared with the sample course's guessing measurements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from scr_course.diagnostics import Code, Diagnostics
from scr_course.model import Question, QuestionKind

REASON = re.compile(r"\b(because|since|so that)\b"
                    r"|(?<!\bsuch )(?<!\bwell )(?<!\bsoon )(?<!\blong )\bas\b(?! (well|soon|long|if|though)\b)",
                    re.IGNORECASE)
"""Words that give a reason: a distractor's typical "…, because …" ("as", but not "such as", "as well as")."""
DELAY = re.compile(r"\b(wait|waiting|until|only|once|next|later)\b", re.IGNORECASE)
"""Words that put action off: a distractor's typical "wait until …"."""
URGENCY = re.compile(r"\b(today|tonight|now|same day|straight away|immediately|at once)\b", re.IGNORECASE)
"""Words that hurry: a key's typical "… today"."""
CUE_WORDS: dict[str, re.Pattern[str]] = {"reason": REASON, "delay": DELAY, "urgency": URGENCY}
EXTRA_COMMAS = 2
"""A key with at least this many commas more than every distractor is 'clearly' the busiest option."""


def commas(text: str) -> int:
    return text.count(",")


def has_colon(text: str) -> bool:
    """A colon or semicolon: the "Verdict: actions" shape."""
    return ":" in text or ";" in text


def check_key_shape(question: Question, diagnostics: Diagnostics) -> None:
    """Warn when the keyed options differ from every distractor in punctuation or in cue words."""
    if question.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return
    keys = [c.plain for c in question.choices if c.correct]
    others = [c.plain for c in question.choices if not c.correct]
    if not keys or not others:
        return
    found = _apart(keys, others, has_colon)
    if found == "key":
        cue = "a colon or semicolon that no distractor has"
    elif min(commas(k) for k in keys) >= max(commas(o) for o in others) + EXTRA_COMMAS:
        cue = f"at least {EXTRA_COMMAS} more commas than any distractor"
    else:
        cue = ""
        for name, words in CUE_WORDS.items():
            side = _apart(keys, others, _finder(words))
            if side:
                cue = (f"{name} words ({_example(keys if side == 'key' else others, words)}) that no distractor has"
                       if side == "key" else
                       f"no {name} words, while every distractor has some ({_example(others, words)})")
                break
    if cue:
        key = next(c for c in question.choices if c.correct)
        diagnostics.warning(
            key.loc, Code.ITEM_KEY_SHAPE,
            f"the keyed option has {cue}, so a learner can find it by its shape; give keys and distractors "
            "the same mix of shapes (reasons, delays, 'today', colons) across the questions")


def _apart(keys: Sequence[str], others: Sequence[str], has: Callable[[str], bool]) -> str:
    """'key' when every key has the feature and no distractor does; 'others' for the reverse; else ''."""
    if all(has(k) for k in keys) and not any(has(o) for o in others):
        return "key"
    if not any(has(k) for k in keys) and all(has(o) for o in others):
        return "others"
    return ""


def _finder(words: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: words.search(text) is not None


def _example(texts: Sequence[str], words: re.Pattern[str]) -> str:
    found = sorted({m.group(0).lower() for t in texts for m in words.finditer(t)})
    return ", ".join(f"'{w}'" for w in found[:3])
