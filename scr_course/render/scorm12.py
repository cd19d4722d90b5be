"""SCORM 1.2 manifest (IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1), built with lxml."""

from __future__ import annotations

from lxml import etree
from lxml.builder import ElementMaker

from scr_course.checks.timing import iso_duration, sco_minutes
from scr_course.model import CourseConfig, PackagePlan
from scr_course.render.manifest import XSI, clean, resources_element, serialize, xml_id

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = (
    f"{IMSCP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"
)

CP = ElementMaker(namespace=IMSCP, nsmap={None: IMSCP, "adlcp": ADLCP, "imsmd": IMSMD, "xsi": XSI})
MD = ElementMaker(namespace=IMSMD)
AD = ElementMaker(namespace=ADLCP)


def _langstring(text: str, language: str) -> etree._Element:
    element = MD.langstring(clean(text))
    element.set(f"{{{XML_NS}}}lang", language)
    return element


def _metadata(config: CourseConfig, title: str, minutes: int) -> etree._Element:
    lang = config.language
    general = MD.general(MD.title(_langstring(title, lang)), MD.language(lang))
    if config.description:
        general.append(MD.description(_langstring(config.description, lang)))
    for keyword in config.keywords:
        general.append(MD.keyword(_langstring(keyword, lang)))
    lom = MD.lom(general, MD.lifecycle(MD.version(_langstring(config.version, "x-none"))))
    # LMS catalogues show this as the course length (the same total as the start screen).
    lom.append(MD.educational(MD.typicallearningtime(MD.datetime(iso_duration(minutes)))))
    for standard in config.standards:
        # Professional standards as classification: purpose, framework name, one keyword per heading.
        lom.append(MD.classification(
            MD.purpose(MD.source(_langstring("LOMv1.0", "x-none")),
                       MD.value(_langstring("Educational Objective", "x-none"))),
            MD.description(_langstring(standard.framework, lang)),
            *[MD.keyword(_langstring(h, lang)) for h in standard.headings],
        ))
    return CP.metadata(CP.schema("ADL SCORM"), CP.schemaversion("1.2"), lom)


def render_manifest_12(
    config: CourseConfig, plan: PackagePlan, shared: list[str], schemas: list[str]
) -> bytes:
    """The manifest: one item and SCO resource per SCO, a shared asset resource, the schema files."""
    org_id = xml_id("ORG", config.id)
    items = []
    for sco in plan.scos:
        item = CP.item(CP.title(clean(sco.title)), identifier=xml_id("ITEM", sco.id),
                       identifierref=xml_id("RES", sco.id), isvisible="true")
        if sco.scored_modules:
            # Same number the runtime compares the score with (issue 2: one pass mark).
            item.append(AD.masteryscore(str(sco.scored_modules[0].quiz.pass_mark)))
        items.append(item)
    root = CP.manifest(
        _metadata(config, plan.title, sum(sco_minutes(s) for s in plan.scos)),
        CP.organizations(CP.organization(CP.title(clean(plan.title)), *items, identifier=org_id), default=org_id),
        resources_element(CP, f"{{{ADLCP}}}scormtype", plan, shared, schemas),
        identifier=xml_id("MANIFEST", plan.name), version=config.version,
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    return serialize(root)
