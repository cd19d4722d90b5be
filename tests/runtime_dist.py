"""Makes the prebuilt runtime scripts in scorm_templates/runtime/dist/ with terser, or checks them.

    python -m tests.runtime_dist           # exit 1 if a checked-in bundle is not what terser makes now
    python -m tests.runtime_dist --write   # after editing scorm_templates/runtime/js/: remake them

terser comes from tests/browser (``npm ci --prefix tests/browser``), pinned in its package.json,
so every maintainer and CI make the same bytes. Only ``--mangle`` is used: local names inside the
runtime's closure get short, and nothing else changes (no compress pass rewrites statements), so
the shipped script still reads line for line like its source to anyone auditing a package.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scr_course.resources import RUNTIME_BUNDLES, bundle_header, runtime_source

from .generated import write_or_check

REPO = Path(__file__).resolve().parent.parent
TERSER = REPO / "tests" / "browser" / "node_modules" / "terser" / "bin" / "terser"
DIST = REPO / "scorm_templates" / "runtime" / "dist"


def bundle_names() -> dict[str, str]:
    """Bundle name -> one target whose parts it holds."""
    names: dict[str, str] = {}
    for target, name in RUNTIME_BUNDLES.items():
        names.setdefault(name, target)
    return names


def make_bundle(target: str) -> bytes:
    """What terser makes of ``target``'s joined runtime, behind the header naming its source."""
    if not TERSER.is_file():
        raise SystemExit(f"{TERSER} is missing: run `npm ci --prefix tests/browser` first")
    source = runtime_source("runtime/player.js", target)
    mangled = subprocess.run(["node", str(TERSER), "--mangle", "--ecma", "5", "--comments", "false"],
                             input=source, capture_output=True, check=True).stdout
    return bundle_header(source) + mangled.rstrip(b"\n") + b"\n"


def main(argv: list[str]) -> int:
    made = {DIST / f"player-{name}.js": make_bundle(target) for name, target in bundle_names().items()}
    return write_or_check(made, "--write" in argv, "python -m tests.runtime_dist --write")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
