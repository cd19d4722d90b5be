"""Makes the page templates' shipped code in scorm_templates/html/compiled/, or checks it.

    python -m tests.template_code           # exit 1 if a shipped file is not what Jinja makes now
    python -m tests.template_code --write   # after editing scorm_templates/html/*.j2: remake them

The build uses a shipped file only while its header matches the template, the installed jinja2
and the environment's settings (scr_course.render.page_templates.ShippedTemplateCode); a stale one is
ignored, so forgetting to remake them costs time, never correctness. The suite checks they are fresh.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scr_course.render.page_templates import COMPILED_FOLDER, jinja_environment, template_code

from .generated import write_or_check

REPO = Path(__file__).resolve().parent.parent
HTML = REPO / "scorm_templates" / "html"
COMPILED = REPO / "scorm_templates" / COMPILED_FOLDER


def template_names() -> list[str]:
    return sorted(path.name for path in HTML.glob("*.j2"))


def main(argv: list[str]) -> int:
    environment = jinja_environment()
    made = {COMPILED / f"{name.removesuffix('.j2')}.py": template_code(environment, name).encode("utf-8")
            for name in template_names()}
    return write_or_check(made, "--write" in argv, "python -m tests.template_code --write")

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
