"""``::: question`` and ``::: reflection`` containers → Question and Reflection nodes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
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
    if _option_without_space(ctx, inner):
        return None  # counting options would only add "no correct option" to the real mistake
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
        if 1 < correct_count < len(options):  # every option [x] is its own error (quiz.all-correct)
            _implicit_multiple(ctx, description, correct_count, loc)
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


SINGLE_ANSWER_STEM = re.compile(r"\b(first|best|most|which one)\b", re.IGNORECASE)
"""Words in a prompt that ask for one answer, so several '[x]' there are a slip, not a choice."""


_DASH_BRACKET = re.compile(r"^\s*([-*+])\[([ xX])\]\s*(.*)$")


def _option_without_space(ctx: FileContext, inner: list[Token] | tuple[Token, ...]) -> bool:
    """'-[x] Yes' is a line of text, not an option: Markdown needs a space after the dash."""
    for token in inner:
        if token.type != "inline":
            continue
        for offset, line in enumerate(token.content.split("\n")):
            match = _DASH_BRACKET.match(line)
            if match:
                dash, mark, text = match.groups()
                ctx.diagnostics.error(ctx.loc(token, offset), Code.QUIZ_SHAPE,
                                      f"an option needs a space after '{dash}': write '{dash} [{mark}] {text}'")
                return True
    return False


def _implicit_multiple(ctx: FileContext, description: str, correct: int, loc: SourceLocation) -> None:
    """Several '[x]' without ``type=`` make 'select all that apply': say so, and refuse it when the
    prompt asks for one answer."""
    asks_one = SINGLE_ANSWER_STEM.search(description)
    if asks_one:
        ctx.diagnostics.error(loc, Code.QUIZ_IMPLICIT_MULTIPLE,
                              f"{correct} options are marked [x], so learners are asked to select all that apply, "
                              f"but the prompt asks for one answer ('{asks_one.group(1)}'); mark one option [x], "
                              "or write type=multiple if several are right")
    else:
        ctx.diagnostics.warning(loc, Code.QUIZ_IMPLICIT_MULTIPLE,
                                f"{correct} options are marked [x], so learners are asked to select all that "
                                "apply; write type=multiple to say that is meant, or mark one option [x]")


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
    if len(given) > 64:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"id is {len(given)} characters long; an id may have at most 64")
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
    lines = _source_lines(ctx.outline.source.text)
    if after.map[0] != options_map[1] or (0 < after.map[0] <= len(lines) and not lines[after.map[0] - 1].strip()):
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


def _quote_in_option_text(ctx: FileContext, text: str, inline: Token) -> None:
    """A '>' line indented past the option's text joins the text: the learner would read the feedback
    inside the option (in the keyed one, it gives the answer away)."""
    for offset, line in enumerate(text.split("\n")[1:], start=1):
        if line.lstrip().startswith(">"):
            ctx.diagnostics.error(ctx.loc(inline, offset), Code.QUIZ_FEEDBACK_INDENT,
                                  "this '>' line is indented past the option's text, so learners see it as part "
                                  "of the option; indent the feedback level with the option's text (two spaces "
                                  "for '- ')")
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
        _quote_in_option_text(ctx, text, inline)
        state = ctx.outline.state
        fresh = option_inline(ctx.md, inline, text, references=state is None or bool(state.env.get("references")))
        fresh.map = inline.map or tokens[index].map
        plain = " ".join(strip_comments(text).split())
        options.append(RawOption(marker=match.group(1) if match else None, plain=plain,
                                 inline=fresh, feedback=feedback, loc=loc))
        index = close + 1
    return options


_MARKER_SPACE = frozenset(" \t")
_SPECIAL_START = ("\\", "&", "<")
"""An escape or an entity (markdown-it's 'text_special' tokens), or an author's comment, which is
removed: then whatever follows it leads the option's own parse, as an escape would."""


def option_inline(md: MarkdownIt, inline: Token, text: str, *, references: bool) -> Token:
    """An option's text (its item's inline content after the ``[x]`` marker) as an inline token of
    fresh tokens, the same as ``md.parseInline(text)[0]`` gives.

    Issue 24: the item's text was inline-parsed already, and a marker written as plain text is the
    start of its first text token, so copying the item's children without it saves parsing every
    option a second time. That holds when the file defines no link references (an option is
    parsed without them, and ``[x]`` could name one), the marker ends in spaces or tabs (the
    character before a '*' decides whether it opens emphasis) and plain text follows it in that
    token: the empty text a '**' leaves behind, or an escape or entity (also one after a leading
    comment), is joined to the marker there but leads a parse of its own, keeping its own markup.
    Otherwise the text is parsed again. tests/test_properties.py compares the two.
    """
    marker = inline.content[: len(inline.content) - len(text)]
    children = inline.children or []
    plain_marker = not marker or (
        bool(children) and children[0].type == "text" and len(children[0].content) > len(marker)
        and text[:1] not in _SPECIAL_START
        and children[0].content.startswith(marker) and _MARKER_SPACE.issuperset(marker[marker.index("]") + 1 :]))
    if references or not plain_marker or not inline.content.endswith(text):
        return md.parseInline(text)[0]
    copied = [_copied(child) for child in children]
    if marker:
        copied[0].content = copied[0].content[len(marker) :]
    return Token("inline", "", 0, content=text, map=[0, 1], children=copied)


def _copied(token: Token) -> Token:
    """A copy sharing nothing mutable: links and images are rewritten in place, and the item's own
    tokens may be converted again (preview keeps them)."""
    return Token(token.type, token.tag, token.nesting, attrs=dict(token.attrs),
                 map=list(token.map) if token.map is not None else None, level=token.level,
                 children=[_copied(c) for c in token.children] if token.children is not None else None,
                 content=token.content, markup=token.markup, info=token.info, meta=dict(token.meta),
                 block=token.block, hidden=token.hidden)


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
