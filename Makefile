# The two set-up commands are `make demo` and `make test`; each installs what it needs first.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
MANAGE := .venv/bin/python manage.py
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
SKILLCERT_DATABASE_URL_PG ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: demo test test-pg lint format install font browser screenshots clean

install: .venv/.installed

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PY)
	touch $@

# The CJK font embedded in PDFs (tickets, forms, rosters). Installed with apt only when missing;
# without it PDFs fall back to reportlab's built-in STSong-Light (not embedded) with a warning.
font:
	@if ! fc-list 2>/dev/null | grep -qi 'WenQuanYi Zen Hei'; then \
	  echo "Installing fonts-wqy-zenhei with apt ..."; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-zenhei \
	  || echo "fonts-wqy-zenhei could not be installed: PDFs will use STSong-Light"; \
	fi

# Debian's Chromium for the browser tests and screenshots, and poppler-utils (pdftotext) with
# which the tests read the PDFs they render. Installed with apt only when missing.
browser: font
	@if ! command -v chromium >/dev/null; then \
	  echo "Installing Debian chromium with apt ..."; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi
	@if ! command -v pdftotext >/dev/null; then \
	  echo "Installing poppler-utils with apt ..."; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils; \
	fi

demo: install font
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	@set -m; $(MANAGE) run_worker & worker=$$!; \
	$(MANAGE) deliver_outbox --loop 60 & outbox=$$!; \
	(while sleep 3600; do $(MANAGE) anchor_audit --if-due >/dev/null; done) & anchor=$$!; \
	trap 'kill $$worker $$outbox $$anchor 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

test: install browser
	.venv/bin/pytest -n 2 $(PYTEST_ARGS)

test-pg: install browser
	SKILLCERT_DATABASE_URL=$${SKILLCERT_DATABASE_URL:-$(SKILLCERT_DATABASE_URL_PG)} .venv/bin/pytest -n 2 $(PYTEST_ARGS)

# Rewrite the user guide's screenshots in docs/screenshots from the browser tests.
screenshots: install browser
	SKILLCERT_UPDATE_SCREENSHOTS=1 .venv/bin/pytest -m e2e tests/e2e $(PYTEST_ARGS)

# ruff, and the app shape of docs/architecture.md (module size, no ORM query in views, no import
# cycle between apps, core imports no stage); tests/test_code_shape.py runs the same checks.
lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python -m skillcert.core.checks_shape

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

clean:
	rm -rf .venv .tools staticfiles
