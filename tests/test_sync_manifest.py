"""The manifest must agree with the rows it describes and with what the receiver sent: lies are refused."""
from __future__ import annotations

import pytest
from test_sync_authority import col, forge, lines_at, province, refused  # noqa: F401  (fixture)

from borderdesk import i18n


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


def _mine(site):
    return [r for r in lines_at(site, "hotline_call", "LC") if r[col("hotline_call", "site")] == site.code]


def test_counts_that_do_not_match_the_rows_are_refused(province, tmp_path):
    hq, pa, _pb, _call = province
    rows = _mine(pa)
    refused(hq, forge(pa, hq, tmp_path, {"hotline_call": rows}, counts={"hotline_call": len(rows) + 1}),
            "does not match its content", "number of rows of hotline_call")
    refused(hq, forge(pa, hq, tmp_path, {"hotline_call": rows}, counts={"hotline_call": len(rows), "case": 0}),
            "does not match its content", "tables")


def test_a_sequence_range_too_small_for_its_rows_is_refused(province, tmp_path):
    hq, pa, _pb, _call = province
    rows = _mine(pa)
    refused(hq, forge(pa, hq, tmp_path, {"hotline_call": rows}, since_seq=5, upto_seq=4), "sequence range 5-4")
    refused(hq, forge(pa, hq, tmp_path, {"hotline_call": rows}, since_seq=5, upto_seq=5), "sequence range 5-5")
    refused(hq, forge(pa, hq, tmp_path, {"hotline_call": rows}, since_seq=0, upto_seq=10**20),
            "manifest cannot be read")


def test_an_acknowledgement_of_more_than_was_ever_sent_is_refused(province, tmp_path):
    """Finding 7: headquarters claims to hold 10^9 of the post's changes; the post would then send nothing."""
    hq, _pa, pb, _call = province
    msg = refused(pb, forge(hq, pb, tmp_path, {}, ack={"upto": 10**9}), "acknowledges", "1000000000")
    assert "LC" in msg
