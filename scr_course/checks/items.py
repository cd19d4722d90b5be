"""Item-writing checks: flaws that let a learner pass a question without knowing the answer.

All are warnings (errors under ``--strict``); docs/authoring.md explains each code and threshold.
Lengths are of the options' plain text; similarity is difflib's ratio on normalised text.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from scr_course.checks.shape import check_key_shape
from scr_course.checks.similar import PromptIndex
from scr_course.diagnostics import Code, Diagnostic, Diagnostics, SourceLocation
from scr_course.model import Course, Module, Question, QuestionKind

KEY_LONGEST_SHARE = 1 / 3
"""A keyed option may be the longest in at most this share of a scored module's single-answer questions."""
KEY_LENGTH_RATIO = 1.5
"""A keyed option longer than this many times the mean length of its distractors gives itself away."""
DUPLICATE_OPTION_RATIO = 0.9
"""Two options at least this similar (character ratio, normalised) say the same thing."""
REPEAT_PROMPT_RATIO = 0.7
"""A scored prompt at least this similar to a knowledge check's (content words in order) repeats it."""
REPEAT_MIN_WORDS = 3
"""Prompts with fewer content words than this ("What should you do?") are too short to compare."""

ABOVE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them)\b", re.IGNORECASE)
NEGATIVE = re.compile(r"\b(not|except|(?<!\bat )least)\b", re.IGNORECASE)
"""'at least' is a quantity, not a negative ('at most' never matched)."""
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
EMPHASIS = re.compile(r"<(strong|em|b|i)\b[^>]*>.*?</\1>", re.DOTALL)
STOP_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "is", "are", "was", "were", "be", "been", "being", "this", "that", "these", "those", "it", "its", "as", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "should", "would", "could", "can", "may", "might", "must", "will", "shall", "do", "does", "did", "done", "first", "best", "most", "next", "their", "his", "her", "they", "them", "he", "she", "you", "your", "we", "our", "not", "no", "if", "then", "than", "so", "about", "into", "over", "after", "before", "there", "here", "has", "have", "had", "also", "any", "all", "some", "one", "such", "very", "just", "only"]
)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
Prompt = tuple[Question, tuple[str, ...]]
"""A question and the content words of its prompt."""
MEMO_MODULES = 4096
"""Modules whose findings are remembered: every module of a large course, and old versions of
edited ones in a long preview session, until the least recently used are dropped."""


def check_items(course: Course, diagnostics: Diagnostics) -> None:
    """Warn about item-writing flaws in every question, and about scored modules a guesser could pass.

    What one module shows alone is remembered per module object (an unchanged file gives back the
    same Module from the parse cache), so a preview rebuild checks only the edited module again;
    only the repeat check reads the knowledge checks of every module (issue 24).
    """
    found = [_module_items(m) for m in course.modules]
    for items in found:
        diagnostics.items.extend(items.questions)
    if not any(m.quiz.scored for m in course.modules):
        return
    checks = _knowledge_checks(tuple(m for m in course.modules if not m.quiz.scored))
    for module, items in zip(course.modules, found, strict=True):
        if module.quiz.scored:
            diagnostics.items.extend(items.module)
            diagnostics.items.extend(checks.repeats(module))


@dataclass(frozen=True, slots=True)
class _ModuleItems:
    """The item-writing findings of one module alone."""

    questions: tuple[Diagnostic, ...]
    """Every question's own findings, in question order."""
    module: tuple[Diagnostic, ...]
    """The scored module's key-longest and pass-reachable findings."""


@lru_cache(maxsize=MEMO_MODULES)
def _module_items(module: Module) -> _ModuleItems:
    questions = Diagnostics()
    for question in module.questions:
        _above_and_duplicates(question, questions)
        _negative_stem(question, questions)
        check_key_shape(question, questions)
        if module.quiz.scored:
            _key_length(question, questions)
            _few_options(question, questions)
    whole = Diagnostics()
    if module.quiz.scored:
        _key_longest(module, whole)
        _pass_reachable(module, whole)
    return _ModuleItems(questions=tuple(questions.items), module=tuple(whole.items))


@lru_cache(maxsize=MEMO_MODULES)
def _module_prompts(module: Module) -> tuple[Prompt, ...]:
    """Questions with enough content words to compare, and those words; asked for only when the
    course has a scored module. Words are interned: a large course keeps them for every question,
    the same few thousand words many times over."""
    return tuple((q, words) for q in module.questions if len(words := _content_words(q)) >= REPEAT_MIN_WORDS)


