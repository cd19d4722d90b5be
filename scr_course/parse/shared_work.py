"""Parse a large course on several cores: this process and forked helpers claim the files one by one.

Issue 24: Markdown parsing is most of a cold build's CPU time and every file is parsed on its own,
so the files are parsed by this process and ``workers - 1`` forked helpers side by side, each
taking the next file (largest first) whenever it is free. The work has two rounds because
converting a file needs every file's outline (the link table):

1. each process runs ``first`` on the files it claims; the helpers send their results here;
2. every process gets all first results, runs ``prepare`` on them, then ``second`` on the files
   it did in round 1, then on any the others have not reached yet; the helpers send each result
   here as soon as it is made, and exit.

Results are keyed by file index, and the caller uses them in source order, so diagnostics and
output do not depend on which process did what. A helper that fails in any way (it could not
start, died, or raised) costs nothing but time: its share is redone here, where a real error
surfaces as it would without helpers. Forking means nothing is pickled on the way out (the
helpers inherit the course as it is); results come back with a pickler that rebuilds the
model's slotted dataclasses from a tuple of their fields (0.48 s instead of 0.59 s to pickle and
unpickle the 120-module picture course's model, 7.2 MB, on this project's machine).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
import multiprocessing
import operator
import os
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

A = TypeVar("A")
B = TypeVar("B")

MIN_BYTES_PER_WORKER = 400_000
"""Markdown (in bytes) that a helper must have to parse for its start-up to pay (measured in
docs/performance.md: forking and sending results back cost about 40 ms, parsing 400 KB about 0.4 s)."""


def worker_count(weights: Sequence[int], jobs: int | None) -> int:
    """How many processes to use: ``jobs`` when given, else one per core while each gets enough work."""
    if multiprocessing.current_process().daemon or "fork" not in multiprocessing.get_all_start_methods():
        return 1  # a daemonic process may not have children; without fork, helpers would re-import
    if jobs is not None:
        return max(1, min(jobs, len(weights)))
    if threading.active_count() > 1:
        return 1  # e.g. the preview server: forking beside other threads could inherit a held lock
    return max(1, min(os.cpu_count() or 1, sum(weights) // MIN_BYTES_PER_WORKER, len(weights)))


def share_out(weights: Sequence[int], workers: int) -> list[list[int]]:
    """Indices split into ``workers`` shares of about equal weight (largest first, to the lightest share);
    each share in index order. Deterministic: equal weights go by index."""
    shares: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for index in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += weights[index]
    return [sorted(share) for share in shares]


def run_shared(weights: Sequence[int], workers: int, first: Callable[[int], A],
               prepare: Callable[[dict[int, A]], None], second: Callable[[int], B],
               meanwhile: Callable[[], object] | None = None) -> tuple[dict[int, A], dict[int, B]]:
    """``first`` on every index, then ``prepare`` on all their results, then ``second`` on every index,
    shared between this process and ``workers - 1`` forked helpers (see the module's docstring).
    ``meanwhile``: other work for this process, done once the helpers have started (they claim
    more of the first round while it runs).

    Work is claimed, not dealt: each process takes the next index (largest first) whenever it is
    free, so a process slowed by its core's other work, or by copying pages after the fork, does
    less of it. In the second round each process first takes the indices it did in the first (it
    still has their block tokens), then helps with the others'. Whatever a helper did not send
    back, because it failed, is done here; so no claim can be lost.
    """
    order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
    queues = ClaimQueue.make(workers + 1, len(weights))
    if queues is None:  # more files than a pipe holds: the fixed shares of share_out
        if meanwhile is not None:
            meanwhile()
        return _run_dealt(weights, workers, first, prepare, second)
    firsts_queue, owned = queues[0], queues[1:]
    firsts_queue.fill(order)
    helpers = [_Helper(number, (firsts_queue, owned), first, prepare, second) for number in range(1, workers)]
    try:
        if meanwhile is not None:
            meanwhile()
        firsts = {index: first(index) for index in firsts_queue.drain()}
        done_by = {index: 0 for index in firsts}
        for helper in helpers:
            found = helper.receive() or {}
            firsts.update(found)
            done_by.update(dict.fromkeys(found, helper.number))
        for index in order:  # a failed helper's claims
            if index not in firsts:
                firsts[index], done_by[index] = first(index), 0
        for number, queue in enumerate(owned):
            queue.fill([index for index in order if done_by[index] == number])
        for helper in helpers:
            helper.send(firsts)
        prepare(firsts)
        seconds: dict[int, B] = {}
        for index in ClaimQueue.drain_all(owned, 0):
            seconds[index] = second(index)
            for helper in helpers:  # unpickled now, while the helpers still work, not all at the end
                seconds.update(helper.collect(wait=False))
        for helper in helpers:
            seconds.update(helper.collect(wait=True))
        for index in order:
            if index not in seconds:
                seconds[index] = second(index)
    finally:
        for helper in helpers:  # on an error here too: a helper whose pipe closes stops at once
            helper.close()
        for queue in queues:
            queue.close()
    return firsts, seconds


def _run_dealt(weights: Sequence[int], workers: int, first: Callable[[int], A],
               prepare: Callable[[dict[int, A]], None],
               second: Callable[[int], B]) -> tuple[dict[int, A], dict[int, B]]:
    """As run_shared, with each process given a fixed share (for more files than a claim queue holds)."""
    shares = share_out(weights, workers)
    helpers = [_Helper(number, share, first, prepare, second)
               for number, share in enumerate(shares[1:], start=1) if share]
    try:
        firsts = {index: first(index) for index in shares[0]}
        for helper in helpers:
            firsts.update(helper.receive() or {index: first(index) for index in shares[helper.number]})
        for helper in helpers:
            helper.send(firsts)
        prepare(firsts)
        seconds = {index: second(index) for index in shares[0]}
        for helper in helpers:
            seconds.update(helper.collect(wait=True))
            seconds.update({index: second(index) for index in shares[helper.number] if index not in seconds})
    finally:
        for helper in helpers:
            helper.close()
    return firsts, seconds


class ClaimQueue:
    """File indices (0 to ``size`` - 1) that forked processes take one at a time: each is four bytes
    in a pipe, and the kernel serves every four-byte read whole to one reader. Unlike a lock in
    shared memory, nothing is left held when a process dies mid-claim."""

    RECORD = 4

    def __init__(self, reader: int, writer: int, size: int) -> None:
        self.reader, self.writer, self.size = reader, writer, size

    @classmethod
    def make(cls, count: int, indices: int) -> list[ClaimQueue] | None:
        """``count`` empty queues, each able to hold ``indices`` claims; None when a pipe cannot."""
        try:
            import fcntl  # POSIX only, as fork is
        except ImportError:
            return None
        queues: list[ClaimQueue] = []
        try:
            for _ in range(count):
                reader, writer = os.pipe()
                queues.append(cls(reader, writer, indices))
                os.set_blocking(reader, False)
                needed = indices * cls.RECORD
                if needed > fcntl.fcntl(writer, fcntl.F_GETPIPE_SZ):
                    fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, needed)
        except OSError:  # over the system's largest pipe, or out of descriptors
            for queue in queues:
                queue.close()
            return None
        return queues

    def fill(self, indices: Sequence[int]) -> None:
        """Put every index in at once, before any is claimed from this queue (it fits: see make)."""
        if indices:
            os.write(self.writer, b"".join(index.to_bytes(self.RECORD, "little") for index in indices))

    def claim(self) -> int | None:
        """The next index, or None once the queue is empty.

        A short or out-of-range record (which Linux pipes never give) ends this process's claims
        instead of naming a wrong file: the main process does whatever no one sent back.
        """
        try:
            record = os.read(self.reader, self.RECORD)
        except (BlockingIOError, OSError):
            return None
        index = int.from_bytes(record, "little") if len(record) == self.RECORD else self.size
        return index if index < self.size else None

    def drain(self) -> Iterator[int]:
        while (index := self.claim()) is not None:
            yield index

    @staticmethod
    def drain_all(queues: Sequence[ClaimQueue], own: int) -> Iterator[int]:
        """Queue ``own`` first, then the others' in turn."""
        for number in [own, *(n for n in range(len(queues)) if n != own)]:
            yield from queues[number].drain()

    def close(self) -> None:
        for descriptor in (self.reader, self.writer):
            with contextlib.suppress(OSError):  # closed already
                os.close(descriptor)


_Work = list[int] | tuple[ClaimQueue, list[ClaimQueue]]
"""A helper's work: a fixed share of indices, or the first round's queue and every process's second-round queue."""


class _Helper:
    """One forked process working on its share or claims; talks to this process over a pipe."""

    def __init__(self, number: int, work: _Work, first: Callable[[int], Any],
                 prepare: Callable[[dict[int, Any]], None], second: Callable[[int], Any]) -> None:
        self.number = number
        self.sent_all = False
        """Whether the helper has sent its last second-round result."""
        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        # Objects alive now are the helper's inheritance: frozen, the helper's collector never walks
        # (and so never copies) their memory pages.
        gc.freeze()
        self.process: multiprocessing.process.BaseProcess | None = context.Process(
            target=_work, args=(theirs, number, work, first, prepare, second), daemon=True)
        try:
            self.process.start()
        except OSError:  # no more processes allowed, or no memory: this share is done here instead
            self.process = None
            self.connection.close()
            self.connection = None  # type: ignore[assignment]
        finally:
            gc.unfreeze()
            theirs.close()

    def receive(self) -> Any:
        """The helper's next result, or None when it has failed (then its share is redone here)."""
        if self.connection is None:
            return None
        try:
            tag, data = pickle.loads(self.connection.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            tag, data = "failed", None
        if tag != "ok":
            self.close()
            return None
        return data

    def collect(self, wait: bool) -> dict[int, Any]:
        """Second-round results the helper has sent: those already in the pipe, or (``wait``) every
        one up to its last. A failed helper's are those it sent before failing; the caller redoes
        the rest."""
        results: dict[int, Any] = {}
        while self.connection is not None and not self.sent_all and (wait or self.connection.poll()):
            try:
                tag, data = pickle.loads(self.connection.recv_bytes())
            except (EOFError, OSError, pickle.UnpicklingError):
                tag, data = "failed", None
            if tag not in ("part", "ok"):
                self.close()
                break
            results.update(data)
            self.sent_all = tag == "ok"
        return results

    def send(self, data: Any) -> None:
        if self.connection is not None:
            try:
                self.connection.send_bytes(dumps(data))
            except OSError:
                self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None  # type: ignore[assignment]
        if self.process is not None:
            self.process.join()
            self.process = None


def _work(connection: Connection, number: int, work: _Work, first: Callable[[int], Any],
          prepare: Callable[[dict[int, Any]], None], second: Callable[[int], Any]) -> None:
    """The helper's whole life: two rounds, then exit. A failure is reported, not raised: the parent
    redoes the share and meets the same error itself, in its own process."""
    try:
        if isinstance(work, list):
            firsts: Iterable[int] = work
            seconds: Iterable[int] = work
        else:
            firsts, seconds = work[0].drain(), ClaimQueue.drain_all(work[1], number)
        connection.send_bytes(dumps(("ok", {index: first(index) for index in firsts})))
        prepare(pickle.loads(connection.recv_bytes()))
        # Issue 24: each result goes back as soon as it is made, so the parent unpickles it while it
        # still converts files of its own (about 0.1 s for the picture course) instead of all of them
        # at the end, when the other core has nothing left to do.
        for index in seconds:
            connection.send_bytes(dumps(("part", {index: second(index)})))
        connection.send_bytes(dumps(("ok", {})))
    except BaseException:  # noqa: BLE001 - the parent redoes this share and reports any error itself
        # Also Ctrl-C and a parent that stopped listening: the helper ends quietly (no traceback);
        # the parent has the interrupt, or its own error, to report.
        try:
            connection.send_bytes(pickle.dumps(("failed", None)))
        except OSError:
            pass
    finally:
        connection.close()


def dumps(data: object) -> bytes:
    """Pickle with the fast rebuild of slotted dataclasses."""
    buffer = io.BytesIO()
    _Pickler(buffer, pickle.HIGHEST_PROTOCOL).dump(data)
    return buffer.getvalue()


_Fields = tuple[tuple[str, ...], Callable[[object], tuple[object, ...]]]
_FIELDS: dict[type, _Fields | None] = {}


def _fields_of(cls: type) -> _Fields | None:
    """A slotted dataclass's field names and a getter of their values; None for any other type."""
    if cls not in _FIELDS:
        _FIELDS[cls] = None
        if dataclasses.is_dataclass(cls) and "__slots__" in cls.__dict__:
            names = tuple(f.name for f in dataclasses.fields(cls))
            getter = operator.attrgetter(*names)
            _FIELDS[cls] = (names, (lambda obj: (getter(obj),)) if len(names) == 1 else getter)
    return _FIELDS[cls]


def _rebuild(cls: type, values: tuple[object, ...]) -> object:
    """A slotted (frozen) dataclass from its field values, without running ``__init__`` again."""
    fields = _fields_of(cls)
    assert fields is not None
    obj: object = object.__new__(cls)
    for name, value in zip(fields[0], values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: object) -> Any:
        fields = _fields_of(type(obj))
        if fields is None:
            return NotImplemented
        return _rebuild, (type(obj), fields[1](obj))
