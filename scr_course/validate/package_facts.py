"""What an admin needs to know about a package before uploading it: the facts behind ``validate --report``.

In: a zip that ``validate_package`` found valid (or the problems it found). Out: a frozen
``PackageFacts``: target and schema result, SCOs and mastery, the file list, the
Content-Security-Policy, every external request the files could make, and, for each SCO built by
scr-course, the worst case it can send (``worst_case``).
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from scr_course.validate.cmi5 import COURSE_STRUCTURE
from scr_course.validate.scorm import check_entries, validate_package
from scr_course.validate.worst_case import WorstCase, worst_case
from scr_course.validate.xml import ADLCP_12, ADLCP_2004, CMI5_NS, parse_untrusted

TEXT_SUFFIXES = (".html", ".htm", ".js", ".css", ".svg", ".xml", ".json", ".vtt")
RESOURCE_LOAD = re.compile(
    r"""(?:\b(?:src|srcset|poster|data|action|formaction)\s*=\s*\\?["']?|<link\b[^>]*\bhref\s*=\s*\\?["']?"""
    r"""|url\(\s*["']?|@import\s+["']?|\b(?:fetch|open|sendBeacon|importScripts)\(\s*["'`]|\bnew\s+(?:WebSocket|EventSource)\(\s*["'`])"""
    r"""(?P<address>(?:https?:|wss?:|ftp:)?//[^\s"'`)<>\\]+)""", re.IGNORECASE)
"""An address a browser would load by itself (a script, style, image, font, frame, request)."""
LINK_OUT = re.compile(r"""<a\b[^>]*\bhref\s*=\s*\\?["']?((?:https?:)?//[^\s"'<>\\]+)""", re.IGNORECASE)
"""A link the learner may follow: not a request the page makes."""
CSP = re.compile(r"""<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=["']([^"']*)["']""", re.IGNORECASE)
RUNTIME_DATA = re.compile(r"""<script[^>]*\bid=["']scr-data["'][^>]*>(.*?)</script>""", re.DOTALL)
SCHEMAS = {"1.2": "scorm12", "2004 3rd Edition": "scorm2004", "2004 4th Edition": "scorm2004", "CAM 1.3": "scorm2004"}


@dataclass(frozen=True, slots=True)
class Sco:
    """One launchable unit: a SCORM SCO or a cmi5 AU."""

    title: str
    launch: str
    mastery: str
    """As the package states it (``masteryscore 80``, ``minNormalizedMeasure 0.8``, ``masteryScore 0.8``), or ''."""
    worst: WorstCase | None
    """None when the SCO's page carries no scr-course runtime data (another tool's package)."""


@dataclass(frozen=True, slots=True)
class PackageFacts:
    """Everything ``validate --report`` states about one zip."""

    path: Path
    size: int
    target: str
    """``scorm12``, ``scorm2004``, ``cmi5``, or '' when unknown."""
    problems: tuple[str, ...]
    """``validate`` errors; empty when the package passed."""
    scos: tuple[Sco, ...]
    files: tuple[tuple[str, int], ...]
    """(name, uncompressed bytes), in zip order."""
    csp: tuple[tuple[str, str], ...]
    """(html file, its Content-Security-Policy meta tag; '' when it has none)."""
    requests: tuple[tuple[str, str], ...]
    """(file, address) of every external load found; empty is the goal."""
    links_out: tuple[tuple[str, str], ...]
    """(file, address) of links to other sites (the learner may follow them; nothing loads them)."""


def package_facts(path: Path) -> PackageFacts:
    """Read a zip for the report (validation first; a package that fails still gets its facts where readable)."""
    problems = tuple(validate_package(path))
    size = path.stat().st_size if path.is_file() else 0
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return PackageFacts(path, size, "", problems, (), (), (), (), ())
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if check_entries(archive, str(path)):  # unsafe entries or a zip bomb: list it, read nothing
            return PackageFacts(path, size, "", problems, (), tuple((i.filename, i.file_size) for i in infos), (), (), ())
        names = {i.filename for i in infos}
        texts = {i.filename: archive.read(i).decode("utf-8", "replace") for i in infos
                 if i.filename.lower().endswith(TEXT_SUFFIXES)}
        target, scos = _structure(archive, names, texts)
    requests, links = _external(texts)
    csp = tuple((name, _csp(text)) for name, text in sorted(texts.items()) if name.lower().endswith((".html", ".htm")))
    return PackageFacts(path, size, target, problems, scos, tuple((i.filename, i.file_size) for i in infos), csp,
                        requests, links)


def _structure(archive: zipfile.ZipFile, names: set[str], texts: dict[str, str]) -> tuple[str, tuple[Sco, ...]]:
    if "imsmanifest.xml" in names:
        root = parse_untrusted("imsmanifest.xml", archive.read("imsmanifest.xml"))
        if isinstance(root, list):
            return "", ()
        version = next((e.text or "" for e in root.iter() if etree.QName(e).localname == "schemaversion"), "")
        target = SCHEMAS.get(version.strip(), "")
        return target, tuple(_scorm_scos(root, target, texts))
    if COURSE_STRUCTURE in names:
        root = parse_untrusted(COURSE_STRUCTURE, archive.read(COURSE_STRUCTURE))
        if isinstance(root, list):
            return "cmi5", ()
        scos = []
        for au in root.iter(f"{{{CMI5_NS}}}au"):
            url = next((e.text or "" for e in au if etree.QName(e).localname == "url"), "")
            mastery = au.get("masteryScore")
            scos.append(Sco(_title(au), url, f"masteryScore {mastery}" if mastery else "",
                            _worst(texts.get(url.split("?")[0]), "cmi5")))
        return "cmi5", tuple(scos)
    return "", ()


def _scorm_scos(root: etree._Element, target: str, texts: dict[str, str]) -> list[Sco]:
    adlcp, attribute = (ADLCP_12, "scormtype") if target == "scorm12" else (ADLCP_2004, "scormType")
    resources = {r.get("identifier"): r for r in root.iter() if etree.QName(r).localname == "resource"}
    scos = []
    for item in (e for e in root.iter() if etree.QName(e).localname == "item" and e.get("identifierref")):
        resource = resources.get(item.get("identifierref"))
        if resource is None or resource.get(f"{{{adlcp}}}{attribute}") != "sco":
            continue
        href = (resource.get("{http://www.w3.org/XML/1998/namespace}base") or "") + (resource.get("href") or "")
        mastery = ""
        for element in item.iter():
            local = etree.QName(element).localname
            if local == "masteryscore":
                mastery = f"masteryscore {(element.text or '').strip()}"
            elif local == "minNormalizedMeasure":
                mastery = f"minNormalizedMeasure {(element.text or '').strip()}"
        worst = _worst(texts.get(str(PurePosixPath(href.split("?")[0]))), target)
        scos.append(Sco(_title(item), href, mastery, worst))
    return scos


def _title(element: etree._Element) -> str:
    for child in element.iter():
        if etree.QName(child).localname in ("title", "langstring") and (child.text or "").strip():
            return (child.text or "").strip()
    return ""


def _worst(html: str | None, target: str) -> WorstCase | None:
    """The worst case for a SCO's page, when it carries scr-course runtime data (SCORM only)."""
    if html is None or target not in ("scorm12", "scorm2004"):
        return None
    match = RUNTIME_DATA.search(html)
    if not match:
        return None
    try:
        data: dict[str, Any] = json.loads(match.group(1))
        return worst_case(data, target)
    except (ValueError, KeyError, TypeError):
        return None


def _csp(html: str) -> str:
    match = CSP.search(html)
    return match.group(1).replace("&#39;", "'").replace("&quot;", '"') if match else ""


def _external(texts: dict[str, str]) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    requests: list[tuple[str, str]] = []
    links: list[tuple[str, str]] = []
    for name, text in sorted(texts.items()):
        if name.lower().endswith((".xml", ".xsd")):
            continue  # schema locations are names, never fetched by a browser
        requests += [(name, m.group("address")) for m in RESOURCE_LOAD.finditer(text)]
        links += [(name, m.group(1)) for m in LINK_OUT.finditer(text)]
    return tuple(dict.fromkeys(requests)), tuple(dict.fromkeys(links))

