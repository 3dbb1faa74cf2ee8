"""The field spec: every layer reads a kind's fields from one declaration.

``test_a_field_added_by_the_recipe_reaches_every_layer`` follows the README's recipe in a
process of its own (model column, migration, one spec line) and sees the new field in the
form, a spreadsheet round trip, a bundle and search.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from borderdesk.domain.errors import ValidationError
from borderdesk.domain.kinds import KINDS, REGISTRY
from borderdesk.services import records, registry
from borderdesk.store.models import LongText

ROOT = Path(__file__).resolve().parent.parent


def test_a_field_added_by_the_recipe_reaches_every_layer(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BORDERDESK_LANG": "en", "PYTHONPATH": str(ROOT),
           "BORDERDESK_SETTINGS": str(tmp_path / "settings.ini")}
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "field_added_child.py"), str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("ok")


def test_every_model_column_a_user_fills_is_a_field_of_the_spec():
    """A column in a model and not in the spec would be dropped by the validation: none is."""
    identity = {"uuid", "site", "created_at", "updated_at", "version", "changed_by", "deleted", "seq"}
    for key, spec in KINDS.items():
        columns = {f.name for f in spec.model._meta.sorted_fields} - identity - {"kind"}
        missing = columns - set(spec.columns)
        if key == "meeting":
            missing -= {"talks_type"}  # a meeting has no type of talks
        assert missing == set(), key
        if spec.child:
            child_cols = {f.name for f in spec.child.model._meta.sorted_fields} - {"id", "position", spec.child.fk}
            assert child_cols == set(spec.child.columns), key
    for key, (model, _label, fields) in REGISTRY.items():
        cols = {f.name for f in model._meta.sorted_fields} - identity
        assert cols == {c for f in fields for c in f.columns}, key


def test_every_text_has_one_maximum_length_from_its_column():
    for spec in KINDS.values():
        for f in spec.fields:
            if f.type in ("line", "text"):
                for col in f.columns:
                    limit = spec.max_length(col)
                    assert limit and limit == getattr(spec.model._meta.fields[col], "max_length"), (spec.key, col)
                    if f.type == "text":
                        assert isinstance(spec.model._meta.fields[col], LongText)


@pytest.mark.parametrize("column, limit", [("interpreter", 200), ("subject_vi", 500), ("our_officer", 200)])
def test_the_service_refuses_one_character_more_than_the_column_holds(post_db, column, limit):
    base = {"date": "2025-03-14", "direction": "incoming"}
    ok = records.create("hotline_call", {**base, column: "x" * limit})
    assert len(getattr(ok, column)) == limit
    with pytest.raises(ValidationError) as info:
        records.create("hotline_call", {**base, column: "x" * (limit + 1)})
    assert column in info.value.errors


def test_a_registry_name_is_held_to_its_column_too(post_db):
    with pytest.raises(ValidationError) as info:
        registry.create("counterpart", {"name_vi": "x" * 201})
    assert "name_vi" in info.value.errors
