"""Every diagnostic code a user can see is explained in docs/authoring.md."""

from __future__ import annotations

from scr_course.diagnostics import Code

from .conftest import REPO


def test_every_code_has_a_row_in_the_authoring_guide() -> None:
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    missing = [code.value for code in Code if f"| `{code.value}` |" not in guide]
    assert not missing, f"codes missing from docs/authoring.md: {missing}"
    assert all(code.help for code in Code), [code.value for code in Code if not code.help]
