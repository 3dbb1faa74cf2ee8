# BorderDesk: every target sets itself up first (scripts/setup.sh), so on a fresh
# Debian/Ubuntu machine `make run` and `make test` are all there is to type.

PY := .venv/bin/python
SETUP := bash scripts/setup.sh
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-x tests/test_i18n_formatting.py"`.
PYTEST_ARGS ?=
SCREENSHOTS_DIR ?= screenshots-out

.PHONY: help run test test-latest lock i18n i18n-check bench build smoke screenshots clean

help:
	@echo "make run          set up, then start BorderDesk on its default database"
	@echo "make test         set up, then run the tests (offscreen)"
	@echo "make test-latest  the formatting tests against the newest Babel on PyPI (.venv-latest)"
	@echo "make lock         resolve pyproject.toml again into requirements.lock (uv, with hashes)"
	@echo "make i18n         extract messages, update the vi and zh_CN catalogs, compile them"
	@echo "make i18n-check   list untranslated, fuzzy and broken entries (fails if any)"
	@echo "make bench        run the benchmarks (benchmarks/run.py)"
	@echo "make build        build the one-folder app with PyInstaller (dist/BorderDesk/)"
	@echo "make smoke        build, then run the frozen app's smoke test"
	@echo "make screenshots  render every main screen to $(SCREENSHOTS_DIR)/"

run:
	@$(SETUP) run
	$(PY) -m borderdesk

test:
	@$(SETUP) test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

test-latest:
	@$(SETUP) test
	bash scripts/test_latest.sh

# Not through setup.sh: that refuses a pyproject.toml the lock does not match, which is
# exactly when this runs. uv at the version the lock pins (any, the first time).
lock:
	@test -x $(PY) || python3 -m venv .venv
	@test -x .venv/bin/uv || $(PY) -m pip install -q "uv$$(sed -n 's/^uv==\([^ ]*\).*/==\1/p' requirements.lock 2>/dev/null)"
	$(PY) scripts/lock.py

i18n:
	@$(SETUP) test
	$(PY) scripts/i18n.py all

i18n-check:
	@$(SETUP) test
	$(PY) scripts/i18n.py check

bench:
	@$(SETUP) test
	@if [ -f benchmarks/run.py ]; then \
		QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py; \
	else \
		echo "no benchmarks yet (benchmarks/run.py)"; \
	fi

build:
	@$(SETUP) build
	$(PY) scripts/i18n.py compile
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN build_installer.spec

smoke: build
	bash scripts/smoke_frozen.sh dist/BorderDesk

screenshots:
	@$(SETUP) test
	@mkdir -p $(SCREENSHOTS_DIR)
	@if [ ! -f $(SCREENSHOTS_DIR)/demo.sqlite ]; then \
		$(PY) -m borderdesk --db $(SCREENSHOTS_DIR)/demo.sqlite init --code PL --name "Đồn Biên phòng Pha Long" --no-encryption && \
		$(PY) -m borderdesk --db $(SCREENSHOTS_DIR)/demo.sqlite demo; \
	fi
	QT_QPA_PLATFORM=offscreen $(PY) -m borderdesk --db $(SCREENSHOTS_DIR)/demo.sqlite screenshots $(SCREENSHOTS_DIR)

clean:
	rm -rf build dist .pytest_cache .venv-latest
	find translations -name '*.mo' -delete
