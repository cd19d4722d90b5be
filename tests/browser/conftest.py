"""Browser fixtures: headless Chromium, a local server, real packages, and a strict scorm-again LMS.

Usage (see tests/browser/README.md)::

    @pytest.mark.browser
    def test_passes(build_package, lms):
        session = lms("scorm12", build_package("minimal", "scorm12"))
        session.frame.get_by_role("button", name="Finish").click()
        assert session.rejected() == []
        assert session.stored()["cmi"]["core"]["lesson_status"] == "passed"
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

# Make the harness package importable however pytest roots this folder (with or without an
# __init__.py next to this file).
HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import harness  # noqa: E402 - needs the path above
from cmi5_actions import Au  # noqa: E402
from harness import (  # noqa: E402
    BuildFailed,
    Faults,
    HarnessServer,
    LmsLauncher,
    LmsSession,
    ScoPage,
    Violation,
    build_course,
    extract_package,
)
from harness.cmi5 import Cmi5Lms, Launch  # noqa: E402
from harness.lrs import RalphLrs, RalphMissing  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page

REPO = HERE.parent.parent
COURSES = REPO / "tests" / "fixtures" / "courses"
NODE_MODULES = HERE / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
VENDOR = {
    # Both APIs (Scorm12API, Scorm2004API); the minified build parses noticeably faster.
    "scorm-again.js": NODE_MODULES / "scorm-again" / "dist" / "scorm-again.min.js",
    "axe.min.js": NODE_MODULES / "axe-core" / "axe.min.js",
}
SELFTEST = HERE / "harness" / "selftest"
"""Hand-written SCOs that prove the harness (launch with ``launch="sco.html"``)."""
SETUP_HINT = ("Run the browser test command from tests/browser/README.md "
              "(apt-get install chromium; npm ci --prefix tests/browser).")


def _missing_prerequisites() -> list[str]:
    """What the browser tests need and this machine lacks, as readable lines."""
    problems = []
    if not CHROMIUM.is_file():
        problems.append(f"{CHROMIUM} not found (Debian package 'chromium')")
    pinned = json.loads((HERE / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    for package, version in pinned.items():
        manifest = NODE_MODULES / package / "package.json"
        if not manifest.is_file():
            problems.append(f"{manifest.parent} not found (npm package {package}@{version})")
            continue
        installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        if installed != version:
            problems.append(f"{package} {installed} is installed but package.json pins {version}")
    # A present package without the built file we serve means a broken install.
    problems += [f"{path} not found" for path in VENDOR.values() if path.parent.is_dir() and not path.is_file()]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("Python package 'playwright' not installed (pip install -e '.[test]')")
    return problems


@pytest.fixture(scope="session", autouse=True)
def browser_prerequisites() -> None:
    """Fail (never skip) every browser test when Chromium, scorm-again or axe-core is missing."""
    problems = _missing_prerequisites()
    if problems:
        pytest.fail("Browser tests cannot run:\n  " + "\n  ".join(problems) + "\n" + SETUP_HINT, pytrace=False)


@pytest.fixture(scope="session")
def harness_server(browser_prerequisites: None) -> Iterator[HarnessServer]:
    """The local HTTP server (127.0.0.1, free port) for harness pages, vendor JS and packages."""
    server = HarnessServer(HERE / "harness", VENDOR).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(browser_prerequisites: None) -> Iterator[Browser]:
    """Debian's headless Chromium through Playwright, shared by the session (tests get own contexts)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


class BuildPackage(Protocol):
    """``build_package(course, target) -> Path`` of the unzipped package."""

    def __call__(self, course: str | Path, target: str, *, package: str | None = None) -> Path: ...


@pytest.fixture(scope="session")
def build_package(tmp_path_factory: pytest.TempPathFactory) -> BuildPackage:
    """Compile a course with the real pipeline and unzip it; cached per (course, target, package).

    ``course`` is a folder, a fixture course name (``tests/fixtures/courses/<name>``) or
    ``"course_src"`` (the sample course). ``target`` is ``scorm12`` or ``scorm2004``. When the
    course packages one zip per module, ``package`` picks one by a substring of its name.
    """
    cache: dict[tuple[Path, str, str | None], Path] = {}
    root = tmp_path_factory.mktemp("packages")

    def build(course: str | Path, target: str, *, package: str | None = None) -> Path:
        target = str(getattr(target, "value", target))
        source = _course_dir(course)
        key = (source, target, package)
        if key not in cache:
            out = root / f"{source.name}-{target}-{len(cache)}"
            try:
                zips = build_course(source, target, out / "zips")
            except BuildFailed as exc:
                pytest.fail(str(exc), pytrace=False)
            chosen = [path for path in zips if package is None or package in path.stem]
            if len(chosen) != 1:
                pytest.fail(f"build_package({course!r}, {target!r}, package={package!r}) matches "
                            f"{[path.name for path in chosen]}; pass package= to pick one", pytrace=False)
            cache[key] = extract_package(chosen[0], out / chosen[0].stem)
        return cache[key]

    return build


