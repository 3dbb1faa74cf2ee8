"""Names of kinds and fields, and field values, as a user reads them (in the forms' words)."""
from __future__ import annotations

from borderdesk.domain.kinds import KINDS, REGISTRY
from borderdesk.i18n import _
from borderdesk.sync.tables import REGISTRY_LABELS

_LANG_SUFFIX = {"vi": "Tiếng Việt", "zh": "中文"}


def kind_label(key: str) -> str:
    if key in KINDS:
        return _(KINDS[key].plural)
    return _(REGISTRY_LABELS.get(key, key))


def _form_field(kind: str | None, name: str):
    """The spec's field holding *name* (a field, or one side of a Vietnamese | Chinese pair), and
    the side; *kind* is a record kind or a registry table."""
    if kind in KINDS:
        fields = KINDS[kind].fields
    else:
        fields = next((f for model, _label, f in REGISTRY.values() if model._meta.table_name == kind), ())
    f = next((f for f in fields if name in f.columns), None)
    if f is None:
        return None, None
    return f, (name.rpartition("_")[2] if f.bilingual else None)


def field_label(name: str, kind: str | None = None) -> str:
    """The label the record's form gives the field (``subject_zh`` → ``Subject (中文)``)."""
    f, lang = _form_field(kind, name)
    if f is not None:
        return f"{_(f.label)} ({_LANG_SUFFIX[lang]})" if lang else _(f.label)
    base, _sep, lang = name.rpartition("_")
    if lang in ("vi", "zh") and base:
        return f"{base.replace('_', ' ').capitalize()} ({_LANG_SUFFIX[lang]})"
    if name == "deleted":
        return _("Deleted")
    return name.replace("_", " ").capitalize()


def field_value(name: str, value, kind: str | None = None, names: dict | None = None) -> str:
    """A value as the form shows it: vocabulary labels translated, units by name, Yes/No."""
    if value is None or value == "":
        return ""
    f, _lang = _form_field(kind, name)
    if f is not None and f.vocab and value in f.vocab:
        return _(f.vocab[value])
    if name in ("counterpart",) and names is not None:
        vi_zh = names.get(value)
        if vi_zh:
            return " / ".join(n for n in vi_zh if n)
    if name == "deleted" or isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (list, tuple)):  # child rows: one line of their filled-in values each
        return "; ".join(", ".join(str(v) for v in d.values() if v not in ("", None)) if isinstance(d, dict)
                         else str(d) for d in value)
    return str(value)
