"""LMS sessions: a scorm-again LMS page in headless Chromium with the SCO in an iframe, seen from Python."""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .packages import VERSIONS, read_manifest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Frame, Page

    from .server import HarnessServer

ERROR_FUNCTIONS = frozenset({
    "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic", "GetLastError", "GetErrorString", "GetDiagnostic",
})
GET_VALUE = frozenset({"LMSGetValue", "GetValue"})
TIMEOUT_MS = 10_000


class HarnessError(Exception):
    """The harness itself could not set up a session (bad config, data that did not load …)."""


class ApiCall(TypedDict, total=False):
    """One call the SCO made, as ``lms.js`` recorded it."""

    i: int
    """Position in the call list."""
    method: str
    args: list[Any]
    """Arguments as passed (non-JSON values as strings, ``undefined`` as None)."""
    argTypes: list[str]
    """JavaScript ``typeof`` of each argument: SCORM wants every one to be ``"string"``."""
    result: str
    error: str
    """The API's last error code right after the call."""
    t: int
    """Milliseconds since the LMS page started."""
    fault: str
    """Set when an injected fault answered (``commit_fails``, ``offline`` …)."""
    strict: str
    """Set when a harness strict rule refused the value (``timespan``, ``after-finish`` …)."""
    threw: str
    """Set when the call threw (the message)."""


class Commit(TypedDict):
    """One successful Commit/Finish and the data the LMS persisted with it."""

    method: str
    call: int
    t: int
    nav: str
    """``adl.nav.request`` (2004) or ``nav.event`` (1.2) at that moment."""
    data: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Faults:
    """LMS failures to simulate (issue 6); the defaults are a healthy LMS.

    Value faults act only inside an initialized session; calls before ``Initialize`` get
    scorm-again's own answers.
    """

    api_missing: bool = False
    """No API object at all (the SCO must run untracked)."""
    throw: bool | tuple[str, ...] = False
    """True, or API method names: those calls throw an ``Error``."""
    set_value_fails: bool | tuple[str, ...] = False
    """True, or element prefixes (``"cmi.suspend_data"``): SetValue returns ``"false"``."""
    commit_fails: bool = False
    """Every Commit returns ``"false"`` (1.2: error 101, 2004: 391)."""
    commit_fail_every: int = 0
    """N > 0: the N-th, 2N-th … Commit fails."""
    commit_fail_first: int = 0
    """N > 0: the first N Commits fail."""
    finish_fails: bool = False
    """LMSFinish/Terminate returns ``"false"`` (1.2: 101, 2004: 111); the session stays open."""
    offline_after_ms: int | None = None
    """A dropped connection: Commit and Finish fail from this many ms after the LMS page started."""

    def to_config(self) -> dict[str, Any]:
        """The ``faults`` object ``lms.js`` reads."""
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}


@dataclass(frozen=True, slots=True, kw_only=True)
class LaunchSpec:
    """Everything needed to launch a package again the same way (see :func:`LmsLauncher.relaunch`)."""

    version: str
    package_dir: Path
    launch: str
    """SCO path relative to ``package_dir`` (query string allowed)."""
    init: dict[str, str] = field(default_factory=dict)
    """Flattened LMS-initialised data (manifest values plus test overrides)."""
    learner: dict[str, str] = field(default_factory=lambda: {"id": "learner-001", "name": "Learner, Test"})
    credit: str = "credit"
    mode: str = "normal"
    settings: dict[str, Any] = field(default_factory=dict)
    """scorm-again settings merged over the strict defaults in ``lms.js``."""
    strict: bool = True
    """Also apply the value rules scorm-again relaxes (``STRICT_RULES`` in ``lms.js``)."""
    nesting: int = 0
    """Extra frames between the LMS page and the SCO."""


@dataclass(slots=True)
class _Watch:
    """What a page reported outside the API: uncaught errors, console lines, dialogs."""

    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"{error.name}: {error.message}"))
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))

        def on_dialog(dialog: Any) -> None:
            # Accept, so a beforeunload prompt cannot keep the SCO alive when the learner leaves.
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.accept()

        page.on("dialog", on_dialog)


