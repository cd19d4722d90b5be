"""SCO launch pages through Jinja: every page of the SCO in one accessible HTML document."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from scr_course.checks.timing import module_minutes
from scr_course.model import BuildTarget, Callout, CalloutKind, Course, OutputFile, Page, Sco
from scr_course.render.chart import format_value, render_chart
from scr_course.render.data import (
    START_ID,
    data_json_parts,
    json_part,
    runtime_questions,
    sco_pages,
    shared_runtime_data,
    target_runtime_data,
)
from scr_course.render.keys import matching_targets
from scr_course.source.strings import course_strings, translate

if TYPE_CHECKING:
    import jinja2

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; "
    "frame-src 'none'; base-uri 'none'; form-action 'none'"
)
"""Nothing may load from outside the package, and nothing is sent anywhere by the page itself."""

EARLY_BYTES = 4_000
"""Page markup shipped in the launch file itself; later pages come in chunk scripts (issue 11:
first content within 1 s and a usable course within 1.5 s on slow 4G, without server compression).
Issue 21 (150 KB before usable): with the start screen (always in the launch file), the page its Next opens (3.6 KB
in the sample course); the third page's chunk is asked for as soon as the launch file has loaded."""
WHOLE_BYTES = 12_000
"""A SCO whose pages all fit in this many bytes ships as one file: splitting it would save nothing."""
PAGE_MARK = "<!--scr-page-->"
DATA_MARK = "<!--scr-data-->"
CSP_MARK = "scr-content-security-policy"
"""Where each target's policy goes: the pages are rendered once for every target (issue 24)."""
CHUNKS_GLOBAL = "window.scrPageChunks"
"""Where a chunk script puts its pages, under its own file name (51-chunks.js reads it on load)."""


def later_pages_href(sco: Sco, number: int) -> str:
    """The script holding one chunk of a SCO's later pages, next to its launch file."""
    return sco.href.rsplit(".", 1)[0] + f"-pages-{number}.js"


def render_sco_files(course: Course, sco: Sco, target: BuildTarget) -> tuple[OutputFile, ...]:
    """The launch file of one SCO and, for a long SCO, one script per chunk of its later pages."""
    return render_sco_targets(course, sco, (target,))[target]


def render_sco_targets(course: Course, sco: Sco,
                       targets: tuple[BuildTarget, ...]) -> dict[BuildTarget, tuple[OutputFile, ...]]:
    """The files of one SCO for each of ``targets``: its launch file and, for a long SCO, one
    script per chunk of its later pages.

    The first pages (at least one, then while they fit in ``EARLY_BYTES``) stay in the launch
    file, so the start screen shows as soon as it arrives. The rest are cut into chunks, one per
    module (the course pages before and after the modules make their own), so a learner who
    resumes on a later page waits only for that page's chunk (issue 21). The runtime adds a chunk
    with a script tag when it is needed or its turn comes (never fetch: a package must work from
    file:// too).

    Issue 24: the pages are the same for every target, so they are rendered once; each target's
    launch file differs only in its security policy and runtime data, and the chunk scripts are
    shared (the very same objects, so a packager compresses them once).
    """
    head, *parts, tail = _render(course, sco).split(PAGE_MARK)
    sizes = [len(part.encode("utf-8")) for part in parts]
    early = len(parts) if sum(sizes) <= WHOLE_BYTES else _early_count(sizes)
    if early == len(parts):
        # Short SCO: one file, and the runtime is told there is nothing more to load.
        text = PAGE_MARK.join([head, *parts, tail]).replace(PAGE_MARK, "")
        return {target: (OutputFile(href=sco.href, data=launch),)
                for target, launch in _with_data(text, course, sco, targets, [], set()).items()}
    pages = sco_pages(sco)
    groups = _chunk_groups(sco, pages, early)
    chunks = [{"src": later_pages_href(sco, n), "pages": [pages[i][0].id for i in group]}
              for n, group in enumerate(groups, 1)]
    chunk_of = {page_id: n for n, chunk in enumerate(chunks) for page_id in chunk["pages"]}
    strings = course_strings(course)
    note = f'<noscript><p>{escape(translate(strings, "nojs.later_pages"))}</p></noscript>'
    launch = head + "".join(parts[:early]) + note + tail
    shared = _chunk_files(course, sco, chunks, groups, parts, chunk_of)
    return {target: (OutputFile(href=sco.href, data=data), *shared)
            for target, data in _with_data(launch, course, sco, targets, chunks, set(chunk_of)).items()}


def _with_data(text: str, course: Course, sco: Sco, targets: tuple[BuildTarget, ...], chunks: list[dict[str, Any]],
               later: set[str]) -> dict[BuildTarget, bytes]:
    """The launch file for each of ``targets``: its security policy, and its runtime data at DATA_MARK.

    The later pages' questions cannot be answered before their pages arrive, so their reveal
    data (about 1.5 KB a question) and their texts (prompt, options, matches: what interactions
    and statements describe) travel with them: half the launch file otherwise. The launch keeps
    what reading the saved state needs (ids, keys, kinds, choice ids).
    """
    data = shared_runtime_data(course, sco)
    for question in data["questions"]:
        if question["page"] in later:
            question.pop("reveal")
            _later_texts(question)
    # Issue 24: most of the data (pages, questions, their reveal data) is the same for every target:
    # it is written as JSON once, and each target's own few keys are joined to it.
    shared = {key: json_part(value) for key, value in {**data, "chunks": chunks}.items()}
    launches = {}
    for target in targets:
        own = {key: json_part(value) for key, value in target_runtime_data(course, sco, target).items()}
        csp = CMI5_CONTENT_SECURITY_POLICY if target is BuildTarget.CMI5 else CONTENT_SECURITY_POLICY
        page = text.replace(CSP_MARK, str(escape(csp)), 1)
        launches[target] = page.replace(DATA_MARK, str(data_json_parts({**shared, **own})), 1).encode("utf-8")
    return launches


