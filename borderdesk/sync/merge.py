"""Which version of a row wins, and when the loser is a conflict someone should see.

The winner is simply the higher version (versions compare as strings, which
orders them by (time, counter, site)), so every site that has seen the same
versions holds the same rows, whatever the order they came in.

A losing version becomes a *conflict* when its content differs from the
winner's and it was not known to the side whose version won:

* two versions made at the same site never conflict: a site's later version
  was made knowing its earlier one;
* an incoming version that wins does not conflict with ours when the sender
  had already received our version (our row's sequence number is within the
  acknowledgement in the bundle);
* an incoming version that loses does not conflict when it is stale: we held
  it, or a later version from the same site, before.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from borderdesk.i18n import N_
from borderdesk.store.models import DB
from borderdesk.sync.tables import IDENTITY_COLUMNS, TableSpec, version_site

NEW, UPDATED, UNCHANGED, CONFLICTING, REJECTED = "new", "updated", "unchanged", "conflicting", "rejected"
OUTCOMES = (NEW, UPDATED, UNCHANGED, CONFLICTING, REJECTED)
OUTCOME_LABELS = {NEW: N_("new"), UPDATED: N_("updated"), UNCHANGED: N_("unchanged"),
                  CONFLICTING: N_("conflicting"), REJECTED: N_("rejected")}


@dataclass
class TablePlan:
    spec: TableSpec
    inserts: list[list] = field(default_factory=list)  # rows in spec.columns order (+ children last)
    updates: list[list] = field(default_factory=list)
    #: (outcome, row) for the preview's counts per kind
    outcomes: list[tuple[str, list]] = field(default_factory=list)
    conflicts: list[tuple] = field(default_factory=list)  # (kind, uuid, winning, losing, losing_row_json, lost_side)
    old_versions: dict[str, str] = field(default_factory=dict)  # uuid -> the version an update replaces


def row_json(spec: TableSpec, row: list) -> str:
    d = dict(zip(spec.columns, row))
    if spec.child:
        d[spec.child.name] = [dict(zip(spec.child.columns, c)) for c in row[len(spec.columns)]]
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def local_rows(spec: TableSpec, uuids: list[str]) -> dict[str, tuple[list, int]]:
    """uuid -> (row in spec order, children included, local seq) for rows we hold."""
    out: dict[str, tuple[list, int]] = {}
    cols = ", ".join(f'"{c}"' for c in spec.columns)
    for i in range(0, len(uuids), 500):
        chunk = uuids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for r in DB.execute_sql(f'SELECT {cols}, seq FROM "{spec.table}" WHERE uuid IN ({marks})', chunk):
            out[r[0]] = (list(r[:-1]), r[-1])
    return out


def local_children(spec: TableSpec, uuid: str) -> list[list]:
    c = spec.child
    cols = ", ".join(f'"{x}"' for x in c.columns)
    return [list(r) for r in DB.execute_sql(
        f'SELECT {cols} FROM "{c.model._meta.table_name}" WHERE "{c.fk}" = ? ORDER BY position, id', (uuid,))]


def _content(spec: TableSpec, row: list) -> tuple:
    vals = tuple(v for c, v in zip(spec.columns, row) if c not in IDENTITY_COLUMNS)
    if spec.child:
        vals += (tuple(tuple(k) for k in row[len(spec.columns)]),)
    return vals


def _stale(uuid: str, version: str, me: str) -> bool:
    """Did we hold *version*, or a later one from the same site, before?"""
    origin = version_site(version)
    if origin == me:
        return True
    for (seen,) in DB.execute_sql("SELECT version FROM sync_seen WHERE uuid = ?", (uuid,)):
        if seen == version or (seen > version and version_site(seen) == origin):
            return True
    return False


def plan_table(spec: TableSpec, rows: list[list], *, ack: int, me: str) -> TablePlan:
    """Classify incoming rows (already checked, one per uuid) against what we hold."""
    plan = TablePlan(spec)
    n = len(spec.columns)
    vi = spec.columns.index("version")
    local = local_rows(spec, [r[0] for r in rows])
    for row in rows:
        uuid, v_in = row[0], row[vi]
        have = local.get(uuid)
        if have is None:
            plan.inserts.append(row)
            plan.outcomes.append((NEW, row))
            continue
        mine, my_seq = have
        v_loc = mine[vi]
        if v_in == v_loc:
            plan.outcomes.append((UNCHANGED, row))
            continue
        if spec.child:
            mine = mine + [local_children(spec, uuid)]
        same = _content(spec, mine) == _content(spec, row[: n + (1 if spec.child else 0)])
        same_origin = version_site(v_in) == version_site(v_loc)
        if v_in > v_loc:
            plan.updates.append(row)
            plan.old_versions[uuid] = v_loc
            if not same and not same_origin and my_seq > ack:
                plan.conflicts.append((spec.table, uuid, v_in, v_loc, row_json(spec, mine), "mine"))
                plan.outcomes.append((CONFLICTING, row))
            else:
                plan.outcomes.append((UPDATED, row))
        elif not same and not same_origin and not _stale(uuid, v_in, me):
            plan.conflicts.append((spec.table, uuid, v_loc, v_in, row_json(spec, row), "theirs"))
            plan.outcomes.append((CONFLICTING, row))
        else:
            plan.outcomes.append((UNCHANGED, row))
    return plan
