"""SCORM 2004 4th Edition manifest (IMS CP 1.1.4, ADL CP/SEQ/NAV 1.3, IMS SS, IEEE LOM)."""

from __future__ import annotations

from lxml import etree
from lxml.builder import ElementMaker

from scr_course.checks.timing import iso_duration, sco_minutes
from scr_course.model import CompletionRule, CourseConfig, PackagePlan, Sco
from scr_course.render.manifest import XSI, clean, resources_element, serialize, xml_id

IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
LOM = "http://ltsc.ieee.org/xsd/LOM"
SCHEMA_LOCATION = " ".join([
    f"{IMSCP} imscp_v1p1.xsd", f"{ADLCP} adlcp_v1p3.xsd", f"{ADLSEQ} adlseq_v1p3.xsd",
    f"{ADLNAV} adlnav_v1p3.xsd", f"{IMSSS} imsss_v1p0.xsd", f"{LOM} lom.xsd",
])
NSMAP = {None: IMSCP, "adlcp": ADLCP, "adlseq": ADLSEQ, "adlnav": ADLNAV, "imsss": IMSSS, "lom": LOM, "xsi": XSI}

CP = ElementMaker(namespace=IMSCP, nsmap=NSMAP)
AD = ElementMaker(namespace=ADLCP)
SS = ElementMaker(namespace=IMSSS)
LM = ElementMaker(namespace=LOM)


def _string(text: str, language: str) -> etree._Element:
    return LM.string(clean(text), language=language)


def _metadata(config: CourseConfig, title: str, minutes: int) -> etree._Element:
    lang = config.language
    general = LM.general(
        LM.identifier(LM.catalog("scr-course"), LM.entry(config.id)),
        LM.title(_string(title, lang)),
        LM.language(lang),
    )
    if config.description:
        general.append(LM.description(_string(config.description, lang)))
    for keyword in config.keywords:
        general.append(LM.keyword(_string(keyword, lang)))
    lom = LM.lom(general, LM.lifeCycle(LM.version(_string(config.version, "x-none"))))
    # LMS catalogues show this as the course length (the same total as the start screen).
    lom.append(LM.educational(LM.typicalLearningTime(LM.duration(iso_duration(minutes)))))
    for standard in config.standards:
        lom.append(LM.classification(
            LM.purpose(LM.source("LOMv1.0"), LM.value("educational objective")),
            LM.description(_string(standard.framework, lang)),
            *[LM.keyword(_string(h, lang)) for h in standard.headings],
        ))
    return CP.metadata(CP.schema("ADL SCORM"), CP.schemaversion("2004 4th Edition"), lom)


def _item(config: CourseConfig, sco: Sco) -> etree._Element:
    item = CP.item(CP.title(clean(sco.title)), identifier=xml_id("ITEM", sco.id),
                   identifierref=xml_id("RES", sco.id), isvisible="true")
    scored = sco.scored_modules
    by_pages = config.tracking.completion is CompletionRule.PAGES or not scored
    if by_pages:
        # The runtime sets cmi.progress_measure to the share of pages seen (RTE 4.2.18).
        item.append(AD.completionThreshold(completedByMeasure="true", minProgressMeasure="1.0"))
    sequencing = SS.sequencing()
    if scored:
        # LMS initialises cmi.scaled_passing_score from this; the runtime uses the same number.
        measure = f"{(scored[0].quiz.pass_mark or 0) / 100:.2f}".rstrip("0").rstrip(".") or "0"
        sequencing.append(SS.objectives(SS.primaryObjective(
            SS.minNormalizedMeasure(measure), objectiveID=xml_id("OBJ", sco.id), satisfiedByMeasure="true")))
    # The content decides completion and success; without this some LMSs mark
    # the SCO complete when the learner leaves it (SAP KBA 3403728).
    sequencing.append(SS.deliveryControls(completionSetByContent="true", objectiveSetByContent="true"))
    item.append(sequencing)
    return item


def render_manifest_2004(
    config: CourseConfig, plan: PackagePlan, shared: list[str], schemas: list[str]
) -> bytes:
    """The manifest: one item per SCO under one organisation, shared assets, schema files."""
    org_id = xml_id("ORG", config.id)
    organization = CP.organization(CP.title(clean(plan.title)), *[_item(config, s) for s in plan.scos],
                                   identifier=org_id)
    organization.append(SS.sequencing(SS.controlMode(choice="true", flow="true")))
    root = CP.manifest(
        _metadata(config, plan.title, sum(sco_minutes(s) for s in plan.scos)),
        CP.organizations(organization, default=org_id),
        resources_element(CP, f"{{{ADLCP}}}scormType", plan, shared, schemas),
        identifier=xml_id("MANIFEST", plan.name), version=config.version,
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    return serialize(root)
