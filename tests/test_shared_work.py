"""Issue 24: the parse shared out over forked helper processes (scr_course/parse/shared_work.py)."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from scr_course.parse.shared_work import ClaimQueue, dumps, run_shared, share_out, worker_count

REPO = Path(__file__).parent.parent


def test_shares_are_balanced_by_weight_and_deterministic() -> None:
    weights = [50, 10, 40, 10, 30, 20, 20, 20]
    shares = share_out(weights, 2)
    assert shares == share_out(weights, 2)
    assert sorted(i for share in shares for i in share) == list(range(len(weights)))
    loads = [sum(weights[i] for i in share) for share in shares]
    assert loads == [100, 100]
    assert all(share == sorted(share) for share in shares)


def test_worker_count_follows_jobs_and_the_size_of_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in a plain build: no other thread (a whole-suite run leaves test servers' threads behind,
    # beside which worker_count rightly refuses to fork; that rule is tested below).
    monkeypatch.setattr("threading.active_count", lambda: 1)
    assert worker_count([10] * 5, 1) == 1
    assert worker_count([10] * 5, 3) == 3
    assert worker_count([10] * 2, 8) == 2  # never more processes than files
    assert worker_count([1_000] * 50, None) == 1  # 50 KB of Markdown: not worth a fork
    assert worker_count([400_000] * 8, None) == min(os.cpu_count() or 1, 8)


def _slowly(value: int, seconds: float = 0.05) -> int:
    time.sleep(seconds)  # long enough for every process to claim some of the work
    return value


def test_work_is_done_by_several_processes_and_comes_back_by_index() -> None:
    parent = os.getpid()
    prepared: list[dict[int, tuple[int, int]]] = []
    firsts, seconds = run_shared([1] * 12, 3, lambda i: (_slowly(i * i, 0.1), os.getpid()), prepared.append,
                                 lambda i: (_slowly(prepared[0][i][0] + 1, 0.01), os.getpid()))
    assert [firsts[i][0] for i in range(12)] == [i * i for i in range(12)]
    assert [seconds[i][0] for i in range(12)] == [i * i + 1 for i in range(12)]
    # Claimed, not dealt: how many each process took depends on when it started; on a loaded
    # machine a helper may start late, but the twelve slow files leave time for at least one.
    assert len({pid for _, pid in firsts.values()}) >= 2
    assert parent in {pid for _, pid in seconds.values()}


@pytest.mark.parametrize("dealt", [False, True], ids=["claimed", "dealt"])
def test_results_do_not_depend_on_how_the_work_was_shared(monkeypatch: pytest.MonkeyPatch, dealt: bool) -> None:
    if dealt:  # as for more files than a pipe holds
        monkeypatch.setattr(ClaimQueue, "make", classmethod(lambda cls, count, indices: None))
    weights = [5, 1, 4, 1, 3, 2, 2, 2]
    one = run_shared(weights, 1, lambda i: i * 3, lambda _: None, lambda i: i * 7)
    three = run_shared(weights, 3, lambda i: _slowly(i * 3, 0.01), lambda _: None, lambda i: _slowly(i * 7, 0.01))
    assert one == three == ({i: i * 3 for i in range(8)}, {i: i * 7 for i in range(8)})


def test_a_slow_process_claims_less_of_the_work() -> None:
    parent = os.getpid()

    def work(index: int) -> int:
        time.sleep(0.01 if os.getpid() == parent else 0.2)  # the helper's core is busy elsewhere
        return os.getpid()

    firsts, _ = run_shared([1] * 20, 2, work, lambda _: None, work)
    by_parent = sum(pid == parent for pid in firsts.values())
    assert by_parent >= 13, firsts  # dealt in fixed halves, the parent would have waited for ten slow files


def test_the_second_round_takes_a_process_own_files_first() -> None:
    queues = ClaimQueue.make(2, 4)
    assert queues is not None
    queues[0].fill([0, 2])  # done by the main process in round one
    queues[1].fill([1, 3])  # done by helper 1: it still has their block tokens
    assert list(ClaimQueue.drain_all(queues, 1)) == [1, 3, 0, 2]
    for queue in queues:
        queue.close()


def test_every_index_is_claimed_once_across_processes() -> None:
    queue = ClaimQueue.make(1, 5000)
    assert queue is not None
    claims = queue[0]
    claims.fill(range(5000))
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the forked claimer sends what it took, then leaves at once
        taken = list(claims.drain())
        os.write(writer, pickle.dumps(taken))
        os._exit(0)
    os.close(writer)
    mine = list(claims.drain())
    with os.fdopen(reader, "rb") as pipe:
        theirs = pickle.loads(pipe.read())
    os.waitpid(child, 0)
    claims.close()
    assert sorted(mine + theirs) == list(range(5000))


def test_a_claim_out_of_range_ends_the_claims_instead_of_naming_a_wrong_file() -> None:
    queues = ClaimQueue.make(1, 3)
    assert queues is not None
    claims = queues[0]
    os.write(claims.writer, (1).to_bytes(4, "little") + (7).to_bytes(4, "little") + b"\x02\x00")
    assert claims.claim() == 1
    assert claims.claim() is None  # index 7 of 3
    assert claims.claim() is None  # a short record
    claims.close()


def test_a_failing_helper_share_is_redone_by_the_parent() -> None:
    parent = os.getpid()

    def first(index: int) -> int:
        if os.getpid() != parent:
            raise ValueError("a helper's failure")
        return _slowly(index, 0.01)

    def prepare(_: object) -> None:
        if os.getpid() != parent:  # should the helper have claimed nothing in round one
            raise ValueError("a helper's failure")

    firsts, seconds = run_shared([1] * 6, 2, first, prepare, lambda i: (i, os.getpid()))
    assert firsts == {i: i for i in range(6)}
    assert sorted(seconds) == list(range(6))
    # The helper failed: whatever it claimed, and the whole second round, came here.
    assert all(pid == parent for _, pid in seconds.values())


@pytest.mark.parametrize("dealt", [False, True], ids=["claimed", "dealt"])
def test_a_helper_failing_midway_through_the_second_round_keeps_what_it_sent(
        monkeypatch: pytest.MonkeyPatch, dealt: bool) -> None:
    """Each second-round result comes back as soon as it is made: those a helper sent before it
    failed are kept, the rest are done here."""
    if dealt:
        monkeypatch.setattr(ClaimQueue, "make", classmethod(lambda cls, count, indices: None))
    parent = os.getpid()
    done_in_helper: list[int] = []

    def second(index: int) -> tuple[int, int]:
        if os.getpid() != parent:
            done_in_helper.append(index)  # the helper's own copy of the list
            if len(done_in_helper) == 3:
                raise ValueError("a helper's failure, after two results")
        return _slowly(index, 0.02), os.getpid()

    _, seconds = run_shared([1] * 12, 2, lambda i: _slowly(i, 0.02), lambda _: None, second)
    assert sorted(seconds) == list(range(12)) and all(seconds[i][0] == i for i in range(12))
    by_helper = [i for i, (_, pid) in seconds.items() if pid != parent]
    assert len(by_helper) == 2  # sent before the failure, and kept


def test_the_helpers_results_arrive_while_this_process_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: unpickling a helper's results at the end left the other core idle."""
    from scr_course.parse import shared_work

    collected_early: list[int] = []
    real = shared_work._Helper.collect

    def collect(self: shared_work._Helper, wait: bool) -> dict[int, object]:
        found = real(self, wait)
        if not wait:
            collected_early.extend(found)
        return found

    monkeypatch.setattr(shared_work._Helper, "collect", collect)
    run_shared([1] * 24, 2, lambda i: i, lambda _: None, lambda i: _slowly(i, 0.02))
    assert collected_early


