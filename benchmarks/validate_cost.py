"""What validating each manifest in memory (the last step of ``build``) costs, against rendering.

Run: python benchmarks/validate_cost.py [MODULES]   (default 100; results in docs/performance.md)

For every package of a generated course (sco-per-module, all three targets) it times rendering
the files and validating the manifest as ``validate`` would; the first validation of each target
includes compiling that target's official schemas (cached for the rest of the process).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate_course  # noqa: E402

from scr_course.model import BuildTarget  # noqa: E402
from scr_course.pipeline import check  # noqa: E402
from scr_course.plan import plan_packages  # noqa: E402
from scr_course.render import render_package  # noqa: E402
from scr_course.validate.scorm import validate_rendered  # noqa: E402


def main() -> None:
    modules = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as folder:
        src = generate_course(Path(folder) / "src", modules, targets="[scorm12, scorm2004, cmi5]")
        course = check(src).course
        assert course is not None
        for target in BuildTarget:
            for plan in plan_packages(course):
                started = time.perf_counter()
                files = render_package(course, plan, target)
                rendered = time.perf_counter()
                first = validate_rendered("x.zip", tuple((f.href, f.data) for f in files))
                cold = time.perf_counter()
                again = validate_rendered("x.zip", tuple((f.href, f.data) for f in files))
                warm = time.perf_counter()
                assert first == again == [], first
                print(f"{target.value:9} {modules} modules: render {rendered - started:.3f} s, "
                      f"validate {1000 * (cold - rendered):.0f} ms first (schemas compiled), "
                      f"{1000 * (warm - cold):.0f} ms cached")


if __name__ == "__main__":
    main()