@pytest.fixture(scope="session")
def ralph_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphLrs]:
    """A real LRS: Ralph (PyPI ralph-malph) with its file backend on 127.0.0.1; fails, never skips, when missing."""
    try:
        lrs = RalphLrs(tmp_path_factory.mktemp("ralph")).start()
    except RalphMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield lrs
    lrs.stop()


@pytest.fixture(scope="session")
def cmi5_lms(ralph_lrs: RalphLrs) -> Iterator[Cmi5Lms]:
    """The tests' cmi5 LMS (harness/cmi5.py): launches AUs, hands out tokens, passes statements to Ralph."""
    server = Cmi5Lms(ralph_lrs).start()
    yield server
    server.stop()


def _course_dir(course: str | Path) -> Path:
    if isinstance(course, Path):
        return course.resolve()
    if course == "course_src":
        return REPO / "course_src"
    if (COURSES / course).is_dir():
        return COURSES / course
    raise ValueError(f"no fixture course {course!r} in {COURSES}")


@pytest.fixture
def lms_launcher(browser: Browser, harness_server: HarnessServer) -> Iterator[LmsLauncher]:
    """Opens LMS sessions for one test and closes their browser contexts afterwards."""
    launcher = LmsLauncher(browser, harness_server)
    yield launcher
    launcher.close_all()


class OpenLms(Protocol):
    """``lms(version, package_dir, stored=None, faults=None, **options) -> LmsSession``."""

    def __call__(self, version: str, package_dir: Path, stored: dict[str, Any] | None = None,
                 faults: Faults | dict[str, Any] | None = None, **options: Any) -> LmsSession: ...


@pytest.fixture
def lms(lms_launcher: LmsLauncher) -> OpenLms:
    """Launch a SCO through the test LMS and return the :class:`LmsSession` once the SCO loaded.

    ``version``: ``scorm12`` / ``scorm2004``. ``package_dir``: an unzipped package (launch URL
    and manifest data such as the mastery score are read from its imsmanifest.xml) or any
    folder plus ``launch="page.html"``. ``stored``: a previous session's ``stored()`` (entry is
    ``resume`` when its exit was ``suspend``, otherwise a new attempt starts, ``ab-initio``).
    ``faults``: :class:`Faults` or a dict of its fields. Options: ``launch``, ``init``
    (flattened CMI overrides), ``learner`` ({"id", "name"}), ``credit``, ``mode``, ``settings``
    (scorm-again), ``strict`` (False: scorm-again's checks only), ``nesting`` (extra frames).
    """

    def open_session(version: str, package_dir: Path, stored: dict[str, Any] | None = None,
                     faults: Faults | dict[str, Any] | None = None, **options: Any) -> LmsSession:
        return lms_launcher.open(lms_launcher.spec(version, package_dir, **options), stored=stored, faults=faults)

    return open_session


@pytest.fixture
def relaunch(lms_launcher: LmsLauncher) -> Callable[..., LmsSession]:
    """``relaunch(session, *, faults=None, **spec_changes)``: close it, launch again with what it stored."""
    return lms_launcher.relaunch


@pytest.fixture
def open_sco(lms_launcher: LmsLauncher) -> Callable[..., ScoPage]:
    """``open_sco(package_dir, *, launch=None) -> ScoPage``: the SCO with no LMS around it."""
    return lms_launcher.open_sco


@pytest.fixture(scope="session")
def axe_check(harness_server: HarnessServer) -> Callable[[Page | Frame], list[Violation]]:
    """``axe_check(frame_or_page) -> list of axe violations`` for WCAG 2.0/2.1/2.2 A and AA.

    Pair it with ``harness.assert_no_serious_violations(violations)``.
    """
    axe_url = harness_server.url + "/vendor/axe.min.js"

    def check(target: Page | Frame) -> list[Violation]:
        return harness.axe_check(target, axe_url)

    return check


@pytest.fixture(scope="session")
def selftest_dir() -> Path:
    """The hand-written self-test SCOs (``sco.html``, ``inaccessible.html``): no manifest, pass ``launch=``."""
    return SELFTEST


@pytest.fixture
def strict_launcher(cmi5_lms: Cmi5Lms) -> Iterator[Cmi5Lms]:
    """Issue 20: the launcher is as strict as CATAPULT's player; any cmi5 rule broken fails the test,
    a request after ``terminated`` among them (8.1.2.0-2, 9.3.0.0-5)."""
    cmi5_lms.fault = None
    before = len(cmi5_lms.violations)
    yield cmi5_lms
    cmi5_lms.fault = None
    broken = cmi5_lms.violations[before:]
    assert not broken, broken


@pytest.fixture
def open_au(browser: Any) -> Iterator[Any]:
    opened: list[Au] = []

    def open_one(launch: Launch, context: Any = None) -> Au:
        au = Au(browser, launch, context)
        opened.append(au)
        return au

    yield open_one
    for au in opened:
        with contextlib.suppress(Exception):  # closed by the test already
            au.close()
