"""Conflicts: versions that lost to another site's change, for a user to review and override.

For the user, *mine* is the version this site held and *theirs* the one the
bundle brought, whichever of the two won. Keeping the version that won only
closes the conflict; taking the one that lost writes it again as a new local
change (a new version), which then travels like any edit and wins everywhere.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from borderdesk.domain.errors import BorderDeskError, NotFound
from borderdesk.domain.kinds import kind_of
from borderdesk.i18n import _
from borderdesk.services import audit_text, events, indexing, session
from borderdesk.store.models import DB
from borderdesk.sync.merge import local_children, local_rows, row_json
from borderdesk.sync.tables import BY_NAME, IDENTITY_COLUMNS

MINE, THEIRS = "mine", "theirs"


@dataclass
class Conflict:
    id: int
    table: str
    uuid: str
    winning_version: str
    losing_version: str
    lost_side: str  # mine | theirs
    source: str
    status: str
    resolution: str
    created_at: str
    current: dict | None  # the row as it is here now (the winner, or a later version)
    losing: dict
    #: another site's proposed change to a row this site owns (a correction request), never applied unasked
    request: bool = False

    @property
    def kind(self) -> str:
        spec = BY_NAME[self.table]
        if not spec.is_record:
            return self.table
        row = self.current or self.losing
        return kind_of(spec.model, row.get("kind") if self.table == "talks" else None).key

    @property
    def mine(self) -> dict:
        return self.losing if self.lost_side == MINE else (self.current or {})

    @property
    def theirs(self) -> dict:
        return self.losing if self.lost_side == THEIRS else (self.current or {})

    def differences(self) -> list[tuple[str, object, object]]:
        """(field, mine, theirs) for every field whose content differs."""
        mine, theirs = self.mine, self.theirs
        out = []
        for key in sorted(set(mine) | set(theirs)):
            if key in IDENTITY_COLUMNS or key == "uuid":
                continue
            if mine.get(key) != theirs.get(key):
                out.append((key, mine.get(key), theirs.get(key)))
        return out


def _current(table: str, uuid: str) -> dict | None:
    spec = BY_NAME[table]
    have = local_rows(spec, [uuid]).get(uuid)
    if have is None:
        return None
    row = have[0] + ([local_children(spec, uuid)] if spec.child else [])
    return json.loads(row_json(spec, row))


_COLS = ("id, kind, uuid, winning_version, losing_version, lost_side, source, status, resolution, created_at, "
         "losing_row, request")


def _make(r) -> Conflict:
    return Conflict(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], _current(r[1], r[2]),
                    json.loads(r[10]), bool(r[11]))


def list_conflicts(status: str | None = "open") -> list[Conflict]:
    sql = f"SELECT {_COLS} FROM sync_conflict"
    params: tuple = ()
    if status:
        sql += " WHERE status = ?"
        params = (status,)
    return [_make(r) for r in DB.execute_sql(sql + " ORDER BY id", params)]


def count_open() -> int:
    return DB.execute_sql("SELECT count(*) FROM sync_conflict WHERE status = 'open'").fetchone()[0]


def get_conflict(conflict_id: int) -> Conflict:
    r = DB.execute_sql(f"SELECT {_COLS} FROM sync_conflict WHERE id = ?", (int(conflict_id),)).fetchone()
    if r is None:
        raise NotFound(_("no conflict number {id}").format(id=conflict_id))
    return _make(r)


def resolve(conflict_id: int, keep: str) -> Conflict:
    """Close a conflict keeping *mine* or *theirs*; taking the losing side is a new local change."""
    from borderdesk.sync import require

    require("records")
    if keep not in (MINE, THEIRS):
        raise BorderDeskError(_("choose 'mine' or 'theirs'"))
    with DB.atomic():
        c = get_conflict(conflict_id)
        if c.status != "open":
            raise BorderDeskError(_("conflict {id} is already resolved").format(id=c.id))
        if keep == c.lost_side:
            _override(c)
        elif c.request:
            _restamp(c)
        DB.execute_sql(
            "UPDATE sync_conflict SET status = 'resolved', resolution = ?, resolved_at = datetime('now'), "
            "resolved_by = ? WHERE id = ?", (keep, session.current_user(), c.id))
    return get_conflict(conflict_id)


def _restamp(c: Conflict) -> None:
    """A refused correction request: our row is written again as it is (a new version of ours), so
    the requesting site's proposal is superseded there too and every copy agrees again."""
    model = BY_NAME[c.table].model
    obj = model.get_or_none(model.uuid == c.uuid)
    if obj is None:
        return
    session.stamp(obj, new=False)
    obj.save()


