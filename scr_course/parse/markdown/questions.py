"""``::: question`` and ``::: reflection`` containers → Question and Reflection nodes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token
from markupsafe import Markup

from scr_course.diagnostics import Code, SourceLocation
from scr_course.model import Choice, Question, QuestionKind, Reflection
from scr_course.parse.markdown.comments import strip_comments
from scr_course.parse.markdown.context import FileContext, parse_attributes

TASK_MARKER = re.compile(r"^\[([ xX])\]\s+")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
# SCORM 1.2 choice responses are single characters 0-9 and a-z (RTE 3.4.2.7).
CHOICE_IDS = "abcdefghijklmnopqrstuvwxyz0123456789"
QUESTION_ATTRIBUTES = ("id", "type", "weight", "tolerance", "topic", "shuffle")
TOPIC_PATTERN = re.compile(r"^[^\s\x00-\x1f][^\x00-\x1f]{0,79}$")
PROMPT_TOKENS = {"paragraph_open", "paragraph_close", "inline", "softbreak", "hardbreak"}


@dataclass(frozen=True, slots=True, kw_only=True)
class RawOption:
    """One list item of a question before its type is known."""

    marker: str | None
    """' ', 'x' or None when the item has no ``[ ]`` marker."""
    plain: str
    inline: Token
    feedback: Markup | None
    loc: SourceLocation


def plain_text(tokens: tuple[Token, ...] | list[Token]) -> str:
    """The text of block tokens, whitespace collapsed (for LMS descriptions and ids)."""
    text = " ".join(strip_comments(t.content) for t in tokens if t.type == "inline")
    text = re.sub(r"[*_`]+|!?\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text)
    return " ".join(text.split())


def derived_id(prefix: str, text: str) -> str:
    """An id from the text, never from the position, so reordering keeps resume intact."""
    return f"{prefix}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"


def parse_reflection(ctx: FileContext, inner: list[Token] | tuple[Token, ...], params: str, loc: SourceLocation) -> Reflection:
    """A reflection prompt: free text, never scored."""
    attrs = parse_attributes(params, loc, ctx.diagnostics, ("id",))
    text = plain_text(inner)
    if not text:
        ctx.diagnostics.error(loc, Code.QUIZ_SHAPE, "reflection has no prompt")
    rid = _checked_id(ctx, attrs.get("id"), "r", text, loc)
    return Reflection(id=rid, prompt=ctx.render(inner), loc=loc)


def parse_question(ctx: FileContext, inner: list[Token] | tuple[Token, ...], params: str, loc: SourceLocation) -> Question | None:
    """A question: prompt, then an options list, then an optional explanation."""
    attrs = parse_attributes(params, loc, ctx.diagnostics, QUESTION_ATTRIBUTES)
    errors_before = len(ctx.diagnostics.items)
    kind: QuestionKind | None = None
    if "type" in attrs:
        try:
            kind = QuestionKind(attrs["type"])
        except ValueError:
            ctx.diagnostics.error(loc, Code.QUIZ_UNKNOWN_TYPE, f"unknown question type '{attrs['type']}' (use "
                                  + ", ".join(k.value for k in QuestionKind) + ")")
            return None
    base = min((t.level for t in inner), default=0)
    start = next((i for i, t in enumerate(inner) if t.level == base
                  and t.type in ("bullet_list_open", "ordered_list_open")), None)
    prompt_tokens = inner[: start if start is not None else len(inner)]
    description = plain_text(prompt_tokens)
    if not description:
        ctx.diagnostics.error(loc, Code.QUIZ_SHAPE, "question has no prompt before its options")
    # The prompt becomes the fieldset's <legend>, which may hold only phrasing content.
    block = next((t for t in prompt_tokens if t.nesting >= 0 and t.type not in PROMPT_TOKENS), None)
    if block is not None:
        ctx.diagnostics.error(ctx.loc(block) if block.map else loc, Code.QUIZ_SHAPE,
                              "a question prompt holds paragraphs of text; put lists, tables, quotes and "
                              "headings on the page before the question or in its explanation")
    if start is None:
        ctx.diagnostics.error(loc, Code.QUIZ_NO_OPTIONS, "question has no options list ('- [x] …' / '- [ ] …')")
        return None
    end = next(i for i in range(start + 1, len(inner)) if inner[i].level == base and inner[i].nesting == -1)
    if _feedback_outside_list(ctx, inner, start, end):
        return None  # the options after it are cut off: counting them would only mislead
    options = _read_options(ctx, inner[start + 1 : end], base + 1)
    ordered = inner[start].type == "ordered_list_open"
    if kind is None:
        correct_count = sum(1 for o in options if o.marker in ("x", "X"))
        kind = QuestionKind.MULTIPLE if correct_count > 1 else QuestionKind.SINGLE
    weight = _number(ctx, attrs, "weight", loc, integer=True, default=1.0, low=1, high=100)
    tolerance = _number(ctx, attrs, "tolerance", loc, integer=False, default=0.0, low=0, high=1e12)
    if "tolerance" in attrs and kind is not QuestionKind.NUMERIC:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, "'tolerance' applies to numeric questions only")
    choices, value = _build_choices(ctx, kind, options, ordered, loc)
    explanation_tokens = inner[end + 1 :]
    qid = _checked_id(ctx, attrs.get("id"), "q", description, loc)
    topic = attrs.get("topic")
    if topic is not None and not TOPIC_PATTERN.match(topic.strip() or "\x00"):
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              "'topic' must be a module id or a short name (at most 80 characters)")
        topic = None
    shuffle = _shuffle(ctx, attrs.get("shuffle"), kind, loc)
    if len(ctx.diagnostics.items) > errors_before and ctx.diagnostics.has_errors and not choices:
        return None
    if len(description) > 250:
        description = description[:249].rstrip() + "…"
    return Question(
        id=qid,
        kind=kind,
        prompt=ctx.render(prompt_tokens),
        choices=choices,
        explanation=ctx.render(explanation_tokens) if explanation_tokens else None,
        weight=int(weight),
        value=value,
        tolerance=tolerance,
        description=description,
        topic=topic.strip() if topic else None,
        shuffle=shuffle,
        loc=loc,
    )


def _shuffle(ctx: FileContext, given: str | None, kind: QuestionKind, loc: SourceLocation) -> bool:
    """``shuffle=false`` keeps a choice question's options in the order written; shuffling is the default."""
    if given is None:
        return True
    if given not in ("true", "false"):
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, f"'shuffle' must be true or false, not '{given}'")
        return True
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        # True/false keeps True before False, and ordering questions are shown out of order anyway.
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              "'shuffle' applies to single and multiple choice questions only")
    return given == "true"