class LmsSession:
    """One launch of a SCO by the test LMS: the page, the SCO frame, and the LMS's records.

    Read methods query the live page; after :meth:`close` they answer from the last snapshot.
    """

    def __init__(self, *, spec: LaunchSpec, faults: Faults, context: BrowserContext, page: Page, frame: Frame,
                 watch: _Watch) -> None:
        self.spec = spec
        self.faults = faults
        self.context = context
        self.page = page
        """The top LMS page."""
        self.frame = frame
        """The SCO's frame (loaded; it stays valid when the SCO navigates inside it)."""
        self._watch = watch
        self._final: dict[str, Any] | None = None

    @property
    def version(self) -> str:
        """``scorm12`` or ``scorm2004``."""
        return self.spec.version

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._final is not None

    @property
    def errors(self) -> list[str]:
        """Uncaught JavaScript errors in the LMS page or the SCO."""
        return list(self._watch.errors)

    @property
    def console(self) -> list[str]:
        """Console messages (``type: text``) from the LMS page and the SCO."""
        return list(self._watch.console)

    @property
    def dialogs(self) -> list[str]:
        """Dialogs the pages opened (``type: message``); they are accepted."""
        return list(self._watch.dialogs)

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Every API call so far, in order (only those to ``method`` if given)."""
        calls: list[ApiCall] = self._read("calls", "() => window.__lmsCalls")
        return [call for call in calls if method is None or call["method"] == method]

    def rejected(self) -> list[ApiCall]:
        """Calls that failed: threw, returned ``"false"``, or left a non-zero error code.

        The error functions are left out (they only report), and so is SCORM 2004's 403 on
        GetValue (Value Not Initialized: a legitimate empty read on a first launch).
        """
        failed = []
        for call in self.calls():
            method, error = call["method"], call.get("error", "0")
            if method in ERROR_FUNCTIONS:
                continue
            if self.version == "scorm2004" and method in GET_VALUE and error == "403":
                continue
            returned_false = call.get("result") == "false" and method not in GET_VALUE
            if "threw" in call or returned_false or error != "0":
                failed.append(call)
        return failed

    def cmi(self) -> dict[str, Any] | None:
        """The LMS's current data model as scorm-again holds it (``{"cmi": {...}}``); None without an API."""
        cmi: dict[str, Any] | None = self._read("cmi", "() => window.__lms.cmi()")
        return cmi

    def stored(self) -> dict[str, Any] | None:
        """What the LMS last persisted (after a successful Commit or Finish), or None.

        The CMI as scorm-again renders it for a commit (``{"cmi": {...}}``, total_time
        including this session); for 2004, completion/success as the LMS evaluates them.
        """
        stored: dict[str, Any] | None = self._read("store", "() => window.__lmsStore")
        return stored

    def commits(self) -> list[Commit]:
        """Every successful Commit/Finish in order, with the data persisted at that point."""
        commits: list[Commit] = self._read("commits", "() => window.__lms.commits")
        return commits

    def log(self) -> list[dict[str, Any]]:
        """scorm-again's warnings and errors (``level``, ``message``, ``t``)."""
        log: list[dict[str, Any]] = self._read("log", "() => window.__lms.log")
        return log

    def wait_for_call(self, method: str, *, count: int = 1, timeout_ms: int = TIMEOUT_MS) -> ApiCall:
        """Wait until ``method`` has been called ``count`` times; return that call."""
        self.page.wait_for_function(
            "([m, n]) => window.__lmsCalls.filter(c => c.method === m).length >= n", arg=[method, count],
            timeout=timeout_ms,
        )
        return self.calls(method)[count - 1]

    def go_offline(self) -> None:
        """Drop the connection now: later Commit/Finish calls fail (fault ``offline``)."""
        self.page.evaluate("() => window.__lms.goOffline()")

    def go_online(self) -> None:
        """Restore the connection after :meth:`go_offline`."""
        self.page.evaluate("() => window.__lms.goOnline()")

    def close(self) -> None:
        """The learner closes the window.

        The SCO document unloads first (``beforeunload``, ``pagehide``, ``visibilitychange``,
        ``unload``) while the LMS page and its API stay alive to take its last calls; then the
        records are kept and the page and its browser context are closed.
        """
        if self.closed:
            return
        unloaded = False
        try:
            unloaded = self.page.evaluate("ms => window.__lms.unloadSco(ms)", TIMEOUT_MS)
            self._final = self.page.evaluate("() => window.__lms.snapshot()")
        finally:
            if self._final is None:
                self._final = {"calls": [], "commits": [], "store": None, "cmi": None, "log": []}
            self.context.close()
        if not unloaded:
            raise HarnessError(f"the SCO frame did not unload within {TIMEOUT_MS} ms")

    def _read(self, key: str, expression: str) -> Any:
        if self._final is not None:
            return self._final[key]
        return self.page.evaluate(expression)


@dataclass(slots=True)
class ScoPage:
    """A SCO opened without an LMS (preview mode): no API anywhere above it."""

    context: BrowserContext
    page: Page
    errors: list[str]
    console: list[str]
    dialogs: list[str]

    @property
    def frame(self) -> Frame:
        """The SCO's frame (the page's main frame), for symmetry with :class:`LmsSession`."""
        return self.page.main_frame


