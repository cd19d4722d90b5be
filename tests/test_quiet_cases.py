"""Issue 23: good writing the new checks must leave alone (the broken corpus holds the mistakes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_course.cli import main

LONG = " ".join(["Fuel, heat and oxygen make a fire."] * 20)
QUIET = {
    "subheadings in order": "# M\n\n## Page\n\nText.\n\n### Part\n\n#### Detail\n\nText.\n\n### Next part\n\nText.\n",
    "a lone ### on a short page": f"# M\n\n## Fuel\n\n{LONG}\n\n### Note\n\nKeep bins closed.\n\n## Heat\n\nText.\n",
    "### on more than one page": (f"# M\n\n## Fuel\n\n{LONG}\n\n### Oxygen\n\n{LONG}\n\n"
                                  f"## Heat\n\nText.\n\n### Sources\n\nText.\n"),
    "several [x] with type=multiple, even 'first'": (
        "# M\n\n## P\n\nText.\n\n::: question id=q1 type=multiple\nWhich do you do first, before anything else?\n\n"
        "- [x] Raise the alarm.\n- [x] Close the doors.\n- [ ] Collect your bag.\n:::\n"),
    "a '>' line in the explanation": (
        "# M\n\n## P\n\nText.\n\n::: question id=q1\nWhich gas feeds a fire?\n\n- [x] Oxygen.\n  > Yes.\n"
        "- [ ] Nitrogen.\n- [ ] Argon.\n\n> Air is about a fifth oxygen.\n:::\n"),
    "every topic drawn": (
        "---\nassessment: true\npass_mark: 50\ndraw:\n  fuel: 1\n  heat: 1\n---\n# M\n\n## P\n\nText.\n\n"
        "::: question id=q1 topic=fuel\nWhich of these burns most easily?\n\n- [x] Paper.\n- [ ] Steel.\n- [ ] Glass.\n:::\n\n"
        "::: question id=q2 topic=heat\nWhich of these starts most ward fires?\n\n- [x] Electrics.\n"
        "- [ ] Cold water.\n- [ ] Daylight.\n:::\n"),
    "a link on a later line that works": "# M\n\n## Fuel\n\nText that wraps\nonto [the heat page](#heat).\n\n## Heat\n\nText.\n",
    "a negative number in front matter lists": "---\nobjectives:\n  - -5 degrees is cold\n---\n# M\n\n## P\n\nText.\n",
}


@pytest.mark.parametrize("name", sorted(QUIET))
def test_good_writing_stays_quiet_under_strict(name: str, write_course: Callable[..., Path]) -> None:
    write_course({"modules/01-m.md": QUIET[name]})
    result = CliRunner().invoke(main, ["check", "--src", "src", "--strict"])
    assert result.exit_code == 0, result.output
    assert "error" not in result.output and "warning" not in result.output
