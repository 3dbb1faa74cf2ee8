"""Attacks by an enrolled site: each bundle is forged with the project's own signing code, then refused.

Headquarters LC, posts PA and PB. Every test checks the one-line refusal and
that the receiver's logical dump (every synced row) is unchanged.
"""
from __future__ import annotations

import json

import pytest
from sync_sites import Site, dump, enrol

from borderdesk import i18n
from borderdesk.domain.errors import BorderDeskError
from borderdesk.services import records, registry, session
from borderdesk.store.migrations import schema_version
from borderdesk.store.models import DB
from borderdesk.sync import authority, bundle, exporter, proofs, sites
from borderdesk.sync.tables import BY_NAME


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.fixture
def province(tmp_path, any_db):
    """Headquarters (on SQLite, and on a PostgreSQL server) with two posts, each post's call relayed."""
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy", kind="headquarters", db=any_db)
    pa = Site(tmp_path, "PA", "Đồn A")
    pb = Site(tmp_path, "PB", "Đồn B")
    enrol(pa, hq)
    enrol(pb, hq)
    pb.use()
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Cuộc gọi PB"})
    pb.carry(hq)
    pa.use()
    records.create("hotline_call", {"date": "2025-03-15", "direction": "outgoing", "subject_vi": "Cuộc gọi PA"})
    pa.carry(hq)
    hq.carry(pa)
    hq.carry(pb)
    return hq, pa, pb, call.uuid


def lines_at(site: Site, table: str, dest: str) -> list[list]:
    """The rows *site* holds of *table*, as a full bundle line would carry them."""
    site.use()
    out = []
    spec = BY_NAME[table]
    cols = ", ".join(f'"{c}"' for c in spec.columns)
    for r in DB.execute_sql(f'SELECT {cols} FROM "{table}" ORDER BY uuid'):
        out.append(list(r) + ([[]] if spec.child else []))
    return out


def forge(signer: Site, dest: Site, tmp_path, tables: dict[str, list[list]], *, proof_blocks=None,
          signers=None, **manifest) -> "Path":  # noqa: F821
    """A bundle really signed by *signer* and encrypted to *dest*, holding *tables*."""
    signer.use()
    files, meta = {}, {}
    for table, rows in tables.items():
        spec = BY_NAME[table]
        files[f"rows/{table}.jsonl"] = ("\n".join(proofs.line_of(r) for r in rows) + "\n").encode()
        meta[table] = {"columns": list(spec.columns), "children": list(spec.child.columns) if spec.child else None}
    if proof_blocks:
        files[authority.PROOFS_FILE] = ("\n".join(json.dumps(b) for b in proof_blocks) + "\n").encode()
    upto = exporter.current_seq()
    man = {"format_version": 1, "schema_version": schema_version(), "source": signer.code,
           "source_kind": session.site_kind(), "destination": dest.code, "bundle_no": 50, "since_seq": 0,
           "upto_seq": upto, "full": True, "ack": {"upto": 0}, "counts": {t: len(r) for t, r in tables.items()},
           "tables": meta, "signers": signers or {}, **manifest}
    out = tmp_path / f"forged-{signer.code}-{dest.code}.bdsync"
    out.write_bytes(bundle.seal(bundle.build_zip(man, files), source=signer.code, destination=sites.get_peer(dest.code)))
    return out


def refused(site: Site, path, *words) -> str:
    before = dump(site)
    with pytest.raises(BorderDeskError) as info:
        site.take(path)
    msg = str(info.value)
    assert "\n" not in msg
    for w in words:
        assert w in msg, msg
    assert dump(site) == before
    logged = DB.execute_sql("SELECT action, message FROM sync_log ORDER BY id DESC LIMIT 1").fetchone()
    assert logged == ("refused", msg)
    return msg


def col(table: str, name: str) -> int:
    return BY_NAME[table].columns.index(name)


