# One command per job. Every target sets up what it needs first (virtualenv, system packages).
VENV    ?= .venv
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
HOST    ?= 127.0.0.1
PORT    ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system serve build check fix new test lint bench bench-search lock clean

$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

setup: $(VENV)/.installed                 ## Python virtualenv with pinned dependencies

system:                                    ## Debian packages for browser tests (Chromium, Vietnamese fonts)
	bash scripts/install-system-deps.sh

serve: setup                               ## preview the site with the sample booklets
	$(MKDOCS) serve --dev-addr $(HOST):$(PORT)

build: setup                               ## build the site into site/ (strict: any warning fails)
	$(MKDOCS) build --strict

check: setup                               ## check every booklet (format, links, Vietnamese text)
	$(PY) scripts/check.py

fix: setup                                 ## repair what is certain (NFC, legacy fonts, labels…), then check
	$(PY) scripts/check.py --fix

new: setup                                 ## create a new booklet, asking for its metadata
	$(PY) scripts/new.py

test: setup system                         ## the whole test suite, browser tests included
	$(PY) -m ruff check scripts tests
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check scripts tests

bench: setup                               ## build-speed benchmark; see benchmarks/README.md
	$(PY) scripts/bench.py $(BENCH_ARGS)

bench-search: setup system                 ## search engines side by side (stock, Pagefind, ours); see benchmarks/search.md
	$(PY) -m pip install --quiet -r benchmarks/requirements.txt
	$(PY) scripts/bench_search.py $(BENCH_ARGS)

lock:                                      ## re-pin requirements.lock from requirements.in
	rm -rf /tmp/hoidap-lock && python3 -m venv /tmp/hoidap-lock
	/tmp/hoidap-lock/bin/pip install --quiet -r requirements.in
	(echo "# Pinned by 'make lock' from requirements.in; install with 'make setup'."; \
	 /tmp/hoidap-lock/bin/pip freeze --exclude-editable) > requirements.lock

clean:
	rm -rf site test-output bench-output
