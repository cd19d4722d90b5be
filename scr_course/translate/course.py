"""A course's translations: export to XLIFF, import into ``locale/<lang>.xliff``, and apply before parsing.

The course keeps one XLIFF file per language, ``locale/<lang>.xliff``, holding only translated
units, each with the source text it was translated from and that text's hash. Keeping the
translator's own format (rather than mirror Markdown files) means the file goes back to a
translation tool as it is, a stale unit can show the English it was made from, and the structure
of each page stays in one place: the English Markdown.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import PurePosixPath

from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.model import Course, CourseConfig
from scr_course.source.loader import SourceFile, SourceTree
from scr_course.translate.segments import FileUnits, TextUnit, apply_translations, segment_markdown, text_digest
from scr_course.translate.xliff import XliffDocument, XliffFile, XliffUnit, read_xliff, write_xliff

Key = tuple[str, str]
"""(file id, unit id)."""


def stored_path(language: str) -> PurePosixPath:
    """Where the course keeps a language's translations."""
    return PurePosixPath("locale") / f"{language}.xliff"


def course_units(tree: SourceTree, config: CourseConfig) -> tuple[FileUnits, ...]:
    """Every translatable text: course.yml's title and description, then each module and course page."""
    files: list[FileUnits] = []
    if tree.config is not None:
        units = [TextUnit(id="title", kind="title", text=config.title, loc=config.title_loc or config.loc)]
        if config.description:
            units.append(TextUnit(id="description", kind="description", text=config.description,
                                  loc=config.description_loc or config.loc))
        files.append(FileUnits(id="course", source=tree.config, units=tuple(units)))
    files += [segment_markdown(source) for source in (*tree.modules, *tree.pages)]
    return tuple(files)


def _where(file: FileUnits, unit: TextUnit) -> str:
    return f"{file.source.rel}:{unit.loc.line}"


def read_stored(tree: SourceTree, language: str, diagnostics: Diagnostics) -> XliffDocument | None:
    """The course's ``locale/<lang>.xliff``, or None when it has none (or it cannot be read)."""
    rel = stored_path(language)
    if rel not in tree.files:
        return None
    loc = tree.location(rel, 1)
    document = read_xliff(tree.files[rel].read_bytes(), loc, diagnostics)
    if document is not None and document.target_language != language:
        diagnostics.error(loc, Code.TRANSLATION_BROKEN,
                          f"{rel} translates into '{document.target_language}', not '{language}' (trgLang)")
        return None
    return document


def match_units(file: FileUnits, stored: dict[Key, XliffUnit]) -> tuple[dict[str, tuple[XliffUnit, bool]], set[Key]]:
    """Each unit's stored translation and whether it is stale; and the stored keys used.

    Ids count units within a page, so a paragraph added above shifts the ids after it. Stored and
    current units are therefore aligned by their source hashes, in order (as ``diff`` aligns
    lines): equal runs are fresh translations whatever their ids; in a changed run, a current
    unit takes the stored one whose English is most alike (stale), and one with none is missing.
    """
    own = [unit for (file_id, _), unit in stored.items() if file_id == file.id]
    matcher = difflib.SequenceMatcher(a=[u.digest for u in own], b=[u.digest for u in file.units], autojunk=False)
    found: dict[str, tuple[XliffUnit, bool]] = {}
    for tag, low, high, first, last in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(high - low):
                found[file.units[first + offset].id] = (own[low + offset], False)
        elif tag == "replace":
            free = list(own[low:high])
            for unit in file.units[first:last]:
                scored = [(difflib.SequenceMatcher(a=old.source, b=unit.text).ratio(), index)
                          for index, old in enumerate(free)]
                best = max(scored, default=(0.0, -1))
                if best[0] >= SIMILAR:
                    found[unit.id] = (free.pop(best[1]), True)
    return found, {(file.id, known.id) for known, _ in found.values()}


SIMILAR = 0.6
"""How alike (difflib ratio) a changed English text must be to its old version to count as edited, not new."""


def _by_key(document: XliffDocument | None) -> dict[Key, XliffUnit]:
    if document is None:
        return {}
    return {(f.id, u.id): u for f in document.files for u in f.units}


def export_document(tree: SourceTree, config: CourseConfig, language: str, diagnostics: Diagnostics) -> bytes:
    """Every unit of the course, with the stored translation as target (state 'initial' when stale)."""
    stored = _by_key(read_stored(tree, language, diagnostics))
    files = []
    for file in course_units(tree, config):
        units = []
        matched, _ = match_units(file, stored)
        for unit in file.units:
            known, stale = matched.get(unit.id, (None, False))
            target = known.target if known is not None else None
            state = known.state if known is not None and not stale else "initial"
            units.append(XliffUnit(id=unit.id, kind=unit.kind, where=_where(file, unit), digest=unit.digest,
                                   source=unit.text, target=target, state=state))
        files.append(XliffFile(id=file.id, original=str(file.source.rel), units=tuple(units)))
    return write_xliff(config.language, language, tuple(files))


