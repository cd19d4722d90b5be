"""Manifests: golden files, the official schemas, and the promises they make to the runtime."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from scr_course.model import BuildTarget, OutputFile
from scr_course.pipeline import check
from scr_course.plan import plan_packages
from scr_course.render import render_package
from scr_course.validate.xml import compiled_schema, safe_parser

from .conftest import GOLDEN

NS = {
    "scorm12": {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"},
    "scorm2004": {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
                  "imsss": "http://www.imsglobal.org/xsd/imsss"},
}


SCORM = [BuildTarget.SCORM12, BuildTarget.SCORM2004]
SCHEMA = {BuildTarget.SCORM12: "1.2", BuildTarget.SCORM2004: "2004", BuildTarget.CMI5: "cmi5"}


def rendered(root: Path, target: BuildTarget) -> tuple[OutputFile, ...]:
    report = check(root)
    assert report.course is not None and not report.failed()
    (plan,) = plan_packages(report.course)
    return render_package(report.course, plan, target)


def manifest(files: tuple[OutputFile, ...]) -> etree._Element:
    """The package's first file: imsmanifest.xml (SCORM) or cmi5.xml (cmi5)."""
    assert files[0].href in ("imsmanifest.xml", "cmi5.xml")
    assert files[0].data is not None
    return etree.fromstring(files[0].data, safe_parser())


@pytest.mark.parametrize("target", list(BuildTarget))
@pytest.mark.parametrize("name", ["minimal", "question-types"])
def test_manifest_matches_golden_file(
    name: str, target: BuildTarget, course: Callable[[str], Path], update_golden: bool
) -> None:
    files = rendered(course(name), target)
    golden = GOLDEN / name / target.value
    actual = {files[0].href: files[0].data or b"", "files.txt": "\n".join(f.href for f in files).encode() + b"\n"}
    for filename, data in actual.items():
        if update_golden:
            golden.mkdir(parents=True, exist_ok=True)
            (golden / filename).write_bytes(data)
        assert (golden / filename).read_bytes() == data, f"{golden / filename} differs (review, then --update-golden)"


@pytest.mark.parametrize("target", list(BuildTarget))
@pytest.mark.parametrize("name", ["minimal", "question-types"])
def test_manifest_is_valid_against_the_official_schemas(
    name: str, target: BuildTarget, course: Callable[[str], Path]
) -> None:
    root = manifest(rendered(course(name), target))
    schema = compiled_schema(SCHEMA[target])
    assert schema.validate(root), schema.error_log


@pytest.mark.parametrize("target", SCORM)
def test_every_file_of_the_package_is_listed_once(target: BuildTarget, course: Callable[[str], Path]) -> None:
    files = rendered(course("minimal"), target)
    root = manifest(files)
    listed = [f.get("href") for f in root.iterfind(".//cp:file", NS[target.value])]
    assert sorted(listed) == sorted(f.href for f in files[1:])
    assert "assets/diagram.svg" in listed


def test_schema_files_ship_at_the_package_root(course: Callable[[str], Path]) -> None:
    root = course("minimal")
    hrefs12 = {f.href for f in rendered(root, BuildTarget.SCORM12)}
    assert {"imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"} <= hrefs12
    hrefs2004 = {f.href for f in rendered(root, BuildTarget.SCORM2004)}
    assert {"imscp_v1p1.xsd", "adlcp_v1p3.xsd", "imsss_v1p0.xsd", "xml.xsd", "lom.xsd", "common/anyElement.xsd"} <= hrefs2004


def _runtime_data(files: tuple[OutputFile, ...]) -> dict[str, object]:
    html = next(f.data for f in files if f.href == "index.html")
    assert html is not None
    match = re.search(rb'<script type="application/json" id="scr-data">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_pass_mark_in_manifest_equals_the_runtime_pass_mark(course: Callable[[str], Path]) -> None:
    root = course("question-types")
    files12 = rendered(root, BuildTarget.SCORM12)
    mastery = manifest(files12).findtext(".//adlcp:masteryscore", namespaces=NS["scorm12"])
    assert mastery == "75"
    assert _runtime_data(files12)["tracking"]["passMark"] == 75  # type: ignore[index]
    files2004 = rendered(root, BuildTarget.SCORM2004)
    measure = manifest(files2004).findtext(".//imsss:minNormalizedMeasure", namespaces=NS["scorm2004"])
    assert measure == "0.75"
    assert _runtime_data(files2004)["tracking"]["passMark"] == 75  # type: ignore[index]


def test_unscored_course_has_no_mastery_score_and_completes_by_measure(course: Callable[[str], Path]) -> None:
    root = course("minimal")
    assert manifest(rendered(root, BuildTarget.SCORM12)).find(".//adlcp:masteryscore", NS["scorm12"]) is None
    threshold = manifest(rendered(root, BuildTarget.SCORM2004)).find(".//adlcp:completionThreshold", NS["scorm2004"])
    assert threshold is not None and threshold.get("minProgressMeasure") == "1.0"


def test_titles_are_escaped_in_xml(course: Callable[[str], Path]) -> None:
    data = rendered(course("minimal"), BuildTarget.SCORM12)[0].data or b""
    assert b"A tiny course &amp; its &lt;test&gt;" in data
