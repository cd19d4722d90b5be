"""The review as a Word document (python-docx), so reviewers can mark it up with tracked changes.

Real Word structure rather than pasted text: Heading 1 per module and Heading 2 per page (the
navigation pane lists them), numbered lists that restart per list, tables for answer keys,
facts and the sign-off, and a page break before every module.
"""

from __future__ import annotations

import io
import re
import typing
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html
from markupsafe import Markup

from scr_course.model import (
    Block,
    Callout,
    Chart,
    Course,
    Details,
    Figure,
    Media,
    Page,
    Prose,
    Question,
    Reflection,
    Sequence,
)
from scr_course.package import zip_entry
from scr_course.review.docx_images import add_image
from scr_course.review.facts import QuestionFacts, ReviewSheet, SectionFacts
from scr_course.review.html import markup_of

BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "div",
              "aside", "section", "hr", "details", "dl"}


def render_review_docx(course: Course, sheet: ReviewSheet) -> bytes:
    """The review document as .docx bytes (the same source gives the same bytes)."""
    document = docx.Document()
    props = document.core_properties
    props.title = f"Content review: {course.config.title}"
    props.subject = f"version {course.config.version}"
    props.author = "; ".join(course.config.authors) or "scr-course"
    props.last_modified_by = "scr-course"
    document.styles["Normal"].font.size = Pt(11)
    writer = _Writer(document, _Images({asset.href.as_posix(): asset.src for asset in course.assets}))
    writer.cover(course, sheet)
    for section in sheet.sections:
        writer.section(section, sheet)
    writer.sign_off(course)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    # python-docx stamps zip entries with the current time; rewrite them with the packages' fixed one.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zip_entry(info.filename)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


