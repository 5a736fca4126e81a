# One task runner. Every target bootstraps .venv itself, so a fresh clone needs only python3 and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test audit bench lint templates venv libreoffice clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

libreoffice:
	@bash scripts/ensure-libreoffice.sh

demo: $(STAMP)
	$(PY) -m workbook_tools demo -o demo-output

test: $(STAMP) libreoffice
	$(PY) -m pytest -q
	$(PY) -m tests.audit.audit

# The validator's findings on the seed tables against the auditor's labels (tests/audit/README.md).
audit: $(STAMP)
	$(PY) -m tests.audit.audit

bench: $(STAMP)
	$(PY) -m workbook_tools.bench

lint: $(STAMP)
	$(PY) -m ruff check workbook_tools tests scripts
	$(PY) -m ruff format --check workbook_tools tests scripts

templates: $(STAMP)
	$(PY) -m workbook_tools.templates_build

clean:
	rm -rf $(VENV) build *.egg-info demo-output
