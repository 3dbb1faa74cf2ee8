"""Clocks bounded: a version from far in the future is refused, and the clock never outgrows its width."""
from __future__ import annotations

import time

import pytest
from sync_sites import dump
from test_sync_authority import col, forge, lines_at, province, refused  # noqa: F401  (fixture)

from borderdesk import i18n
from borderdesk.services import records
from borderdesk.store.clock import MAX_COUNTER, MAX_SKEW_MS, MAX_WALL, ClockExhausted, HybridClock, Version


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


def test_the_clock_stops_at_its_last_version_instead_of_growing_a_digit():
    clock = HybridClock("PB", f"{MAX_WALL:013d}.{MAX_COUNTER - 2:05d}@PB", now_ms=lambda: MAX_WALL + 1000)
    made = [clock.tick(), clock.tick()]
    assert made == [f"{MAX_WALL}.{MAX_COUNTER - 1}@PB", f"{MAX_WALL}.{MAX_COUNTER}@PB"]
    assert all(Version.parse(v) for v in made)  # still the fixed width
    with pytest.raises(ClockExhausted):
        clock.tick()
    # The counter rolls over into the next millisecond while there is one.
    clock = HybridClock("PB", f"{MAX_WALL - 1:013d}.{MAX_COUNTER:05d}@PB", now_ms=lambda: 5)
    assert clock.tick() == f"{MAX_WALL}.00000@PB"


def _own_call(site, stamp_ms: int):
    [row] = [r for r in lines_at(site, "hotline_call", "LC") if r[col("hotline_call", "site")] == site.code]
    row[col("hotline_call", "version")] = f"{stamp_ms:013d}.00000@{site.code}"
    row[col("hotline_call", "subject_vi")] = "giờ sai"
    return row


def test_a_version_more_than_a_day_ahead_is_refused_naming_the_site_and_its_clock(province, tmp_path):
    hq, pa, _pb, _call = province
    ahead = int(time.time() * 1000) + MAX_SKEW_MS + 60_000
    msg = refused(hq, forge(pa, hq, tmp_path, {"hotline_call": [_own_call(pa, ahead)]}), "PA", "clock")
    assert "1 days ahead" in msg
    # The poisoned version of the finding: refused too (and so nobody's clock is pushed to 14 digits).
    refused(hq, forge(pa, hq, tmp_path, {"hotline_call": [_own_call(pa, MAX_WALL)]}), "clock")


def test_a_version_just_within_the_skew_is_taken(province, tmp_path):
    hq, pa, _pb, _call = province
    near = int(time.time() * 1000) + MAX_SKEW_MS - 60_000
    row = _own_call(pa, near)
    before = dump(hq)
    got = hq.take(forge(pa, hq, tmp_path, {"hotline_call": [row]}))
    assert got.counts["hotline_call"]["updated"] == 1 and dump(hq) != before
    hq.use()
    assert records.get("hotline_call", row[0]).version == row[col("hotline_call", "version")]
    # The next change at headquarters sorts after it, at the same width.
    assert Version.parse(records.create("hotline_call", {"date": "2025-03-16", "direction": "incoming"}).version).wall_ms >= near
