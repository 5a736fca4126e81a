# One task runner. Every target bootstraps .venv itself, so a fresh clone needs only python3 and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test audit bench lint templates venv libreoffice portal-tools clean serve

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,postgres]'
	@touch $(STAMP)

venv: $(STAMP)

libreoffice:
	@bash scripts/ensure-libreoffice.sh

demo: $(STAMP)
	$(PY) -m workbook_tools demo -o demo-output

# The collection portal on SQLite in portal-data/, with the demo roster and a demo collector account.
serve: $(STAMP)
	$(PY) -m workbook_tools serve --demo --data portal-data

portal-tools:
	@bash scripts/ensure-portal-tools.sh

# Everything on SQLite, the auditor's labels, then the portal's suite again on a real PostgreSQL server.
test: $(STAMP) libreoffice portal-tools
	$(PY) -m pytest -q
	$(PY) -m tests.audit.audit
	bash scripts/portal-postgres-tests.sh

# The validator's findings on the seed tables against the auditor's labels (tests/audit/README.md).
audit: $(STAMP)
	$(PY) -m tests.audit.audit

bench: $(STAMP)
	$(PY) -m workbook_tools.bench
	$(PY) -m workbook_tools.report.bench
	$(PY) scripts/portal_load.py --uploads 500 --clients 20

lint: $(STAMP)
	$(PY) -m ruff check workbook_tools tests scripts
	$(PY) -m ruff format --check workbook_tools tests scripts

templates: $(STAMP)
	$(PY) -m workbook_tools.templates_build

clean:
	rm -rf $(VENV) build *.egg-info demo-output
