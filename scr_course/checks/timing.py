"""How long a module takes: an estimate from what it holds, and the minutes the course states.

The estimate is what a learner actually has to do: read every word of the pages (about 200 a
minute, an ordinary pace for practice material read with attention), read and answer the
questions they will meet (prompt, options, feedback and explanation), and write each
reflection. A module's front matter ``duration`` wins when it is set; the check stage warns
when it is clearly lower than the estimate, because learners then plan too little time.
"""

from __future__ import annotations

import math
from functools import lru_cache

from scr_course.model import Module, Sco
from scr_course.model.words import module_word_counts

WORDS_PER_MINUTE = 200
ANSWER_MINUTES = 0.5
"""Thinking and choosing, per question, on top of reading it."""
REFLECTION_MINUTES = 4.0
"""Writing a few considered sentences in answer to one prompt."""
LOW_SHARE = 0.8
"""A stated duration under this share of the estimate is reported (timing.duration-low)."""


@lru_cache(maxsize=4096)
def estimate_minutes(module: Module) -> int:
    """Whole minutes (rounded up, at least 1) to work through the module once.

    Cached by module object (modules hash by identity): checks, every SCO's pages and every
    manifest ask for the same figure (issue 24).
    """

    reading, with_feedback, _, without_feedback = module_word_counts(module)
    questions = module.questions
    # A scored module that draws n of its pool asks only n questions of each learner, and shows
    # feedback only in the review after the attempt; knowledge checks give it on every answer
    # (the word counts hold both: issue 24, counted once, not twice).
    scored = module.quiz.scored
    share = min(1.0, module.quiz.draw / len(questions)) if module.quiz.draw and questions else 1.0
    question_words = without_feedback if scored else with_feedback
    minutes = (reading + question_words * share) / WORDS_PER_MINUTE
    minutes += len(questions) * share * ANSWER_MINUTES + len(module.reflections) * REFLECTION_MINUTES
    return max(1, math.ceil(minutes))


def module_minutes(module: Module) -> int:
    """The minutes shown to learners and LMSs: the stated duration, or else the estimate."""
    return module.duration if module.duration else estimate_minutes(module)


def sco_minutes(sco: Sco) -> int:
    """Total minutes of a SCO's modules."""
    return sum(module_minutes(m) for m in sco.modules)


def iso_duration(minutes: int) -> str:
    """ISO 8601 duration for LOM typical learning time, e.g. ``PT2H35M``."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
