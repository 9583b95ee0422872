# Participa: everyday commands. `make help` lists them.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app participa
PYBABEL := $(VENV)/bin/pybabel
RUFF := $(VENV)/bin/ruff
TRANSLATIONS := participa/translations

.DEFAULT_GOAL := help
.PHONY: help install run demo test test-pg browser lint fmt migrate upgrade translations bench

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: ## Create .venv and install Participa with the test tools
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e ".[test]"

run: ## Serve the development server on http://127.0.0.1:5000
	$(FLASK) run

demo: upgrade ## Migrate the database and load the demo content
	$(FLASK) demo

test: ## Run the whole suite on SQLite (browser tests skip without /usr/bin/chromium)
	$(PY) -m pytest

test-pg: ## Run the whole suite on a throwaway PostgreSQL server, as .ci/run does
	.ci/run postgres

browser: ## Run the browser tests; they fail instead of skipping without /usr/bin/chromium
	PARTICIPA_REQUIRE_BROWSER=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(PY) -m pytest tests/browser -m browser

lint: ## Check style: ruff lint and ruff format
	$(RUFF) check .
	$(RUFF) format --check .

fmt: ## Fix style: ruff format, then ruff's safe fixes
	$(RUFF) format .
	$(RUFF) check --fix .

migrate: ## Autogenerate a migration: make migrate m="add proposals" (then read and fix it)
	@test -n "$(m)" || { echo 'usage: make migrate m="what changed"'; exit 2; }
	$(FLASK) db migrate -m "$(m)"

upgrade: ## Apply the migrations to the configured database
	$(FLASK) db upgrade

translations: ## Extract strings, update every catalog, compile them
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--ignore-dirs=".venv tests bench migrations" -o $(TRANSLATIONS)/messages.pot .
	$(PYBABEL) update --no-fuzzy-matching -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)
	.venv/bin/python -m participa.core.i18n_tools fill-english $(TRANSLATIONS)/en/LC_MESSAGES/messages.po
	$(PYBABEL) compile -d $(TRANSLATIONS) --statistics

bench: ## Run every benchmark script in bench/ (bench/_*.py are shared helpers)
	@set -e; found=0; for script in bench/*.py; do \
		[ -e "$$script" ] || continue; case "$$script" in bench/_*) continue;; esac; found=1; \
		echo "== $$script"; $(PY) "$$script"; \
	done; [ $$found = 1 ] || echo "bench/ has no scripts yet"