def test_the_fast_pickle_rebuilds_the_model_exactly() -> None:
    from scr_course import pipeline

    course = pipeline.check(REPO / "course_src", jobs=1).course
    assert course is not None
    copy = pickle.loads(dumps(course))
    assert copy.config == course.config
    for module, copied in zip(course.modules, copy.modules, strict=True):
        assert copied.pages == module.pages and copied.quiz == module.quiz and copied.loc == module.loc
    assert dumps(copy) == dumps(course)


def test_no_helpers_beside_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("threading.active_count", lambda: 3)
    assert worker_count([400_000] * 8, None) == 1


@pytest.mark.parametrize("dealt", [False, True], ids=["claimed", "dealt"])
def test_other_work_runs_once_in_this_process_while_helpers_take_the_first_round(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dealt: bool) -> None:
    """Issue 24: the build compiles its page templates while the parse helpers work: ``meanwhile``
    runs once, here, after the helpers have started, and the helpers go on claiming meanwhile.
    (Dealt shares, for more files than a pipe holds, run it first: the helpers start later.)"""
    if dealt:
        monkeypatch.setattr(ClaimQueue, "make", classmethod(lambda cls, count, indices: None))
    parent = os.getpid()
    started = tmp_path / "helper-started"
    calls: list[int] = []

    def first(index: int) -> int:
        if os.getpid() != parent:
            started.touch()
        return os.getpid()

    def meanwhile() -> None:
        calls.append(os.getpid())
        deadline = time.monotonic() + 30
        while not dealt and not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    firsts, seconds = run_shared([1] * 6, 2, first, lambda found: None, lambda i: i, meanwhile)
    assert calls == [parent]
    assert sorted(firsts) == sorted(seconds) == list(range(6))
    if not dealt:  # a helper worked while this process was busy with the other work
        assert started.exists()
        assert any(pid != parent for pid in firsts.values())
