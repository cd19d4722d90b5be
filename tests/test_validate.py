"""``scr-course validate`` on our packages and on broken, unsafe and hostile zips."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.validate import validate_package


@pytest.fixture
def built(course: Callable[[str], Path], tmp_path: Path) -> dict[str, Path]:
    """The minimal fixture course built for all three targets."""
    result = CliRunner().invoke(main, ["build", "--src", str(course("minimal")), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    return {p.stem.rsplit("-", 1)[1]: p for p in (tmp_path / "out").glob("*.zip")}


def rewrite(source: Path, target: Path, change: Callable[[str, bytes], tuple[str, bytes] | None],
            extra: list[tuple[zipfile.ZipInfo | str, bytes]] = ()) -> Path:  # type: ignore[assignment]
    """Copy a zip entry by entry through ``change`` (None drops the entry), then add ``extra``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            changed = change(info.filename, old.read(info))
            if changed is not None:
                new.writestr(changed[0], changed[1])
        for info, data in extra:
            new.writestr(info, data)
    return target


def test_our_packages_are_valid(built: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["validate", *map(str, built.values())])
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok") == 3


def test_missing_and_unlisted_files_are_reported(built: dict[str, Path], tmp_path: Path) -> None:
    broken = rewrite(built["scorm12"], tmp_path / "b.zip",
                     lambda n, d: None if n == "runtime/player.css" else (n, d), [("stray.txt", b"x")])
    problems = validate_package(broken)
    assert any("file 'runtime/player.css' is listed but not in the zip" in p for p in problems)
    assert any("file 'stray.txt' is in the zip but not listed in any resource" in p for p in problems)


