"""Accessibility checks with axe-core, run inside the SCO's frame (or any page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
"""WCAG 2.0, 2.1 and 2.2, levels A and AA (axe-core rule tags)."""
BLOCKING = ("serious", "critical")

Violation = dict[str, Any]
"""An axe-core result: ``id``, ``impact``, ``help``, ``helpUrl``, ``tags``, ``nodes`` (``target``, ``html``,
``failureSummary``)."""

_RUN = """async (tags) => {
  const results = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations;
}"""


def axe_check(target: Page | Frame, axe_url: str, *, tags: Iterable[str] = WCAG_TAGS) -> list[Violation]:
    """Inject axe-core (``axe_url``, same origin as the SCO so its CSP allows it) and run it on the document.

    Returns the violations, most severe rules first as axe orders them. Pass ``session.frame``
    to check the SCO, not the LMS page around it.
    """
    if not target.evaluate("() => typeof window.axe === 'object'"):
        target.add_script_tag(url=axe_url)
    violations: list[Violation] = target.evaluate(_RUN, list(tags))
    return violations


def format_violations(violations: Iterable[Violation]) -> str:
    """One paragraph per rule: id, impact, help text and URL, then each failing element."""
    paragraphs = []
    for violation in violations:
        lines = [f"{violation['id']} ({violation.get('impact')}): {violation['help']}  <{violation['helpUrl']}>"]
        for node in violation["nodes"]:
            summary = " ".join(str(node.get("failureSummary") or "").split())
            lines.append(f"  - {' > '.join(map(str, node['target']))}: {summary}")
            lines.append(f"    {node['html'][:200]}")
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def assert_no_serious_violations(violations: Iterable[Violation], *, impacts: Iterable[str] = BLOCKING) -> None:
    """Fail (AssertionError) when any violation has one of ``impacts`` (serious or critical by default)."""
    blocking = [violation for violation in violations if violation.get("impact") in set(impacts)]
    if blocking:
        raise AssertionError(f"{len(blocking)} accessibility violation(s):\n\n{format_violations(blocking)}")
