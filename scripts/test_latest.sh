#!/usr/bin/env bash
# The formatting module against the NEWEST Babel on PyPI (not the locked one), in its own
# environment (.venv-latest): what reports and minutes print must not change when a user's
# Babel is newer than ours. `make test` runs the same tests against the locked Babel.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
venv="$root/.venv-latest"
[[ -x "$venv/bin/python" ]] || "$root/.venv/bin/python" -m venv "$venv"
"$venv/bin/python" -m pip --disable-pip-version-check -q install --upgrade Babel pytest
printf 'test-latest: Babel %s\n' "$("$venv/bin/python" -c 'import babel; print(babel.__version__)')"
# Only Babel and the package's own i18n code are needed: no conftest (it opens databases).
PYTHONPATH="$root" "$venv/bin/python" -m pytest -q --noconftest -p no:cacheprovider -W ignore::pytest.PytestConfigWarning tests/test_i18n_formatting.py
