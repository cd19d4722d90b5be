"""The prebuilt runtime in scorm_templates/runtime/dist is exactly what terser makes of today's parts."""

from __future__ import annotations

import pytest

from .runtime_dist import DIST, bundle_names, make_bundle


@pytest.mark.parametrize("name", sorted(bundle_names()))
def test_the_checked_in_bundle_is_what_terser_makes_of_the_parts(name: str) -> None:
    made = make_bundle(bundle_names()[name])
    shipped = (DIST / f"player-{name}.js").read_bytes()
    assert shipped == made, f"runtime/dist/player-{name}.js is stale: python -m tests.runtime_dist --write"
