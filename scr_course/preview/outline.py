"""What the simulated LMS learns from a built package: its SCOs, as an LMS reads them from the manifest."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from scr_course.model import OutputFile, PackagePlan
from scr_course.render.cmi5 import COURSE_STRUCTURE
from scr_course.render.data import sco_pages

MANIFEST = "imsmanifest.xml"
_DATA_SCRIPT = re.compile(rb'<script[^>]*\bid="scr-data"[^>]*>(.*?)</script>', re.DOTALL)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoOutline:
    """One launchable SCO: manifest values the LMS initialises the run-time data model from."""

    identifier: str
    title: str
    href: str
    """Launch file inside the package."""
    mastery_score: str | None = None
    """SCORM 1.2 ``adlcp:masteryscore`` → ``cmi.student_data.mastery_score``."""
    completion_threshold: str | None = None
    """SCORM 2004 ``adlcp:completionThreshold@minProgressMeasure`` → ``cmi.completion_threshold``."""
    scaled_passing_score: str | None = None
    """SCORM 2004 primary objective ``minNormalizedMeasure`` → ``cmi.scaled_passing_score``."""
    pages: tuple[tuple[str, str], ...] = ()
    """(page id, title) in reading order, for the inspector's "Jump to page"."""
    move_on: str | None = None
    """cmi5 AU ``moveOn``; the preview's LMS.LaunchData carries it (with masteryScore)."""

    def to_json(self) -> dict[str, Any]:
        """Camel-cased for the inspector's JavaScript."""
        return {
            "identifier": self.identifier, "title": self.title, "href": self.href,
            "masteryScore": self.mastery_score, "completionThreshold": self.completion_threshold,
            "scaledPassingScore": self.scaled_passing_score, "moveOn": self.move_on,
            "pages": [{"id": page_id, "title": title} for page_id, title in self.pages],
        }


def _local(element: etree._Element, name: str) -> list[etree._Element]:
    # Namespace-agnostic: the same reading works for the 1.2 and the 2004 manifest.
    return element.xpath(f".//*[local-name()='{name}']")  # type: ignore[no-any-return]


def _text(elements: list[etree._Element]) -> str | None:
    for element in elements:
        text = str(element.text or "").strip()
        if text:
            return text
    return None


def course_identity(files: Mapping[str, OutputFile], scos: tuple[ScoOutline, ...]) -> dict[str, str]:
    """The course id and title as the first SCO page's runtime data states them (for storage keys)."""
    page = files.get(scos[0].href) if scos else None
    match = _DATA_SCRIPT.search(page.data) if page is not None and page.data is not None else None
    try:
        course = json.loads(match.group(1)).get("course", {}) if match else {}
    except (ValueError, AttributeError):
        course = {}
    return {"id": str(course.get("id", "course")), "title": str(course.get("title", ""))}


def package_outline(files: Mapping[str, OutputFile], plan: PackagePlan | None) -> tuple[ScoOutline, ...]:
    """The SCOs of a rendered package in organisation order, read back from its own manifest."""
    pages = {sco.href: tuple((p.id, p.title) for p, _ in sco_pages(sco)) for sco in (plan.scos if plan else ())}
    manifest = files.get(MANIFEST)
    structure = files.get(COURSE_STRUCTURE)
    if (manifest is None or manifest.data is None) and structure is not None and structure.data is not None:
        return _cmi5_outline(structure.data, pages)
    if manifest is None or manifest.data is None:
        return ()
    root = etree.fromstring(manifest.data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    resources = {r.get("identifier"): r for r in _local(root, "resource")}
    scos = []
    for item in _local(root, "item"):
        resource = resources.get(item.get("identifierref"))
        href = resource.get("href") if resource is not None else None
        if not href:
            continue
        threshold = next((c.get("minProgressMeasure") for c in _local(item, "completionThreshold")
                          if c.get("completedByMeasure") == "true"), None)
        passing = next((_text(_local(o, "minNormalizedMeasure")) for o in _local(item, "primaryObjective")
                        if o.get("satisfiedByMeasure") == "true"), None)
        title_nodes = [c for c in item if isinstance(c.tag, str) and etree.QName(c).localname == "title"]
        scos.append(ScoOutline(
            identifier=item.get("identifier") or href,
            title=_text(title_nodes) or href,
            href=href,
            mastery_score=_text(_local(item, "masteryscore")),
            completion_threshold=threshold,
            scaled_passing_score=passing,
            pages=pages.get(href, ()),
        ))
    return tuple(scos)


def _cmi5_outline(data: bytes, pages: dict[str, tuple[tuple[str, str], ...]]) -> tuple[ScoOutline, ...]:
    """The AUs of a cmi5 package from its cmi5.xml: id, title, url, moveOn and masteryScore."""
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    outlines = []
    for au in _local(root, "au"):
        url = _text(_local(au, "url")) or ""
        title = next((_text(_local(t, "langstring")) for t in _local(au, "title")), None)
        outlines.append(ScoOutline(identifier=au.get("id") or url, title=title or url, href=url,
                                   mastery_score=au.get("masteryScore"), move_on=au.get("moveOn"),
                                   pages=pages.get(url, ())))
    return tuple(outlines)
