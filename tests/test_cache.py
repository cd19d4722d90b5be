"""The parse cache is plain data: reading it never runs code; corrupt, foreign or forged files are ignored."""

from __future__ import annotations

import json
import os
import pickle
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main
from scr_course.diagnostics import Diagnostic
from scr_course.model import Asset, Module, Page
from scr_course.parse.plaindata import PlainDataError, decode, encode
from scr_course.pipeline import CACHE_FILE, check

REPO = Path(__file__).parent.parent


class _RunsCode:
    """Unpickling this calls os.system: what an attacker who can write the build folder would plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _zips(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.zip"))}


def test_a_cache_file_that_would_run_code_when_unpickled_is_ignored(
    course: Callable[[str], Path], tmp_path: Path
) -> None:
    root = course("question-types")
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_RunsCode(marker))
    pickle.loads(payload)  # the payload really does run code when unpickled…
    assert marker.exists()
    marker.unlink()
    cache = tmp_path / "out" / CACHE_FILE
    cache.parent.mkdir(parents=True)
    cache.write_bytes(payload)
    (cache.parent / "parse.pickle").write_bytes(payload)  # the old cache name, too
    code, output = build("--src", str(root), "--out", "out")
    assert code == 0, output
    assert not marker.exists()  # …and the build never ran it
    assert f"note: {Path('out') / CACHE_FILE}: corrupt; parse cache ignored, rebuilding" in output
    assert json.loads(cache.read_text(encoding="utf-8").splitlines()[0])[0] == "scr-course parse cache"
    build("--src", str(root), "--out", "fresh", "--no-cache")
    assert _zips(tmp_path / "out") == _zips(tmp_path / "fresh")
    code, output = build("--src", str(root), "--out", "out")  # the rebuilt cache is used without a note
    assert code == 0 and "note:" not in output, output


def test_a_foreign_json_file_is_ignored_with_a_note(course: Callable[[str], Path], tmp_path: Path) -> None:
    root = course("minimal")
    cache = tmp_path / "out" / CACHE_FILE
    cache.parent.mkdir(parents=True)
    cache.write_text('{"some": "other tool"}\n', encoding="utf-8")
    code, output = build("--src", str(root), "--out", "out")
    assert code == 0, output
    assert "not a scr-course parse cache; ignored, rebuilding" in output


def test_an_entry_of_the_wrong_shape_is_rejected(course: Callable[[str], Path], tmp_path: Path) -> None:
    root = course("question-types")
    build("--src", str(root), "--out", "out")
    cache = tmp_path / "out" / CACHE_FILE
    lines = cache.read_text(encoding="utf-8").splitlines()
    kind, key, value = json.loads(lines[-1])
    value[0]["@"] = "Popen"  # a class name the entry's declared type does not allow
    cache.write_text("\n".join([*lines[:-1], json.dumps([kind, key, value])]) + "\n", encoding="utf-8")
    code, output = build("--src", str(root), "--out", "out")
    assert code == 0, output
    assert "corrupt; parse cache ignored, rebuilding" in output


def test_a_forged_entry_cannot_package_a_file_from_outside_the_course(write_course: Callable[..., Path],
                                                                        tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    root = write_course({"modules/01-a.md": "# A\n\n## P\n\n![A dot](../assets/dot.svg)\n", "assets/dot.svg": svg})
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the package", encoding="utf-8")
    build("--src", str(root), "--out", "out")
    cache = tmp_path / "out" / CACHE_FILE
    forged = cache.read_text(encoding="utf-8").replace(json.dumps(str(root / "assets" / "dot.svg")),
                                                       json.dumps(str(secret)))
    assert forged != cache.read_text(encoding="utf-8")
    cache.write_text(forged, encoding="utf-8")
    code, output = build("--src", str(root), "--out", "out")
    assert code == 0, output
    for package in (tmp_path / "out").glob("*.zip"):
        with zipfile.ZipFile(package) as archive:
            assert archive.read("assets/dot.svg").decode() == svg
            assert all(b"not for the package" not in archive.read(n) for n in archive.namelist())


def test_the_sample_course_round_trips_through_plain_data() -> None:
    course = check(REPO / "course_src").course
    assert course is not None
    for module in course.modules:
        data = json.loads(json.dumps(encode(module)))
        again = decode(data, Module)
        assert isinstance(again, Module)
        assert encode(again) == data
    for page in course.pages_before + course.pages_after:
        assert decode(json.loads(json.dumps(encode(page))), Page) == page


@pytest.mark.parametrize("data", [
    {"@": "Asset", "src": "/x", "href": "a", "media_type": "text/plain", "extra": 1},  # unknown field
    {"@": "Asset", "src": "/x", "href": "a"},  # missing field
    {"@": "Asset", "src": 3, "href": "a", "media_type": "text/plain"},  # wrong type
    ["Asset", "/x"],
])
def test_data_of_another_shape_is_refused(data: object) -> None:
    with pytest.raises(PlainDataError):
        decode(data, Asset)
    with pytest.raises(PlainDataError):
        decode([data], tuple[Diagnostic, ...])
