"""A realistic demo post, and bulk records for the benchmarks.

:func:`fill_demo` gives the open database the registry of the real places in
``resources/domain/places.tsv`` (counterpart units, gates, other posts),
numbered boundary markers, officers of both sides, and three years of one
post's records ending today, at the scale of the domain brief, in both
languages; some verifications, letter replies and call follow-ups are overdue
and some fall due soon. :func:`fill_bulk` writes N records (a million for the
benchmark) from the same row generator.

Both go around the per-row services on purpose: rows are stamped (uuid, site,
version, seq) here and written with ``executemany``, children and search
index included, in one transaction. The random generator is seeded, so the
same day gives the same demo.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from borderdesk.domain.kinds import KINDS
from borderdesk.domain.workdays import VERIFICATION_WORKING_DAYS
from borderdesk.resources import get_asset
from borderdesk.services import calendar, events, registry, session
from borderdesk.services.audit_text import DEMO_BULK, DEMO_RECORDS
from borderdesk.services.bulk_rows import BulkWriter, counterpart_names, created_at
from borderdesk.services import demo_text as T
from borderdesk.store.connection import is_server
from borderdesk.store import models as m
from borderdesk.store.models import DB
from borderdesk.services.permissions import require

Progress = Callable[[int, int], None]

#: records of one post in one year: (low, high), from the domain brief
PER_YEAR = {"meeting": (18, 22), "letter": (55, 65), "hotline_call": (26, 34), "patrol": (36, 44),
            "handover": (22, 28), "case": (17, 23), "friendship": (8, 12)}
#: talks: four quarterly, one annual, and this many ad hoc a year
AD_HOC_TALKS = (0, 3)
#: the mix of kinds in bulk data (records a year of one post)
BULK_WEIGHTS = {"talks": 6.5, "meeting": 20, "letter": 60, "hotline_call": 30, "patrol": 40, "handover": 25,
                "case": 20, "friendship": 10}


# --- the real places -------------------------------------------------------------------


def places_path() -> Path:
    """``places.tsv`` shipped in resources, else the shared domain folder of a checkout."""
    p = get_asset("domain", "places.tsv")
    if p.exists():
        return p
    for parent in Path(__file__).resolve().parents:
        cand = parent / "shared" / "domain" / "places.tsv"
        if cand.exists():
            return cand
    raise FileNotFoundError("places.tsv")


def read_places() -> list[dict]:
    with open(places_path(), encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f, delimiter="\t")]


def _code_for(name_vi: str) -> str:
    words = name_vi.replace("Đồn Biên phòng", "").replace("Đ", "D").split()
    return "".join(w[0] for w in words if w[0].isalpha()).upper()[:8] or "P"


@dataclass
class Registry:
    """What the generator draws from; built from (and written to) the registry tables."""

    province_vi: str
    province_zh: str
    post_name: str
    counterparts: list[dict]  # uuid, name_vi, name_zh; the first is the post's usual counterpart
    gates: list[dict]
    markers: list[str]
    ours: list[dict]  # officers: name_vi, name_zh, rank, role_vi, role_zh
    theirs: list[dict]
    cp_weights: list[float] = field(default_factory=list)


def _registry_entry(kind: str, data: dict, existing: dict) -> dict:
    key = data.get("code") or data.get("number") or data["name_vi"]
    row = existing.get(key)
    if row is None:
        row = registry.create(kind, data)
    return {"uuid": row.uuid, **{k: getattr(row, k) for k in data}}


def ensure_registry(rnd: random.Random) -> Registry:
    """Put the real places, markers and officers in the registry (once), and return them."""
    places = read_places()
    post = m.Post.get_or_none(m.Post.code == session.site_code())
    province = (post.province if post and post.province else "") or "Lào Cai"
    prov_zh = next((p["zh"] for p in places if p["vi"] == province and p["kind"] in ("province", "region")), "")
    have = {
        "counterpart": {r.name_vi: r for r in m.CounterpartUnit.select().where(m.CounterpartUnit.deleted == False)},  # noqa: E712,E501
        "gate": {r.name_vi: r for r in m.BorderGate.select().where(m.BorderGate.deleted == False)},  # noqa: E712
        "marker": {r.number: r for r in m.BoundaryMarker.select().where(m.BoundaryMarker.deleted == False)},  # noqa: E712,E501
        "officer": {r.name_vi: r for r in m.Officer.select().where(m.Officer.deleted == False)},  # noqa: E712
        "post": {r.code: r for r in m.Post.select()},
    }
    names_of_posts = {r.name_vi for r in have["post"].values()}
    for p in places:
        if p["side"] == "VN" and p["kind"] in ("border_post", "border_gate_control_station") \
                and p["vi"] not in names_of_posts:
            code = _code_for(p["vi"])
            if code not in have["post"]:
                _registry_entry("post", {"code": code, "name_vi": p["vi"], "name_zh": p["zh"],
                                         "province": p["parent_vi"]}, have["post"])
    cps = []
    for p in places:
        if p["side"] == "CN" and p["kind"] in ("exit_entry_inspection_station", "exit_entry_inspection_head_station",
                                               "border_management_detachment", "border_police_station"):
            cp = _registry_entry("counterpart", {"name_vi": p["vi"], "name_zh": p["zh"], "unit_type": p["kind"],
                                                 "province": p["parent_vi"], "notes": p["note"]}, have["counterpart"])
            cps.append((province in p["note"], p["kind"] == "exit_entry_inspection_head_station", cp))
    # the post's own counterpart first (its note names our province), the head station rarely
    cps.sort(key=lambda t: (not t[0], t[1]))
    counterparts = [c for *_x, c in cps]
    weights = [70.0 if i == 0 else (4.0 if head else 8.0) for i, (_o, head, _c) in enumerate(cps)]
    gates = []
    for p in places:
        if p["side"] == "VN" and p["kind"] == "border_gate":
            pair_vi, pair_zh = "", ""
            if p["note"].startswith("pairs with "):
                rest = p["note"][len("pairs with "):].split(";")[0]
                pair_vi = rest.split("(")[0].strip()
                pair_zh = rest.split("(")[1].split(")")[0] if "(" in rest else ""
            gate_type = ("international_border_gate" if "quốc tế" in p["vi"] else
                         "auxiliary_border_gate" if "phụ" in p["vi"] else "bilateral_border_gate")
            g = _registry_entry("gate", {"name_vi": p["vi"], "name_zh": p["zh"] or (f"{pair_zh}对面口岸" if pair_zh else ""),
                                         "gate_type": gate_type, "province": p["parent_vi"], "pair_vi": pair_vi,
                                         "pair_zh": pair_zh}, have["gate"])
            if p["parent_vi"] == province:
                gates.append(g)
    if not gates:
        gates = [g for g in have["gate"].values()][:3] or [{"uuid": None, "name_vi": "Cửa khẩu", "name_zh": "口岸"}]
        gates = [{"uuid": getattr(g, "uuid", None), "name_vi": getattr(g, "name_vi", "Cửa khẩu"),
                  "name_zh": getattr(g, "name_zh", "口岸")} if not isinstance(g, dict) else g for g in gates]
    first = {"Lào Cai": 92, "Hà Giang": 180, "Điện Biên": 17, "Lạng Sơn": 1100}.get(province, 100)
    markers = []
    for n in range(first, first + 26):
        number = str(n)
        _registry_entry("marker", {"number": number, "name_vi": f"Cột mốc {number}", "name_zh": f"{number}号界碑",
                                   "section": f"Đoạn biên giới {province} ({prov_zh or province})",
                                   "province": province}, have["marker"])
        markers.append(number)
    ours, theirs = [], []
    for i in range(10):
        name_vi, name_zh = T.vn_name(rnd, "F" if i == 5 else "M")
        role = T.VN_ROLES[min(i, len(T.VN_ROLES) - 1)]
        rank = T.RANK_ORDER[min(i, len(T.RANK_ORDER) - 1)]
        ours.append(_registry_entry("officer", {"name_vi": name_vi, "name_zh": name_zh, "rank": rank,
                                                "position_vi": role[0], "position_zh": role[1],
                                                "post_code": session.site_code()}, have["officer"]))
    for i in range(8):
        name_vi, name_zh = T.cn_name(rnd, "F" if i == 5 else "M")
        role = T.CN_ROLES[min(i, len(T.CN_ROLES) - 1)]
        rank = T.CN_RANK_ORDER[min(i, len(T.CN_RANK_ORDER) - 1)]
        theirs.append(_registry_entry("officer", {"name_vi": name_vi, "name_zh": name_zh, "rank": rank,
                                                  "position_vi": role[0], "position_zh": role[1], "post_code": ""},
                                      have["officer"]))
    for o, roles in ((ours, T.VN_ROLES), (theirs, T.CN_ROLES)):
        for i, off in enumerate(o):
            off["role_vi"], off["role_zh"] = roles[min(i, len(roles) - 1)]
    return Registry(province, prov_zh, post.name_vi if post else "", counterparts, gates, markers, ours, theirs,
                    weights)


# --- the row generator ----------------------------------------------------------------------


class RowGenerator:
    """Field values and child rows of one record of a kind on a day, in both languages."""

    def __init__(self, rnd: random.Random, reg: Registry, today: dt.date) -> None:
        self.rnd, self.reg, self.today = rnd, reg, today
        # a stream of its own for the extras (notes), so that the rest of the demo stays the same
        self.extra = random.Random(rnd.getstate()[1][0])
        self.vn = calendar.work_calendar("VN")
        self.cn = calendar.work_calendar("CN")
        self.letter_no = {}

    # helpers
    def _cp(self) -> dict:
        return self.rnd.choices(self.reg.counterparts, self.reg.cp_weights)[0]

    def _common(self, d: dt.date, cp: dict) -> dict:
        q = (d.month - 1) // 3 + 1
        gate = self.rnd.choice(self.reg.gates)
        return {"cp_vi": cp["name_vi"], "cp_zh": cp["name_zh"] or cp["name_vi"], "marker": self.rnd.choice(self.reg.markers),
                "month": d.month, "quarter": q, "year": d.year, "n": self.rnd.randint(2, 6),
                "gate_vi": gate["name_vi"], "gate_zh": gate["name_zh"] or gate["name_vi"], "k": self.rnd.randint(1, 3)}

    def _answer(self, cal, start: dt.date, due: dt.date) -> dt.date | None:
        """When an old request was answered (mostly in time); None while it is not yet due."""
        if due >= self.today:
            return None
        late = self.rnd.random() < 0.1
        got = cal.add_working_days(start, self.rnd.randint(2, VERIFICATION_WORKING_DAYS + (4 if late else 0)))
        return min(got, self.today)

    def _time(self) -> str:
        return f"{self.rnd.randint(7, 17):02d}:{self.rnd.choice((0, 15, 30, 45)):02d}"

    # kinds
    def record(self, kind: str, d: dt.date) -> tuple[dict, list[dict]]:
        return getattr(self, "_" + kind)(d)

    def _extras(self, v: dict) -> dict:
        """What some records carry besides: a note (so that every field of a form shows somewhere)."""
        if not v.get("notes") and self.extra.random() < 0.1:
            v["notes"] = self.extra.choice(T.NOTES)
        return v

    def _hotline_call(self, d):
        cp = self._cp()
        c = self._common(d, cp)
        subject = T.fill(self.rnd.choice(T.CALL_SUBJECTS), **c)
        content = T.fill(T.CALL_CONTENT, subject_l=subject[0][0].lower() + subject[0][1:], subject_zh=subject[1], **c)
        v = {"date": d, "counterpart": cp["uuid"], "time": self._time(),
             "direction": self.rnd.choice(("incoming", "outgoing")),
             "counterpart_officer": self.rnd.choice(self.reg.theirs)["name_zh"],
             "our_officer": self.rnd.choice(self.reg.ours[:5])["name_vi"], "interpreter": self.reg.ours[5]["name_vi"],
             "subject_vi": subject[0], "subject_zh": subject[1], "content_vi": content[0], "content_zh": content[1]}
        if self.rnd.random() < 0.4:
            fu = self.rnd.choice(T.FOLLOW_UPS)
            v["follow_up_vi"], v["follow_up_zh"] = fu
            due = self.vn.add_working_days(d, self.rnd.randint(2, 5))
            # a follow-up done is a due date cleared
            v["follow_up_due"] = due if due >= self.today else None
        return self._extras(v), []

    def _letter(self, d):
        cp = self._cp()
        c = self._common(d, cp)
        if self.vn.next_working_day(d) <= self.today:
            d = self.vn.next_working_day(d)
        i = self.rnd.randrange(len(T.LETTER_SUBJECTS))
        subject = T.fill(T.LETTER_SUBJECTS[i], **c)
        summary = T.fill(T.LETTER_SUMMARY, subject=subject[0], subject_zh=subject[1], **c)
        direction = self.rnd.choice(("incoming", "outgoing"))
        no = self.letter_no[d.year] = self.letter_no.get(d.year, 0) + 1
        v = {"date": d, "counterpart": cp["uuid"], "direction": direction,
             "our_ref": f"{no}/CV-ĐBP", "their_ref": f"河边检函〔{d.year}〕{self.rnd.randint(1, 300)}号",
             "subject_vi": subject[0], "subject_zh": subject[1], "summary_vi": summary[0], "summary_zh": summary[1]}
        if i in (0, 2, 4, 6, 8):  # letters that ask for an answer
            cal = self.vn if direction == "incoming" else self.cn
            v["reply_due"] = cal.add_working_days(d, VERIFICATION_WORKING_DAYS)
            v["answered_on"] = self._answer(cal, d, v["reply_due"])
        return self._extras(v), []

    def _members(self, d, big: bool) -> list[dict]:
        out = []
        for side, people in (("vn", self.reg.ours), ("cn", self.reg.theirs)):
            k = self.rnd.randint(3, 6) if big else self.rnd.randint(2, 4)
            chosen = [people[0]] + self.rnd.sample(people[1:], k - 1)
            for j, p in enumerate(chosen):
                out.append({"side": side, "is_head": j == 0, "name_vi": p["name_vi"], "name_zh": p["name_zh"],
                            "rank": p["rank"], "role_vi": p["role_vi"], "role_zh": p["role_zh"]})
        return out

    def _talks(self, d, talks_type: str | None = None):
        cp = self.reg.counterparts[0] if self.rnd.random() < 0.85 else self._cp()
        c = self._common(d, cp)
        host = self.rnd.choice(("vn", "cn"))
        gate = self.rnd.choice(self.reg.gates)
        place = ((f"Phòng hội đàm, {gate['name_vi']}", f"{gate['name_zh'] or gate['name_vi']}会谈室") if host == "vn"
                 else (f"Phòng họp, {cp['name_vi']}", f"{cp['name_zh'] or cp['name_vi']}会议室"))
        agenda = self.rnd.sample(T.AGENDA, self.rnd.randint(3, 4))
        agreed = [T.fill(p, **c) for p in self.rnd.sample(T.AGREED, self.rnd.randint(3, 6))]
        ours = T.fill(T.OUR_REPORT, cases=self.rnd.randint(2, 8), persons=self.rnd.randint(3, 20),
                      handovers=self.rnd.randint(3, 9), hp=self.rnd.randint(5, 25))
        theirs = T.fill(T.THEIR_REPORT, patrols=self.rnd.randint(4, 12), persons=self.rnd.randint(2, 30), **c)
        members = self._members(d, big=True)
        v = {"date": d, "counterpart": cp["uuid"], "kind": "talks",
             "talks_type": talks_type or "ad_hoc", "time": "08:30", "host_side": host,
             "place_vi": place[0], "place_zh": place[1], "participants": len(members),
             "agenda_vi": "\n".join(a[0] for a in agenda), "agenda_zh": "\n".join(a[1] for a in agenda),
             "our_report_vi": ours[0], "our_report_zh": ours[1], "their_report_vi": theirs[0],
             "their_report_zh": theirs[1], "agreed_vi": "\n".join(a[0] for a in agreed),
             "agreed_zh": "\n".join(a[1] for a in agreed)}
        if host == "cn" and self.extra.random() < 0.5:
            v["marker"] = self.extra.choice(self.reg.markers)  # at their station, by a marker
        return self._extras(v), members

    def _meeting(self, d):
        cp = self._cp()
        c = self._common(d, cp)
        purpose = T.fill(self.rnd.choice(T.MEETING_PURPOSES), **c)
        outcome = self.rnd.choice(T.MEETING_OUTCOMES)
        members = self._members(d, big=False) if self.rnd.random() < 0.5 else []
        participants = len(members) or self.rnd.randint(4, 12)
        v = {"date": d, "counterpart": cp["uuid"], "kind": "meeting", "time": self._time(),
             "marker": c["marker"], "host_side": self.rnd.choice(("vn", "cn")),
             "place_vi": f"Khu vực mốc {c['marker']}", "place_zh": f"{c['marker']}号界碑附近",
             "participants": participants, "purpose_vi": purpose[0], "purpose_zh": purpose[1],
             "outcome_vi": outcome[0], "outcome_zh": outcome[1]}
        return self._extras(v), members

    def _patrol(self, d):
        cp = self.reg.counterparts[0] if self.rnd.random() < 0.8 else self._cp()
        c = self._common(d, cp)
        i = self.rnd.randrange(len(self.reg.markers) - 4)
        covered = self.reg.markers[i:i + self.rnd.randint(2, 4)]
        section = T.fill(T.PATROL_SECTION, m1=covered[0], m2=covered[-1])
        outreach = T.fill(T.PATROL_OUTREACH, n=self.rnd.randint(20, 150))
        findings = T.fill(self.rnd.choices(T.PATROL_FINDINGS, (70, 20, 10))[0], **c)
        teams = self.rnd.randint(2, 4)
        v = {"date": d, "counterpart": cp["uuid"],
             "patrol_type": "law_enforcement" if self.rnd.random() < 0.25 else "joint",
             "section_vi": section[0], "section_zh": section[1], "teams": teams,
             "personnel": teams * self.rnd.randint(4, 8), "outreach_vi": outreach[0], "outreach_zh": outreach[1],
             "findings_vi": findings[0], "findings_zh": findings[1]}
        return self._extras(v), [{"marker": mk} for mk in covered]

    def _handover(self, d):
        cp = self.reg.counterparts[0] if self.rnd.random() < 0.8 else self._cp()
        gate = self.rnd.choice(self.reg.gates)
        direction = "received" if self.rnd.random() < 0.7 else "handed_over"
        nationality = "VN" if direction == "received" else "CN"
        people = [T.border_resident(self.rnd, nationality, self.reg.province_vi, d.year)
                  for _i in range(self.rnd.choices((1, 2, 3, 4, 5, 6), (30, 25, 18, 12, 8, 7))[0])]
        at_gate = self.rnd.random() < 0.6
        marker = "" if at_gate else self.rnd.choice(self.reg.markers)
        place = ((gate["name_vi"], gate["name_zh"] or gate["name_vi"]) if at_gate
                 else (f"khu vực mốc {marker}", f"{marker}号界碑"))
        notes = T.fill(T.HANDOVER_NOTES, place_vi=place[0], place_zh=place[1])
        side = "vn" if direction == "received" else "cn"
        v = {"date": d, "counterpart": cp["uuid"], "handover_type": "repatriation" if self.rnd.random() < 0.2
             else "handover", "direction": direction, "gate": gate["uuid"] if at_gate else None, "marker": marker,
             "persons": len(people), "verification_side": side, "notes": notes[0],
             # chosen from what was drawn already: the demo's random sequence stays the same
             "our_officer": self.reg.ours[len(people) % 5]["name_vi"],
             "their_officer": self.reg.theirs[len(people) % len(self.reg.theirs)]["name_zh"]}
        if len(people) >= 2:
            v["items_vi"], v["items_zh"] = T.HANDOVER_ITEMS[d.toordinal() % len(T.HANDOVER_ITEMS)]
        if self.rnd.random() < 0.85:
            cal = self.vn if side == "vn" else self.cn
            v["verification_requested"] = d
            v["verification_due"] = cal.add_working_days(d, VERIFICATION_WORKING_DAYS)
            v["verification_answered"] = self._answer(cal, d, v["verification_due"])
            if v["verification_answered"]:
                res = T.fill(self.rnd.choices(T.VERIFICATION_RESULTS, (80, 20))[0], k=1)
                v["verification_result_vi"], v["verification_result_zh"] = res
        # the handover record names both sides' officers and what was handed over (a stream of its own)
        ours, theirs = self.extra.choice(self.reg.ours), self.extra.choice(self.reg.theirs)
        v["our_officer"], v["their_officer"] = ours["name_vi"], theirs["name_zh"] or theirs["name_vi"]
        v["items_vi"], v["items_zh"] = self.extra.choice(T.HANDOVER_ITEMS)
        return self._extras(v), people

    def _case(self, d):
        cats = list(T.CASE_WEIGHTS)
        category = self.rnd.choices(cats, list(T.CASE_WEIGHTS.values()))[0]
        if category == "firecrackers" and d.month not in (11, 12, 1, 2):
            d = d.replace(month=self.rnd.choice((12, 1)), day=min(d.day, 28))
            if d > self.today:
                d = d.replace(year=d.year - 1)
        outcome = self.rnd.choices(list(T.CASE_OUTCOMES), (
            (35, 10, 5, 5) if category in ("organizing_illegal_crossing", "drugs", "human_trafficking")
            else (5, 55, 30, 10)))[0]
        persons = self.rnd.choices((1, 2, 3, 4, 6, 9), (35, 25, 15, 10, 10, 5))[0]
        cp = self._cp()
        c = self._common(d, cp)
        act, out = T.CASE_ACTS[category], T.CASE_OUTCOMES[outcome]
        summary = T.fill(T.CASE_SUMMARY, n=persons, act_vi=act[0], act_zh=act[1], marker=c["marker"],
                         outcome_vi=out[0], outcome_zh=out[1])
        return self._extras({"date": d, "counterpart": cp["uuid"] if outcome == "handed_over" else None,
                             "category": category, "persons": persons, "outcome": outcome,
                             "summary_vi": summary[0], "summary_zh": summary[1]}), []

    def _friendship(self, d):
        cp = self.reg.counterparts[0]
        kind = self.rnd.choices(list(T.FRIENDSHIP), (50, 25, 10, 15))[0]
        v_vi = self.rnd.choice(T.VN_VILLAGES)
        cv = self.rnd.choice(T.CN_VILLAGES)
        desc = T.fill(T.FRIENDSHIP[kind], cp_vi=cp["name_vi"], cp_zh=cp["name_zh"] or cp["name_vi"], v_vi=v_vi,
                      cv_vi=cv[1], cv_zh=cv[0], k=self.rnd.randint(2, 6))
        gate = self.rnd.choice(self.reg.gates)
        return self._extras({"date": d, "counterpart": cp["uuid"], "activity_type": kind,
                             "participants": self.rnd.randint(10, 80), "place_vi": gate["name_vi"],
                             "place_zh": gate["name_zh"] or gate["name_vi"],
                             "description_vi": desc[0], "description_zh": desc[1]}), []


# --- the demo of one post ------------------------------------------------------------------------


def _plan(rnd: random.Random, start: dt.date, today: dt.date) -> list[tuple[str, dt.date, str | None]]:
    """(kind, date, talks type) of every record of the period, oldest first."""
    days = (today - start).days
    years = days / 365.25
    plan: list[tuple[str, dt.date, str | None]] = []
    for kind, (lo, hi) in PER_YEAR.items():
        n = round(sum(rnd.randint(lo, hi) for _y in range(3)) * years / 3)
        plan += [(kind, start + dt.timedelta(days=rnd.randint(0, days)), None) for _i in range(n)]
    # quarterly talks in the last month of each quarter, the annual one in December
    y, q = start.year, (start.month - 1) // 3
    while dt.date(y, q * 3 + 1, 1) <= today:
        d = dt.date(y, q * 3 + 3, rnd.randint(5, 25))
        if start <= d <= today:
            plan.append(("talks", d, "quarterly"))
        if q == 3 and start <= d.replace(day=28) <= today:
            plan.append(("talks", d.replace(day=28), "annual"))
        y, q = (y + 1, 0) if q == 3 else (y, q + 1)
    for _y in range(3):
        for _i in range(rnd.randint(*AD_HOC_TALKS)):
            plan.append(("talks", start + dt.timedelta(days=rnd.randint(0, days)), "ad_hoc"))
    plan.sort(key=lambda p: (p[1], p[0]))
    return plan


def _make_some_late(records: list[tuple[str, dict, list]], today: dt.date, gen: "RowGenerator") -> None:
    """The two latest requests already due stay unanswered: the demo shows overdue items."""
    for kind, due_field, answered_field in (("handover", "verification_due", "verification_answered"),
                                            ("letter", "reply_due", "answered_on")):
        past = [v for k, v, _c in records if k == kind and v.get(due_field) and v[due_field] < today]
        for v in past[-2:]:
            v[answered_field] = None
            v.pop("verification_result_vi", None)
            v.pop("verification_result_zh", None)
    calls = [v for k, v, _c in records if k == "hotline_call" and v["date"] < today - dt.timedelta(days=6)]
    for v in calls[-2:]:
        if not v.get("follow_up_vi"):
            v["follow_up_vi"], v["follow_up_zh"] = T.FOLLOW_UPS[0]
        v["follow_up_due"] = gen.vn.add_working_days(v["date"], 2)


def _due_soon(records: list[tuple[str, dict, list]], today: dt.date, gen: "RowGenerator") -> None:
    """The last records (see :func:`fill_demo`) fall due within the next few working days."""
    for kind, v, _c in records[-3:]:
        if kind == "handover":
            v["verification_requested"] = v["date"]
            v["verification_due"] = calendar.verification_due(v["date"], v["verification_side"])
            v["verification_answered"] = None
            v.pop("verification_result_vi", None)
            v.pop("verification_result_zh", None)
        elif kind == "letter":
            v.update(direction="incoming", answered_on=None,
                     reply_due=gen.vn.add_working_days(v["date"], VERIFICATION_WORKING_DAYS))
        else:
            v["follow_up_vi"], v["follow_up_zh"] = T.FOLLOW_UPS[2]
            v["follow_up_due"] = gen.vn.add_working_days(today, 2)


def fill_demo(progress: Progress | None = None, today: dt.date | None = None, seed: int = 2025) -> "DemoSummary":
    """Fill the open database with a post's three years of records (see the module docstring).

    :param progress: called with (done, total) records as they are written.
    :returns: how many records of each kind were added.
    """
    require("records")
    today = today or dt.date.today()
    rnd = random.Random(seed)
    site = session.site_code()
    with DB.atomic():
        reg = ensure_registry(rnd)
        gen = RowGenerator(rnd, reg, today)
        try:
            start = today.replace(year=today.year - 3) + dt.timedelta(days=1)
        except ValueError:  # 29 February
            start = today.replace(year=today.year - 3, day=28) + dt.timedelta(days=1)
        plan = _plan(rnd, start, today)
        # something falls due soon: a handover, a letter and a call of the last days
        plan += [("handover", gen.vn.add_working_days(today, -5), None),
                 ("letter", gen.vn.add_working_days(today, -4), None),
                 ("hotline_call", today - dt.timedelta(days=1), None)]
        records = []
        for kind, d, talks_type in plan:
            values, children = gen._talks(d, talks_type) if kind == "talks" else gen.record(kind, d)
            records.append((kind, values, children))
        _due_soon(records, today, gen)
        _make_some_late(records, today, gen)
        writer = BulkWriter(counterpart_names())
        for i, (kind, values, children) in enumerate(records):
            writer.add(kind, values, children, site, created_at(values["date"], rnd))
            if progress and i % 100 == 0:
                progress(i, len(records))
        writer.close()
        events.emit(events.Change("import", "demo", None, None, None, detail=DEMO_RECORDS.compose(n=len(records))))
    if progress:
        progress(len(records), len(records))
    return DemoSummary(sorted(writer.by_kind.items()))


def fill_bulk(n: int, years: int = 10, sites: list[str] | None = None, today: dt.date | None = None,
              seed: int = 7, progress: Progress | None = None, batch: int = 20000) -> int:
    """Write *n* records (the benchmark's million) spread over *years* and *sites*, fast.

    Same generator as the demo; the kinds in the proportions of a post's year.
    Returns the number written.
    """
    require("records")
    today = today or dt.date.today()
    rnd = random.Random(seed)
    sites = list(sites or [session.site_code()])
    kinds = list(BULK_WEIGHTS)
    weights = list(BULK_WEIGHTS.values())
    span = years * 365
    with DB.atomic():
        reg = ensure_registry(rnd)
    gen = RowGenerator(rnd, reg, today)
    writer = BulkWriter(counterpart_names())
    if is_server():  # the server's shared_buffers are its administrator's
        _bulk_batches(n, batch, rnd, gen, writer, kinds, weights, span, sites, today, progress)
    else:
        # random uuids land all over the primary-key B-trees: keep more of them in memory
        (cache,) = DB.execute_sql("PRAGMA cache_size").fetchone()
        DB.execute_sql("PRAGMA cache_size = -262144")
        try:
            _bulk_batches(n, batch, rnd, gen, writer, kinds, weights, span, sites, today, progress)
        finally:
            DB.execute_sql(f"PRAGMA cache_size = {int(cache)}")
    events.emit(events.Change("import", "demo", None, None, None, detail=DEMO_BULK.compose(n=n)))
    return n


def _bulk_batches(n, batch, rnd, gen, writer, kinds, weights, span, sites, today, progress) -> None:
    talks_types = ("quarterly", "quarterly", "annual", "ad_hoc")
    done = 0
    while done < n:
        step = min(batch, n - done)
        with DB.atomic():
            for kind in rnd.choices(kinds, weights, k=step):
                d = today - dt.timedelta(days=rnd.randrange(span))
                if kind == "talks":
                    values, children = gen._talks(d, rnd.choice(talks_types))
                else:
                    values, children = gen.record(kind, d)
                writer.add(kind, values, children, rnd.choice(sites), created_at(values["date"], rnd))
            writer.flush()
            if done + step >= n:
                writer.close()
        done += step
        if progress:
            progress(done, n)


class DemoSummary(dict):
    """Records added per kind; prints as a readable line in the interface language."""

    def __str__(self) -> str:
        from borderdesk.i18n import _

        return ", ".join(f"{_(KINDS[k].plural)}: {v}" for k, v in self.items())
