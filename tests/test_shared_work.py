"""Issue 24: the parse shared out over forked helper processes (scr_course/parse/shared_work.py)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from scr_course.parse.shared_work import dumps, run_shared, share_out, worker_count

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


def test_work_is_done_by_several_processes_and_comes_back_by_index() -> None:
    parent = os.getpid()
    prepared: list[dict[int, tuple[int, int]]] = []
    firsts, seconds = run_shared([1] * 6, 3, lambda i: (i * i, os.getpid()), prepared.append,
                                 lambda i: (prepared[0][i][0] + 1, os.getpid()))
    assert [firsts[i][0] for i in range(6)] == [0, 1, 4, 9, 16, 25]
    assert [seconds[i][0] for i in range(6)] == [1, 2, 5, 10, 17, 26]
    assert len({pid for _, pid in firsts.values()}) == 3
    assert {pid for _, pid in seconds.values()} == {pid for _, pid in firsts.values()}
    assert parent in {pid for _, pid in seconds.values()}


def test_a_failing_helper_share_is_redone_by_the_parent() -> None:
    parent = os.getpid()

    def first(index: int) -> int:
        if os.getpid() != parent and index % 2:
            raise ValueError("a helper's failure")
        return index

    firsts, seconds = run_shared([1] * 6, 2, first, lambda _: None, lambda i: (i, os.getpid()))
    assert firsts == {i: i for i in range(6)}
    assert sorted(seconds) == list(range(6))
    odd_share = next(share for share in share_out([1] * 6, 2) if 1 in share)
    assert all(seconds[i][1] == parent for i in odd_share)  # that helper's whole share came back here


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
