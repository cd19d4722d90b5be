"""``scr-course validate`` for cmi5 zips: cmi5.xml against CourseStructure.xsd, AU launch files, ids."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from scr_course.validate.xml import CMI5_NS, compiled_schema, parse_untrusted

COURSE_STRUCTURE = "cmi5.xml"


def check_course_structure(name: str, data: bytes, names: set[str]) -> list[str]:
    """Every problem of a cmi5 package's course structure as ``path: error: message`` lines."""
    where = f"{name}!{COURSE_STRUCTURE}"
    root = parse_untrusted(where, data)
    if isinstance(root, list):
        return root
    if root.tag != f"{{{CMI5_NS}}}courseStructure":
        return [f"{where}:{root.sourceline}: error: root element is not a cmi5 courseStructure"]
    problems: list[str] = []

    def problem(element: etree._Element | None, message: str) -> None:
        line = f":{element.sourceline}" if element is not None and element.sourceline else ""
        problems.append(f"{where}{line}: error: {message}")

    schema = compiled_schema("cmi5")
    if not schema.validate(root):
        for error in schema.error_log:
            problems.append(f"{where}:{error.line}: error: schema: {error.message}")
    q = {"c": CMI5_NS}
    # cmi5 13.1: course, block, AU and objective ids are IRIs that identify one thing each.
    seen: dict[str, int] = {}
    for element in root.iter(f"{{{CMI5_NS}}}course", f"{{{CMI5_NS}}}block", f"{{{CMI5_NS}}}au"):
        identifier = (element.get("id") or "").strip()
        if ":" not in identifier:
            problem(element, f"id '{identifier}' is not an absolute IRI")
        elif identifier in seen:
            problem(element, f"id '{identifier}' is used twice (first on line {seen[identifier]})")
        seen.setdefault(identifier, element.sourceline or 0)
    declared = {o.get("id") for o in root.iterfind("c:objectives/c:objective", q)}
    for reference in root.iterfind(".//c:au/c:objectives/c:objective", q):
        if reference.get("idref") not in declared:
            problem(reference, f"objective '{reference.get('idref')}' is not declared in the course's <objectives>")
    aus = list(root.iter(f"{{{CMI5_NS}}}au"))
    for au in aus:
        url = (au.findtext("c:url", namespaces=q) or "").strip()
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            continue  # cmi5 allows an AU hosted elsewhere; it is not part of this zip
        target = parts.path
        if not target or target.startswith("/") or ".." in target.split("/"):
            problem(au, f"AU url '{url}' must be a relative path inside the package")
        elif target not in names:
            problem(au, f"launch file '{target}' of AU '{au.get('id')}' is not in the zip")
    if not aus:
        problem(root, "the course structure has no <au>")
    return problems