class LmsLauncher:
    """Opens LMS sessions against one browser and server; closes what it opened."""

    def __init__(self, browser: Browser, server: HarnessServer) -> None:
        self.browser = browser
        self.server = server
        self._contexts: list[BrowserContext] = []

    def spec(self, version: str, package_dir: Path, *, launch: str | None = None,
             init: dict[str, str] | None = None, **options: Any) -> LaunchSpec:
        """A launch spec; for a package (``imsmanifest.xml`` present) launch and init come from it."""
        version = str(getattr(version, "value", version))
        if version not in VERSIONS:
            raise HarnessError(f"version must be one of {VERSIONS}, not {version!r}")
        package_dir = Path(package_dir)
        manifest_data: dict[str, str] = {}
        if (package_dir / "imsmanifest.xml").is_file():
            info = read_manifest(package_dir)
            if info.version != version:
                raise HarnessError(f"{package_dir} is a {info.version} package, launched as {version}")
            launch = launch or info.launch
            manifest_data = info.lms_data
        if not launch:
            raise HarnessError(f"{package_dir} has no imsmanifest.xml: pass launch=")
        return LaunchSpec(version=version, package_dir=package_dir, launch=launch,
                          init={**manifest_data, **(init or {})}, **options)

    def open(self, spec: LaunchSpec, *, stored: dict[str, Any] | None = None,
             faults: Faults | dict[str, Any] | None = None, context: BrowserContext | None = None) -> LmsSession:
        """Launch the SCO through a fresh LMS page and wait until it loaded.

        The page gets its own browser context, or opens in ``context``: the same browser profile
        (storage) as an earlier session, as on a computer that learners share.
        """
        faults = Faults(**faults) if isinstance(faults, dict) else faults or Faults()
        prefix = self.server.mount(_mount_name(spec.package_dir), spec.package_dir)
        config = {
            "version": spec.version,
            "launch": prefix + spec.launch,
            "stored": stored,
            "init": spec.init,
            "learner": spec.learner,
            "credit": spec.credit,
            "mode": spec.mode,
            "settings": spec.settings,
            "strict": spec.strict,
            "nesting": spec.nesting,
            "faults": faults.to_config(),
        }
        context, page, watch = self._new_page(context)
        # Top document only: the SCO frame must find the API, not a config object.
        page.add_init_script(script=f"if (window === window.top) {{ window.__lmsConfig = {json.dumps(config)}; }}")
        page.goto(self.server.url + "/harness/lms.html", wait_until="load")  # waits for the iframe(s) too
        problems = page.evaluate("() => window.__lms ? window.__lms.loadProblems : null")
        if problems is None:
            raise HarnessError(f"lms.js did not start; page errors: {watch.errors}")
        if problems:
            raise HarnessError("the LMS could not load the starting data:\n" + "\n".join(problems))
        frame = page.main_frame
        for _level in range(spec.nesting + 1):
            if not frame.child_frames:
                raise HarnessError(f"no SCO frame under {frame.url}; page errors: {watch.errors}")
            frame = frame.child_frames[0]
        return LmsSession(spec=spec, faults=faults, context=context, page=page, frame=frame, watch=watch)

    def relaunch(self, session: LmsSession, *, faults: Faults | dict[str, Any] | None = None,
                 **changes: Any) -> LmsSession:
        """The learner's next launch: close ``session`` if still open, start again with what it stored."""
        session.close()
        spec = replace(session.spec, **changes) if changes else session.spec
        return self.open(spec, stored=session.stored(), faults=faults)

    def open_sco(self, package_dir: Path, *, launch: str | None = None) -> ScoPage:
        """Open the SCO's launch URL directly, with no LMS page (and so no API) above it."""
        package_dir = Path(package_dir)
        if launch is None:
            launch = read_manifest(package_dir).launch
        prefix = self.server.mount(_mount_name(package_dir), package_dir)
        context, page, watch = self._new_page()
        page.goto(self.server.url + prefix + launch, wait_until="load")
        return ScoPage(context=context, page=page, errors=watch.errors, console=watch.console, dialogs=watch.dialogs)

    def close_all(self) -> None:
        """Close every browser context this launcher opened (test teardown)."""
        for context in self._contexts:
            with contextlib.suppress(Exception):  # already closed by LmsSession.close()
                context.close()
        self._contexts.clear()

    def new_context(self) -> BrowserContext:
        """A fresh browser profile, closed with the others (for a test that prepares its storage first)."""
        context = self.browser.new_context()
        context.set_default_timeout(TIMEOUT_MS)
        self._contexts.append(context)
        return context

    def _new_page(self, context: BrowserContext | None = None) -> tuple[BrowserContext, Page, _Watch]:
        context = context or self.new_context()
        page = context.new_page()
        watch = _Watch()
        watch.attach(page)
        return context, page, watch


def _mount_name(folder: Path) -> str:
    """A stable, unique ``/pkg/<name>/`` for a folder: its name plus a hash of its path."""
    digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:8]
    return f"{folder.name}-{digest}"
