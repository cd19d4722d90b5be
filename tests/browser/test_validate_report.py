"""Issue 20: ``scr-course validate --report`` for the sample course's three packages.

The report is parsed for the facts it must state, opened in Chromium (no request but itself, no
CSP violation, no script) and checked with axe in light and dark mode.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from harness import assert_no_serious_violations
from lxml import html

from scr_course.cli import main
from scr_course.validate.moodle_beacon import PAYLOAD_BUDGET

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).parent.parent.parent / "course_src"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The sample course built (three zips) and its report written."""
    out = tmp_path_factory.mktemp("report")
    built = CliRunner().invoke(main, ["build", "--src", str(SAMPLE), "--out", str(out / "zips")])
    assert built.exit_code == 0, built.output
    zips = sorted((out / "zips").glob("*.zip"))
    assert [z.name.rsplit("-", 1)[1] for z in zips] == ["cmi5.zip", "scorm12.zip", "scorm2004.zip"]
    path = out / "site" / "report.html"
    result = CliRunner().invoke(main, ["validate", "--report", str(path), *map(str, zips)])
    assert result.exit_code == 0, result.output
    return path, zips


def runtime_data(zip_path: Path) -> dict[str, Any]:
    page = zipfile.ZipFile(zip_path).read("index.html").decode()
    data: dict[str, Any] = json.loads(re.search(r'id="scr-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    return data


def test_report_states_each_packages_facts(report: tuple[Path, list[Path]]) -> None:
    path, zips = report
    tree = html.fromstring(path.read_bytes())
    sections = tree.xpath("//section")
    assert [s.xpath("string(h2)") for s in sections] == [z.name for z in zips]
    for section, zip_path in zip(sections, zips, strict=True):
        def fact(name: str, node: Any = section) -> str:
            return " ".join(node.xpath(f"string(.//*[@data-fact='{name}'])").split())

        target = zip_path.stem.rsplit("-", 1)[1]
        assert fact("target") == target
        assert fact("schema").startswith("passed")
        assert fact("requests").startswith("none")
        [unit] = section.xpath(".//table[@data-fact='scos']/tbody/tr")
        mastery = {"cmi5": "masteryScore 0.8", "scorm12": "masteryscore 80", "scorm2004": "minNormalizedMeasure 0.8"}
        assert mastery[target] in unit.text_content()
        archive = zipfile.ZipFile(zip_path)
        files = section.xpath(".//table[@data-fact='files']/tbody/tr")
        assert [(r[0].text_content(), int(r[1].text_content().replace(",", ""))) for r in files] == \
            [(i.filename, i.file_size) for i in archive.infolist()]
        policies = section.xpath(".//table[@data-fact='csp']/tbody/tr")
        assert [r[0].text_content() for r in policies] == ["index.html"]
        assert "default-src 'self'" in policies[0][1].text_content()
        notes = fact("notes")
        ids = [li.text_content() for li in section.xpath(".//*[@data-fact='interaction-ids']/li")]
        questions = [q["id"] for q in runtime_data(zip_path)["questions"]]
        if target == "cmi5":
            assert "cmi5" in notes and not ids
            assert "not applicable" in unit.text_content()
            continue
        assert "Require status" in notes and "Require minimum score" in notes
        assert ("only 'Passed'" in notes) if target == "scorm12" else ("'Passed' alone never completes" in notes)
        assert ids == (questions if target == "scorm12" else [f"urn:scr:scr-learning-2014-17:{q}" for q in questions])
        limit = {"scorm12": 4096, "scorm2004": 64000}[target]
        suspend = fact("suspend", unit)
        used = int(suspend.split(" of ")[0].replace(",", ""))
        assert suspend.endswith(f"of {limit:,}") and 0 < used <= limit
        commit = fact("commit", unit)
        size = int(commit.split(" ")[0].replace(",", ""))
        assert "within the budget" in commit and 0 < size < PAYLOAD_BUDGET, commit


def test_report_loads_nothing_and_passes_axe(report: tuple[Path, list[Path]], browser: Any, harness_server: Any,
                                             axe_check: Any) -> None:
    path, _ = report
    url = harness_server.url + harness_server.mount("report", path.parent) + path.name
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(url, wait_until="load")
        assert requests == [url]
        assert page.evaluate("() => document.scripts.length") == 0
        assert not [line for line in console if "Content Security Policy" in line], console
        # The CSP admits the inline style by its hash: the page is styled, not blocked.
        assert page.evaluate("() => getComputedStyle(document.querySelector('h2')).borderTopStyle") == "solid"
    finally:
        context.close()
    # axe is injected past the report's own CSP (which rightly refuses it) in a context of its own.
    checker = browser.new_context(bypass_csp=True)
    try:
        page = checker.new_page()
        page.goto(url, wait_until="load")
        for scheme, width in (("light", 320), ("dark", 1280), ("dark", 320), ("light", 1280)):
            page.emulate_media(color_scheme=scheme)
            page.set_viewport_size({"width": width, "height": 900})
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (scheme, width)
            if (scheme, width) in (("light", 320), ("dark", 1280)):  # axe on a 1,000-row page is slow: once each
                assert_no_serious_violations(axe_check(page))
    finally:
        checker.close()
