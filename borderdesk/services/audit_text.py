"""What an audit entry says, in the reader's language (the audit page and ``audit list``).

An entry is hashed as it was written (``borderdesk.trust.audit``), so its text is never
rewritten: it is *read*. The writers compose an entry's detail in English from one of the
templates below (:func:`compose`); the readers recognise the template, take its arguments
back out and fill the template's translation with them (:func:`detail_text`). Entries
written before that, some already translated into the writer's language, are recognised
through the catalogs too: a detail written as "đặt lại mật khẩu cho an" in Vietnamese
reads "password reset for an" in English and in Chinese 已重置 an 的密码. A detail that no
template recognises (a file path, a user name) is shown as it was written.

The action, the subject and the user of an entry are keys, translated here as well.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from borderdesk.i18n import N_, N_plural, _, gettext_for, ngettext, ngettext_for

ACTIONS = {
    "create": N_("Created"), "update": N_("Changed"), "delete": N_("Deleted"), "restore": N_("Restored"),
    "import": N_("Imported"), "export": N_("Exported"), "bundle_export": N_("Bundle made"),
    "bundle_import": N_("Bundle read"), "print": N_("Printed"), "login": N_("Logged in"),
    "login_failed": N_("Failed login"), "merge": N_("Merged"), "backup": N_("Backup"),
    "restore_backup": N_("Backup restored"), "site_enrol": N_("Site enrolled"),
    "site_replace": N_("Site identity replaced"),
}
#: what an entry is about, beyond the record kinds
SUBJECTS = {
    "bundle": N_("Sync bundle"), "document": N_("Document"), "report": N_("Report"), "minutes": N_("Minutes"),
    "handover_record": N_("Handover record"), "verification_letter": N_("Verification request"),
    "database": N_("Database"), "account": N_("Account"), "demo": N_("Demo data"),
    "holiday_correction": N_("Holiday correction"), "post": N_("Post"), "counterpart": N_("Counterpart unit"),
    "gate": N_("Border gate"), "marker": N_("Boundary marker"), "officer": N_("Officer"), "site": N_("Site"),
    "attachment": N_("Attachment"), "glossary": N_("Glossary"),
}
#: why a backup was made (the first word of its detail, "daily: /path")
BACKUP_REASONS = {"daily": N_("daily"), "exit": N_("at exit"), "manual": N_("by hand"), "auto": N_("automatic")}
#: the documents the preview printed before print entries named them by their subject (old entries)
DOCUMENT_TITLES = {t: t for t in (N_("Handover record"), N_("Verification request"), N_("Periodic report"),
                                  N_("Minutes of talks"), N_("Minutes of the meeting"))}
#: the user of work done by the program itself (the demo, a migration)
SYSTEM_USER = "system"
#: the languages an entry may have been written in, English (the language entries are written in) first
_WRITTEN_IN = ("en", "vi", "zh")
#: fields that are counts (matched as digits, shown as the reader's numbers)
_COUNTS = frozenset({"n", "created", "updated"})
_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Detail:
    """One way an entry's detail is written: an English template (a msgid) and what fills it.

    *plural* is the template's plural (the count is ``{n}``); *terms* names the fields whose
    values are words of the interface (value written -> msgid); *show* renders the arguments
    instead of the template's translation (a period written as two dates).
    """

    template: str
    actions: tuple[str, ...]
    plural: str | None = None
    terms: dict[str, dict[str, str]] = field(default_factory=dict)
    show: Callable[[dict], str] | None = None

    def compose(self, **args) -> str:
        """The detail as it is stored: the English template filled in."""
        if self.plural is not None:
            n = int(args["n"])
            return (self.template if n == 1 else self.plural).format(**args)
        return self.template.format(**args)

    def forms(self, lang: str) -> tuple[str, ...]:
        """The template as it reads in *lang* (each plural form of it)."""
        if self.plural is None:
            return (gettext_for(lang, self.template),)
        return tuple(dict.fromkeys(ngettext_for(lang, self.template, self.plural, n) for n in (1, 2, 5)))

    def render(self, args: dict) -> str:
        args = {k: _term(self.terms[k], v) if k in self.terms else v for k, v in args.items()}
        if self.show is not None:
            return self.show(args)
        shown = {k: _count(v) if k in _COUNTS else v for k, v in args.items()}
        if self.plural is not None:
            return ngettext(self.template, self.plural, int(args["n"])).format(**shown)
        return _(self.template).format(**shown)


def _count(value: str) -> str:
    from borderdesk.i18n.formatting import format_number

    return format_number(int(value))


def _term(vocabulary: dict[str, str], value: str) -> str:
    """A word written by the program, in the reader's language (recognised in any language)."""
    if value in vocabulary:
        return _(vocabulary[value])
    for lang in _WRITTEN_IN[1:]:
        for msgid in vocabulary.values():
            if gettext_for(lang, msgid) == value:
                return _(msgid)
    return value


