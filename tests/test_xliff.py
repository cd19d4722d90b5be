"""Translations: export xliff, import xliff, one package per language, and the checks on stale,
missing and broken units (issue 23, "one source, two languages").

The bilingual fixture is the whole of the sample course's first module with a Welsh translation
in locale/cy.xliff that is machine-made and unreviewed (state "translated"), exported, filled and
imported with the tool's own verbs.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from click.testing import CliRunner
import lxml.html
from lxml import etree

from scr_course.cli import main
from scr_course.diagnostics import SourceLocation
from scr_course.pipeline import check
from scr_course.source.loader import SourceFile
from scr_course.translate.inline import parse_inline, to_markdown
from scr_course.translate.segments import apply_translations, segment_markdown

from . import welsh_pages
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
    assert where["what-scrs-were:1"] == f"{MODULE}:21"
    assert where["what-scrs-were:q.m1-review-purpose:2"] == f"{MODULE}:39"
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


def _markup_of(package: zipfile.ZipFile) -> str:
    """The launch file's markup, then the page markup its chunk scripts carry."""
    markup = [package.read("index.html").decode("utf-8")]
    for name in sorted(n for n in package.namelist() if re.fullmatch(r"index-pages-\d+\.js", n)):
        # Line 2: window.scrPageChunks["index-pages-N.js"] = {"html": …, "keys": …};
        line = package.read(name).decode("utf-8").splitlines()[1]
        markup.append(json.loads(line.split(" = ", 1)[1].rstrip(";"))["html"])
    return "".join(markup)


def _pages_of(package: zipfile.ZipFile) -> dict[str, lxml.html.HtmlElement]:
    """Every page section of a package: the launch file's and those its chunk scripts carry."""
    sections = lxml.html.fromstring("<div>" + _markup_of(package) + "</div>").xpath("//section[contains(concat(' ', @class, ' '), ' page ')]")
    return {s.get("data-page"): s for s in sections}


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_fixture_is_the_whole_of_the_sample_courses_first_module() -> None:
    sample = check(REPO / "course_src").course
    fixture = check(welsh_pages.FIXTURE).course
    assert sample is not None and fixture is not None
    english, copy = sample.modules[0], fixture.modules[0]
    assert [p.id for p in copy.pages] == [p.id for p in english.pages]
    assert [q.id for p in copy.pages for q in p.questions] == [q.id for p in english.pages for q in p.questions]
    assert [r.id for p in copy.pages for r in p.reflections] == [r.id for p in english.pages for r in p.reflections]
    assert len(english.pages) == 8 and [p.page_id for p in welsh_pages.expected_pages()] == [
        p.id for p in copy.pages]


def test_a_translated_module_builds_a_welsh_package_whose_every_page_shows_the_welsh(
        course: Callable[[str], Path]) -> None:
    root = course("bilingual")
    code, _, err = _run("build", "--strict", "--src", str(root), "--out", "build")
    assert code == 0, err
    assert "[translation." not in err and ": error: " not in err, err
    names = sorted(p.name for p in Path("build").glob("*.zip"))
    assert names == ["bilingual-1.0.0-cy-cmi5.zip", "bilingual-1.0.0-cy-scorm12.zip",
                     "bilingual-1.0.0-en-GB-cmi5.zip", "bilingual-1.0.0-en-GB-scorm12.zip"]
    with zipfile.ZipFile("build/bilingual-1.0.0-cy-scorm12.zip") as package:
        page = _markup_of(package)
        manifest = package.read("imsmanifest.xml").decode("utf-8")
        welsh = _pages_of(package)
    with zipfile.ZipFile("build/bilingual-1.0.0-en-GB-scorm12.zip") as package:
        english = _pages_of(package)
    expected = welsh_pages.expected_pages()
    assert sorted(welsh) == sorted(english) == sorted(["course-start", *(p.page_id for p in expected)])
    for want in expected:
        section, source = welsh[want.page_id], english[want.page_id]
        assert _text(section.xpath(".//h1")[0]) == want.title.target != want.title.source, want.page_id
        assert _text(section.xpath("./p")[0]) == want.first_paragraph.target, want.page_id
        assert want.first_paragraph.target != want.first_paragraph.source
        # The English package is the same page in English.
        assert _text(source.xpath(".//h1")[0]) == want.title.source
        assert _text(source.xpath("./p")[0]) == want.first_paragraph.source
    # Every text a learner reads on a page (feedback and explanations are encoded until revealed)
    # is the Welsh target in the cy package.
    shown = " ".join(_text(s) for s in welsh.values())
    hidden = ("feedback",)
    for unit in welsh_pages.stored_units():
        in_question = ":q." in unit.id and not unit.id.endswith(":1") and unit.kind == "paragraph"
        if unit.kind in hidden or in_question:
            continue
        assert unit.target in shown, unit.id
    assert '<html lang="cy"' in page
    assert "<strong>ac</strong>" in page  # bold kept
    assert 'href="https://docest.com/doc/291331/cornwall-isles-of-scilly-safeguarding-children-board"' in page
    assert "A review is not a trial" not in page
    assert "Rydych wedi gorffen y cwrs" in page  # interface strings follow the language (cy.yml finish.title)
    # True and False are interface words in the package's language.
    labels = [_text(x) for x in welsh["learning-from-reviews--learning-that-sticks"].xpath(
        ".//form[@data-question='m1-tf-boundaries']//label")]
    assert labels == ["Gwir", "Gau"]
    assert [_text(x) for x in english["learning-from-reviews--learning-that-sticks"].xpath(
        ".//form[@data-question='m1-tf-boundaries']//label")] == ["True", "False"]
    assert "<title>Dysgu o adolygiadau achosion difrifol</title>" in manifest
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
    # Further on, on other pages: an option of a question edited, a key message added.
    text = text.replace("- [x] Check that practitioners across agencies get regular reflective supervision.\n",
                        "- [x] Check that practitioners in every agency get regular reflective supervision.\n")
    text = text.replace("- Reviews are for learning and system improvement, not for blaming individuals.\n",
                        "- Reviews are for learning and system improvement, not for blaming individuals.\n"
                        "- A new key message, not yet translated.\n")
    module.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    assert lines[268 - 1].endswith("in every agency get regular reflective supervision.")
    assert lines[310 - 1] == "- A new key message, not yet translated."
    found = [d.format() for d in check(root).diagnostics]
    stale = [d for d in found if "[translation.stale]" in d]
    missing = [d for d in found if "[translation.missing]" in d]
    # The new paragraph shifts the ids after it; units are matched by their English, so only the
    # edited texts are stale and only the new ones are missing.
    assert stale == [
        f"bilingual/{MODULE}:34: warning: paragraph 'what-scrs-were:8' changed since it was "
        "translated (bilingual/locale/cy.xliff:195); check the cy text and import it again [translation.stale]",
        f"bilingual/{MODULE}:268: warning: option 'learning-that-sticks:q.m1-partnership-actions:8' changed since "
        "it was translated (bilingual/locale/cy.xliff:1923); check the cy text and import it again "
        "[translation.stale]"]
    assert missing == [
        f"bilingual/{MODULE}:32: warning: paragraph 'what-scrs-were:7' has no cy translation in "
        "locale/cy.xliff: learners see the source text [translation.missing]",
        f"bilingual/{MODULE}:310: warning: item 'summary:6' has no cy translation in "
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
        f"bilingual/{MODULE}:32: warning: paragraph 'what-scrs-were:7' has no cy translation in locale/cy.xliff: "
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
        f"bilingual/{MODULE}:36: error: question 'm1-review-purpose' has 4 options but 3 in cy: a translation "
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
