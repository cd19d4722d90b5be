"""cmi5.xml: one AU per SCO, moveOn, masteryScore, launchMethod and IRIs from course.yml (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lxml import etree

from scr_course.model import BuildTarget
from scr_course.pipeline import check
from scr_course.plan import plan_packages
from scr_course.render import render_package
from scr_course.validate.xml import compiled_schema, safe_parser

NS = {"c": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"}


def structures(root: Path) -> list[etree._Element]:
    """The parsed cmi5.xml of every cmi5 package the course builds, each checked against the XSD."""
    report = check(root)
    assert report.course is not None and not report.failed(), report.diagnostics
    found = []
    for plan in plan_packages(report.course):
        files = render_package(report.course, plan, BuildTarget.CMI5)
        assert files[0].href == "cmi5.xml" and files[0].data is not None
        assert "imsmanifest.xml" not in {f.href for f in files}
        element = etree.fromstring(files[0].data, safe_parser())
        assert compiled_schema("cmi5").validate(element), compiled_schema("cmi5").error_log
        found.append(element)
    return found


def configure(root: Path, extra: str) -> None:
    path = root / "course.yml"
    path.write_text(path.read_text() + extra)


def test_default_iris_are_stable_urns_from_the_course_id(course: Callable[[str], Path]) -> None:
    (structure,) = structures(course("question-types"))
    assert structure.find("c:course", NS).get("id") == "urn:scr-course:question-types"
    au = structure.find("c:au", NS)
    assert au.get("id") == "urn:scr-course:question-types/au/question-types"
    assert au.findtext("c:url", namespaces=NS) == "index.html"
    assert au.findtext("c:title/c:langstring", namespaces=NS) == "Every question type"
    assert au.find("c:title/c:langstring", NS).get("lang") == "en-GB"
    assert [o.get("idref") for o in au.iterfind("c:objectives/c:objective", NS)] == [
        "urn:scr-course:question-types/objectives/checks/1"]
    assert [o.get("id") for o in structure.iterfind("c:objectives/c:objective", NS)] == [
        "urn:scr-course:question-types/objectives/checks/1"]


def test_assessment_moves_on_when_passed_at_the_pass_mark(course: Callable[[str], Path]) -> None:
    (structure,) = structures(course("question-types"))
    au = structure.find("c:au", NS)
    assert (au.get("moveOn"), au.get("masteryScore"), au.get("launchMethod")) == ("Passed", "0.75", "AnyWindow")


def test_settings_from_course_yml(course: Callable[[str], Path]) -> None:
    root = course("question-types")
    configure(root, "cmi5:\n  iri: https://learning.example.org/courses/qt/\n"
                    "  move_on: completed-and-passed\n  launch_method: own-window\n")
    (structure,) = structures(root)
    assert structure.find("c:course", NS).get("id") == "https://learning.example.org/courses/qt"
    au = structure.find("c:au", NS)
    assert au.get("id") == "https://learning.example.org/courses/qt/au/question-types"
    assert (au.get("moveOn"), au.get("launchMethod")) == ("CompletedAndPassed", "OwnWindow")


def test_pages_complete_an_unscored_course(course: Callable[[str], Path]) -> None:
    (structure,) = structures(course("minimal"))
    au = structure.find("c:au", NS)
    assert au.get("moveOn") == "Completed"
    assert au.get("masteryScore") is None


def test_one_au_per_sco_of_the_packaging(course: Callable[[str], Path]) -> None:
    root = course("question-types")
    configure(root, "packaging: sco-per-module\n")
    (structure,) = structures(root)
    aus = structure.findall("c:au", NS)
    assert [a.findtext("c:url", namespaces=NS) for a in aus] == ["checks.html", "final.html"]
    # The knowledge checks are not scored: that AU completes by pages whatever course.yml says.
    assert [(a.get("moveOn"), a.get("masteryScore")) for a in aus] == [("Completed", None), ("Passed", "0.75")]
    assert aus[0].findtext("c:description/c:langstring", namespaces=NS) == "Try every type"


def test_package_per_module_gives_each_course_its_own_id(course: Callable[[str], Path]) -> None:
    root = course("question-types")
    configure(root, "packaging: package-per-module\n")
    packages = structures(root)
    assert [s.find("c:course", NS).get("id") for s in packages] == [
        "urn:scr-course:question-types/packages/checks", "urn:scr-course:question-types/packages/final"]
    assert [len(s.findall("c:au", NS)) for s in packages] == [1, 1]
