"""The hybrid logical clock: versions in order, one at a time or a batch at once."""
from __future__ import annotations

from borderdesk.store.clock import HybridClock, Version


def test_a_batch_of_versions_is_what_one_tick_after_another_gives():
    one, batch = HybridClock("PL", now_ms=lambda: 1_000), HybridClock("PL", now_ms=lambda: 1_000)
    assert [one.tick() for _ in range(5)] == batch.tick_many(5)
    assert one.tick() == batch.tick() == "0000000001000.00005@PL"


def test_a_batch_overflowing_the_counter_moves_to_the_next_millisecond_and_stays_ordered():
    clock = HybridClock("PL", last="0000000001000.99998@HQ", now_ms=lambda: 900)  # a clock behind
    got = clock.tick_many(4)
    assert got == sorted(got) and [Version.parse(v).wall_ms for v in got] == [1000, 1001, 1001, 1001]
    assert clock.tick() > got[-1]
