"""The terminology: standard terms in Vietnamese, Chinese and English.

The program ships a glossary (``resources/domain/glossary.tsv``, columns ``key vi zh
en note``). Headquarters adds terms or corrects shipped ones (``borderdesk glossary
add|import``); those rows live in the ``glossary_term`` table and travel to the posts
in bundles like the registry. The glossary in force is the shipped one with the
table's rows laid over it by key. A term's uuid is derived from its key, so the same
key edited at two sites is one row, merged like any other.
"""
from __future__ import annotations

import csv
import io
import re
import uuid as uuidlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.domain.validation import Checker
from borderdesk.i18n import _
from borderdesk.resources import get_asset
from borderdesk.services import changes, events, session
from borderdesk.store import models as m
from borderdesk.store.models import DB
from borderdesk.services.permissions import require

COLUMNS = ("key", "vi", "zh", "en", "note")
_NAMESPACE = uuidlib.UUID("5b0f5e0e-8c1d-4a57-9d1e-6c3f2b7a9e11")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
KIND = "glossary"


@dataclass(frozen=True)
class Term:
    key: str
    vi: str
    zh: str
    en: str = ""
    note: str = ""
    #: "shipped" (with the program) or the site that wrote the row (headquarters)
    source: str = "shipped"
    uuid: str = ""

    def forms(self, lang: str) -> list[str]:
        """The term's written forms in *lang*: "Thôn, bản" is two, "Đội (tuần tra)" is "Đội tuần tra" and "Đội"."""
        text = self.zh if lang == "zh" else self.vi
        out: list[str] = []
        for part in re.split(r"[,、，;/]", text):
            part = part.strip()
            if not part:
                continue
            if "(" in part:
                bare = re.sub(r"\s*\([^)]*\)", "", part).strip()
                full = re.sub(r"[()]", "", part).strip()
                out.extend(x for x in (full, bare) if x)
            else:
                out.append(part)
        return list(dict.fromkeys(out))

    def as_dict(self) -> dict:
        return asdict(self)


def term_uuid(key: str) -> str:
    return str(uuidlib.uuid5(_NAMESPACE, key))


def shipped_path() -> Path:
    return get_asset("domain", "glossary.tsv")


def read_tsv(text: str, *, where: str = "") -> list[dict]:
    """Rows of a glossary TSV (header ``key vi zh en note``); a bad row stops with its line number."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("key", "vi", "zh") if c not in header]
    if missing:
        raise BorderDeskError(_("{file}: the first line must name the columns key, vi, zh (en, note optional)").format(
            file=where or _("glossary")))
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header) if h in COLUMNS}
        values["_line"] = n
        out.append(values)
    return out


@lru_cache(maxsize=2)
def _shipped(path: str, mtime: float) -> tuple[Term, ...]:
    rows = read_tsv(Path(path).read_text(encoding="utf-8"), where=path)
    return tuple(Term(r["key"], r["vi"], r["zh"], r.get("en", ""), r.get("note", "")) for r in rows
                 if r.get("key") and r.get("vi") and r.get("zh"))


def shipped_terms() -> tuple[Term, ...]:
    p = shipped_path()
    return _shipped(str(p), p.stat().st_mtime)


def shipped_digest() -> str:
    """Changes when a new version of the program ships a different glossary."""
    p = shipped_path()
    return _digest(str(p), p.stat().st_mtime)


@lru_cache(maxsize=2)
def _digest(path: str, mtime: float) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _row_term(row) -> Term:
    return Term(row.key, row.vi, row.zh, row.en, row.note, row.site, row.uuid)


def terms() -> list[Term]:
    """The glossary in force: shipped terms, with headquarters' rows laid over them by key."""
    by_key = {t.key: t for t in shipped_terms()}
    for row in m.GlossaryTerm.select().where(m.GlossaryTerm.deleted == False):  # noqa: E712
        by_key[row.key] = _row_term(row)
    return sorted(by_key.values(), key=lambda t: t.key)


def _may_edit() -> None:
    require("registry")  # the same right as the registry (administrator)
    if not session.is_headquarters():
        raise BorderDeskError(_("The glossary is kept by headquarters and arrives in its bundles; "
                                "ask headquarters to change a term."))


def _clean(data: dict) -> dict:
    c = Checker()
    out = {"key": (data.get("key") or "").strip()}
    if not _KEY.match(out["key"]):
        c.fail("key", _("A term's key is lower-case Latin letters, digits and '_', starting with a letter "
                        "(for example handover)."))
    out["vi"] = c.text("vi", data.get("vi"), required=True, max_len=300)
    out["zh"] = c.text("zh", data.get("zh"), required=True, max_len=300)
    out["en"] = c.text("en", data.get("en"), max_len=300) or ""
    out["note"] = c.text("note", data.get("note"), max_len=500) or ""
    if c.errors:
        raise ValidationError(c.errors)
    return out


def _to_dict(row) -> dict:
    return {"id": row.uuid, **{c: getattr(row, c) for c in COLUMNS}, "deleted": row.deleted}


def _put(values: dict) -> tuple[object, bool]:
    """Write one term (inside the caller's transaction); returns (row, changed)."""
    uid = term_uuid(values["key"])
    row = m.GlossaryTerm.get_or_none(m.GlossaryTerm.uuid == uid)
    if row is None:
        # changes.save would give a new row a random uuid; a term keeps its key's
        row = m.GlossaryTerm(uuid=uid, **values)
        session.stamp(row, new=True)
        row.save(force_insert=True)
        events.emit(events.Change("create", KIND, uid, None, _to_dict(row)))
        return row, True
    if not row.deleted and all(getattr(row, k) == v for k, v in values.items()):
        return row, False
    before = _to_dict(row)
    for k, v in values.items():
        setattr(row, k, v)
    row.deleted = False
    changes.save(row, KIND, "update", before, _to_dict)
    return row, True


def add(data: dict) -> Term:
    """Add a term, or correct the term with the same key (headquarters only)."""
    _may_edit()
    values = _clean(data)
    with DB.atomic():
        row, _changed = _put(values)
    return _row_term(m.GlossaryTerm.get(m.GlossaryTerm.key == values["key"]))


def import_file(path: str | Path) -> dict:
    """Add or correct every term of a TSV file: all or nothing. Returns counts."""
    _may_edit()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BorderDeskError(_("{file}: not a UTF-8 text file").format(file=p.name)) from None
    rows = read_tsv(text, where=p.name)
    cleaned = []
    for r in rows:
        try:
            cleaned.append(_clean(r))
        except ValidationError as exc:
            field, msg = next(iter(exc.errors.items()))
            raise BorderDeskError(_("{file}, line {line}, column {column}: {message}").format(
                file=p.name, line=r["_line"], column=field, message=msg)) from None
    keys = [c["key"] for c in cleaned]
    dup = next((k for k in keys if keys.count(k) > 1), None)
    if dup:
        raise BorderDeskError(_("{file}: the key {key} appears twice").format(file=p.name, key=dup))
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    with DB.atomic():
        for values in cleaned:
            existed = m.GlossaryTerm.select().where(m.GlossaryTerm.key == values["key"]).exists()
            _row, changed = _put(values)
            counts["unchanged" if not changed else ("changed" if existed else "added")] += 1
    return counts