def test_schema_errors_have_manifest_lines(built: dict[str, Path], tmp_path: Path) -> None:
    def spoil(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "imsmanifest.xml":
            data = data.replace(b'adlcp:scormType="sco"', b'adlcp:scormType="lesson"')
        return name, data

    problems = validate_package(rewrite(built["scorm2004"], tmp_path / "b.zip", spoil))
    assert any("!imsmanifest.xml:" in p and "schema:" in p and "lesson" in p for p in problems), problems


def test_launch_file_and_manifest_location(built: dict[str, Path], tmp_path: Path) -> None:
    no_launch = rewrite(built["scorm12"], tmp_path / "a.zip", lambda n, d: None if n == "index.html" else (n, d))
    assert any("launch file 'index.html'" in p for p in validate_package(no_launch))
    nested = rewrite(built["scorm12"], tmp_path / "n.zip", lambda n, d: (f"course/{n}", d))
    assert validate_package(nested) == [
        f"{nested}: error: no imsmanifest.xml (SCORM) or cmi5.xml (cmi5) at the root of the zip "
        "(found 'course/imsmanifest.xml': zip the folder's contents, not the folder)"]


@pytest.mark.parametrize(("entry", "message"), [
    ("../evil.txt", "climbs out of the package"),
    ("/etc/evil.txt", "absolute or Windows path"),
    ("C:/evil.txt", "absolute or Windows path"),
    ("a\\..\\evil.txt", "absolute or Windows path"),
])
def test_unsafe_entry_names_are_refused(built: dict[str, Path], tmp_path: Path, entry: str, message: str) -> None:
    hostile = rewrite(built["scorm12"], tmp_path / "h.zip", lambda n, d: (n, d), [(entry, b"x")])
    problems = validate_package(hostile)
    assert any(message in p and entry in p for p in problems), problems


def test_symlink_and_duplicate_entries_are_refused(built: dict[str, Path], tmp_path: Path) -> None:
    link = zipfile.ZipInfo("link")
    link.external_attr = (0o120777 << 16)
    hostile = rewrite(built["scorm12"], tmp_path / "h.zip", lambda n, d: (n, d),
                      [(link, b"/etc/passwd"), ("index.html", b"again")])
    problems = validate_package(hostile)
    assert any("'link' is a symbolic link" in p for p in problems)
    assert any("'index.html' appears more than once" in p for p in problems)


def test_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", b"<manifest/>")
        archive.writestr("zeros.bin", bytes(30 * 1024 * 1024))
    problems = validate_package(bomb)
    assert any("zeros.bin" in p and "zip bomb" in p for p in problems), problems


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty file, not a zip"),
    (b"PK\x03\x04 but not really a zip", "not a zip file"),
    (b"<html>hello</html>", "not a zip file"),
])
def test_non_zips_are_reported(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    assert any(message in p for p in validate_package(path))


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M"><organizations/><resources/>&secret;</manifest>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">&lol3;</manifest>"""


@pytest.mark.parametrize("manifest", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entity_attacks_are_refused(tmp_path: Path, manifest: bytes) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest)
    problems = validate_package(path)
    assert problems and "DOCTYPE or entities" in problems[0]
    assert all("root:" not in p for p in problems)  # nothing of /etc/passwd leaked into the output


def test_validate_exits_one_and_prints_every_problem(built: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"")
    result = CliRunner().invoke(main, ["validate", str(built["scorm12"]), str(bad)])
    assert result.exit_code == 1
    assert f"{built['scorm12']}: ok" in result.output
    assert f"{bad}: error: empty file, not a zip" in result.output


def test_cmi5_course_structure_is_checked(built: dict[str, Path], tmp_path: Path) -> None:
    """cmi5.xml against CourseStructure.xsd, every AU launch file present, ids unique and objectives declared."""
    def spoil(name: str, data: bytes) -> tuple[str, bytes] | None:
        if name == "index.html":
            return None
        if name == "cmi5.xml":
            data = data.replace(b'moveOn="Completed"', b'moveOn="Whenever"')
            data = data.replace(b'<objective idref="urn:scr-course:minimal/objectives/basics/1"/>',
                                b'<objective idref="urn:scr-course:minimal/objectives/nowhere"/>')
        return name, data

    problems = validate_package(rewrite(built["cmi5"], tmp_path / "c.zip", spoil))
    where = f"{tmp_path / 'c.zip'}!cmi5.xml"
    assert any(p.startswith(where + ":") and "schema:" in p and "Whenever" in p for p in problems), problems
    assert any("launch file 'index.html' of AU 'urn:scr-course:minimal/au/minimal' is not in the zip" in p
               for p in problems), problems
    assert any("objective 'urn:scr-course:minimal/objectives/nowhere' is not declared" in p for p in problems), problems


def test_cmi5_package_entries_are_checked_like_scorm_ones(built: dict[str, Path], tmp_path: Path) -> None:
    hostile = rewrite(built["cmi5"], tmp_path / "h.zip", lambda n, d: (n, d), [("../evil.txt", b"x")])
    assert any("climbs out of the package" in p for p in validate_package(hostile))
    nested = rewrite(built["cmi5"], tmp_path / "n.zip", lambda n, d: (f"course/{n}", d))
    assert "found 'course/cmi5.xml'" in validate_package(nested)[0]


def test_report_covers_broken_and_foreign_packages_without_a_traceback(built: dict[str, Path], tmp_path: Path) -> None:
    # Issue 20: the report states what it can; a failed check is shown as failed, the exit code is 1.
    not_zip = tmp_path / "notes.zip"
    not_zip.write_bytes(b"<html>hello</html>")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", b"<manifest/>")
        archive.writestr("zeros.bin", bytes(30 * 1024 * 1024))
    foreign = rewrite(built["scorm12"], tmp_path / "foreign.zip",
                      lambda name, data: (name, data.replace(b'id="scr-data"', b'id="other-data"')))
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["validate", "--report", str(report), str(not_zip), str(bomb), str(foreign)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    page = report.read_text(encoding="utf-8")
    assert page.count('<span class="verdict-bad">failed</span>') == 2
    assert "zeros.bin" in page  # listed, never read
    assert "no scr-course runtime data in this page" in page  # another tool's SCO: no worst case claimed
