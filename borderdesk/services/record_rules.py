"""What each record kind accepts: the cleaning and validation of a form's data.

``clean(kind, data, children, checker)`` returns the model's field values and
the cleaned child rows, having collected every problem in ``checker``.
"""
from __future__ import annotations

from typing import Any

from borderdesk.domain import kinds as K
from borderdesk.domain.validation import Checker
from borderdesk.i18n import _

_LINE = "line"
_MULTI = "multi"


def _texts(c: Checker, data: dict, out: dict, fields: dict[str, str]) -> None:
    for name, style in fields.items():
        out[name] = c.text(name, data.get(name), multiline=style == _MULTI)


def _bi(*names: str, style: str = _MULTI) -> dict[str, str]:
    return {f"{n}_{lang}": style for n in names for lang in ("vi", "zh")}


def _clean_call(c: Checker, d: dict, out: dict) -> None:
    out["time"] = c.time("time", d.get("time"))
    out["direction"] = c.choice("direction", d.get("direction"), K.CALL_DIRECTIONS)
    _texts(c, d, out, {"counterpart_officer": _LINE, "our_officer": _LINE, "interpreter": _LINE})
    _texts(c, d, out, _bi("subject", style=_LINE) | _bi("content", "follow_up"))
    out["follow_up_due"] = c.date("follow_up_due", d.get("follow_up_due"), required=False, future_ok=True)


def _clean_letter(c: Checker, d: dict, out: dict) -> None:
    out["direction"] = c.choice("direction", d.get("direction"), K.LETTER_DIRECTIONS)
    _texts(c, d, out, {"our_ref": _LINE, "their_ref": _LINE, "scan_path": _LINE})
    _texts(c, d, out, _bi("subject", style=_LINE) | _bi("summary"))
    out["reply_due"] = c.date("reply_due", d.get("reply_due"), required=False, future_ok=True)
    out["answered_on"] = c.date("answered_on", d.get("answered_on"), required=False)
    out["in_reply_to"] = d.get("in_reply_to") or None


def _clean_talks(c: Checker, d: dict, out: dict, meeting: bool) -> None:
    if meeting:
        out["talks_type"] = ""
    else:
        out["talks_type"] = c.choice("talks_type", d.get("talks_type"), K.TALKS_TYPES, default="ad_hoc")
    out["time"] = c.time("time", d.get("time"))
    out["host_side"] = c.choice("host_side", d.get("host_side"), K.SIDES, default="vn")
    out["participants"] = c.count("participants", d.get("participants"), required=False) or 0
    _texts(c, d, out, {"marker": _LINE} | _bi("place", style=_LINE))
    _texts(c, d, out, _bi("agenda", "our_report", "their_report", "agreed", "purpose", "outcome"))


def _clean_patrol(c: Checker, d: dict, out: dict) -> None:
    out["patrol_type"] = c.choice("patrol_type", d.get("patrol_type"), K.PATROL_TYPES, default="joint")
    out["teams"] = c.count("teams", d.get("teams"), required=False) or 0
    out["personnel"] = c.count("personnel", d.get("personnel"), required=False) or 0
    _texts(c, d, out, _bi("section", style=_LINE) | _bi("outreach", "findings"))


def _clean_handover(c: Checker, d: dict, out: dict) -> None:
    out["handover_type"] = c.choice("handover_type", d.get("handover_type"), K.HANDOVER_TYPES, default="handover")
    out["direction"] = c.choice("direction", d.get("direction"), K.HANDOVER_DIRECTIONS)
    # Persons we receive are usually ours to verify; persons we hand over, theirs.
    default_side = "cn" if out["direction"] == "handed_over" else "vn"
    out["verification_side"] = c.choice("verification_side", d.get("verification_side"), K.SIDES, default=default_side)
    out["gate"] = d.get("gate") or None
    out["persons"] = c.count("persons", d.get("persons"), required=False)
    _texts(c, d, out, {"marker": _LINE, "our_officer": _LINE, "their_officer": _LINE}
           | _bi("verification_result", "items"))
    out["verification_requested"] = c.date("verification_requested", d.get("verification_requested"), required=False)
    out["verification_answered"] = c.date("verification_answered", d.get("verification_answered"), required=False)
    if out["verification_answered"] and out["verification_requested"] and \
            out["verification_answered"] < out["verification_requested"]:
        c.fail("verification_answered", _("The answer cannot come before the request."))


def _clean_case(c: Checker, d: dict, out: dict) -> None:
    out["category"] = c.choice("category", d.get("category"), K.CASE_CATEGORIES)
    out["outcome"] = c.choice("outcome", d.get("outcome"), K.CASE_OUTCOMES, default="other")
    out["persons"] = c.count("persons", d.get("persons"), required=False) or 0
    _texts(c, d, out, _bi("summary"))


def _clean_friendship(c: Checker, d: dict, out: dict) -> None:
    out["activity_type"] = c.choice("activity_type", d.get("activity_type"), K.FRIENDSHIP_TYPES, default="exchange")
    out["participants"] = c.count("participants", d.get("participants"), required=False) or 0
    _texts(c, d, out, _bi("place", style=_LINE) | _bi("description"))


