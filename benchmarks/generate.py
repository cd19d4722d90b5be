"""Synthetic courses in the real authoring format, for benchmarks (never used by the tests' assertions)."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

WORDS = ["practitioners", "child", "family", "neglect", "review", "agency", "chronology", "assessment", "school", "health", "police", "support", "plan", "risk", "pattern", "history", "supervision", "evidence", "decision", "referral", "outcome", "parent", "carer", "home", "visit", "record", "concern", "escalation", "poverty", "adolescent", "exploitation", "missing", "safeguarding"]

KINDS = ("single", "multiple", "true-false", "fill-in", "numeric", "matching", "ordering", "single")


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6)))


def _question(rng: random.Random, module: int, number: int, kind: str) -> str:
    qid = f"m{module}-q{number}"
    head = f"::: question id={qid} type={kind}" + (" tolerance=1" if kind == "numeric" else "")
    prompt = _sentence(rng, 18).rstrip(".") + "?"
    if kind in ("single", "multiple"):
        correct = {0} if kind == "single" else {0, 2}
        options = "\n".join(
            f"- [{'x' if i in correct else ' '}] {_sentence(rng, 8)}\n  > {_sentence(rng, 12)}" for i in range(4))
    elif kind == "true-false":
        options = "- [x] True\n  > Right.\n- [ ] False\n  > Not so."
    elif kind == "fill-in":
        options = "- [x] chronology\n- [x] a chronology\n- [ ] plan\n  > A plan comes later."
    elif kind == "numeric":
        options = f"- [x] {rng.randint(10, 400)}"
    elif kind == "matching":
        options = "\n".join(f"- {rng.choice(WORDS).title()} {i} -> {_sentence(rng, 5)}" for i in range(4))
    else:
        options = "\n".join(f"{i + 1}. {_sentence(rng, 6)}" for i in range(4))
    return f"{head}\n{prompt}\n\n{options}\n\n{_paragraph(rng)}\n:::\n"


def generate_course(root: Path, modules: int, *, seed: int = 7, image_sizes: tuple[int, int] = (50_000, 200_000),
                    questions: int = 8, reflections: bool = True, packaging: str = "sco-per-module",
                    targets: str = "[scorm12, scorm2004]") -> Path:
    """Write a course of ``modules`` modules: 6 pages, ``questions`` questions of mixed types, 3 images each."""
    rng = random.Random(seed)
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text(
        f"id: bench-{modules}\ntitle: Benchmark course of {modules} modules\nversion: '1.0'\nlanguage: en-GB\n"
        f"targets: {targets}\npackaging: {packaging}\n", encoding="utf-8")
    for m in range(1, modules + 1):
        images = []
        for i in range(3):
            name = f"m{m}-figure-{i}.png"
            # Incompressible bytes: the zip must store them as they are, like real photographs.
            (root / "modules" / name).write_bytes(rng.randbytes(rng.randint(*image_sizes)))
            images.append(name)
        parts = [f"---\nduration: 20\nobjectives:\n  - {_sentence(rng, 8)}\n---\n# Module {m}: {_sentence(rng, 4)}\n\n"
                 f"{_paragraph(rng)}\n"]
        number = 0
        for page in range(1, 6):
            parts.append(f"\n## Page {page} of module {m}\n\n{_paragraph(rng)}\n\n- {_sentence(rng)}\n- {_sentence(rng)}\n\n")
            if page <= 3:
                parts.append(f"![Figure {page} of module {m}]({images[page - 1]})\n\n")
            parts.append(f"{_paragraph(rng)}\n\n")
            for _ in range(2 if page <= 3 else 1):
                if number < questions:
                    parts.append(_question(rng, m, number, KINDS[number % len(KINDS)]) + "\n")
                    number += 1
        while number < questions:
            parts.append(_question(rng, m, number, KINDS[number % len(KINDS)]) + "\n")
            number += 1
        if reflections:
            parts.append(f"::: reflection id=m{m}-r\n{_sentence(rng)}\n:::\n")
        (root / "modules" / f"{m:04d}-module-{m}.md").write_text("".join(parts), encoding="utf-8")
    return root


if __name__ == "__main__":
    import sys

    generate_course(Path(sys.argv[2]), int(sys.argv[1]))


def clone_sample_course(root: Path, sample: Path, copies: int = 20, *, seed: int = 11,
                        picture_bytes: int = 100_000) -> Path:
    """The shipped course's six modules cloned ``copies`` times (issue 24: 20 × 6 = 120 modules).

    Each copy gets its own module, question and reflection ids (suffix ``-cNN``) and three
    incompressible pictures of ``picture_bytes`` in each module, as photographs would be; the
    packaging is one SCO per module and every target is built.
    """
    rng = random.Random(seed)
    shutil.copytree(sample, root)
    modules = sorted((sample / "modules").glob("*.md"))
    for path in (root / "modules").glob("*.md"):
        path.unlink()
    config = (sample / "course.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^packaging: .*$", "packaging: sco-per-module", config)
    config = re.sub(r"(?m)^targets: .*$", "targets: [scorm12, scorm2004, cmi5]", config)
    (root / "course.yml").write_text(config, encoding="utf-8")
    for copy in range(copies):
        suffix = f"-c{copy:02d}"
        for path in modules:
            text = path.read_text(encoding="utf-8")
            module_id = re.sub(r"^\d+[-_ ]*", "", path.stem)
            text = re.sub(r"\b(id|topic)=(\S+)", lambda m: f"{m.group(1)}={m.group(2)}{suffix}", text)
            head, sep, body = text.partition("\n---\n")
            if re.search(r"(?m)^id: ", head):
                head = re.sub(r"(?m)^id: (.*)$", lambda m: f"id: {m.group(1)}{suffix}", head)
            else:
                head = head.replace("---\n", f"---\nid: {module_id}{suffix}\n", 1)
            head = re.sub(r"(?m)^draw: \{(.*)\}$", lambda m: "draw: {" + re.sub(
                r"([a-z0-9-]+):", lambda k: f"{k.group(1)}{suffix}:", m.group(1)) + "}", head)
            pictures = []
            for number in range(3):
                name = f"{copy:02d}-{module_id}-{number}.png"
                (root / "assets" / name).write_bytes(rng.randbytes(picture_bytes))
                pictures.append(f"![Picture {number + 1} of this module](../assets/{name})\n")
            body = body.rstrip("\n") + "\n\n" + "\n".join(pictures)
            (root / "modules" / f"{copy:02d}{path.name}").write_text(head + sep + body, encoding="utf-8")
    return root
