"""Translations: export xliff, import xliff, one package per language, and the checks on stale,
missing and broken units (issue 23, "one source, two languages").

The bilingual fixture is the first pages of the sample course's first module with a Welsh
translation in locale/cy.xliff that is machine-made and unreviewed (state "translated").
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from click.testing import CliRunner
from lxml import etree

from scr_course.cli import main
from scr_course.diagnostics import SourceLocation
from scr_course.pipeline import check
from scr_course.source.loader import SourceFile
from scr_course.translate.inline import parse_inline, to_markdown
from scr_course.translate.segments import apply_translations, segment_markdown

from .conftest import REPO

NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
MODULE = "modules/01-learning-from-reviews.md"


def _tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_export_then_import_of_the_unchanged_file_keeps_every_byte_of_the_course(
        course: Callable[[str], Path]) -> None:
    root = course("bilingual")
    before = _tree_digest(root)
    code, _, err = _run("export", "xliff", "--src", str(root), "--language", "cy", "--out", "cy.xliff")
    assert code == 0, err
    exported = Path("cy.xliff").read_bytes()
    code, _, err = _run("import", "xliff", "--src", str(root), "cy.xliff")
    assert code == 0, err
    assert "already up to date" in err
    assert _tree_digest(root) == before
    # Exported again, the file is the same too: the stored translations come back as targets.
    _run("export", "xliff", "--src", str(root), "--language", "cy", "--out", "again.xliff")
    assert Path("again.xliff").read_bytes() == exported


def test_an_untranslated_export_imported_writes_nothing(course: Callable[[str], Path]) -> None:
    root = course("blocks")
    before = _tree_digest(root)
    _run("export", "xliff", "--src", str(root), "--language", "cy", "--out", "cy.xliff")
    code, _, err = _run("import", "xliff", "--src", str(root), "cy.xliff")
    assert code == 0, err
    assert "nothing to import" in err
    assert _tree_digest(root) == before


def test_the_export_is_structurally_sound_xliff_2(course: Callable[[str], Path]) -> None:
    root = course("bilingual")
    _run("export", "xliff", "--src", str(root), "--language", "cy", "--out", "cy.xliff")
    doc = etree.parse("cy.xliff").getroot()
    assert doc.tag == "{%s}xliff" % NS["x"] and doc.get("version") == "2.0"
    assert (doc.get("srcLang"), doc.get("trgLang")) == ("en-GB", "cy")
    files = doc.findall("x:file", NS)
    assert [f.get("original") for f in files] == ["course.yml", MODULE]
    for file in files:
        ids = [u.get("id") for u in file.findall("x:unit", NS)]
        assert len(ids) == len(set(ids)), "unit ids are unique within a file"
        assert all(re.fullmatch(r"[\w.:-]+", i) for i in ids), "unit ids are NMTOKENs"
        for unit in file.findall("x:unit", NS):
            # Core order: notes, originalData, then segments; every data reference resolves.
            names = [etree.QName(c).localname for c in unit]
            assert names in (["notes", "segment"], ["notes", "originalData", "segment"]), names
            data = {d.get("id") for d in unit.iterfind(".//x:data", NS)}
            for inline in unit.iterfind(".//x:pc", NS):
                assert {inline.get("dataRefStart"), inline.get("dataRefEnd")} <= data
            for inline in unit.iterfind(".//x:ph", NS):
                assert inline.get("dataRef") in data
            notes = {n.get("category"): n.text for n in unit.iterfind(".//x:note", NS)}
            assert set(notes) == {"location", "kind", "source-hash"}
    where = {u.get("id"): u.findtext(".//x:note[@category='location']", namespaces=NS)
             for u in doc.iterfind(".//x:unit", NS)}
    assert where["what-scrs-were:1"] == f"{MODULE}:15"
    assert where["what-scrs-were:q.m1-review-purpose:2"] == f"{MODULE}:33"
    # Bold stays a code the translator moves but does not type.
    unit = doc.find(".//x:unit[@id='what-scrs-were:3']", NS)
    assert unit.find(".//x:source/x:pc", NS).get("subType") == "xlf:b"


def test_unit_ids_come_from_places_not_words(tmp_path: Path) -> None:
    text = (REPO / "tests/fixtures/courses/bilingual" / MODULE).read_text(encoding="utf-8")
    loc = SourceLocation(path=PurePosixPath(MODULE), line=1)
    first = segment_markdown(SourceFile(rel=PurePosixPath(MODULE), loc=loc, text=text))
    edited = segment_markdown(SourceFile(rel=PurePosixPath(MODULE), loc=loc,
                                         text=text.replace("What serious case reviews were", "What SCRs were")))
    assert [u.id for u in first.units] == [u.id for u in edited.units]
    assert first.id == "learning-from-reviews"


def test_every_text_of_the_sample_course_survives_markdown_and_placement_round_trips() -> None:
    for path in sorted((REPO / "course_src").rglob("*.md")):
        rel = PurePosixPath(path.relative_to(REPO / "course_src").as_posix())
        source = SourceFile(rel=rel, loc=SourceLocation(path=rel, line=1), text=path.read_text(encoding="utf-8"))
        units = segment_markdown(source).units
        for unit in units:
            assert to_markdown(parse_inline(unit.text)) == unit.text, unit.id
        assert apply_translations(source, units, {u.id: u.text for u in units}) == source.text
        shouted = apply_translations(source, units, {u.id: u.text.upper() + " X" for u in units})
        assert shouted.count("\n") == source.text.count("\n"), "a translation keeps every line number"


def test_a_translated_module_builds_a_welsh_package(course: Callable[[str], Path]) -> None:
    root = course("bilingual")
    # Not --strict: the fixture keeps two pages of module 1, where '### Learning, not blame' is the
    # only subheading left (page.lone-subheading, a warning); no translation may warn.
    code, _, err = _run("build", "--src", str(root), "--out", "build")
    assert code == 0, err
    assert "[translation." not in err and ": error: " not in err, err
    names = sorted(p.name for p in Path("build").glob("*.zip"))
    assert names == ["bilingual-1.0.0-cy-cmi5.zip", "bilingual-1.0.0-cy-scorm12.zip",
                     "bilingual-1.0.0-en-GB-cmi5.zip", "bilingual-1.0.0-en-GB-scorm12.zip"]
    with zipfile.ZipFile("build/bilingual-1.0.0-cy-scorm12.zip") as package:
        page = package.read("index.html").decode("utf-8")
        manifest = package.read("imsmanifest.xml").decode("utf-8")
    assert '<html lang="cy"' in page
    assert "Beth oedd adolygiadau achosion difrifol" in page  # a page title
    assert "Nid treial na gwrandawiad disgyblu yw adolygiad." in page  # prose
    assert "Mae rheolwr tîm newydd yn dod o hyd i SCR o 2016" in page  # a question
    assert "<strong>ac</strong>" in page  # bold kept
    assert 'href="https://docest.com/doc/291331/cornwall-isles-of-scilly-safeguarding-children-board"' in page
    assert "A review is not a trial" not in page
    assert "Rydych wedi gorffen y cwrs" in page  # interface strings follow the language (cy.yml finish.title)
    assert "<title>Dysgu o adolygiadau achosion difrifol</title>" in manifest
    with zipfile.ZipFile("build/bilingual-1.0.0-en-GB-scorm12.zip") as package:
        english = package.read("index.html").decode("utf-8")
    assert "A review is not a trial" in english and "Nid treial" not in english
    with zipfile.ZipFile("build/bilingual-1.0.0-cy-cmi5.zip") as package:
        structure = package.read("cmi5.xml").decode("utf-8")
    assert 'id="urn:scr-course:bilingual/cy"' in structure and 'lang="cy"' in structure
    code, out, err = _run("validate", *(str(p) for p in sorted(Path("build").glob("*.zip"))))
    assert code == 0, out + err


def test_inline_codes_survive_the_xml_round_trip() -> None:
    from scr_course.translate.inline import Q, read_content, write_content

    text = "See ![a *red* dot](x.png), `code`, [a **bold** link](https://example.org/a_b) and {#here}."
    data: dict[str, str] = {}
    element = etree.Element(Q + "source")
    write_content(element, parse_inline(text), data)
    xml = etree.tostring(element, encoding="unicode")
    # The translator sees the alt text and link words; paths and addresses stay in <originalData>.
    assert "red" in xml and "bold" in xml and "example.org" not in xml and "x.png" not in xml
    assert "](https://example.org/a_b)" in data.values()
    parts, ids = read_content(etree.fromstring(xml), data)
    assert to_markdown(parts) == text
    assert ids == ("1", "2", "3", "4", "5", "6")


def test_check_flags_a_stale_and_a_missing_translation_at_their_units(course: Callable[[str], Path]) -> None:
    root = course("bilingual")
    module = root / MODULE
    text = module.read_text(encoding="utf-8")
    text = text.replace("A review is not a trial or a disciplinary hearing.",
                        "A review is not a trial, an inquest or a disciplinary hearing.")
    text = text.replace("### Learning, not blame\n", "### Learning, not blame\n\nA new paragraph, not yet translated.\n")
    module.write_text(text, encoding="utf-8")
    found = [d.format() for d in check(root).diagnostics]
    stale = [d for d in found if "[translation.stale]" in d]
    missing = [d for d in found if "[translation.missing]" in d]
    # The new paragraph shifts the ids after it; units are matched by their English, so only the
    # edited paragraph is stale and only the new one is missing.
    assert stale == [f"bilingual/{MODULE}:28: warning: paragraph 'what-scrs-were:8' changed since it was "
                     "translated (bilingual/locale/cy.xliff:173); check the cy text and import it again "
                     "[translation.stale]"]
    assert missing == [f"bilingual/{MODULE}:26: warning: paragraph 'what-scrs-were:7' has no cy translation in "
                       "locale/cy.xliff: learners see the source text [translation.missing]"]
    assert not [d for d in found if "[translation.unknown-unit]" in d]


def test_after_a_paragraph_is_added_an_export_import_renumbers_the_stored_units(
        course: Callable[[str], Path]) -> None:
    root = course("bilingual")
    module = root / MODULE
    module.write_text(module.read_text(encoding="utf-8").replace(
        "### Learning, not blame\n", "### Learning, not blame\n\nA new paragraph.\n"), encoding="utf-8")
    _run("export", "xliff", "--src", str(root), "--language", "cy", "--out", "cy.xliff")
    code, _, err = _run("import", "xliff", "--src", str(root), "cy.xliff")
    assert code == 0, err
    found = [d.format() for d in check(root).diagnostics]
    assert [d for d in found if "translation." in d] == [
        f"bilingual/{MODULE}:26: warning: paragraph 'what-scrs-were:7' has no cy translation in locale/cy.xliff: "
        "learners see the source text [translation.missing]"]
    stored = etree.parse(str(root / "locale" / "cy.xliff"))
    ids = [u.get("id") for u in stored.iterfind(".//x:unit", NS)]
    assert "what-scrs-were:7" not in ids and "what-scrs-were:8" in ids and "what-scrs-were:13" in ids


def test_check_flags_lost_placeholders_and_units_no_longer_in_the_course(course: Callable[[str], Path]) -> None:
    root = course("bilingual")
    stored = root / "locale" / "cy.xliff"
    xml = stored.read_text(encoding="utf-8")
    lost = xml.replace('<pc id="1" dataRefStart="d1" dataRefEnd="d1" type="fmt" subType="xlf:b">ac</pc>', "ac")
    assert lost != xml
    stored.write_text(lost.replace('<unit id="title:4">', '<unit id="title:99">'), encoding="utf-8")
    found = [d.format() for d in check(root).diagnostics]
    assert any(d.startswith("bilingual/locale/cy.xliff:") and "[translation.broken]" in d
               and "'what-scrs-were:3'" in d and "lost **…**" in d for d in found), found
    assert any("'title:99'" in d and "[translation.unknown-unit]" in d for d in found), found
    # Its English still matches a unit, so that unit keeps its translation.
    assert not any("'title:4' has no cy translation" in d for d in found), found


def test_import_refuses_a_file_with_broken_placeholders_and_writes_nothing(course: Callable[[str], Path]) -> None:
    root = course("bilingual")
    before = _tree_digest(root)
    _run("export", "xliff", "--src", str(root), "--language", "cy", "--out", "cy.xliff")
    xml = Path("cy.xliff").read_text(encoding="utf-8")
    # The translator drops the bold around "neu" and edits the text, so the unit would be taken.
    broken = xml.replace('<pc id="1" dataRefStart="d1" dataRefEnd="d1" type="fmt" subType="xlf:b">neu</pc> roedd',
                         "neu roedd hefyd")
    assert broken != xml
    Path("cy.xliff").write_text(broken, encoding="utf-8")
    code, _, err = _run("import", "xliff", "--src", str(root), "cy.xliff")
    assert code == 1
    assert re.search(r"^cy\.xliff:\d+: error: unit 'what-scrs-were:4': the translation must keep .*"
                     r"\[translation\.broken\]$", err, re.MULTILINE), err
    assert _tree_digest(root) == before


def test_languages_must_include_the_source_language(write_course: Callable[..., Path]) -> None:
    root = write_course({"course.yml": 'id: tiny\ntitle: Tiny\nversion: "1.0"\nlanguage: en-GB\nlanguages: [cy]\n',
                         "modules/01-a.md": "# A\n\n## B\n\nText.\n"})
    found = [d.format() for d in check(root).diagnostics]
    assert any(d.startswith("src/course.yml:5: error: languages must list the course's own language 'en-GB'")
               for d in found), found


def test_a_translation_that_changes_a_questions_option_count_is_broken(course: Callable[[str], Path]) -> None:
    import dataclasses

    from scr_course.diagnostics import Diagnostics
    from scr_course.translate.course import compare_structure

    report = check(course("bilingual"))
    assert report.course is not None and len(report.translations) == 1
    welsh = report.translations[0]
    module = welsh.modules[0]
    page = next(p for p in module.pages if p.questions)
    question = page.questions[0]
    fewer = dataclasses.replace(question, choices=question.choices[:-1])
    blocks = tuple(fewer if b is question else b for b in page.blocks)
    pages = tuple(dataclasses.replace(p, blocks=blocks) if p is page else p for p in module.pages)
    broken = dataclasses.replace(welsh, modules=(dataclasses.replace(module, pages=pages),))
    found = Diagnostics()
    compare_structure(report.course, welsh, found)
    assert found.items == []
    compare_structure(report.course, broken, found)
    assert [d.format() for d in found.items] == [
        f"bilingual/{MODULE}:30: error: question 'm1-review-purpose' has 4 options but 3 in cy: a translation "
        "starts a line with list syntax [translation.broken]"]


def test_a_translated_page_heading_keeps_the_page_id_its_english_gives(tmp_path: Path) -> None:
    from scr_course.translate.segments import apply_translations

    text = "# Module\n\n## Working together\n\nText.\n"
    source = SourceFile(rel=PurePosixPath("modules/01-a.md"), loc=SourceLocation(path=PurePosixPath("m"), line=1),
                        text=text)
    units = segment_markdown(source).units
    heading = next(u for u in units if u.text == "Working together")
    assert apply_translations(source, units, {heading.id: "Cydweithio"}) == (
        "# Module\n\n## Cydweithio {#working-together}\n\nText.\n")


def test_questions_and_reflections_without_ids_keep_their_english_ids(write_course: Callable[..., Path]) -> None:
    root = write_course({
        "course.yml": 'id: tiny\ntitle: Tiny\nversion: "1.0"\nlanguage: en-GB\nlanguages: [en-GB, cy]\n',
        "modules/01-a.md": ("# A\n\n## B\n\nText.\n\n::: question\nWhich is right?\n\n- [x] This\n- [ ] That\n:::\n\n"
                            "::: reflection\nWhat would you do?\n:::\n"),
    })
    _run("export", "xliff", "--src", str(root), "--language", "cy", "--out", "cy.xliff")
    document = etree.parse("cy.xliff")
    for segment in document.iterfind(".//x:segment", NS):
        target = etree.SubElement(segment, "{%s}target" % NS["x"])
        target.text = "Cymraeg: " + segment.findtext("x:source", namespaces=NS)
    document.write("cy.xliff")
    code, _, err = _run("import", "xliff", "--src", str(root), "cy.xliff")
    assert code == 0, err
    report = check(root)
    assert not [d for d in report.diagnostics if d.code.value.startswith("translation.")]
    english, welsh = report.course.modules[0].pages[0], report.translations[0].modules[0].pages[0]
    assert welsh.questions[0].prompt != english.questions[0].prompt
    assert [q.id for q in welsh.questions] == [q.id for q in english.questions]
    assert [r.id for r in welsh.reflections] == [r.id for r in english.reflections]
