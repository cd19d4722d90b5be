"""Check stage: whole-course rules, and the state keys the runtime relies on."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from scr_course.checks.items import check_items
from scr_course.checks.limits import check_limits
from scr_course.checks.state import REFLECTION_MIN, SUSPEND_LIMITS, course_keys, fixed_size, sco_reflections
from scr_course.checks.timing import LOW_SHARE, WORDS_PER_MINUTE, estimate_minutes
from scr_course.diagnostics import Code, Diagnostics, SourceLocation
from scr_course.model import BuildTarget, CompletionRule, Course, Module, Packaging
from scr_course.plan import plan_packages


def check_course(course: Course, diagnostics: Diagnostics,
                 keyed: Callable[[Course], None] | None = None) -> Course:
    """Report cross-file problems; return the course with state keys filled in.

    ``keyed`` is called with that course, when nothing is wrong so far, before the checks here run:
    a build starts rendering it meanwhile (package_jobs.RenderAhead), writing only if they pass.
    """
    course = _with_keys(course)
    if keyed is not None and not diagnostics.has_errors:
        keyed(course)
    _check_unique_ids(course, diagnostics)
    _check_quizzes(course, diagnostics)
    _check_durations(course, diagnostics)
    _check_moodle_packaging(course, diagnostics)
    check_items(course, diagnostics)
    check_limits(course, diagnostics)
    _check_state_budget(course, diagnostics)
    return course


def _check_unique_ids(course: Course, diagnostics: Diagnostics) -> None:
    def report(kind: str, items: list[tuple[str, SourceLocation]]) -> None:
        first: dict[str, SourceLocation] = {}
        for item_id, loc in items:
            if item_id in first:
                diagnostics.error(loc, Code.QUIZ_DUPLICATE_ID if kind != "module" else Code.PAGE_DUPLICATE_ID,
                                  f"duplicate {kind} id '{item_id}' (first used at {first[item_id]})")
            else:
                first[item_id] = loc

    report("module", [(m.id, m.loc) for m in course.modules])
    ids = [_module_ids(m) for m in course.modules]
    report("question", [found for questions, _ in ids for found in questions])
    report("reflection", [found for _, reflections in ids for found in reflections])
    pages = [p for p in course.pages_before + course.pages_after]
    report("page", [(p.id, p.loc) for p in pages])


IdsAt = tuple[tuple[str, SourceLocation], ...]


@lru_cache(maxsize=4096)
def _module_ids(module: Module) -> tuple[IdsAt, IdsAt]:
    """The ids and places of a module's questions and of its reflections, gathered once per module
    object (the parse cache gives back the same one for an unchanged file: issue 24)."""
    return tuple((q.id, q.loc) for q in module.questions), tuple((r.id, r.loc) for r in module.reflections)


def _check_quizzes(course: Course, diagnostics: Diagnostics) -> None:
    tracking = course.config.tracking
    for module in course.modules:
        quiz = module.quiz
        if not quiz.scored:
            continue
        pool = len(module.questions)
        if pool == 0:
            diagnostics.error(module.loc, Code.QUIZ_POOL, "a scored module needs at least one question")
        elif quiz.draw_topics:
            _check_topic_draw(module, diagnostics)
        elif quiz.draw is not None and quiz.draw > pool:
            diagnostics.error(quiz.draw_loc or module.loc, Code.QUIZ_POOL,
                              f"'draw: {quiz.draw}' is more than the {pool} questions in the module")
    for plan in plan_packages(course):
        for sco in plan.scos:
            marks = {m.quiz.pass_mark or 0 for m in sco.scored_modules}
            if len(marks) > 1:
                module = sco.scored_modules[1]
                diagnostics.error(module.loc, Code.QUIZ_PASS_MARK,
                                  f"scored modules in one SCO must share one pass mark, found {sorted(marks)}; "
                                  "the manifest can hold only one")
    final = next((i for i, m in enumerate(course.modules) if m.quiz.assessment), None)
    if final is not None:
        for module in course.modules[final + 1 :]:
            diagnostics.warning(module.loc, Code.MODULE_AFTER_ASSESSMENT,
                                f"module after the scored assessment '{course.modules[final].title}': learners "
                                "meet it after being scored; number the file to come before the assessment")
    if tracking.completion is CompletionRule.ASSESSMENT and not any(m.quiz.scored for m in course.modules):
        diagnostics.error(course.config.completion_loc or course.config.loc, Code.QUIZ_POOL,
                          "tracking.completion is 'assessment' but no module is scored (set 'assessment: true')")


def _check_durations(course: Course, diagnostics: Diagnostics) -> None:
    """A stated duration well under the estimate misleads learners planning their time."""
    for module in course.modules:
        if module.duration is None:
            continue
        estimate = estimate_minutes(module)
        if module.duration < LOW_SHARE * estimate:
            diagnostics.warning(
                module.duration_loc or module.loc, Code.TIMING_DURATION_LOW,
                f"duration {module.duration} minutes is under {round(LOW_SHARE * 100)}% of the estimate "
                f"({estimate} minutes at {WORDS_PER_MINUTE} words a minute, with questions and reflections); "
                "raise it, or remove it to use the estimate")


def _check_moodle_packaging(course: Course, diagnostics: Diagnostics) -> None:
    """Moodle's player keeps one SCORM 2004 API object for the whole package: after the first SCO's
    Terminate every later Initialize fails with 104 (moodle/moodle mod/scorm/datamodels/scorm_13.js
    at 153e7d41cc0fe4607f06b364e8326fde42df48c0: ``Terminated`` is never reset), so later SCOs record
    nothing. 1.2 is fine: LMSFinish resets the API. ``package-per-module`` is not warned about: each
    package is a single-SCO activity of its own in Moodle, with its own API."""
    config = course.config
    if config.packaging is not Packaging.SCO_PER_MODULE or BuildTarget.SCORM2004 not in config.targets:
        return
    diagnostics.warning(
        config.packaging_loc or config.loc, Code.PACKAGING_MOODLE_2004,
        "'packaging: sco-per-module' with the scorm2004 target: Moodle records only the first SCO (it keeps "
        "one SCORM 2004 API per package, and after the first SCO ends every later one fails to start, error 104); "
        "for Moodle, upload the scorm12 package for several SCOs, or use 'packaging: single' or "
        "'package-per-module' with scorm2004")


def _check_topic_draw(module: Module, diagnostics: Diagnostics) -> None:
    """Every topic a stratified draw names exists in the module's pool with enough questions."""
    counts: dict[str, int] = {}
    for question in module.questions:
        if question.topic is not None:
            counts[question.topic] = counts.get(question.topic, 0) + 1
    known = ", ".join(sorted(counts)) or "none: add topic=… to the questions"
    for entry in module.quiz.draw_topics:
        topic, wanted, loc = entry.topic, entry.count, entry.loc
        have = counts.get(topic, 0)
        if not have:
            diagnostics.error(loc, Code.QUIZ_POOL,
                              f"'draw' names topic '{topic}', but no question has topic={topic} (topics: {known})")
        elif wanted > have:
            diagnostics.error(loc, Code.QUIZ_POOL,
                              f"'draw: {topic}: {wanted}' is more than the {have} questions with topic={topic}")
    drawn = [entry.topic for entry in module.quiz.draw_topics]
    for question in module.questions:
        if question.topic in drawn:
            continue
        if question.topic is None:
            diagnostics.warning(question.loc, Code.QUIZ_NEVER_DRAWN,
                                f"question '{question.id}' has no topic=, and 'draw' picks by topic "
                                f"({', '.join(drawn)}), so it is never drawn; add topic=…")
            continue
        close = difflib.get_close_matches(question.topic, drawn, n=1, cutoff=0.6)
        hint = f"; did you mean topic={close[0]}?" if close else f" (drawn: {', '.join(drawn)})"
        diagnostics.warning(question.loc, Code.QUIZ_NEVER_DRAWN,
                            f"question '{question.id}' has topic={question.topic}, which 'draw' does not name, "
                            f"so it is never drawn{hint}")


def _with_keys(course: Course) -> Course:
    return replace(course, state_keys=tuple(sorted(course_keys(course).items())))


def _check_state_budget(course: Course, diagnostics: Diagnostics) -> None:
    scos = [sco for plan in plan_packages(course) for sco in plan.scos]
    # The size without reflections is the same for every target: compute it once per SCO.
    sizes = [(sco, fixed_size(sco), sco_reflections(sco)) for sco in scos]
    for target in course.config.targets:
        limit = SUSPEND_LIMITS[target.value]
        for sco, size, reflections in sizes:
            cap = (limit - size) // reflections if reflections else limit
            if size > limit or (reflections and cap < REFLECTION_MIN):
                hint = ("use 'packaging: sco-per-module', fewer questions per SCO, or only the scorm2004 target"
                        if target is BuildTarget.SCORM12 else "split the course into more SCOs")
                diagnostics.error(
                    course.config.loc, Code.STATE_BUDGET,
                    f"learner state for '{sco.title}' could reach {size + reflections * REFLECTION_MIN:,} "
                    f"characters, over the {target.value} suspend_data limit of {limit:,}; {hint}",
                )