def _reinstate(c: Conflict) -> None:
    """Put back the owner's own version of a row this site does not own, exactly as its owner wrote it."""
    spec = BY_NAME[c.table]
    n = len(spec.columns)
    row = [c.losing.get(col) for col in spec.columns]
    sets = ", ".join(f'"{col}" = ?' for col in spec.columns[1:])
    DB.execute_sql(f'UPDATE "{spec.table}" SET {sets}, seq = ? WHERE uuid = ?', row[1:n] + [session.next_seq(), c.uuid])
    if spec.child:
        ch = spec.child
        DB.execute_sql(f'DELETE FROM "{ch.model._meta.table_name}" WHERE "{ch.fk}" = ?', (c.uuid,))
        cols = (ch.fk,) + ch.columns
        kids = c.losing.get(ch.name) or []
        if kids:
            DB.cursor().executemany(
                f'INSERT INTO "{ch.model._meta.table_name}" ({", ".join(cols)}) VALUES ({",".join("?" * len(cols))})',
                [[c.uuid] + [k.get(x) for x in ch.columns] for k in kids])
    indexing.reindex(DB, [spec.model.get_by_id(c.uuid)])


def _override(c: Conflict) -> None:
    """Write the losing version's content as a new local version of the record."""
    spec = BY_NAME[c.table]
    owner = c.losing.get("site")
    if (owner and owner != session.site_code() and str(c.losing.get("version", "")).endswith(f"@{owner}")
            and _current(c.table, c.uuid) is not None):
        # Not ours to rewrite: the owner's version comes back as it is (one writer per row).
        before = c.current
        _reinstate(c)
        events.emit(events.Change("merge", c.kind, c.uuid, before, _current(c.table, c.uuid),
                                  audit_text.CONFLICT_TAKEN.compose(id=c.id)))
        return
    model = spec.model
    before = c.current
    obj = model.get_or_none(model.uuid == c.uuid)
    fresh = obj is None
    if fresh:
        obj = model(uuid=c.uuid, site=c.losing.get("site"))
    for f in model._meta.sorted_fields:
        col = f.column_name
        if col in IDENTITY_COLUMNS or col in ("uuid", "seq", "site") or col not in c.losing:
            continue
        obj.__data__[f.name] = f.python_value(c.losing[col])
    session.stamp(obj, new=False)
    if fresh:
        obj.created_at = obj.updated_at
        obj.save(force_insert=True)
    else:
        obj.save()
    if spec.child:
        ch = spec.child
        ch.model.delete().where(getattr(ch.model, ch.fk.removesuffix("_id")) == c.uuid).execute()
        kids = c.losing.get(ch.name) or []
        cols = (ch.fk,) + ch.columns
        if kids:
            DB.cursor().executemany(
                f'INSERT INTO "{ch.model._meta.table_name}" ({", ".join(cols)}) VALUES ({",".join("?" * len(cols))})',
                [[c.uuid] + [k.get(x) for x in ch.columns] for k in kids])
    indexing.reindex(DB, [model.get_by_id(c.uuid)])
    events.emit(events.Change("merge", c.kind, c.uuid, before, _current(c.table, c.uuid),
                              audit_text.CONFLICT_TAKEN.compose(id=c.id)))