class _KnowledgeChecks:
    """The knowledge checks of a course (its unscored modules' prompts), and the repeats found against them.

    Remembered for one tuple of unscored modules: an edit in a scored module reuses the index and
    the other scored modules' findings; an edit in a knowledge check makes a new one.
    """

    def __init__(self, modules: tuple[Module, ...]) -> None:
        self.prompts = [prompt for m in modules for prompt in _module_prompts(m)]
        self.index = PromptIndex([words for _, words in self.prompts])
        self._found: dict[Module, tuple[Diagnostic, ...]] = {}

    def repeats(self, module: Module) -> tuple[Diagnostic, ...]:
        """``item.repeats-check`` for a scored module, computed once per module object."""
        found = self._found.get(module)
        if found is None:
            local = Diagnostics()
            _repeats(_module_prompts(module), self.prompts, self.index, local)
            if len(self._found) >= MEMO_MODULES:
                self._found.clear()  # scored modules edited again and again
            found = self._found[module] = tuple(local.items)
        return found


@lru_cache(maxsize=4)
def _knowledge_checks(modules: tuple[Module, ...]) -> _KnowledgeChecks:
    return _KnowledgeChecks(modules)


def _single_answer(question: Question) -> tuple[int, list[int]] | None:
    """Length of the one keyed option and of the distractors, for a single-answer question."""
    if question.kind is not QuestionKind.SINGLE:
        return None
    keyed = [len(c.plain) for c in question.choices if c.correct]
    others = [len(c.plain) for c in question.choices if not c.correct]
    if len(keyed) != 1 or not others:
        return None
    return keyed[0], others


def _key_longest(module: Module, diagnostics: Diagnostics) -> None:
    lengths = [found for q in module.questions if (found := _single_answer(q)) is not None]
    longest = sum(1 for keyed, others in lengths if keyed > max(others))
    if lengths and longest > len(lengths) * KEY_LONGEST_SHARE:
        diagnostics.warning(
            module.loc, Code.ITEM_KEY_LONGEST,
            f"the keyed option is the longest in {longest} of {len(lengths)} single-answer questions (more than "
            "a third), so always picking the longest option scores well; write distractors as long and as "
            "detailed as the answer")


def _key_length(question: Question, diagnostics: Diagnostics) -> None:
    found = _single_answer(question)
    if found is None:
        return
    keyed, others = found
    mean = sum(others) / len(others)
    if mean and keyed > KEY_LENGTH_RATIO * mean:
        key = next(c for c in question.choices if c.correct)
        diagnostics.warning(
            key.loc, Code.ITEM_KEY_LENGTH,
            f"the keyed option is {keyed / mean:.1f} times as long as the mean of its distractors (over "
            f"{KEY_LENGTH_RATIO:g}), which gives it away; make the options a similar length")


def _above_and_duplicates(question: Question, diagnostics: Diagnostics) -> None:
    if question.kind not in CHOICE_KINDS:
        return
    seen: list[tuple[str, Counter[str], int, SourceLocation]] = []
    for number, choice in enumerate(question.choices, start=1):
        above = ABOVE.search(choice.plain)
        if above:
            diagnostics.warning(
                choice.loc, Code.ITEM_ALL_NONE_ABOVE,
                f"'{above.group(0)}' can be answered by spotting two right (or wrong) options, and shuffled "
                "options have no 'above'; write a complete option instead")
        text = _normalise(choice.plain)
        letters = Counter(text)  # counted once per option, not once per pair (issue 24)
        for other, other_letters, other_number, other_loc in seen:
            if text and _similar(text, other, DUPLICATE_OPTION_RATIO, (letters, other_letters)):
                diagnostics.warning(
                    choice.loc, Code.ITEM_DUPLICATE_OPTION,
                    f"option {number} is the same as, or nearly the same as, option {other_number} "
                    f"(line {other_loc.line}); each option needs its own meaning")
                break
        seen.append((text, letters, number, choice.loc))


def _negative_stem(question: Question, diagnostics: Diagnostics) -> None:
    """The question itself turns on a negative: its last question sentence (never a true/false statement).

    A 'not' in the scenario before the question ('she asks the tutor not to tell anyone') is story,
    not stem. Emphasised words (**not**, *except*) and CAPITALS (NOT) are what readers notice.
    """
    if question.kind is QuestionKind.TRUE_FALSE:
        # The statement's 'not' is part of the claim being judged; emphasising it would point at
        # the answer, and asking 'the positive way' would change the claim.
        return
    visible = Markup(EMPHASIS.sub(" ", str(question.prompt))).striptags()
    sentences = SENTENCE_END.split(visible.strip())
    asked = [s for s in sentences if s.rstrip().endswith("?")]
    visible = (asked or sentences or [""])[-1]
    for match in NEGATIVE.finditer(visible):
        word = match.group(0)
        if word != word.upper():
            diagnostics.warning(
                question.loc, Code.ITEM_NEGATIVE_STEM,
                f"the prompt turns on '{word}', which readers easily miss; emphasise it (**{word.lower()}** or "
                f"{word.upper()}) or ask the question the positive way")
            return