def import_document(tree: SourceTree, config: CourseConfig, incoming: XliffDocument,
                    diagnostics: Diagnostics) -> tuple[PurePosixPath, bytes] | None:
    """The new ``locale/<lang>.xliff`` (path, bytes) with the incoming translations merged in.

    None when there is nothing to write (no target anywhere and no stored file) or on errors.
    A unit still in state 'initial' whose target is the stored one is left as stored, so an
    exported file imported unchanged changes no byte of the course, stale units included.
    """
    language = incoming.target_language
    if not language:
        diagnostics.error(incoming.loc, Code.TRANSLATION_BROKEN, "the XLIFF names no target language (trgLang)")
        return None
    stored_document = read_stored(tree, language, diagnostics)
    stored = _by_key(stored_document)
    current = {(f.id, u.id): (f, u) for f in course_units(tree, config) for u in f.units}
    merged = dict(stored)
    for file in incoming.files:
        for unit in file.units:
            key = (file.id, unit.id)
            here = unit.loc or incoming.loc
            if unit.target is None:
                # The stored unit at this id translates other English (ids shifted since): the
                # export carried its text to its new id, or the English is gone. Either way it goes.
                if key in current and key in stored and stored[key].digest != text_digest(unit.source):
                    del merged[key]
                continue
            if key not in current:
                diagnostics.error(here, Code.TRANSLATION_UNKNOWN_UNIT,
                                  f"unit '{unit.id}' of file '{file.id}' is not in the course; export again")
            elif unit.source_marks != unit.target_marks:
                _report_marks(here, unit, diagnostics)
            elif not (unit.state == "initial" and key in stored and stored[key].target == unit.target):
                source_file, source_unit = current[key]
                merged[key] = dataclasses.replace(
                    unit, kind=source_unit.kind, where=_where(source_file, source_unit),
                    digest=text_digest(unit.source), state="translated" if unit.state == "initial" else unit.state)
    if diagnostics.has_errors or (not merged and stored_document is None):
        return None
    return stored_path(language), write_xliff(config.language, language, _ordered(tree, config, merged))


def _report_marks(here: SourceLocation, unit: XliffUnit, diagnostics: Diagnostics) -> None:
    lost = sorted(set(unit.source_marks) - set(unit.target_marks))
    added = sorted(set(unit.target_marks) - set(unit.source_marks))
    detail = "; ".join(filter(None, [f"lost {', '.join(lost)}" if lost else "",
                                     f"added {', '.join(added)}" if added else ""]))
    diagnostics.error(here, Code.TRANSLATION_BROKEN,
                      f"unit '{unit.id}': the translation must keep the source's bold, italics, links and code "
                      f"({detail or 'a code is used a different number of times'})")


def _ordered(tree: SourceTree, config: CourseConfig, units: dict[Key, XliffUnit]) -> tuple[XliffFile, ...]:
    """Stored units in course order; units no longer in the course after the rest of their file."""
    files: dict[str, tuple[str, list[XliffUnit]]] = {}
    for file in course_units(tree, config):
        keys = [(file.id, u.id) for u in file.units]
        files[file.id] = (str(file.source.rel), [units[key] for key in keys if key in units])
    placed = {(f, u.id) for f, (_, us) in files.items() for u in us}
    for (file_id, unit_id), unit in units.items():
        if (file_id, unit_id) not in placed:
            files.setdefault(file_id, ("", []))[1].append(unit)
    return tuple(XliffFile(id=f, original=original, units=tuple(us)) for f, (original, us) in files.items() if us)


def answer_ids(course: Course) -> dict[tuple[str, int], str]:
    """Each question's and reflection's id by its ``:::`` line (path as shown, line).

    Without ``id=``, an id comes from the English text; the translation pins it, so a question
    keeps one id in every language (LMS reports and learner records line up).
    """
    found: dict[tuple[str, int], str] = {}
    for page in course.pages_in_order:
        for question in page.questions:
            found[(str(question.loc.path), question.loc.line)] = question.id
        for reflection in page.reflections:
            found[(str(reflection.loc.path), reflection.loc.line)] = reflection.id
    return found