def _checked_id(ctx: FileContext, given: str | None, prefix: str, text: str, loc: SourceLocation) -> str:
    if given is None:
        return derived_id(prefix, text)
    if not ID_PATTERN.match(given):
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"id '{given}' may hold only letters, digits, '-' and '_' (at most 64)")
        return derived_id(prefix, text)
    return given


def _number(ctx: FileContext, attrs: dict[str, str], name: str, loc: SourceLocation, *,
            integer: bool, default: float, low: float, high: float) -> float:
    if name not in attrs:
        return default
    try:
        number = int(attrs[name]) if integer else float(attrs[name])
    except ValueError:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"'{name}' must be a {'whole ' if integer else ''}number, not '{attrs[name]}'")
        return default
    if not low <= number <= high:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, f"'{name}' must be between {low:g} and {high:g}")
        return default
    return float(number)


def _feedback_outside_list(ctx: FileContext, inner: list[Token] | tuple[Token, ...], start: int, end: int) -> bool:
    """A '>' quote straight after the options, without a blank line, is feedback written at the wrong indent."""
    after = inner[end + 1] if end + 1 < len(inner) else None
    options_map = inner[start].map
    if after is None or after.type != "blockquote_open" or not after.map or not options_map:
        return False
    if after.map[0] != options_map[1]:
        return False  # a blank line first: a quote in the explanation
    ctx.diagnostics.error(ctx.loc(after), Code.QUIZ_FEEDBACK_INDENT,
                          "this '>' feedback is not indented under its option, so it ends the options list; "
                          "indent it level with the option's text (two spaces for '- ')")
    return True


