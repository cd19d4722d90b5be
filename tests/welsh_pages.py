"""What each page of the bilingual fixture's Welsh package must show, read from its locale/cy.xliff.

Shared by tests/test_xliff.py (the built package's markup) and tests/browser/test_translation.py
(the pages as a learner opens them in an LMS). The fixture is the whole of the sample course's
module 1 with a machine-made, unreviewed Welsh translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from scr_course.translate.inline import plain_text, read_content

from .conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "courses" / "bilingual"
MODULE_ID = "learning-from-reviews"
NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


@dataclass(frozen=True)
class Unit:
    id: str
    kind: str
    source: str
    target: str
    """Both as the learner reads them: Markdown codes left out, spaces collapsed."""


@dataclass(frozen=True)
class PageText:
    page_id: str
    title: Unit
    """The page's heading (its h1)."""
    first_paragraph: Unit
    """The first paragraph of the page's own text (the first ``<p>`` directly in its section)."""


def _plain(element: etree._Element, data: dict[str, str]) -> str:
    return " ".join(plain_text(read_content(element, data)[0]).split())


def stored_units(course: Path = FIXTURE) -> list[Unit]:
    """Every unit of the module's file in locale/cy.xliff, in reading order."""
    document = etree.parse(str(course / "locale" / "cy.xliff"))
    units = []
    for unit in document.iterfind(".//x:file[@id='%s']/x:unit" % MODULE_ID, NS):
        data = {d.get("id"): d.text or "" for d in unit.iterfind(".//x:data", NS)}
        segment = unit.find("x:segment", NS)
        units.append(Unit(id=unit.get("id"), kind=unit.findtext(".//x:note[@category='kind']", namespaces=NS),
                          source=_plain(segment.find("x:source", NS), data),
                          target=_plain(segment.find("x:target", NS), data)))
    return units


def expected_pages(course: Path = FIXTURE) -> list[PageText]:
    """Each page of the module, in order: its scope's first heading and first paragraph outside questions."""
    pages: dict[str, list[Unit]] = {}
    for unit in stored_units(course):
        scope = unit.id.split(":", 1)[0]
        if scope != "meta" and ":q." not in unit.id:
            pages.setdefault(scope, []).append(unit)
    found = []
    for scope, units in pages.items():
        page_id = f"{MODULE_ID}--{'start' if scope == 'title' else scope}"
        heading = next(u for u in units if u.kind == "heading")
        paragraph = next(u for u in units if u.kind == "paragraph")
        found.append(PageText(page_id=page_id, title=heading, first_paragraph=paragraph))
    return found