def translate_tree(tree: SourceTree, config: CourseConfig, language: str, diagnostics: Diagnostics,
                   ids: dict[tuple[str, int], str] | None = None) -> tuple[SourceTree, CourseConfig]:
    """The course's files and settings in ``language``; missing, stale and broken units are reported.

    A missing or broken unit keeps the source text; a stale one uses its translation (usually
    still close) and is a warning, so ``--strict`` stops until someone checks it.
    """
    rel = stored_path(language)
    document = read_stored(tree, language, diagnostics)
    if document is None and rel not in tree.files:
        diagnostics.warning(config.languages_loc or config.loc, Code.TRANSLATION_MISSING,
                            f"no {rel}: the {language} package shows the source text; run 'scr-course export "
                            f"xliff --language {language}', translate, then 'scr-course import xliff'")
    stored = _by_key(document)
    seen: set[Key] = set()
    translated: dict[PurePosixPath, str] = {}
    texts: dict[str, str] = {}
    for file in course_units(tree, config):
        targets: dict[str, str] = {}
        matched, used = match_units(file, stored)
        seen |= used
        for unit in file.units:
            known, stale = matched.get(unit.id, (None, False))
            if document is None:
                continue
            if known is None or known.target is None:
                diagnostics.warning(unit.loc, Code.TRANSLATION_MISSING,
                                    f"{unit.kind} '{unit.id}' has no {language} translation in {rel}: "
                                    "learners see the source text")
                continue
            if known.source_marks != known.target_marks:
                _report_marks(known.loc or unit.loc, known, diagnostics)
                continue
            if stale:
                diagnostics.warning(unit.loc, Code.TRANSLATION_STALE,
                                    f"{unit.kind} '{unit.id}' changed since it was translated ({known.loc or rel}); "
                                    f"check the {language} text and import it again")
            targets[unit.id] = known.target
        if file.id == "course":
            texts = targets
        elif targets:
            path = str(file.source.loc.path)
            pins = {line - 1: item for (where, line), item in (ids or {}).items() if where == path}
            translated[file.source.rel] = apply_translations(file.source, file.units, targets, pins)
    _report_unknown(stored, seen, {(f.id, u.id) for f in course_units(tree, config) for u in f.units},
                    tree.location(rel, 1), diagnostics)

    def swap(source: SourceFile) -> SourceFile:
        text = translated.get(source.rel)
        return source if text is None else dataclasses.replace(source, text=text)

    tree = dataclasses.replace(tree, modules=tuple(map(swap, tree.modules)), pages=tuple(map(swap, tree.pages)))
    base_iri = config.cmi5.iri or f"urn:scr-course:{config.id}"
    config = dataclasses.replace(config, language=language, title=texts.get("title", config.title),
                                 description=texts.get("description", config.description),
                                 cmi5=dataclasses.replace(config.cmi5, iri=f"{base_iri}/{language}"))
    return tree, config


def compare_structure(source: Course, translated: Course, diagnostics: Diagnostics) -> None:
    """The translated course must have the source's pages and questions with as many options each.

    Markers never travel in a unit, so only a translation that puts list syntax at the start of a
    line could change them; this is the backstop, reported at the question in the source.
    """
    language = translated.config.language
    for module, other in zip(source.modules, translated.modules, strict=False):
        if [p.id for p in module.pages] != [p.id for p in other.pages]:
            diagnostics.error(module.loc, Code.TRANSLATION_BROKEN,
                              f"the {language} text of module '{module.id}' changes its pages (a heading "
                              "translated as Markdown?); compare locale/" + language + ".xliff with the source")
        for question, theirs in zip(module.questions, other.questions, strict=False):
            if len(question.choices) != len(theirs.choices):
                diagnostics.error(question.loc, Code.TRANSLATION_BROKEN,
                                  f"question '{question.id}' has {len(question.choices)} options but "
                                  f"{len(theirs.choices)} in {language}: a translation starts a line with list syntax")


def _report_unknown(stored: dict[Key, XliffUnit], used: set[Key], current: set[Key], where: SourceLocation,
                    diagnostics: Diagnostics) -> None:
    """Stored units with an id the course does not have (a changed key), or whose English has gone."""
    for key, unit in stored.items():
        if key not in current:
            diagnostics.warning(unit.loc or where, Code.TRANSLATION_UNKNOWN_UNIT,
                                f"unit '{unit.id}' of file '{key[0]}' is not a unit of the course (a changed id or "
                                "file id); export and import again to renumber")
        elif key not in used:
            diagnostics.warning(unit.loc or where, Code.TRANSLATION_UNKNOWN_UNIT,
                                f"unit '{unit.id}' of file '{key[0]}' translates English that is no longer "
                                "in the course")


def read_import(path: PurePosixPath, data: bytes, diagnostics: Diagnostics) -> XliffDocument | None:
    """An XLIFF file given to ``import xliff``."""
    return read_xliff(data, SourceLocation(path=path, line=1), diagnostics)