def _few_options(question: Question, diagnostics: Diagnostics) -> None:
    if question.kind is not QuestionKind.SINGLE or len(question.choices) >= 3:
        return
    if sorted(c.plain.lower() for c in question.choices) == ["false", "true"]:
        return  # a true/false item written as single choice: two options is its nature
    diagnostics.warning(
        question.loc, Code.ITEM_FEW_OPTIONS,
        f"a scored single-answer question with {len(question.choices)} options can be guessed half the time "
        "or more; give it at least three options (or use type=true-false for a statement)")


def _repeats(prompts: tuple[Prompt, ...], checks: list[Prompt],
             index: PromptIndex, diagnostics: Diagnostics) -> None:
    for question, words in prompts:
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(words)
        best: tuple[float, Question] | None = None
        for candidate in index.candidates(words, REPEAT_PROMPT_RATIO):
            other, other_words = checks[candidate]
            matcher.set_seq1(other_words)
            if matcher.real_quick_ratio() < REPEAT_PROMPT_RATIO or matcher.quick_ratio() < REPEAT_PROMPT_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio >= REPEAT_PROMPT_RATIO and (best is None or ratio > best[0]):
                best = (ratio, other)
        if best is not None:
            diagnostics.warning(
                question.loc, Code.ITEM_REPEATS_CHECK,
                f"this prompt nearly repeats the knowledge check '{best[1].id}' at {best[1].loc} "
                f"({best[0]:.0%} alike); learners who saw its feedback can answer from memory, so ask about a "
                "new case")


def _pass_reachable(module: Module, diagnostics: Diagnostics) -> None:
    quiz = module.quiz
    pass_mark = quiz.pass_mark or 0
    if not module.questions or pass_mark >= 100 or pass_mark <= 0:
        return  # nothing drawn, or full marks asked for on purpose, or nothing needed
    groups = list(_draw_groups(module))
    if any(count > len(pool) for count, pool in groups):
        return  # quiz.pool reports the draw that cannot be made
    worst = _best_single_mistake(groups)
    if worst is None or worst >= pass_mark:
        return
    drawn = sum(count for count, _ in groups)
    where = quiz.pass_mark_loc or quiz.draw_loc or module.loc
    diagnostics.warning(
        where, Code.ITEM_PASS_UNREACHABLE,
        f"with {drawn} question{'s' if drawn != 1 else ''} drawn a learner can need full marks to pass: "
        "one wrong answer can leave "
        f"{worst}%, under the pass mark of {pass_mark}%; draw more questions, even out the weights, or lower "
        "the pass mark")


def _draw_groups(module: Module) -> Iterator[tuple[int, list[int]]]:
    """(how many are drawn, the weights they are drawn from): one group, or one per topic when stratified.

    A stratified draw (``draw: {topic: n}``) takes n from each named topic, as the runtime does.
    """
    quiz = module.quiz
    if quiz.draw_topics:
        for entry in quiz.draw_topics:
            yield entry.count, sorted(q.weight for q in module.questions if q.topic == entry.topic)
        return
    weights = [q.weight for q in module.questions]
    yield (quiz.draw if quiz.draw is not None else len(weights)), sorted(weights)


def _best_single_mistake(groups: list[tuple[int, list[int]]]) -> int | None:
    """The lowest score any draw gives a learner who gets only the lightest drawn question wrong.

    The runtime scores round(100 * right weight / drawn weight). For each question taken as the
    lightest of its draw, the draw that hurts most fills every group with the lightest questions
    no lighter than it; the worst of those is the answer.
    """
    worst: int | None = None
    for index, (_, pool) in enumerate(groups):
        for position, lightest in enumerate(pool):
            if position and pool[position - 1] == lightest:
                continue  # the same weight again gives the same draw
            total = 0
            feasible = True
            for other_index, (count, other_pool) in enumerate(groups):
                if other_index == index:
                    rest = [w for i, w in enumerate(other_pool) if i != position and w >= lightest][: count - 1]
                    if len(rest) < count - 1 or count == 0:
                        feasible = False
                        break
                    total += lightest + sum(rest)
                else:
                    heavier = [w for w in other_pool if w >= lightest][:count]
                    if len(heavier) < count:
                        feasible = False
                        break
                    total += sum(heavier)
            if feasible and total:
                score = math.floor(100 * (total - lightest) / total + 0.5)
                worst = score if worst is None else min(worst, score)
    return worst


def _similar(a: str, b: str, threshold: float, letters: tuple[Counter[str], Counter[str]] | None = None) -> bool:
    """difflib's ratio is at least ``threshold``; cheap upper bounds (length, shared characters) go first.

    ``letters``: the character counts of ``a`` and ``b``, when the caller has them already.
    """
    total = len(a) + len(b)
    if 2 * min(len(a), len(b)) < threshold * total:
        return False
    counts_a, counts_b = letters or (Counter(a), Counter(b))
    if 2 * sum((counts_a & counts_b).values()) < threshold * total:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _content_words(question: Question) -> tuple[str, ...]:
    text = Markup(question.prompt).striptags().lower()
    return tuple(sys.intern(w) for w in re.findall(r"[a-z0-9]+", text) if w not in STOP_WORDS)
