"""SCO launch pages through Jinja: every page of the SCO in one accessible HTML document."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from markupsafe import Markup, escape

from scr_course.checks.timing import module_minutes
from scr_course.model import BuildTarget, Callout, CalloutKind, Course, OutputFile, Sco
from scr_course.render.chart import format_value, render_chart_svg
from scr_course.render.data import START_ID, data_json, runtime_data, sco_pages
from scr_course.render.keys import matching_targets
from scr_course.resources import jinja_environment
from scr_course.source.strings import course_strings, translate

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; "
    "frame-src 'none'; base-uri 'none'; form-action 'none'"
)
"""Nothing may load from outside the package, and nothing is sent anywhere by the page itself."""

EARLY_BYTES = 12_000
"""Page markup shipped in the launch file itself; later pages come in a second script (issue 11:
first content within 1 s and a usable course within 1.5 s on slow 4G, without server compression)."""
PAGE_MARK = "<!--scr-page-->"


def later_pages_href(sco: Sco) -> str:
    """The script holding a SCO's later pages, next to its launch file."""
    return sco.href.rsplit(".", 1)[0] + "-pages.js"


def render_sco_files(course: Course, sco: Sco, target: BuildTarget) -> tuple[OutputFile, ...]:
    """The launch file of one SCO and, for a long SCO, the script with its later pages.

    The first pages (at least one, then while they fit in ``EARLY_BYTES``) stay in the launch
    file, so the start screen shows as soon as it arrives; the runtime adds the rest with a
    script tag once it runs (never fetch: a package must work from file:// too).
    """
    href = later_pages_href(sco)
    head, *chunks, tail = _render(course, sco, target, lazy=href).split(PAGE_MARK)
    total, early = 0, 0
    for chunk in chunks:
        size = len(chunk.encode("utf-8"))
        if early and total + size > EARLY_BYTES:
            break
        total, early = total + size, early + 1
    if early == len(chunks):
        # Short SCO: one file, and the runtime is told there is nothing more to load.
        text = _render(course, sco, target, lazy=None)
        return (OutputFile(href=sco.href, data=text.replace(PAGE_MARK, "").encode("utf-8")),)
    # The later pages' questions cannot be answered before their pages arrive, so their reveal
    # data (about 1.5 KB a question) travels with them: a third of the launch file otherwise.
    later_ids = {page.id for page, _ in sco_pages(sco)[early:]}
    data = runtime_data(course, sco, target)
    keys = {q["id"]: q.pop("reveal") for q in data["questions"] if q["page"] in later_ids}
    head, *_, tail = _render(course, sco, target, lazy=href, data=data).split(PAGE_MARK)
    strings = course_strings(course)
    note = f'<noscript><p>{escape(translate(strings, "nojs.later_pages"))}</p></noscript>'
    html = head + "".join(chunks[:early]) + note + tail
    later = "".join(chunks[early:])
    script = ("window.scrLaterPages = " + json.dumps(later, ensure_ascii=False) + ";\n"
              + "window.scrLaterKeys = " + json.dumps(keys, sort_keys=True) + ";\n")
    return (OutputFile(href=sco.href, data=html.encode("utf-8")),
            OutputFile(href=later_pages_href(sco), data=script.encode("utf-8")))


CMI5_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self' https: http:")
"""cmi5 AUs must reach the LMS's xAPI endpoint and fetch URL, which are known only at launch (cmi5 8.1).

No build-time policy can name them, so this one allows http(s) connections; the runtime then adds a
second policy naming only the launch's endpoint and fetch URL before it makes any request
(35-cmi5.js: lockConnections). Browsers enforce every policy, so from then on the page can reach
those two and nothing else. Everything else stays as strict as in the SCORM packages.
"""


def render_sco_html(course: Course, sco: Sco, target: BuildTarget) -> bytes:
    """The launch file of one SCO with every page in it (what render_sco_files splits)."""
    return _render(course, sco, target, lazy=None).replace(PAGE_MARK, "").encode("utf-8")


def _render(course: Course, sco: Sco, target: BuildTarget, lazy: str | None,
            data: dict[str, Any] | None = None) -> str:
    template = jinja_environment().get_template("sco.html.j2")
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
        chart_svg=lambda chart: render_chart_svg(chart, t),
        format_value=format_value,
        course=course.config,
        logo=course.logo,
        sco=sco,
        target=target.value,
        pages=pages,
        start_id=START_ID,
        # Titles used by more than one page get the module name in their link (References x6).
        repeated_titles={title for title, n in titles.items() if n > 1},
        content_note=notes[0] if notes else None,
        minutes=minutes,
        total_minutes=sum(minutes.values()),
        data=data_json({**(data or runtime_data(course, sco, target)), "lazyPages": lazy}),
        page_mark=Markup(PAGE_MARK),
        csp=CMI5_CONTENT_SECURITY_POLICY if target is BuildTarget.CMI5 else CONTENT_SECURITY_POLICY,
        targets=matching_targets,
    )
    return text
