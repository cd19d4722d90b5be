"""SCO launch pages through Jinja: every page of the SCO in one accessible HTML document."""

from __future__ import annotations

from scr_course.model import BuildTarget, Course, Sco
from scr_course.render.chart import format_value, render_chart_svg
from scr_course.render.data import data_json, runtime_data, sco_pages
from scr_course.render.keys import matching_targets
from scr_course.resources import jinja_environment
from scr_course.strings import course_strings, translate

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; connect-src 'none'; object-src 'none'; "
    "frame-src 'none'; base-uri 'none'; form-action 'none'"
)
"""Nothing may load from outside the package, and nothing is sent anywhere by the page itself."""

CMI5_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self' https: http:")
"""cmi5 AUs must reach the LMS's xAPI endpoint and fetch URL, which are known only at launch (cmi5 8.1).

No build-time policy can name them, so this one allows http(s) connections; the runtime then adds a
second policy naming only the launch's endpoint and fetch URL before it makes any request
(35-cmi5.js: lockConnections). Browsers enforce every policy, so from then on the page can reach
those two and nothing else. Everything else stays as strict as in the SCORM packages.
"""


def render_sco_html(course: Course, sco: Sco, target: BuildTarget) -> bytes:
    """The launch file of one SCO."""
    template = jinja_environment().get_template("sco.html.j2")
    strings = course_strings(course)

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
        pages=sco_pages(sco),
        data=data_json(runtime_data(course, sco, target)),
        csp=CMI5_CONTENT_SECURITY_POLICY if target is BuildTarget.CMI5 else CONTENT_SECURITY_POLICY,
        targets=matching_targets,
    )
    return text.encode("utf-8")