def _period(args: dict) -> str:
    from borderdesk.i18n.formatting import format_period

    try:
        start, end = dt.date.fromisoformat(args["start"]), dt.date.fromisoformat(args["end"])
    except ValueError:  # an old entry holds the dates as they were typed: shown as they are
        period = f"{args['start']}..{args['end']}"
    else:
        period = format_period(start, end)
    text = _("{period}: {path}").format(period=period, path=args["path"])
    return text + (" (" + _("signed by {name}").format(name=args["name"]) + ")" if "name" in args else "")


# --- the details entries are written with (English; translated when read) -------------------

IMPORTED_ROWS = Detail(N_("{file}: {created} created, {updated} updated"), ("import",))
EXPORTED_ROWS = Detail(N_("{file}: {n} rows"), ("export",))
DEMO_RECORDS = Detail(N_("{n} records"), ("import",))
DEMO_BULK = Detail(N_("{n} bulk records"), ("import",))
REPORT_SIGNED = Detail("{start}..{end}: {path} (signed by {name})", ("print",), show=_period)
REPORT = Detail("{start}..{end}: {path}", ("print",), show=_period)
PRINTED_DOCUMENT = Detail("{document} -> {where}", ("print",), terms={"document": DOCUMENT_TITLES})
BACKUP = Detail("{reason}: {path}", ("backup",), terms={"reason": BACKUP_REASONS})
BACKUP_RESTORED = Detail(N_("{path} (previous: {aside})"), ("restore_backup",))
ENCRYPTED = Detail(N_("encrypted in place"), ("update",))
PASSPHRASE_CONVERTED = Detail(N_("passphrase encryption converted to key slots"), ("update",))
PASSWORD_RESET = Detail(N_("password reset for {name}"), ("update",))
UNLOCKED = Detail(N_("unlocked {name}"), ("update",))
PASSWORD_CHANGED = Detail(N_("password changed by {name}"), ("update",))
RECOVERED = Detail(N_("password of {name} set with the recovery key"), ("update",))
WRONG_PASSWORD = Detail(N_("wrong password"), ("login_failed",))
UNKNOWN_USER = Detail(N_("unknown user"), ("login_failed",))
ACCOUNT_LOCKED = Detail(N_("account locked"), ("login_failed",))
ACCOUNT_DISABLED = Detail(N_("account disabled"), ("login_failed",))
_WRONG_WHILE_LOCKED = N_plural("{n} wrong password while the database was locked",
                               "{n} wrong passwords while the database was locked")
WRONG_WHILE_LOCKED = Detail(_WRONG_WHILE_LOCKED[0], ("login_failed",), plural=_WRONG_WHILE_LOCKED[1])
SITE_ENROLLED = Detail(N_("site {code} enrolled ({fp})"), ("site_enrol",))
SITE_REPLACED = Detail(N_("identity of site {code} replaced ({old} -> {new})"), ("site_replace",))
CONFLICT_TAKEN = Detail(N_("conflict {id}: took the other version"), ("merge",))

DETAILS: tuple[Detail, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Detail))


def _pattern(form: str) -> re.Pattern:
    """A template as a pattern: its words literally, each field a group (a count: digits)."""
    out, seen, pos = [], set(), 0
    for mo in _FIELD.finditer(form):
        out.append(re.escape(form[pos:mo.start()]))
        name = mo.group(1)
        if name in seen:
            out.append(f"(?P={name})")
        else:
            seen.add(name)
            out.append(rf"(?P<{name}>\d+)" if name in _COUNTS else rf"(?P<{name}>.+?)")
        pos = mo.end()
    out.append(re.escape(form[pos:]))
    return re.compile("".join(out), re.S)


@lru_cache(maxsize=None)
def _patterns(action: str) -> tuple[tuple[Detail, re.Pattern], ...]:
    # Most specific first: the template with the most words of its own is tried before a looser one.
    found = []
    for detail in DETAILS:
        if action in detail.actions:
            for lang in _WRITTEN_IN:
                for form in detail.forms(lang):
                    found.append((len(_FIELD.sub("", form)), detail, _pattern(form)))
    found.sort(key=lambda t: -t[0])
    return tuple((d, p) for _n, d, p in found)


def detail_text(action: str, detail: str | None) -> str:
    """The detail of an entry in the interface language (as written when no template is recognised)."""
    if not detail:
        return ""
    for template, pattern in _patterns(action):
        mo = pattern.fullmatch(detail)
        if mo:
            return template.render(mo.groupdict())
    return detail


def reload() -> None:
    """Forget the patterns (after the catalogs were compiled again)."""
    _patterns.cache_clear()


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action


def subject_label(kind: str) -> str:
    """An entry's subject in the interface language (``hotline_call`` reads "Hotline call")."""
    from borderdesk.domain.kinds import KINDS

    if kind in KINDS:
        return _(KINDS[kind].label)
    return _(SUBJECTS[kind]) if kind in SUBJECTS else kind


def user_label(name: str) -> str:
    return _("BorderDesk (automatic)") if name == SYSTEM_USER else name
