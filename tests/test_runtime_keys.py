"""The runtime's SHA-256 and reveal decoding (62-keys.js) agree with hashlib and render/keys.py.

Run in Node (installed for the browser tests): the same code the packages ship, before mangling.
"""

from __future__ import annotations

import hashlib
import json
import subprocess

from scr_course.model import BuildTarget
from scr_course.pipeline import check
from scr_course.plan import plan_packages
from scr_course.render.data import runtime_data
from scr_course.render.keys import open_reveal_data
from scr_course.resources import read_bytes

from .conftest import REPO

TEXTS = ["", "a", "abc", "x" * 55, "x" * 56, "y" * 64, "z" * 119, "é:ü✓" * 40, "efe6096c:0", "efe6096c:12345"]


def keys_code() -> str:
    """62-keys.js up to its first use of the rest of the runtime: SHA-256, digest() and secret()."""
    source = read_bytes("runtime/js/62-keys.js").decode("utf-8")
    return source[:source.index("/** An interaction")]


def run_node(body: str, data: object) -> object:
    script = keys_code() + "\nconst input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + body
    done = subprocess.run(["node", "-e", script], input=json.dumps(data), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_sha256_and_the_keystream_block_match_hashlib_at_every_padding_edge() -> None:
    got = run_node("""const hex = b => Array.from(b, x => (x + 256).toString(16).slice(1)).join('');
      const block = new Uint8Array(32);
      console.log(JSON.stringify(input.map(t => { keyBlock(t, block); return [hex(sha256(utf8(t))), hex(block)]; })));""",
                   TEXTS)
    assert got == [[hashlib.sha256(t.encode()).hexdigest()] * 2 for t in TEXTS]


def test_every_sample_question_decodes_to_what_keys_py_scrambled() -> None:
    course = check(REPO / "course_src").course
    assert course is not None
    questions = [{"id": q["id"], "salt": q["salt"], "reveal": q["reveal"]}
                 for sco in plan_packages(course)[0].scos
                 for q in runtime_data(course, sco, BuildTarget.SCORM12)["questions"]]
    decoded = run_node("console.log(JSON.stringify(input.map(q => secret(q))));", questions)
    assert isinstance(decoded, list) and len(decoded) == len(questions) == 70
    for value, question in zip(decoded, questions, strict=True):
        assert value == open_reveal_data(question["reveal"], question["salt"]), question["id"]