def _chunk_files(course: Course, sco: Sco, chunks: list[dict[str, Any]], groups: list[list[int]],
                 parts: list[str], chunk_of: dict[str, int]) -> tuple[OutputFile, ...]:
    """One script per chunk of later pages, with their questions' reveal data and texts (the same
    for every target: question data does not depend on it)."""
    keys: list[dict[str, str]] = [{} for _ in chunks]
    texts: list[dict[str, dict[str, Any]]] = [{} for _ in chunks]
    for question in runtime_questions(course, sco):
        if question["page"] in chunk_of:
            keys[chunk_of[question["page"]]][question["id"]] = question.pop("reveal")
            texts[chunk_of[question["page"]]][question["id"]] = _later_texts(question)
    files = []
    for chunk, group, chunk_keys, chunk_texts in zip(chunks, groups, keys, texts, strict=True):
        body = json.dumps({"html": "".join(parts[i] for i in group), "keys": chunk_keys, "texts": chunk_texts},
                          ensure_ascii=False, sort_keys=True)
        script = (f"{CHUNKS_GLOBAL} = {CHUNKS_GLOBAL} || {{}};\n"
                  f"{CHUNKS_GLOBAL}[{json.dumps(chunk['src'])}] = {body};\n")
        files.append(OutputFile(href=str(chunk["src"]), data=script.encode("utf-8")))
    return tuple(files)


def _later_texts(question: dict[str, Any]) -> dict[str, Any]:
    """Take a question's texts out of its runtime data (51-chunks.js puts them back on arrival)."""
    texts = {"description": question.pop("description"),
             "choices": [choice.pop("text") for choice in question["choices"]]}
    if "targets" in question:
        texts["targets"] = question.pop("targets")
    return texts


def _early_count(sizes: list[int]) -> int:
    """How many of the first pages stay in the launch file: at least one, then while they fit in EARLY_BYTES."""
    total = early = 0
    for size in sizes:
        if early and total + size > EARLY_BYTES:
            break
        total, early = total + size, early + 1
    return early


def _chunk_groups(sco: Sco, pages: tuple[tuple[Page, str | None], ...], early: int) -> list[list[int]]:
    """Indexes of the later pages (from ``early``), grouped: one group per module, and one each for
    the course pages before and after the modules."""
    before = len(sco.pages_before)
    groups: list[list[int]] = []
    last: object = None
    for index in range(early, len(pages)):
        module_id = pages[index][1]
        group = module_id if module_id is not None else ("before" if index < before else "after")
        if not groups or group != last:
            groups.append([])
        groups[-1].append(index)
        last = group
    return groups


CMI5_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self' https: http:")
"""cmi5 AUs must reach the LMS's xAPI endpoint and fetch URL, which are known only at launch (cmi5 8.1).

No build-time policy can name them, so this one allows http(s) connections; the runtime then adds a
second policy naming only the launch's endpoint and fetch URL before it makes any request
(35-cmi5.js: lockConnections). Browsers enforce every policy, so from then on the page can reach
those two and nothing else. Everything else stays as strict as in the SCORM packages.
"""


def render_sco_html(course: Course, sco: Sco, target: BuildTarget) -> bytes:
    """The launch file of one SCO with every page in it (what render_sco_files splits)."""
    return _with_data(_render(course, sco).replace(PAGE_MARK, ""), course, sco, (target,), [], set())[target]


SCO_TEMPLATE = "sco.html.j2"
SCO_PARTIALS = ("_blocks.html.j2", "_content.html.j2")
"""What SCO_TEMPLATE imports (``{% import … with context %}``), compiled when first rendered."""


def sco_template() -> jinja2.Template:
    """The loaded page template. Jinja keeps loaded templates, so calling this before render
    workers fork lets them share the page and its partials instead of each loading them again
    (issue 24: 0.03 s from the shipped code, page_templates.ShippedTemplateCode; 0.16 s when Jinja
    compiles an edited template)."""
    from scr_course.render.page_templates import jinja_environment  # Jinja only when a page is rendered

    environment = jinja_environment()
    for partial in SCO_PARTIALS:
        environment.get_template(partial)
    return environment.get_template(SCO_TEMPLATE)


def _render(course: Course, sco: Sco) -> str:
    """The SCO's page with PAGE_MARK between pages, DATA_MARK where its runtime data goes and
    CSP_MARK where its security policy goes: nothing in it depends on the target."""
    template = sco_template()
    strings = course_strings(course)
    pages = sco_pages(sco)
    titles = Counter(page.title for page, _ in pages)
    # The content note the start screen repeats: the course pages' content-note (or warning) callout.
    notes = [b for p in sco.pages_before for b in p.blocks
             if isinstance(b, Callout) and b.kind in (CalloutKind.CONTENT_NOTE, CalloutKind.WARNING)]
    minutes = {m.id: module_minutes(m) for m in sco.modules}

    def t(key: str, **values: object) -> str:
        return translate(strings, key, **values)

    text = template.render(
        t=t,
        chart_svg=lambda chart: render_chart(chart, t),
        format_value=format_value,
        course=course.config,
        logo=course.logo,
        sco=sco,
        pages=pages,
        start_id=START_ID,
        # Titles used by more than one page get the module name in their link (References x6).
        repeated_titles={title for title, n in titles.items() if n > 1},
        content_note=notes[0] if notes else None,
        minutes=minutes,
        total_minutes=sum(minutes.values()),
        data=Markup(DATA_MARK),
        page_mark=Markup(PAGE_MARK),
        csp=CSP_MARK,
        targets=matching_targets,
    )
    return text
