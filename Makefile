# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export DEBUG ?= 1

.PHONY: run test lint types-baseline format install lock messages stop services-status clean \
	bench-search bench-api backup restore soak bench-certificates bench-verify bench-issuance

run: $(STAMP)
	@$(PY) -m registry.devserver.launcher

test: $(STAMP) lint
	@$(PY) -m registry.devserver.embedded exec -- $(PY) -m pytest $(PYTEST_ARGS)

# Search at 1,000,000 listings (seeded into a bench database on first run; BENCH_ARGS=--listings N).
bench-search: $(STAMP)
	@$(PY) -m registry.devserver.embedded exec -- $(PY) benchmarks/search.py $(BENCH_ARGS)

# Public API read throughput beside a bare Django view, gunicorn as in production (a fresh bench
# database each run; BENCH_ARGS=--help for the options). Exits 1 if a target is missed.
bench-api: $(STAMP)
	@$(PY) -m registry.devserver.embedded exec -- $(PY) benchmarks/api_read.py $(BENCH_ARGS)

# A consistent dump of the database plus the media files into a new directory (TO=dir; default
# backups/registry-<time>), as the role that owns the tables: DATABASE_URL, or the embedded server.
backup: $(STAMP)
	@$(PY) -m registry.devserver.embedded exec -- $(PY) manage.py backup_registry $(if $(TO),--output "$(TO)")

# Restore FROM=dir into an empty database (FORCE=1 replaces what the backup holds in a non-empty
# one); APP_ROLE=registry_app gives the application role its grants again.
restore: $(STAMP)
	@test -n "$(FROM)" || (echo "usage: make restore FROM=backups/registry-... [FORCE=1] [APP_ROLE=role]"; exit 2)
	@$(PY) -m registry.devserver.embedded exec -- $(PY) manage.py restore_registry "$(FROM)" \
		$(if $(FORCE),--force) $(if $(APP_ROLE),--app-role "$(APP_ROLE)")

# Soak: mixed public traffic at 80% of the measured capacity for 10 minutes (BENCH_ARGS="--minutes
# 2"), gunicorn, a worker and beat as in production; errors, p99 each minute and memory growth.
# Needs wrk (apt-get install wrk). Exits 1 if a target is missed.
soak: $(STAMP)
	@$(PY) -m registry.devserver.embedded exec -- $(PY) benchmarks/soak.py $(BENCH_ARGS)

# Certificate PDFs through the Celery pipeline (1 and 2 worker processes) beside raw WeasyPrint
# rendering of the same template, same run (BENCH_ARGS="--documents N --rounds R"). Exits 1 on a miss.
bench-certificates: $(STAMP)
	@$(PY) -m registry.devserver.embedded exec -- $(PY) benchmarks/certificates.py $(BENCH_ARGS)
# Verification by code over 1,000,000 awards (gunicorn, beside a bare view) and of an uploaded
# credential (beside bare canonicalize-and-verify); BENCH_ARGS="--awards 5000" for a smoke run.
bench-verify: $(STAMP)
	@$(PY) -m registry.devserver.embedded exec -- $(PY) benchmarks/verify.py $(BENCH_ARGS)

# A 100,000-row CSV to committed signed awards on both cores, beside bare canonicalize-and-sign;
# BENCH_ARGS="--rows 2000" for a smoke run.
bench-issuance: $(STAMP)
	@$(PY) -m registry.devserver.embedded exec -- $(PY) benchmarks/issuance.py $(BENCH_ARGS)

# mypy reads the settings, which only parse these URLs: nothing is started or connected to.
MYPY := DATABASE_URL=postgresql://mypy@127.0.0.1:1/mypy REDIS_URL=redis://127.0.0.1:1/0 DEBUG=1 \
	$(VENV)/bin/mypy

# Style, the layers (import-linter contracts in pyproject.toml) and static types: services,
# selectors and access gates must be clean; the rest may not add to mypy-baseline.txt, and
# what is fixed must leave it (`make types-baseline`).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	@! grep -E '(services|selectors|checks)\.py:' mypy-baseline.txt \
		|| (echo "services, selectors and gates may not be in mypy-baseline.txt"; exit 1)
	@$(MYPY) | $(VENV)/bin/mypy-baseline filter --sort-baseline --no-colors

# Record mypy's remaining findings outside the strict modules (only after fixing some).
types-baseline: $(STAMP)
	@$(MYPY) | $(VENV)/bin/mypy-baseline sync --sort-baseline

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

install: $(STAMP)

# Refresh locale/fr/LC_MESSAGES/django.po after adding or changing interface text (needs GNU
# gettext's xgettext and msgmerge), then translate the new entries. The .mo files are not committed:
# `make run`, the tests and the Docker image compile them with `manage.py compile_translations`.
messages: $(STAMP)
	$(PY) manage.py makemessages --locale fr

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.X")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# Refresh constraints.txt (the lock) after changing dependencies in pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet '.[dev]'
	.lock-venv/bin/pip freeze --exclude microcredential-registry > constraints.txt
	rm -rf .lock-venv

stop:
	@$(PY) -m registry.devserver.embedded stop

services-status:
	@$(PY) -m registry.devserver.embedded status

clean:
	rm -rf $(VENV) .data staticfiles