class _Images:
    """The course's image files by package path, so the review shows the pictures themselves."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def add(self, paragraph: Paragraph, href: str, width: int, height: int, alt: str) -> bool:
        """The picture, then its alt text written out: alt text is content the reviewer signs off too."""
        if not add_image(paragraph, self.files.get(unquote(href)), width, height, alt):
            return False
        paragraph.add_run(f" Alt text: {alt}" if alt else " (decorative image, no alt text)").italic = True
        return True


class _Writer:
    """Appends review content to one Document."""

    def __init__(self, document: Document, images: _Images) -> None:
        self.doc = document
        self.images = images

    # -- structure ---------------------------------------------------------------------------

    def cover(self, course: Course, sheet: ReviewSheet) -> None:
        self.doc.add_paragraph("Content review for subject-expert sign-off", style="Subtitle")
        self.doc.add_heading(course.config.title, level=0)
        if course.config.description:
            self.doc.add_paragraph(course.config.description)
        self.facts_table(sheet.course_facts)
        self.doc.add_paragraph(f"At a glance (times are the module's own, or estimated at "
                               f"{sheet.words_per_minute} words a minute)", style="Caption")
        rows: list[tuple[str, ...]] = [(str(s.number or ""), s.title, str(s.summary.pages),
                 f"{s.summary.prose_words + s.summary.question_words:,}", str(s.summary.question_count),
                 str(s.summary.reflections), f"{s.minutes}" + (" (est.)" if s.minutes_estimated else ""))
                for s in sheet.sections]
        rows.append(("", "Total", *(value for _, value in sheet.totals[1:])))
        self.table(("#", "section", "pages", "words", "questions", "reflections", "minutes"), rows)
        self.doc.add_heading("How to read this document", level=2)
        for line in (
            "Every page is here in the order learners see it, one module per section.",
            "For each question: its options in the order written (learners may see them shuffled), which are "
            "keyed correct, the feedback for each option, and the explanation shown after answering.",
            "Question id is the id in the source; LMS interaction id is what the LMS shows in its interaction "
            "reports (a later attempt adds -attempt-2 in SCORM 1.2, :attempt-2 in SCORM 2004).",
            "Source is the file and line to change, as scr-course check prints it.",
            "Suggest changes with tracked changes or comments; record your decision in the sign-off table at the end.",
        ):
            self.doc.add_paragraph(line, style="List Bullet")

    def section(self, section: SectionFacts, sheet: ReviewSheet) -> None:
        self.page_break()
        title = f"Module {section.number}: {section.title}" if section.number else section.title
        self.doc.add_heading(title, level=1)
        rows: list[tuple[str, str]] = []
        module = section.module
        if module is not None:
            rows += [(f"standards: {s.framework}", "; ".join(s.headings)) for s in module.standards]
        minutes = f"{section.minutes} minute{'s' if section.minutes != 1 else ''}"
        minutes += " (estimated)" if section.minutes_estimated else ""
        rows.append(("time", f"{minutes}; {section.summary.prose_words:,} words of text, "
                     f"{section.summary.question_words:,} in questions"))
        rows += list(section.settings)
        rows.append(("source", section.source))
        self.facts_table(tuple(rows))
        if module is not None and module.objectives:
            self.doc.add_paragraph("Objectives", style="Caption")
            self.numbered(module.objectives)
        for page in section.pages:
            self.page(page, sheet)

    def page(self, page: Page, sheet: ReviewSheet) -> None:
        self.doc.add_heading(page.title, level=2)
        self.doc.add_paragraph(str(page.loc), style="Caption")
        self.blocks(page.blocks, sheet)

    def blocks(self, blocks: tuple[Block, ...], sheet: ReviewSheet) -> None:
        for block in blocks:
            if isinstance(block, Prose):
                self.html(block.html)
            elif isinstance(block, Callout):
                label = block.kind.value.replace("-", " ").capitalize()
                self.label(f"{label}: {block.title}" if block.title else label)
                self.html(block.body, style="Quote")
            elif isinstance(block, Reflection):
                self.label(f"Reflection {block.id} (not scored)  {block.loc}")
                self.html(block.prompt, style="Quote")
            elif isinstance(block, Question):
                self.question(block, sheet.questions[block.id])
            elif isinstance(block, Figure):
                self.label(f"Figure {block.id}  {block.loc}")
                image = block.image
                paragraph = self.doc.add_paragraph()
                if not self.images.add(paragraph, image.href, image.width, image.height, image.alt):
                    paragraph.add_run(f"[Image: {image.alt} ({image.href})]")
                self.html(block.caption, style="Caption")
                if block.description:
                    self.label("Long description")
                    self.html(block.description)
            elif isinstance(block, Chart):
                unit = f" ({block.unit})" if block.unit else ""
                self.label(f"{block.kind.value.capitalize()} chart {block.id}: {block.title}{unit}  {block.loc}")
                self.table((block.category_label, *(s.name for s in block.series)),
                           [(c, *(f"{s.values[i]:g}" for s in block.series)) for i, c in enumerate(block.categories)])
                if block.caption:
                    self.html(block.caption)
            elif isinstance(block, Sequence):
                self.label(f"{'Timeline' if block.kind == 'timeline' else 'Steps'}  {block.loc}")
                num_id = self._new_numbering()
                for item in block.items:
                    paragraph = self._numbered_paragraph(num_id)
                    paragraph.add_run(_text(item.title) + ": ").bold = True
                    paragraph.add_run(_text(item.body))
            elif isinstance(block, Media):
                captions = f", captions {block.captions}" if block.captions else ""
                self.label(f"{block.kind.value.capitalize()} {block.src}{captions}  {block.loc}")
                if block.caption:
                    self.html(block.caption)
                if block.transcript:
                    self.label("Transcript")
                    self.html(block.transcript)
            elif isinstance(block, Details):
                self.label(f"Details (closed until the learner opens it): {block.title}  {block.loc}")
                self.blocks(block.blocks, sheet)
            else:
                self.label(type(block).__name__)
                for html in markup_of(block):
                    self.html(html)

    def question(self, question: Question, facts: QuestionFacts) -> None:
        weight = f", weight {question.weight}" if question.weight != 1 else ""
        self.doc.add_heading(f"Question {facts.number} ({facts.kind}{weight})", level=3)
        rows = [("question id", question.id)]
        rows += [(f"LMS interaction id ({standard})", value) for standard, value in facts.interaction_ids]
        if facts.topic:
            rows.append(("topic", facts.topic))
        if facts.never_drawn:
            rows.append(("drawn", "never drawn: the module's draw names no topic of this question, "
                                  "so no learner sees it"))
        rows.append(("source", facts.source))
        self.facts_table(tuple(rows))
        self.html(question.prompt)
        kind = question.kind.value
        if question.choices and kind != "numeric":
            arranged = kind in ("matching", "ordering")
            rows_: list[tuple[str, str, str, str]] = []
            for index, choice in enumerate(question.choices, start=1):
                text = _text(choice.text) + (f" → {_text(choice.match)}" if choice.match else "")
                key = "–" if arranged else ("✓ correct" if choice.correct else "✗ incorrect")
                rows_.append((str(index) if kind == "ordering" else choice.id.upper(), text, key,
                              _text(choice.feedback) if choice.feedback else ""))
            self.table(("step" if kind == "ordering" else "option", "text", "key", "feedback"), rows_)
        paragraph = self.doc.add_paragraph()
        paragraph.add_run("Keyed answer: ").bold = True
        paragraph.add_run(facts.key)
        if question.explanation:
            self.label("Explanation (shown after answering)")
            self.html(question.explanation)

    def sign_off(self, course: Course) -> None:
        self.page_break()
        self.doc.add_heading("Sign-off", level=1)
        self.doc.add_paragraph(f"I have reviewed the content above (version {course.config.version}) for accuracy "
                               "and safe practice. Decision: approved, approved with the changes marked, or not "
                               "approved.")
        self.table(("Name", "Role", "Date", "Decision"), [("", "", "", "")] * 4)

    # -- pieces ------------------------------------------------------------------------------

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def label(self, text: str) -> None:
        self.doc.add_paragraph().add_run(text).bold = True

    def facts_table(self, rows: tuple[tuple[str, str], ...]) -> None:
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].paragraphs[0].add_run(value)

    def table(self, header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> Table:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.paragraphs[0].add_run(text)
        return typing.cast(Table, table)

    def numbered(self, items: Iterable[str]) -> None:
        num_id = self._new_numbering()
        for item in items:
            self._numbered_paragraph(num_id).add_run(item)

    def _new_numbering(self) -> int:
        # Word continues "List Number" across the whole document; each list gets its own w:num
        # with a start override, so every list starts again at 1.
        numbering = self.doc.part.numbering_part.element
        style_num = self.doc.styles["List Number"].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    def _numbered_paragraph(self, num_id: int) -> Paragraph:
        paragraph = self.doc.add_paragraph(style="List Number")
        paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num_id
        return paragraph

    def html(self, html: str, style: str | None = None) -> None:
        """Trusted HTML from our Markdown renderer, as Word paragraphs, lists and tables."""
        root = lxml_html.fragment_fromstring(f"<div>{html}</div>")
        self._blocks(root, style)

    def _blocks(self, node: lxml_html.HtmlElement, style: str | None) -> None:
        loose: list[object] = []  # inline content between block elements
        if node.text and node.text.strip():
            loose.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in BLOCK_TAGS:
                self._flush(loose, style)
                self._block(child, tag, style)
                if child.tail and child.tail.strip():
                    loose.append(child.tail)
            else:
                loose.append(child)
        self._flush(loose, style)

    def _flush(self, loose: list[object], style: str | None) -> None:
        if loose:
            paragraph = self.doc.add_paragraph(style=style)
            for item in loose:
                if isinstance(item, str):
                    paragraph.add_run(_flow(item))
                else:
                    _inline(paragraph, item, images=self.images)
                    if item.tail:  # type: ignore[attr-defined]
                        paragraph.add_run(_flow(item.tail))  # type: ignore[attr-defined]
            loose.clear()

    def _block(self, node: lxml_html.HtmlElement, tag: str, style: str | None) -> None:
        if tag == "p":
            _inline_children(self.doc.add_paragraph(style=style), node, images=self.images)
        elif tag in ("ul", "ol"):
            num_id = self._new_numbering() if tag == "ol" else None
            for item in node.iterchildren("li"):
                paragraph = self._numbered_paragraph(num_id) if num_id else self.doc.add_paragraph(style="List Bullet")
                _inline_children(paragraph, item, skip=BLOCK_TAGS - {"p"}, images=self.images)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            # Headings inside a page sit below its Heading 2; keep the outline without gaps.
            self.doc.add_heading(node.text_content().strip(), level=3 if tag in ("h1", "h2") else 4)
        elif tag == "table":
            rows = [[c.text_content().strip() for c in tr.iterchildren("th", "td")] for tr in node.iter("tr")]
            width = max((len(r) for r in rows), default=0)
            if rows and width:
                self.table(tuple(rows[0] + [""] * (width - len(rows[0]))),
                           [tuple(r + [""] * (width - len(r))) for r in rows[1:]])
        elif tag == "pre":
            run = self.doc.add_paragraph(style=style).add_run(node.text_content())
            run.font.name = "Consolas"
        elif tag == "hr":
            return
        else:  # blockquote, div, figure, aside…: their contents, quoted when they are quotes
            self._blocks(node, "Quote" if tag == "blockquote" else style)


def _inline_children(paragraph: Paragraph, node: lxml_html.HtmlElement, skip: set[str] | None = None,
                     images: _Images | None = None) -> None:
    if node.text:
        paragraph.add_run(_flow(node.text))
    for child in node:
        if skip and child.tag in skip:
            paragraph.add_run(" " + _flow(child.text_content().strip()))
        else:
            _inline(paragraph, child, images=images)
        if child.tail:
            paragraph.add_run(_flow(child.tail))


def _inline(paragraph: Paragraph, node: lxml_html.HtmlElement, bold: bool = False, italic: bool = False,
            code: bool = False, images: _Images | None = None) -> None:
    """One inline element as runs; its tail belongs to the parent, which adds it."""
    tag = node.tag if isinstance(node.tag, str) else ""
    bold = bold or tag in ("strong", "b")
    italic = italic or tag in ("em", "i")
    code = code or tag == "code"
    if tag == "br":
        paragraph.add_run().add_break()
    elif tag == "img":
        src, alt = node.get("src", ""), node.get("alt", "")
        shown = images is not None and images.add(paragraph, src, int(node.get("width") or 0),
                                                  int(node.get("height") or 0), alt)
        if not shown:
            _run(paragraph, f"[Image: {alt} ({src})]", bold, italic, code)
    elif tag:
        if node.text:
            _run(paragraph, node.text, bold, italic, code)
        for child in node:
            _inline(paragraph, child, bold, italic, code, images)
            if child.tail:
                _run(paragraph, child.tail, bold, italic, code)
        if tag == "a" and (href := node.get("href", "")).startswith(("http://", "https://", "mailto:")):
            _run(paragraph, f" ({href})", bold, italic, code)


def _flow(text: str) -> str:
    """A source line wrap is a space: python-docx would turn a newline into a hard line break."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", text)


def _run(paragraph: Paragraph, text: str, bold: bool, italic: bool, code: bool) -> None:
    run = paragraph.add_run(_flow(text))
    run.bold = bold or None
    run.italic = italic or None
    if code:
        run.font.name = "Consolas"


def _text(html: str | None) -> str:
    return Markup(html or "").striptags()
