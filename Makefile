# One command per job. Every target sets up what it needs first (virtualenv, system packages).
VENV    ?= .venv
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
HOST    ?= 127.0.0.1
PORT    ?= 8000
KEEP    ?= 5
RELOAD  ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system serve build publish rollback releases pdf check fix new import test test-fast lint bench bench-search bench-pages bench-load lock clean

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

build: setup system                        ## check, build, print the PDFs into a new folder; swap it into site/ only if all succeeded
	$(PY) scripts/build.py

ifneq ($(filter publish rollback releases,$(MAKECMDGOALS)),)
ifeq ($(strip $(TARGET)),)
$(error Thiếu nơi xuất bản: make $(firstword $(filter publish rollback releases,$(MAKECMDGOALS))) TARGET=/srv/hoidap hoặc TARGET=nguoi-dung@may-chu:/srv/hoidap)
endif
endif

publish: build                             ## publish site/ as a new release: make publish TARGET=/srv/hoidap or TARGET=user@host:/srv/hoidap [KEEP=5] [RELOAD='sudo systemctl reload nginx']
	$(PY) scripts/publish.py publish "$(TARGET)" --keep "$(KEEP)" --reload "$(RELOAD)"

rollback: setup                            ## switch TARGET/current back to the previous release
	$(PY) scripts/publish.py rollback "$(TARGET)" --reload "$(RELOAD)"

releases: setup                            ## list the releases on TARGET
	$(PY) scripts/publish.py list "$(TARGET)"

pdf: setup system                          ## print every booklet of site/ to PDF (A4, A5); unchanged ones come from .cache/pdf
	$(PY) scripts/pdf.py

check: setup                               ## check every booklet (format, links, Vietnamese text)
	$(PY) scripts/check.py

fix: setup                                 ## repair what is certain (NFC, legacy fonts, labels…), then check
	$(PY) scripts/check.py --fix

new: setup                                 ## create a new booklet, asking for its metadata
	$(PY) scripts/new.py

import: setup                              ## import a Word Q&A file: make import FILE=tai-lieu.docx [ARGS='--level tinh …']
	$(PY) scripts/import_docx.py "$(FILE)" $(ARGS)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error   # axe-core (accessibility tests), ESLint
	touch $@

test: lint system                          ## the whole test suite, browser tests included
	$(PY) -m pytest

test-fast: lint                            ## the tests that need no browser, nginx or PDF tools: the inner loop
	$(PY) -m pytest -m "not browser"

lint: setup node_modules/.installed        ## ruff over the Python, ESLint over the site's JavaScript
	$(PY) -m ruff check scripts tests
	npx --no-install eslint overrides

bench: setup                               ## build-speed benchmark; see benchmarks/README.md
	$(PY) scripts/bench.py $(BENCH_ARGS)

bench-search: setup system                 ## search engines side by side (stock, Pagefind, ours); see benchmarks/search.md
	$(PY) -m pip install --quiet -r benchmarks/requirements.txt
	$(PY) scripts/bench_search.py $(BENCH_ARGS)

bench-pages: setup system                  ## Lighthouse scores and first-load bytes on nginx; see benchmarks/pages.md
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { s=""; [ "$$(id -u)" -eq 0 ] || s=sudo; \
	  $$s apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$s apt-get install -y -qq --no-install-recommends nginx; }
	$(PY) scripts/bench_pages.py $(BENCH_ARGS)

bench-load: setup                          ## wrk for 10 s on a booklet and the search files behind deploy/nginx.conf; see benchmarks/load.md
	@{ command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } && command -v wrk >/dev/null || { s=""; [ "$$(id -u)" -eq 0 ] || s=sudo; \
	  $$s apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$s apt-get install -y -qq --no-install-recommends nginx wrk; }
	$(PY) scripts/bench_load.py $(BENCH_ARGS)

lock:                                      ## re-pin requirements.lock from requirements.in
	rm -rf /tmp/hoidap-lock && python3 -m venv /tmp/hoidap-lock
	/tmp/hoidap-lock/bin/pip install --quiet -r requirements.in
	(echo "# Pinned by 'make lock' from requirements.in; install with 'make setup'."; \
	 /tmp/hoidap-lock/bin/pip freeze --exclude-editable) > requirements.lock

clean:                                     ## remove site/ (only if a build made it), killed builds' temporary folders, test output
	if [ -x $(PY) ]; then $(PY) scripts/build.py --clean; fi
	rm -rf test-output bench-output
