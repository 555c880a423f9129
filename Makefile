# Samordna: every target makes its own virtualenv (.venv) and installs what it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PO_FILES := $(wildcard src/samordna/*/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
# The demo and the tests run with development settings; production sets SECRET_KEY and DEBUG=0.
DEV_ENV := DEBUG=1
LINT_PATHS := src tests $(wildcard bench)

.PHONY: demo test e2e browser guide-images lint bench install messages clean

demo: install
	mkdir -p var
	$(DEV_ENV) $(BIN)/samordna migrate --noinput
	$(DEV_ENV) $(BIN)/samordna demo
	@echo "Samordna runs on http://127.0.0.1:8000 (Ctrl-C stops it)"
	@echo "Two-factor code of a demo user (in another terminal): $(DEV_ENV) $(BIN)/samordna demo_code chef"
	$(DEV_ENV) $(BIN)/samordna runserver 127.0.0.1:8000

test: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(DEV_ENV) SAMORDNA_FUZZ=1 $(BIN)/pytest -n 2 src

# Debian's chromium, which the browser tests drive (browsers cannot be downloaded here).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

e2e: install browser
	mkdir -p var/screenshots
	$(DEV_ENV) DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -p no:xdist tests/e2e

# The user guide's screenshots (docs/img/), made again from the demo.
guide-images: install browser
	$(DEV_ENV) DJANGO_ALLOW_ASYNC_UNSAFE=true GUIDE_IMAGES=docs/img $(BIN)/pytest -p no:xdist tests/e2e/test_guide_images.py

lint: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(DEV_ENV) $(BIN)/mypy src

# Benchmark on a generated dataset (not part of `make test`): small scale on SQLite by default;
# `make bench BENCH_ARGS="--scale national"` with DATABASE_URL set. Results in var/bench.json and
# docs/benchmarks.md.
bench: install
	$(DEV_ENV) $(BIN)/python bench/run.py $(BENCH_ARGS)

install: $(INSTALLED) $(MO_FILES)

$(INSTALLED): pyproject.toml
	command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

%.mo: %.po
	msgfmt --check-format -o $@ $<

# Re-extract every app's translatable strings into its own locale/sv/LC_MESSAGES/django.po.
messages: install
	for app in src/samordna/*/apps.py; do dir=$$(dirname $$app); mkdir -p $$dir/locale; \
	  (cd $$dir && $(DEV_ENV) $(CURDIR)/$(BIN)/samordna makemessages -l sv --no-obsolete --add-location file); done

clean:
	rm -rf $(VENV) var/static var/screenshots
