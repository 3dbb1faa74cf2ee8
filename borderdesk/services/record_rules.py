"""What each record kind accepts: the cleaning and validation of a form's data.

The fields, their types, vocabularies, defaults and maximum lengths come from the
kind's spec (:data:`borderdesk.domain.kinds.KINDS`); what is written here are only
the rules between fields (a handover's persons against the persons listed, a
delegation's heads). ``clean(kind, data, children, checker)`` returns the model's
field values and the cleaned child rows, having collected every problem in
``checker``.
"""
from __future__ import annotations

from typing import Any

from borderdesk.domain import kinds as K
from borderdesk.domain.fields import ChildSpec, Field
from borderdesk.domain.validation import Checker
from borderdesk.i18n import _


def clean_field(c: Checker, f: Field, model, data: dict, out: dict, prefix: str = "") -> None:
    """Check one field of *data* by its spec into *out* (its columns; errors under ``prefix + column``)."""
    for col in f.columns:
        key, value = prefix + col, data.get(col)
        if f.type == "date":
            out[col] = c.date(key, value, required=f.required, future_ok=f.future_ok)
        elif f.type == "time":
            out[col] = c.time(key, value)
        elif f.type == "choice":
            got = c.choice(key, value, f.vocab, required=f.required, default=f.default)
            out[col] = got if got is not None or f.default is None else f.default
        elif f.type == "count":
            out[col] = c.count(key, value, required=False) or 0
        elif f.type == "year":
            out[col] = c.year(key, value, required=f.required)
        elif f.type == "flag":
            out[col] = bool(value)
        elif f.type == "ref":
            out[col] = value or None  # services.records checks that it names a live entry
        elif f.type == "code":
            code = c.text(key, value, required=f.required, max_len=f.max_length(model, col)).upper()
            if code and not code.isalpha():
                c.fail(key, _("Write the nationality as a two-letter code such as VN or CN."))
            out[col] = code
        else:  # line, text
            out[col] = c.text(key, value, required=f.required, multiline=f.multiline,
                              max_len=f.max_length(model, col))


def _clean_rows(c: Checker, child: ChildSpec, rows: list) -> list[dict]:
    out = []
    for i, r in enumerate(rows):
        if not isinstance(r, dict):  # a marker may come as its bare number ("1118")
            r = {child.fields[0].name: r}
        row: dict[str, Any] = {}
        for f in child.fields:
            clean_field(c, f, child.model, r, row, prefix=f"{child.name}.{i}.")
        row["position"] = i
        out.append(row)
    _CHILD_RULES.get(child.name, lambda _c, _rows: None)(c, out)
    return out


def _members_rule(c: Checker, rows: list[dict]) -> None:
    heads = {"vn": 0, "cn": 0}
    for i, m in enumerate(rows):
        p = f"members.{i}."
        if not m["name_vi"] and not m["name_zh"]:
            c.fail(p + "name_vi", _("Enter the member's name."))
        if m["is_head"] and m["side"] in heads:
            heads[m["side"]] += 1
            if heads[m["side"]] > 1:
                c.fail(p + "is_head", _("Each side has one head of delegation."))
    if rows:
        sides = {m["side"] for m in rows}
        if "vn" not in sides:
            c.fail("members", _("List at least one member of the Vietnamese side."))
        if "cn" not in sides:
            c.fail("members", _("List at least one member of the Chinese side."))


_CHILD_RULES = {"members": _members_rule}


def _handover_rule(c: Checker, out: dict, rows: list[dict] | None) -> None:
    # Persons we receive are usually ours to verify; persons we hand over, theirs.
    if not out.get("verification_side"):
        out["verification_side"] = "cn" if out.get("direction") == "handed_over" else "vn"
    if out["verification_answered"] and out["verification_requested"] and \
            out["verification_answered"] < out["verification_requested"]:
        c.fail("verification_answered", _("The answer cannot come before the request."))
    if rows:
        if not out["persons"]:
            out["persons"] = len(rows)
        elif out["persons"] != len(rows):
            c.fail("persons", _("The number of persons ({n}) does not match the {m} persons listed.").format(
                n=out["persons"], m=len(rows)))


def _delegation_rule(c: Checker, out: dict, rows: list[dict] | None) -> None:
    if rows:
        if not out["participants"]:
            out["participants"] = len(rows)
        elif out["participants"] < len(rows):
            c.fail("participants", _("The number of participants ({n}) is smaller than the {m} members listed.").format(
                n=out["participants"], m=len(rows)))


_KIND_RULES = {"handover": _handover_rule, "talks": _delegation_rule, "meeting": _delegation_rule}


def clean(kind: str, data: dict[str, Any], children: list[dict] | None, c: Checker) -> tuple[dict, list[dict] | None]:
    """Validate one record's fields and child rows; problems go to *c*."""
    spec = K.KINDS[kind]
    out: dict[str, Any] = {}
    for f in spec.fields:
        if not f.derived:
            clean_field(c, f, spec.model, data, out)
    if spec.talks_kind:
        out["kind"] = spec.talks_kind
    rows = None
    if spec.child and children is not None:
        if not isinstance(children, list):
            c.fail(spec.children, _("Not a list of rows."))
            children = []
        # Markers may come as bare numbers ("1118"); members and persons only as rows of fields.
        shapes = (dict, str) if len(spec.child.fields) == 1 else (dict,)
        bad = [i for i, r in enumerate(children) if not isinstance(r, shapes)]
        for i in bad:
            c.fail(f"{spec.children}.{i}", _("Not a row."))
        rows = _clean_rows(c, spec.child, [r for r in children if isinstance(r, shapes)])
    rule = _KIND_RULES.get(kind)
    if rule is not None:
        rule(c, out, rows)
    return out, rows
