"""Names of kinds and fields as a user reads them."""
from __future__ import annotations

from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import _
from borderdesk.sync.tables import REGISTRY_LABELS


def kind_label(key: str) -> str:
    if key in KINDS:
        return _(KINDS[key].plural)
    return _(REGISTRY_LABELS.get(key, key))


def field_label(name: str) -> str:
    """A readable field name: ``subject_vi`` -> ``Subject (vi)``."""
    base, _sep, lang = name.rpartition("_")
    if lang in ("vi", "zh") and base:
        return f"{base.replace('_', ' ').capitalize()} ({lang})"
    return name.replace("_", " ").capitalize()