def _clean_members(c: Checker, rows: list[dict]) -> list[dict]:
    out = []
    heads = {"vn": 0, "cn": 0}
    for i, r in enumerate(rows):
        p = f"members.{i}."
        m = {
            "side": c.choice(p + "side", r.get("side"), K.SIDES),
            "is_head": bool(r.get("is_head")),
            "name_vi": c.text(p + "name_vi", r.get("name_vi"), max_len=200),
            "name_zh": c.text(p + "name_zh", r.get("name_zh"), max_len=200),
            "rank": c.text(p + "rank", r.get("rank"), max_len=64),
            "role_vi": c.text(p + "role_vi", r.get("role_vi"), max_len=200),
            "role_zh": c.text(p + "role_zh", r.get("role_zh"), max_len=200),
            "position": i,
        }
        if not m["name_vi"] and not m["name_zh"]:
            c.fail(p + "name_vi", _("Enter the member's name."))
        if m["is_head"] and m["side"] in heads:
            heads[m["side"]] += 1
            if heads[m["side"]] > 1:
                c.fail(p + "is_head", _("Each side has one head of delegation."))
        out.append(m)
    if out:
        sides = {m["side"] for m in out}
        if "vn" not in sides:
            c.fail("members", _("List at least one member of the Vietnamese side."))
        if "cn" not in sides:
            c.fail("members", _("List at least one member of the Chinese side."))
    return out


def _clean_people(c: Checker, rows: list[dict]) -> list[dict]:
    out = []
    for i, r in enumerate(rows):
        p = f"people.{i}."
        nat = c.text(p + "nationality", r.get("nationality"), max_len=2).upper()
        if nat and not nat.isalpha():
            c.fail(p + "nationality", _("Write the nationality as a two-letter code such as VN or CN."))
        out.append({
            "name": c.text(p + "name", r.get("name"), required=True, max_len=200),
            "name_zh": c.text(p + "name_zh", r.get("name_zh"), max_len=200),
            "sex": c.choice(p + "sex", r.get("sex"), K.SEXES, required=False) or "",
            "birth_year": c.year(p + "birth_year", r.get("birth_year")),
            "nationality": nat,
            "document": c.text(p + "document", r.get("document"), max_len=100),
            "address": c.text(p + "address", r.get("address"), max_len=500),
            "position": i,
        })
    return out


def _clean_markers(c: Checker, rows: list[dict]) -> list[dict]:
    out = []
    for i, r in enumerate(rows):
        value = r.get("marker") if isinstance(r, dict) else r
        marker = c.text(f"markers.{i}.marker", value, required=True, max_len=32)
        out.append({"marker": marker, "position": i})
    return out


_CLEANERS = {
    "hotline_call": _clean_call,
    "letter": _clean_letter,
    "talks": lambda c, d, o: _clean_talks(c, d, o, meeting=False),
    "meeting": lambda c, d, o: _clean_talks(c, d, o, meeting=True),
    "patrol": _clean_patrol,
    "handover": _clean_handover,
    "case": _clean_case,
    "friendship": _clean_friendship,
}

_CHILD_CLEANERS = {"members": _clean_members, "people": _clean_people, "markers": _clean_markers}


def clean(kind: str, data: dict[str, Any], children: list[dict] | None, c: Checker) -> tuple[dict, list[dict] | None]:
    """Validate one record's fields and child rows; problems go to *c*."""
    spec = K.KINDS[kind]
    out: dict[str, Any] = {}
    out["date"] = c.date("date", data.get("date"))
    out["notes"] = c.text("notes", data.get("notes"), multiline=True)
    out["counterpart"] = data.get("counterpart") or None
    _CLEANERS[kind](c, data, out)
    if spec.talks_kind:
        out["kind"] = spec.talks_kind
    rows = None
    if spec.children and children is not None:
        if not isinstance(children, list):
            c.fail(spec.children, _("Not a list of rows."))
            children = []
        # Markers may come as bare numbers ("1118"); members and persons only as rows of fields.
        shapes = (dict, str) if spec.children == "markers" else (dict,)
        bad = [i for i, r in enumerate(children) if not isinstance(r, shapes)]
        for i in bad:
            c.fail(f"{spec.children}.{i}", _("Not a row."))
        rows = _CHILD_CLEANERS[spec.children](c, [r for r in children if isinstance(r, shapes)])
    if kind == "handover" and rows is not None and rows:
        if out.get("persons") in (None, 0):
            out["persons"] = len(rows)
        elif out["persons"] != len(rows):
            c.fail("persons", _("The number of persons ({n}) does not match the {m} persons listed.").format(
                n=out["persons"], m=len(rows)))
    if kind == "handover" and out.get("persons") is None:
        out["persons"] = 0
    if kind in ("talks", "meeting") and rows:
        if not out["participants"]:
            out["participants"] = len(rows)
        elif out["participants"] < len(rows):
            c.fail("participants", _("The number of participants ({n}) is smaller than the {m} members listed.").format(
                n=out["participants"], m=len(rows)))
    return out, rows
