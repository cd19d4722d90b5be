"""How big Moodle's SCORM player makes each Commit: a model of what it posts, to keep it under the beacon limit.

Moodle's player (``mod/scorm``) keeps the data model in the browser and posts it to the server on
every Commit, Terminate and LMSFinish. While the page unloads (the learner leaves through "Exit
activity" or closes the tab) it cannot use a synchronous request, so it sends the same data with
``navigator.sendBeacon``, and Chromium refuses a beacon whose body would take the keep-alive
quota past 64 KiB: that Commit, and the Terminate after it, are lost.

This module is our own model of what Moodle builds, read from the public repository
``moodle/moodle`` (nothing is copied; the element rules are restated from reading the code):

- ``mod/scorm/datamodels/scorm_13.js`` at ``153e7d41cc0fe4607f06b364e8326fde42df48c0``
  (SCORM 2004): ``CollectData`` walks the whole ``cmi`` object and appends every writable element
  whose value differs from the default it was given at launch. Interaction fields have no
  default, so **every interaction, from every session of the attempt, goes out on every Commit**.
  ``Terminate`` also adds ``cmi.total_time``; ``adl.nav.request`` is added when set.
- ``mod/scorm/datamodels/scorm_12.js`` at ``5562b013f4ddadb1a92d9d2abfdb88d71dadf083`` (SCORM 1.2):
  ``CollectData`` moves each element's default to the value it just sent, so a 1.2 Commit carries
  only what changed since the previous one; ``cmi.core.session_time`` is never sent (``LMSFinish``
  sends ``cmi.core.total_time`` instead).
- ``mod/scorm/request.js`` at ``8d532487fb65461a5d434a8bb9efae89925de7aa``: the body starts with
  ``id``, ``a``, ``sesskey``, ``attempt`` and ``scoid``; on unload ``DoRequest`` splits the
  urlencoded string at ``&`` and ``=`` into a ``FormData`` (plus ``unloading=1``) for
  ``navigator.sendBeacon``, which Chromium sends as ``multipart/form-data``.
- ``underscore`` (a global of the player page, in the current ``mod/scorm/module.js``; the copy of
  moodle/moodle we could read, 2ea4312a234f01f043764264ccdb37ddf07ee6d1, predates it, so it was read
  in later copies of that file): element names are posted with ``.`` as ``__``
  (``cmi.interactions.0.id`` → ``cmi__interactions__0__id``; 1.2 keeps ``interactions_0``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

BEACON_LIMIT = 64 * 1024
"""Chromium's keep-alive quota: a beacon whose body would exceed it is refused (sendBeacon returns false)."""
PAYLOAD_BUDGET = 48_000
"""Our limit for one Commit's multipart body: room under the quota for a second beacon in flight."""

CHROMIUM_BOUNDARY = "----WebKitFormBoundary" + "x" * 16
"""Chromium's multipart boundary: this prefix and 16 random letters or digits (always 38 characters)."""

REQUEST_PARAMETERS = (("id", "1234567"), ("a", "123456"), ("sesskey", "AbCdEfGhIj"), ("attempt", "123"),
                      ("scoid", "1234567"))
"""What ``request.js`` puts first: course module, SCORM and SCO ids (generous sizes), the session key."""

WRITABLE_2004 = re.compile(
    r"cmi\.(completion_status|exit|location|progress_measure|session_time|success_status|suspend_data"
    r"|score\.(scaled|raw|min|max)|learner_preference\.(audio_level|language|delivery_speed|audio_captioning)"
    r"|comments_from_learner\.\d+\.(comment|location|timestamp)"
    r"|interactions\.\d+\.(id|type|timestamp|weighting|learner_response|result|latency|description"
    r"|objectives\.\d+\.id|correct_responses\.\d+\.pattern)"
    r"|objectives\.\d+\.(id|success_status|completion_status|progress_measure|description"
    r"|score\.(scaled|raw|min|max)))$")
"""SCORM 2004 elements that ``scorm_13.js`` marks other than read-only (``mod`` ``rw`` or ``w``)."""
WRITABLE_12 = re.compile(
    r"cmi\.(suspend_data|comments|core\.(lesson_location|lesson_status|exit|score\.(raw|min|max))"
    r"|student_preference\.(audio|language|speed|text)"
    r"|objectives\.\d+\.(id|status|score\.(raw|min|max))"
    r"|interactions\.\d+\.(id|time|type|weighting|student_response|result|latency"
    r"|objectives\.\d+\.id|correct_responses\.\d+\.pattern))$")
