# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Development defaults; production sets its own environment (see README).
export DJANGO_DEBUG ?= 1
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000

.PHONY: run test lint venv clean eval-extraction train-extraction benchmark-extraction benchmark-reanchoring mutation loadtest openapi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the pins change.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

venv: $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# PYTEST_ARGS narrows or widens the run, e.g. PYTEST_ARGS="tests/claims -x".
PYTEST_ARGS ?=
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# The API's published description, docs/openapi.yaml, regenerated from the code;
# tests/api/test_openapi_file.py fails until it is in step.
openapi: $(VENV)/.installed-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

# Score the claim extractor on the hand-annotated articles (claims/extraction/corpus)
# and, given a local copy of PolNeAR (POLNEAR=/path; not in this repository), on the
# fifth of its train split held back from tuning (claims/extraction/polnear.py).
eval-extraction: $(VENV)/.installed-run
	$(BIN)/python -m claims.extraction.evaluate
ifneq ($(POLNEAR),)
	$(BIN)/python -m claims.extraction.polnear $(POLNEAR) --part held-back
endif

# Retrain the unnamed-source model (claims/extraction/unnamed_sources.json) on the
# tuning part of a local PolNeAR's train split (POLNEAR=/path; never its held-back
# part), after printing its five-fold cross-validation (claims/extraction/training.py).
train-extraction: $(VENV)/.installed-run
	test -n "$(POLNEAR)" || (echo "make train-extraction POLNEAR=/path/to/PolNeAR" && false)
	$(BIN)/python -m claims.extraction.training $(POLNEAR) --cross-validate
	$(BIN)/python -m claims.extraction.training $(POLNEAR)

# Characters per second of the extractor on one core.
benchmark-extraction: $(VENV)/.installed-run
	$(BIN)/python -m claims.extraction.benchmark 5

# Re-anchor 300 claims on a revised 20,000-word article (goal: under a second).
# `manage.py benchmark_reanchoring --database` times the whole article_revise,
# writes and events included, in DATABASE_URL's (scratch) database, rolled back.
benchmark-reanchoring: $(VENV)/.installed-run
	$(BIN)/python manage.py benchmark_reanchoring

# Mutation testing of the record's rules (pyproject.toml [tool.mutmut], docs/mutation.md);
# minutes, so not part of `make test`. On SQLite; mutants/ keeps results between runs.
mutation: $(VENV)/.installed-dev
	env -u DATABASE_URL DJANGO_DEBUG=1 $(BIN)/mutmut run
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/mutmut results
	$(BIN)/python tools/mutation_report.py

# Locust editors against gunicorn (1, then 2 workers) on a copy of the generated
# 1M-claim desk, loopback only; PostgreSQL (DATABASE_URL), minutes, so not part
# of `make test`. README, "Load test"; e.g. make loadtest LOADTEST_ARGS="--users 10".
loadtest: $(VENV)/.installed-dev
	$(BIN)/python manage.py loadtest $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) build db.sqlite3 mutants
