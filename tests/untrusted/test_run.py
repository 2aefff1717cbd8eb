"""The bounded child holds each of its limits, and the slots say Busy instead of queueing."""

import os
import time

import pytest

from tracker.untrusted.run import BoundedError, Limits, run_bounded
from tracker.untrusted.slots import Busy, exclusive, slot

LIMITS = Limits(memory_mb=256, cpu_seconds=2, wall_seconds=20)


def test_a_task_within_its_limits_answers_its_bytes():
    assert run_bounded("selftest", LIMITS, action="echo", size=5) == b"xxxxx"


def test_memory_past_the_limit_is_refused_not_taken():
    with pytest.raises(BoundedError) as caught:
        run_bounded("selftest", LIMITS, action="allocate", size=1024)  # 1 GB in 1 MB blocks
    assert caught.value.code == "memory"


def test_cpu_past_the_limit_ends_the_child():
    with pytest.raises(BoundedError) as caught:
        run_bounded(
            "selftest", Limits(memory_mb=256, cpu_seconds=1, wall_seconds=30), action="spin"
        )
    assert caught.value.code == "cpu"


def test_wall_time_past_the_limit_kills_the_child():
    started = time.monotonic()
    with pytest.raises(BoundedError) as caught:
        run_bounded(
            "selftest",
            Limits(memory_mb=256, cpu_seconds=5, wall_seconds=1),
            action="sleep",
            size=60,
        )
    assert caught.value.code == "time"
    assert time.monotonic() - started < 30  # not the child's 60 s


def test_a_crash_is_an_answer_too():
    with pytest.raises(BoundedError) as caught:
        run_bounded("selftest", LIMITS, action="crash")
    assert caught.value.code == "crashed"


def test_slots_are_counted_per_pool_and_given_back():
    with slot("essai", 2), slot("essai", 2):
        with pytest.raises(Busy), slot("essai", 2):
            pass
        with slot("autre", 1):  # another pool has its own
            pass
    with slot("essai", 2):  # given back
        pass


def test_one_worker_at_a_time_on_one_thing_even_across_processes():
    with exclusive("preview:abc"):
        with pytest.raises(Busy), exclusive("preview:abc"):
            pass
        with exclusive("preview:def"):
            pass
        child = os.fork()
        if child == 0:  # another worker of the same server
            try:
                with exclusive("preview:abc"):
                    os._exit(1)
            except Busy:
                os._exit(0)
        _, status = os.waitpid(child, 0)
        assert os.WEXITSTATUS(status) == 0