_ITEM_START = re.compile(r"^ *(?:[-*+]|\d{1,9}[.)])(?: {1,4}|$)")


@lru_cache(maxsize=64)
def _source_lines(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n"))


def _warn_lazy_line(ctx: FileContext, item: Token) -> None:
    """Warn about a line that joins an option only by Markdown's lazy continuation (no blank line, no indent)."""
    if not item.map:
        return
    lines = _source_lines(ctx.outline.source.text)
    first, stop = item.map
    marker = _ITEM_START.match(lines[first]) if first < len(lines) else None
    if marker is None:
        return
    column = len(marker.group(0))
    for number in range(first + 1, min(stop, len(lines))):
        line = lines[number].expandtabs(4)
        if line.strip() and len(line) - len(line.lstrip()) < column:
            ctx.diagnostics.warning(
                ctx.outline.source.loc.at_line(number + 1), Code.QUIZ_LAZY_LINE,
                "this line joins the option above (or its '>' feedback) because no blank line comes before "
                "it; leave a blank line before the explanation, or indent the line under the option")
            return


def _read_options(ctx: FileContext, tokens: list[Token] | tuple[Token, ...], item_level: int) -> list[RawOption]:
    options: list[RawOption] = []
    index = 0
    while index < len(tokens):
        if tokens[index].type != "list_item_open":
            index += 1
            continue
        _warn_lazy_line(ctx, tokens[index])
        close = next(i for i in range(index + 1, len(tokens))
                     if tokens[i].type == "list_item_close" and tokens[i].level == item_level)
        item = tokens[index + 1 : close]
        loc = ctx.loc(tokens[index])
        inline = next((t for t in item if t.type == "inline"), None)
        feedback: Markup | None = None
        quote_start = next((i for i, t in enumerate(item) if t.type == "blockquote_open"
                            and t.level == item_level + 1), None)
        if quote_start is not None:
            quote_end = next(i for i in range(quote_start + 1, len(item))
                             if item[i].type == "blockquote_close" and item[i].level == item_level + 1)
            feedback = ctx.render(item[quote_start + 1 : quote_end])
            rest = [*item[:quote_start], *item[quote_end + 1 :]]
        else:
            rest = list(item)
        if sum(1 for t in rest if t.type == "paragraph_open") > 1 or any(
            t.type in ("bullet_list_open", "ordered_list_open", "fence", "code_block", "heading_open") for t in rest
        ):
            ctx.diagnostics.error(loc, Code.QUIZ_SHAPE,
                                  "an option holds one paragraph of text and an optional '>' feedback quote")
        if inline is None or (quote_start is not None and inline not in rest):
            ctx.diagnostics.error(loc, Code.QUIZ_SHAPE, "option has no text")
            index = close + 1
            continue
        match = TASK_MARKER.match(inline.content)
        text = inline.content[match.end():] if match else inline.content
        fresh = ctx.md.parseInline(text)[0]
        fresh.map = inline.map or tokens[index].map
        plain = " ".join(strip_comments(text).split())
        options.append(RawOption(marker=match.group(1) if match else None, plain=plain,
                                 inline=fresh, feedback=feedback, loc=loc))
        index = close + 1
    return options


def _build_choices(
    ctx: FileContext, kind: QuestionKind, options: list[RawOption], ordered: bool, loc: SourceLocation
) -> tuple[tuple[Choice, ...], float | None]:
    errors = ctx.diagnostics
    if len(options) > len(CHOICE_IDS):
        errors.error(loc, Code.QUIZ_SHAPE, f"a question may have at most {len(CHOICE_IDS)} options")
        options = options[: len(CHOICE_IDS)]
    correct = [o for o in options if o.marker in ("x", "X")]
    choices: list[Choice] = []
    value: float | None = None

    if kind in (QuestionKind.MATCHING, QuestionKind.ORDERING):
        for index, option in enumerate(options):
            if option.marker == " ":
                errors.error(option.loc, Code.QUIZ_SHAPE, f"{kind.value} items have no wrong options; remove '[ ]'")
            if kind is QuestionKind.MATCHING:
                left, arrow, right = option.plain.partition(" -> ")
                if not arrow or not left.strip() or not right.strip():
                    errors.error(option.loc, Code.QUIZ_SHAPE, "matching items are written 'Left -> Right'")
                    continue
                choices.append(Choice(id=CHOICE_IDS[index], text=_inline(ctx, left, option), correct=True,
                                      match=_inline(ctx, right, option), plain=left.strip(), loc=option.loc))
            else:
                # Ids follow the order the learner is shown (sorted by text), not the authored
                # order, so the ids in the page do not spell out the answer.
                rank = sorted(range(len(options)), key=lambda i: (options[i].plain, i)).index(index)
                choices.append(Choice(id=CHOICE_IDS[rank], text=ctx.render_inline(option.inline), correct=True,
                                      feedback=option.feedback, plain=option.plain, loc=option.loc))
        if len(choices) < 2:
            errors.error(loc, Code.QUIZ_NO_OPTIONS, f"a {kind.value} question needs at least two items")
        return tuple(choices), None

    if any(o.marker is None for o in options):
        bad = next(o for o in options if o.marker is None)
        errors.error(bad.loc, Code.QUIZ_SHAPE, "options start with '[x]' (correct) or '[ ]' (wrong)")
    if not correct:
        errors.error(loc, Code.QUIZ_NO_CORRECT, "question has no correct option; mark one with '- [x]'")
    for index, option in enumerate(options):
        choices.append(Choice(id=CHOICE_IDS[index], text=ctx.render_inline(option.inline),
                              correct=option.marker in ("x", "X"), feedback=option.feedback,
                              plain=option.plain, loc=option.loc))

    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(options) < 2:
            errors.error(loc, Code.QUIZ_NO_OPTIONS, "a choice question needs at least two options")
        elif correct and len(correct) == len(options):
            errors.error(loc, Code.QUIZ_ALL_CORRECT, "every option is marked correct; a question needs a wrong option")
        if kind is QuestionKind.SINGLE and len(correct) > 1:
            errors.error(loc, Code.QUIZ_SHAPE, "a single-choice question has one correct option (or use type=multiple)")
    elif kind is QuestionKind.TRUE_FALSE:
        words = sorted(o.plain.lower() for o in options)
        if words != ["false", "true"] or len(correct) != 1:
            errors.error(loc, Code.QUIZ_SHAPE, "a true-false question has exactly the options True and False, one marked [x]")
    elif kind is QuestionKind.NUMERIC:
        numbers: list[float] = []
        for option in options:
            try:
                numbers.append(float(option.plain.replace(",", "")))
            except ValueError:
                errors.error(option.loc, Code.QUIZ_SHAPE, f"numeric option '{option.plain}' is not a number")
        if len(correct) != 1:
            errors.error(loc, Code.QUIZ_SHAPE, "a numeric question has exactly one '[x]' value")
        elif not errors.has_errors or numbers:
            try:
                value = float(correct[0].plain.replace(",", ""))
            except ValueError:
                value = None
    return tuple(choices), value


def _inline(ctx: FileContext, text: str, option: RawOption) -> Markup:
    token = ctx.md.parseInline(text.strip())[0]
    token.map = option.inline.map
    return ctx.render_inline(token)