def test_a_post_cannot_overwrite_another_posts_record_or_headquarters_registry(province, tmp_path):
    """Finding 1: PA signs PB's call (as pb.officer), LC's own post row renamed and a record claiming site LC."""
    hq, pa, pb, call = province
    calls = lines_at(pa, "hotline_call", "LC")
    pb_call = next(r for r in lines_at(hq, "hotline_call", "LC") if r[0] == call)
    pb_call[col("hotline_call", "subject_vi")] = "Sửa trộm"
    pb_call[col("hotline_call", "changed_by")] = "pb.officer"
    pb_call[col("hotline_call", "version")] = "1999999999999.00000@PB"
    hq_post = next(r for r in lines_at(hq, "post", "LC") if r[col("post", "code")] == "LC")
    hq_post[col("post", "name_vi")] = "Bị đổi tên"
    hq_post[col("post", "version")] = "1999999999999.00000@PA"
    fake = list(calls[0])
    fake[0] = "00000000-0000-4000-8000-000000000001"
    fake[col("hotline_call", "site")] = "LC"
    path = forge(pa, hq, tmp_path, {"post": [hq_post], "hotline_call": [pb_call, fake]})
    msg = refused(hq, path, "PA", "3 rows", call, "00000000-0000-4000-8000-000000000001", hq_post[0])
    assert "written by site PB but" not in msg  # PB's row claims PB: refused because PA may not carry it
    assert "a post sends only its own rows" in msg


def test_a_post_cannot_carry_a_version_made_elsewhere_of_its_own_row(province, tmp_path):
    hq, pa, _pb, _call = province
    [mine] = [r for r in lines_at(pa, "hotline_call", "LC") if r[col("hotline_call", "site")] == "PA"]
    mine[col("hotline_call", "version")] = "1999999999999.00000@LC"
    mine[col("hotline_call", "subject_vi")] = "giả làm Bộ Chỉ huy"
    refused(hq, forge(pa, hq, tmp_path, {"hotline_call": [mine]}), "written by site LC but owned by site PA")


def test_headquarters_cannot_forge_a_posts_record(province, tmp_path):
    """LC sends PB a newer version of PB's own call, as if PB had made it: no proof from PB, refused."""
    hq, _pa, pb, call = province
    row = next(r for r in lines_at(hq, "hotline_call", "PB") if r[0] == call)
    row[col("hotline_call", "subject_vi")] = "Bộ Chỉ huy giả mạo"
    row[col("hotline_call", "version")] = "1999999999999.00000@PB"
    refused(pb, forge(hq, pb, tmp_path, {"hotline_call": [row]}), "relayed without a proof signed by site PB", call)
    # A proof block made by headquarters in PB's name does not verify with PB's key either.
    hq.use()
    block = proofs.sign_blocks("PB", [proofs.row_hash("hotline_call", proofs.line_of(row))])
    refused(pb, forge(hq, pb, tmp_path, {"hotline_call": [row]}, proof_blocks=block),
            "not signed by site PB")
    # Nor one headquarters signs as itself: the row is PB's.
    hq.use()
    block = proofs.sign_blocks("LC", [proofs.row_hash("hotline_call", proofs.line_of(row))])
    refused(pb, forge(hq, pb, tmp_path, {"hotline_call": [row]}, proof_blocks=block),
            "relayed without a proof signed by site PB")


def test_headquarters_relays_a_posts_entry_unchanged_with_the_posts_proof(province):
    hq, pa, pb, _call = province
    pa.use()
    unit = registry.create("counterpart", {"name_vi": "Trạm của PA"})
    pa.carry(hq)
    got = hq.carry(pb)
    assert got.counts["counterpart_unit"]["new"] == 1
    pb.use()
    assert registry.get("counterpart", unit.uuid).version == unit.version
    # PB learnt PA's signing key from headquarters (first use) and pinned it.
    pa.use()
    pa_key = sites.keys.public_keys()[0]
    pb.use()
    assert bytes(DB.execute_sql("SELECT sign_public FROM sync_known_key WHERE code = 'PA'").fetchone()[0]) == pa_key


def test_headquarters_cannot_swap_a_relayed_sites_key(province, tmp_path):
    hq, pa, pb, _call = province
    pa.use()
    registry.create("counterpart", {"name_vi": "Trạm của PA"})
    pa.carry(hq)
    hq.carry(pb)  # PB pins PA's key
    # LC invents rows "of PA" signed with its own key and offers that key as PA's.
    row = lines_at(hq, "counterpart_unit", "PB")[0]
    row[col("counterpart_unit", "name_vi")] = "giả"
    row[col("counterpart_unit", "version")] = "1999999999999.00000@PA"
    hq.use()
    block = proofs.sign_blocks("PA", [proofs.row_hash("counterpart_unit", proofs.line_of(row))])
    import base64

    lc_key = base64.b64encode(sites.keys.public_keys()[0]).decode()
    refused(pb, forge(hq, pb, tmp_path, {"counterpart_unit": [row]}, proof_blocks=block, signers={"PA": lc_key}),
            "another key")
