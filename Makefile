# Everyday commands. `make run` for a local site, `make lint test` before pushing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
BENCH_ARGS ?=
# No gunicorn access log: the app writes one JSON line per request (operations/middleware.py).
# --preload: the app (and its warm-up) loads once in the master, before the workers fork.
GUNICORN_ARGS ?= --bind 127.0.0.1:8000 --workers 3 --preload

BACKUP_DIR ?= backups

.PHONY: run test lint fmt bench check-deploy serve messages backup restore check-backup

# The virtualenv, and one stamp per requirements set so pip runs only after a change.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The interface translations: locale/<lang>/LC_MESSAGES/django.po, compiled to .mo
# (never committed) by Babel, pure Python, so run and test need no GNU gettext.
# django.po: templates and code; djangojs.po: the admin calendar's month names.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/*.po)
COMPILED_CATALOGUES := $(CATALOGUES:.po=.mo)

locale/%.mo: locale/%.po $(VENV)/.installed-runtime
	$(BIN)/pybabel compile --locale $(firstword $(subst /, ,$*)) --input-file $< --output-file $@

# For maintainers: bring the catalogues up to date with the templates and code (new
# msgids arrive empty, removed ones go), then translate the empty entries. Needs GNU
# gettext's xgettext and msgmerge (Debian: apt-get install gettext); see locale/README.md.
messages: $(VENV)/.installed-runtime
	$(BIN)/python manage.py makemessages --locale ar --locale ckb --no-obsolete \
		--add-location file --ignore 'node_modules/*' --ignore 'staticfiles/*' \
		--ignore 'media/*' --ignore 'tests/*'

# Local development site with demo content; prints the admin login it creates.
# The task worker (webhook deliveries) runs beside the server and stops with it.
run: export DJANGO_DEBUG = 1
run: $(VENV)/.installed-runtime $(COMPILED_CATALOGUES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py ensure_demo_admin
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# DATABASE_URL and CACHE_URL pass through from the environment (CI sets both).
test: export DJANGO_SECRET_KEY ?= test-only-insecure-secret-key-never-used-in-production
test: export DJANGO_SECURE_SSL_REDIRECT = 0
test: $(VENV)/.installed-dev node_modules/.installed $(COMPILED_CATALOGUES)
	$(BIN)/pytest $(PYTEST_ARGS)

# Test-only tools from npm (the Nu HTML Checker). Without npm the HTML validity test
# is skipped with its reason; the rest of the suite needs only Python. Install scripts
# stay off: vnu-jar's would download a Java runtime; the machine's Java runs it.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund && touch $@; \
	else \
		echo "npm not found: the HTML validity test will be skipped"; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production settings (DEBUG off) on a throwaway database; needs wrk (Debian: wrk).
bench: export DJANGO_DEBUG = 0
bench: export DJANGO_SECRET_KEY ?= bench-only-secret-key-9d2f7c41a6b84e0f93c5d8a7b2e1f0c6
bench: export DJANGO_SECURE_SSL_REDIRECT = 0
bench: $(VENV)/.installed-runtime $(COMPILED_CATALOGUES)
	$(BIN)/python manage.py bench $(BENCH_ARGS)

# The dummy key is long and random-looking so that it passes security.W009.
check-deploy: export DJANGO_DEBUG = 0
check-deploy: export DJANGO_SECRET_KEY = check-deploy-dummy-key-7Qv2Lr9xWm4Tz8Kp1Hs6Nb3Jd5Fg0YcAe8Ui
check-deploy: export DJANGO_ALLOWED_HOSTS = example.org
check-deploy: export DJANGO_SECURE_SSL_REDIRECT = 1
check-deploy: $(VENV)/.installed-runtime
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Production-like: DEBUG off, so DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be
# set (and DJANGO_SECURE_SSL_REDIRECT=0 when there is no HTTPS proxy in front).
# The task worker (webhook deliveries) runs beside gunicorn and stops with it.
serve: $(VENV)/.installed-runtime $(COMPILED_CATALOGUES)
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn shafaq.wsgi $(GUNICORN_ARGS)

# One dated archive of the database and the media files (README: "Backups").
# Uses the same environment as the site (DATABASE_URL, media or S3 variables).
backup: $(VENV)/.installed-runtime
	$(BIN)/python manage.py backup_site --output-dir $(BACKUP_DIR)

# Into an EMPTY database only: `make restore FILE=backups/shafaq-backup-....tar`.
restore: $(VENV)/.installed-runtime
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=path/to/shafaq-backup-....tar"; exit 2; }
	$(BIN)/python manage.py restore_site "$(FILE)"

check-backup: $(VENV)/.installed-runtime
	@test -n "$(FILE)" || { echo "Usage: make check-backup FILE=path/to/shafaq-backup-....tar"; exit 2; }
	$(BIN)/python manage.py check_backup "$(FILE)"
