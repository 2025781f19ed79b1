# One command per job. Every target sets up what it needs first (virtualenv, system packages).
VENV    ?= .venv
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
HOST    ?= 127.0.0.1
PORT    ?= 8000
KEEP    ?= 5
RELOAD  ?=
export NO_MKDOCS_2_WARNING := 1
# Python keeps the compiled form of our own modules (scripts/**/__pycache__), as it does on an ordinary machine,
# even where the environment says not to (PYTHONDONTWRITEBYTECODE, set on some CI images): every build, command
# and test process would otherwise compile the package again (a quarter of the CPU of the command-line tests).
unexport PYTHONDONTWRITEBYTECODE

# The author's commands (check, fix, new, import) end with their own Vietnamese words and exit status 1 when
# something is wrong, never with make's English "make: *** [Makefile:NN: check] Error 1" and status 2 (which
# the README keeps for a mistyped command). GNU make exits 1 only in question mode (-q), where it runs nothing
# but the recipe lines marked '+'. So when every goal is one of these, make runs in question mode: the command
# runs in a '+' line of a helper target and leaves a mark when it fails; the goal's own line, expanded after
# that, exists only when the mark is there, and question mode reports it silently as status 1.
AUTHOR_GOALS := check fix new import
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter-out $(AUTHOR_GOALS),$(MAKECMDGOALS)),)
MAKEFLAGS += -q
QUIET     := +
MAKE_PID  := $(shell echo $$PPID)
endif
endif
mark     = $(or $(TMPDIR),/tmp)/hoidap-make-$(MAKE_PID)-$(1).failed
# $(call author,GOAL,COMMAND): the command of an author's goal (a '+' line that marks its failure, in question mode);
# HOIDAP_VIA_MAKE makes its hints name make variables (NUMBER=…) rather than options (--number …)
author   = $(if $(QUIET),+@rm -f '$(call mark,$(1))'; HOIDAP_VIA_MAKE=1 $(2) || touch '$(call mark,$(1))',@HOIDAP_VIA_MAKE=1 $(2))
# $(call verdict,GOAL): in question mode, a line only when the goal's command failed (make then exits 1)
verdict  = $(if $(QUIET),$(if $(shell rm '$(call mark,$(1))' 2>/dev/null && echo failed),@exit 1))
# $(call option,VARIABLE,--option): a variable given on make's command line (never one of the environment, where
# TERM, NAME… often exist) as an option of a command, quoted for the shell exactly as written
option   = $(if $(filter command line,$(origin $(1))),$(2) '$(subst ','\'',$(value $(1)))')
BOOKLET_OPTIONS = $(call option,NUMBER,--number) $(call option,NAME,--name) $(call option,ISSUER,--issuer) \
	$(call option,ISSUED,--issued) $(call option,LEVEL,--level) $(call option,KHOA,--term) \
	$(call option,COMPILED_BY,--compiled-by) $(call option,TITLE,--title) $(call option,OUT,--out) \
	$(if $(filter command line,$(origin FORCE)),$(if $(filter-out 0,$(FORCE)),--force))
IMPORT_OPTIONS  = $(call option,FILE,)

.PHONY: setup system serve edit build publish rollback releases pdf check .check fix .fix new .new import .import test test-fast lint bench bench-search bench-pages bench-load lock clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(QUIET)python3 -m venv $(VENV)
	$(QUIET)$(PY) -m pip install --quiet --upgrade pip
	$(QUIET)$(PY) -m pip install --quiet -r requirements.lock
	$(QUIET)$(PY) -m pip install --quiet --no-deps -e .
	$(QUIET)touch $@

setup: $(VENV)/.installed                 ## Python virtualenv with pinned dependencies

system:                                    ## Debian packages for browser tests (Chromium, Vietnamese fonts)
	bash scripts/install-system-deps.sh

serve: setup                               ## preview the site with the sample booklets
	$(MKDOCS) serve --dev-addr $(HOST):$(PORT)

edit: setup                                ## web editor for the booklets at http://127.0.0.1:PORT/admin/ (checks every save); a free port unless PORT=…
	$(PY) scripts/edit.py --port "$(if $(filter command line,$(origin PORT)),$(PORT),0)"

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

check: .check                              ## check every booklet (format, links, Vietnamese text); exit status 1 on errors
	$(call verdict,check)
.check: setup
	$(call author,check,$(PY) scripts/check.py $(ARGS))

fix: .fix                                  ## repair what is certain (NFC, legacy fonts, labels…), then check
	$(call verdict,fix)
.fix: setup
	$(call author,fix,$(PY) scripts/check.py --fix $(ARGS))

new: .new                                  ## create a booklet, asking what is missing: make new [NUMBER=… NAME=… ISSUER=… ISSUED=… LEVEL=… KHOA=… COMPILED_BY=… OUT=…]
	$(call verdict,new)
.new: setup
	$(call author,new,$(PY) scripts/new.py $(BOOKLET_OPTIONS) $(ARGS))

import: .import                            ## import a Word Q&A file: make import FILE=tai-lieu.docx [COMPILED_BY=… LEVEL=… FORCE=1 …]
	$(call verdict,import)
.import: setup
	$(call author,import,$(PY) scripts/import_docx.py $(IMPORT_OPTIONS) $(BOOKLET_OPTIONS) $(ARGS))

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error   # axe-core (accessibility tests), ESLint
	touch $@

test: lint system                          ## the whole test suite, browser tests included, on every core
	$(PY) -m pytest -n auto --durations=25

test-fast: lint                            ## the tests that need no browser, nginx or PDF tools: the inner loop
	$(PY) -m pytest -n auto -m "not browser"

lint: setup node_modules/.installed        ## ruff over the Python, ESLint over the site's and the editor's JavaScript
	$(PY) -m ruff check scripts tests
	npx --no-install eslint overrides benchmarks editor

bench: setup                               ## build-speed benchmark; see benchmarks/README.md
	$(PY) scripts/bench.py $(BENCH_ARGS)

bench-search: setup system                 ## search engines side by side (stock, Pagefind, ours); see benchmarks/search.md
	$(PY) -m pip install --quiet -r benchmarks/requirements.txt
	$(PY) scripts/bench_search.py $(BENCH_ARGS)

bench-pages: setup system                  ## Lighthouse on six reading states and first-load bytes on nginx; see benchmarks/pages.md
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
