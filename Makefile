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

.PHONY: demo test test-pg lint format install browser serve clean

install: .venv/.installed

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PY)
	touch $@

# Debian's Chromium and a CJK font for the browser tests and screenshots; the font also
# embeds in PDFs. Installed with apt only when missing.
browser:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'WenQuanYi Zen Hei'; then \
	  echo "Installing Debian chromium and fonts-wqy-zenhei with apt ..."; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-zenhei; \
	fi

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	@set -m; $(MANAGE) run_worker & worker=$$!; \
	$(MANAGE) deliver_outbox --loop 60 & outbox=$$!; \
	trap 'kill $$worker $$outbox 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

test: install browser
	.venv/bin/pytest -n 2 $(PYTEST_ARGS)

test-pg: install browser
	SKILLCERT_DATABASE_URL=$${SKILLCERT_DATABASE_URL:-$(SKILLCERT_DATABASE_URL_PG)} .venv/bin/pytest -n 2 $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

clean:
	rm -rf .venv .tools staticfiles