"""SCORM 1.2 elements that ``scorm_12.js`` posts (writable; ``session_time`` is left out by CollectData)."""
INTERACTION = re.compile(r"cmi\.interactions\.\d+\.")


@dataclass(frozen=True, slots=True)
class CommitPayload:
    """One Commit as Moodle would post it."""

    fields: tuple[tuple[str, str], ...]
    """(posted name, value) in order, request parameters first."""
    urlencoded: int
    """Bytes of the ``application/x-www-form-urlencoded`` body (the synchronous request)."""
    multipart: int
    """Bytes of the ``multipart/form-data`` body ``sendBeacon`` sends on unload (with ``unloading=1``)."""


def flatten(data: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    """A nested data model (``{"cmi": {"interactions": {"0": {...}}}}``) as dotted elements.

    Keys starting with ``_`` (``_count``, ``_children``, ``_version``) are read-only and left out.
    """
    flat: dict[str, str] = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            flat.update(flatten(value, name))
        elif isinstance(value, list):
            flat.update(flatten({str(i): item for i, item in enumerate(value)}, name))
        elif value is not None:
            flat[name] = str(value)
    return flat


def posted_name(version: str, element: str) -> str:
    """The form field name Moodle posts for a data-model element."""
    if version == "scorm12":
        # scorm_12.js stores cmi.interactions.0.id as cmi.interactions_0.id; underscore() turns "." into "__".
        element = re.sub(r"\.(\d+)\.", r"_\1.", element)
        element = re.sub(r"\.(\d+)\.", r"_\1.", element)
    return element.replace(".", "__")


def elements_2004(now: Mapping[str, str], launch: Mapping[str, str]) -> dict[str, str]:
    """What a SCORM 2004 Commit re-posts: every interaction field, and each writable element that
    differs from its value at launch (the defaults ``scorm_13.js`` compares with)."""
    sent: dict[str, str] = {}
    for element, value in now.items():
        if not WRITABLE_2004.match(element):
            continue
        # An interaction field exists in Moodle's cmi object only once the SCO has set it; an
        # empty one is an element this data model lists but the SCO never wrote.
        changed = value != "" if INTERACTION.match(element) else launch.get(element, "") != value
        if changed:
            sent[element] = value
    return sent


def elements_12(now: Mapping[str, str], before: Mapping[str, str]) -> dict[str, str]:
    """What a SCORM 1.2 Commit posts: writable elements changed since the previous Commit (or launch)."""
    return {element: value for element, value in now.items()
            if WRITABLE_12.match(element) and before.get(element, "") != value}


def payload(version: str, elements: Mapping[str, str], *, ending: bool = False,
            total_time: str = "") -> CommitPayload:
    """The body Moodle builds for these elements (``ending``: Terminate/LMSFinish adds total_time)."""
    fields = list(REQUEST_PARAMETERS)
    if ending and version != "scorm12":
        fields.append((posted_name(version, "cmi.total_time"), total_time or "PT99H59M59.99S"))
    fields.extend((posted_name(version, element), value) for element, value in elements.items())
    if ending and version == "scorm12":
        fields.append((posted_name(version, "cmi.core.total_time"), total_time or "9999:59:59.99"))
    return CommitPayload(fields=tuple(fields), urlencoded=urlencoded_size(fields),
                         multipart=multipart_size([*fields, ("unloading", "1")]))


def urlencoded_size(fields: Sequence[tuple[str, str]]) -> int:
    """Bytes of ``name=value&…`` with JavaScript's ``encodeURIComponent`` on each value."""
    return sum(len(name) + 1 + len(_encode_uri_component(value)) for name, value in fields) + max(0, len(fields) - 1)


def multipart_size(fields: Iterable[tuple[str, str]], boundary: str = CHROMIUM_BOUNDARY) -> int:
    """Bytes of the ``multipart/form-data`` body Chromium makes from a FormData of string entries.

    Each entry: ``--boundary CRLF``, ``Content-Disposition: form-data; name="…" CRLF CRLF``, the
    value as UTF-8 with every line break as CRLF, then CRLF; the body ends ``--boundary-- CRLF``.
    """
    size = 0
    for name, value in fields:
        size += len(f'--{boundary}\r\nContent-Disposition: form-data; name="{_escape_name(name)}"\r\n\r\n')
        size += len(_crlf(value).encode("utf-8")) + 2
    return size + len(f"--{boundary}--\r\n")


def _crlf(value: str) -> str:
    return re.sub(r"\r\n|\r|\n", "\r\n", value)


def _escape_name(name: str) -> str:
    return _crlf(name).replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")


def _encode_uri_component(value: str) -> str:
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in value.encode("utf-8"))
