"""cmi5 course structure (cmi5.xml, CourseStructure.xsd of cmi5 Quartz), built with lxml."""

from __future__ import annotations

from lxml import etree
from lxml.builder import ElementMaker

from scr_course.model import CompletionRule, CourseConfig, MoveOn, PackagePlan, Packaging, Sco
from scr_course.render.manifest import clean, serialize

CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
COURSE_STRUCTURE = "cmi5.xml"
E = ElementMaker(namespace=CMI5, nsmap={None: CMI5})

MOVE_ON = {MoveOn.PASSED: "Passed", MoveOn.COMPLETED_AND_PASSED: "CompletedAndPassed"}
LAUNCH_METHOD = {"any-window": "AnyWindow", "own-window": "OwnWindow"}


def base_iri(config: CourseConfig) -> str:
    """course.yml's ``cmi5.iri``, or a URN from the course id: valid, stable, and claims no one's domain."""
    return config.cmi5.iri or f"urn:scr-course:{config.id}"


def au_iri(config: CourseConfig, sco: Sco) -> str:
    """The publisher id of a SCO's AU; the runtime names its questions and pages under it."""
    return f"{base_iri(config)}/au/{sco.id}"


def objective_iri(config: CourseConfig, module_id: str, number: int) -> str:
    """One learning objective of a module (numbered from 1 in the order written)."""
    return f"{base_iri(config)}/objectives/{module_id}/{number}"


def move_on(config: CourseConfig, sco: Sco) -> str:
    """cmi5 moveOn: Completed when the SCO completes by pages (or has no assessment), else as configured."""
    if sco.scored_modules and config.tracking.completion is CompletionRule.ASSESSMENT:
        return MOVE_ON[config.cmi5.move_on]
    return "Completed"


def mastery_score(sco: Sco) -> str | None:
    """The pass mark as a 0..1 decimal, the same number the runtime compares the score with."""
    if not sco.scored_modules:
        return None
    mark = sco.scored_modules[0].quiz.pass_mark or 0
    return f"{mark / 100:.2f}".rstrip("0").rstrip(".") or "0"


def _text(tag: str, text: str, language: str) -> etree._Element:
    element: etree._Element = getattr(E, tag)(E.langstring(clean(text), lang=language))
    return element


def _au(config: CourseConfig, sco: Sco) -> etree._Element:
    lang = config.language
    objectives = [objective_iri(config, m.id, n) for m in sco.modules for n in range(1, len(m.objectives) + 1)]
    # A whole-course AU is described by the course; a module's AU by what its learners will be able to do.
    aims = "; ".join(o for m in sco.modules for o in m.objectives) if config.packaging is not Packaging.SINGLE else ""
    description = aims or config.description or sco.title
    children = [_text("title", sco.title, lang), _text("description", description, lang)]
    if objectives:
        children.append(E.objectives(*[E.objective(idref=o) for o in objectives]))
    children.append(E.url(sco.href))
    au = E.au(*children, id=au_iri(config, sco), moveOn=move_on(config, sco))
    score = mastery_score(sco)
    if score is not None:
        au.set("masteryScore", score)
    au.set("launchMethod", LAUNCH_METHOD[config.cmi5.launch_method.value])
    return au


def render_course_structure(config: CourseConfig, plan: PackagePlan) -> bytes:
    """cmi5.xml: the course, every module objective the AUs name, one AU per SCO in reading order."""
    lang = config.language
    # package-per-module: each zip is a course of its own in the LMS, so each gets its own id.
    course_id = base_iri(config)
    if config.packaging is Packaging.PACKAGE_PER_MODULE:
        course_id += f"/packages/{plan.scos[0].id}"
    course = E.course(_text("title", plan.title, lang), _text("description", config.description or plan.title, lang),
                      id=course_id)
    root = E.courseStructure(course)
    objectives = [
        E.objective(_text("title", text, lang), _text("description", text, lang), id=objective_iri(config, m.id, n))
        for sco in plan.scos for m in sco.modules for n, text in enumerate(m.objectives, start=1)
    ]
    if objectives:
        root.append(E.objectives(*objectives))
    for sco in plan.scos:
        root.append(_au(config, sco))
    return serialize(root)
