# paperwire — the two commands that matter: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PAPERWIRE := $(VENV)/bin/paperwire
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check install install-dev lint system-packages clean

# Running paperwire needs only its own dependencies; the test tools come with install-dev.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## Set up everything and start paperwire (web + worker) on SQLite with the demo corpus.
run: install
	$(PAPERWIRE) setup
	$(PAPERWIRE) serve --host $(HOST) --port $(PORT)

## Install what the tests need and run the whole suite on SQLite and on PostgreSQL (what CI runs).
test: lint system-packages
	scripts/test.sh

## The fast loop while changing code: lint, types, layering and the SQLite suite without browsers or slow tests.
check: lint
	scripts/test.sh --quick

## Debian packages the tests drive for real: Chromium (browser tests) and Redis (scale-out test).
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## ruff, mypy and the import contract.
lint: install-dev
	$(VENV)/bin/ruff check paperwire bench tests conftest.py
	$(VENV)/bin/mypy paperwire
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) var
