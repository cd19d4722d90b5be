"""Which packages and SCOs a course becomes, following course.yml's ``packaging``."""

from __future__ import annotations

from scr_course.model import BuildTarget, Course, PackagePlan, Packaging, Sco


def plan_packages(course: Course) -> tuple[PackagePlan, ...]:
    """One plan per zip (the target is added to the name when packaging)."""
    config = course.config
    # With languages: each language's packages carry its tag, so zips and manifest ids differ.
    language = f"-{config.language}" if config.languages else ""
    base = f"{config.id}-{config.version}{language}"

    def sco_for(modules: tuple, sco_id: str, title: str, href: str) -> Sco:  # type: ignore[type-arg]
        return Sco(id=sco_id, title=title, href=href, modules=modules,
                   pages_before=course.pages_before, pages_after=course.pages_after)

    if config.packaging is Packaging.SINGLE:
        return (PackagePlan(name=base, title=config.title,
                            scos=(sco_for(course.modules, config.id, config.title, "index.html"),)),)
    if config.packaging is Packaging.SCO_PER_MODULE:
        return (PackagePlan(name=base, title=config.title, scos=tuple(
            sco_for((m,), m.id, m.title, f"{m.id}.html") for m in course.modules)),)
    return tuple(
        PackagePlan(name=f"{config.id}-{m.id}-{config.version}{language}", title=f"{config.title}: {m.title}",
                    scos=(sco_for((m,), m.id, m.title, "index.html"),))
        for m in course.modules
    )


def zip_name(plan: PackagePlan, target: BuildTarget) -> str:
    """``<course-id>-<version>[-<language>]-<target>.zip`` (the module id too for per-module packages)."""
    return f"{plan.name}-{target.value}.zip"
