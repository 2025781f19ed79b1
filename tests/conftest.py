"""Shared fixtures: every variant of the real site built once per test run, served on loopback, and a
phone-sized Chromium.

A test that needs the site built differently asks ``site_factory`` for a named variant instead of running
``mkdocs build`` itself; each variant is built the first time a test asks for it and shared by every later
test of the run::

    def test_without_a_site_address(site_factory):
        build = site_factory("no-site-url")          # a variant of VARIANTS
        assert build.ok, build.output
        (build.site / "robots.txt").read_text("utf-8")

    def test_my_own_variant(site_factory):
        build = site_factory("two-booklets", edit=add_two_booklets)   # edit(project) changes the copy
        url = site_factory.url("two-booklets")       # served on 127.0.0.1 until the run ends

    def test_built_in_2022(site_factory):              # env: set for its mkdocs build only
        build = site_factory("in-2022", env={"SOURCE_DATE_EPOCH": "1643648400"})

A variant's project and site are shared: read them, never change them (a test that rebuilds or breaks a
site copies the project with ``copy_project`` instead). Under pytest-xdist the workers share them too: the
first worker to ask builds the variant, under a file lock, in a folder of the run's common temporary
directory keyed by the variant's name and edit function; the others wait for it and read what it left.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from unittest import mock

import pytest
from hoidap.model.booklet import Booklet, parse, read_text
from hoidap.publishing import workspace
from hoidap.publishing.workspace import serve
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
expect.set_options(timeout=15_000)  # a state the page reaches at once may still take seconds on a loaded CI


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` as a user would, in ``project``, into ``site``."""
    return workspace.mkdocs_build(project, site)


# The shape nginx gives a year-long cache (deploy/nginx/hoidap-site.conf): a content-addressed name, Material's
# (bundle.a5f9d56c.min.js) and ours (reader.3f2a9c0d1b7e.js, search/vi/s0.3f2a9c0d1b7e.json).
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}(?:\.min)?\.(?:js|css|json)$")


def is_hashed(path: str) -> bool:
    """True when ``path`` (without query) has a content-addressed name."""
    return HASHED_NAME.search(path) is not None


def parse_file(path: Path, display_path: str | None = None) -> Booklet | None:
    """A Markdown file read and parsed as a booklet (:func:`hoidap.model.booklet.parse`)."""
    shown = display_path or str(path)
    return parse(read_text(path, shown), shown)


def copy_project(target: Path) -> Path:
    """A copy of the project's site sources (config, content, templates, scripts) to break at will."""
    return workspace.copy_project(ROOT, target)


def script(name: str) -> ModuleType:
    """A module of this checkout's ``scripts/`` folder (the benchmarks' generators), imported by name."""
    folder = str(ROOT / "scripts")
    sys.path.insert(0, folder)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(folder)


# --- Site variants ------------------------------------------------------------------------------------

Edit = Callable[[Path], None]


def drop_site_url(project: Path) -> None:
    """No ``site_url`` in mkdocs.yml, as a board that has no address yet."""
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", config.read_text("utf-8")), "utf-8")


def customise_as_a_board(project: Path) -> None:
    """What a board adds to the sample: its own 50-question booklet (``bench_pages.BOOKLET``) and its own
    800×418 preview image (the hoidap plugin's ``preview_image: assets/anh-xem-truoc.png``)."""
    from PIL import Image

    script("bench_pages").add_booklet(project, questions=50)
    Image.new("RGB", (800, 418), "#123456").save(project / "docs/assets/anh-xem-truoc.png")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "  - hoidap:\n", "  - hoidap:\n      preview_image: assets/anh-xem-truoc.png\n", 1), "utf-8")


VARIANTS: dict[str, Edit | None] = {
    "sample": None,                        # the repository as it is, built from its own folder
    "no-site-url": drop_site_url,
    "board": customise_as_a_board,
}


@dataclass(frozen=True)
class Build:
    """One variant of the site: the sources it was built from, the built site and what mkdocs printed."""

    name: str
    project: Path
    site: Path
    result: subprocess.CompletedProcess

    @property
    def ok(self) -> bool:
        return self.result.returncode == 0

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr


class SiteFactory:
    """Builds each variant of the site once per test run (see the module docstring) and serves it."""

    def __init__(self, folder: Path, servers: contextlib.ExitStack) -> None:
        self._folder = folder
        self._servers = servers
        self._edits: dict[str, Edit | None] = dict(VARIANTS)
        self._envs: dict[str, dict[str, str]] = {}
        self._builds: dict[str, Build] = {}
        self._urls: dict[str, str] = {}

    def __call__(self, name: str, edit: Edit | None = None, env: dict[str, str] | None = None) -> Build:
        """The variant ``name``: one of VARIANTS, or a new one made by ``edit(project)`` on a copy of the
        project and/or built with the environment variables ``env`` (the same each time a test asks for that
        name)."""
        if name not in self._edits:
            if edit is None and env is None:
                raise KeyError(f"unknown site variant {name!r}: give its edit function or add it to VARIANTS")
            self._edits[name], self._envs[name] = edit, dict(env or {})
        elif (edit is not None and edit is not self._edits[name]) or \
                (env is not None and env != self._envs.get(name, {})):
            raise ValueError(f"site variant {name!r} is already made another way: give it another name")
        if name not in self._builds:
            self._builds[name] = self._build(name, self._edits[name], self._envs.get(name, {}))
        return self._builds[name]

    def url(self, name: str, edit: Edit | None = None, env: dict[str, str] | None = None) -> str:
        """The base URL (``http://127.0.0.1:PORT``) of the variant, built if needed and served until the
        run ends; the build must have succeeded."""
        if name not in self._urls:
            build = self(name, edit, env)
            assert build.ok, f"site variant {name!r} did not build:\n{build.output}"
            self._urls[name] = self._servers.enter_context(serve(build.site))
        return self._urls[name]

    def _build(self, name: str, edit: Edit | None, env: dict[str, str]) -> Build:
        """Build the variant once for the whole run, or read the build another xdist worker made: the folder
        is keyed by the edit function and the environment too, so two variants never share a folder."""
        maker = "" if edit is None else f"{edit.__module__}.{edit.__qualname__}"
        maker += json.dumps(env, sort_keys=True) if env else ""
        work = self._folder / f"site-{name}-{hashlib.sha256(maker.encode()).hexdigest()[:12]}"
        project = ROOT if edit is None else work / "project"
        site, done = work / "site", work / "result.json"
        with open(self._folder / f"{work.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, even if this worker dies
            if not done.exists():
                if work.exists():  # a build a worker did not finish
                    shutil.rmtree(work)
                work.mkdir()
                if edit is not None:
                    copy_project(project)
                    edit(project)
                with mock.patch.dict(os.environ, env):   # mkdocs_build hands os.environ to mkdocs
                    result = mkdocs_build(project, site)
                done.with_suffix(".tmp").write_text(json.dumps(
                    {"args": result.args, "returncode": result.returncode, "stdout": result.stdout,
                     "stderr": result.stderr}), "utf-8")
                done.with_suffix(".tmp").replace(done)
        recorded = json.loads(done.read_text("utf-8"))
        return Build(name, project, site, subprocess.CompletedProcess(**recorded))


@pytest.fixture(scope="session")
def site_factory(tmp_path_factory) -> Iterator[SiteFactory]:
    # xdist's workers each have their own base temporary directory inside the run's one; alone, the base
    # directory is the run's own (its parent holds earlier runs)
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "site-variants"
    folder.mkdir(exist_ok=True)
    with contextlib.ExitStack() as servers:
        yield SiteFactory(folder, servers)


@pytest.fixture(scope="session")
def built_site(site_factory) -> Path:
    """The sample site, built once."""
    build = site_factory("sample")
    assert build.ok, build.output
    return build.site


@pytest.fixture(scope="session")
def site_url(site_factory) -> str:
    """The sample site served on 127.0.0.1."""
    return site_factory.url("sample")


# --- The browser --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run 'make system' (or 'make test', which installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page (390×844, touch) that records every URL it requests."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def settled(page, selector: str) -> dict:
    """Wait until the page's fonts are loaded and the element's box stops moving (the same box in two
    animation frames, as after a scroll or a layout change ends); return the box. A readiness signal, not a
    fixed sleep."""
    return page.locator(selector).first.evaluate("""element => document.fonts.ready.then(() => new Promise(resolve => {
        let last = null;
        const step = () => {
            const box = element.getBoundingClientRect().toJSON();
            if (last && JSON.stringify(box) === JSON.stringify(last)) resolve(box);
            else { last = box; requestAnimationFrame(step); }
        };
        requestAnimationFrame(step);
    }))""")


def wait_for_search_results(page, query: str) -> None:
    """Wait until Material's result list shows the results of the whole ``query`` typed in the search box,
    not those of a word still being typed: our worker gives each result link ``?h=<the query's words>``."""
    page.wait_for_function("""query => {
        const want = query.trim().toLowerCase().split(/\\s+/).join(" ");
        const shown = [...document.querySelectorAll(".md-search-result__item a")]
            .map(a => new URL(a.href, location.href).searchParams.get("h")).filter(h => h !== null);
        return shown.length > 0 && shown.every(h => h.replace(/\\*/g, "").toLowerCase() === want);
    }""", arg=query)


def wait_until_kept(page, url: str | None = None, seconds: float = 15) -> None:
    """Wait until the service worker's cache holds ``url`` (the page being read when None), as reading it
    offline needs: the worker keeps a page after it has answered it, so a page can load before it is kept.
    The service worker posts no event for it; the page asks the cache until it answers."""
    page.evaluate("""async ([url, seconds]) => {
        const key = (url || location.href).split("#")[0], deadline = Date.now() + seconds * 1000;
        while (!(await caches.match(key))) {
            if (Date.now() > deadline) throw new Error(`${key} never reached the service worker's cache`);
            await new Promise(resolve => setTimeout(resolve, 50));
        }
    }""", [url, seconds])


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# A scripted speech engine in place of the browser's speechSynthesis (read aloud, listen.js): it records each
# utterance handed to it and speaks nothing; the test says when the current one starts, reaches a word or ends.
FAKE_SPEECH = """voices => {
    class Utterance {
        constructor(text) {
            Object.assign(this, {text, lang: "", voice: null, rate: 1, onstart: null, onend: null, onerror: null,
                                 onboundary: null});
        }
    }
    const fire = (utterance, name, event) => utterance && utterance[name] && utterance[name](event);
    const engine = {
        voices, queue: [], spoken: [], current: null, cancelled: 0, listeners: {},
        speaking: false, pending: false, paused: false,
        getVoices() { return this.voices; },
        speak(utterance) {
            const voice = utterance.voice && utterance.voice.name;
            this.spoken.push({text: utterance.text, lang: utterance.lang, voice});
            this.queue.push(utterance);
            if (!this.current) this.current = this.queue.shift();
        },
        cancel() {
            const current = this.current;
            this.cancelled += 1;
            this.queue = [];
            this.current = null;
            fire(current, "onerror", {error: "interrupted"});
        },
        pause() { this.paused = true; },
        resume() { this.paused = false; },
        addEventListener(type, listener) { (this.listeners[type] = this.listeners[type] || []).push(listener); },
        removeEventListener(type, listener) {
            this.listeners[type] = (this.listeners[type] || []).filter(known => known !== listener);
        },
        // the test's commands
        start() { fire(this.current, "onstart", {}); },
        boundary(charIndex) { fire(this.current, "onboundary", {name: "word", charIndex}); },
        end() {
            const done = this.current;
            this.current = this.queue.shift() || null;
            fire(done, "onend", {});
        },
    };
    Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
    window.SpeechSynthesisUtterance = Utterance;
    window.fakeSpeech = engine;
}"""
VOICES = {
    "vi": {"name": "Tiếng Việt (máy)", "lang": "vi-VN", "localService": True, "default": False},
    "vi-online": {"name": "Google Tiếng Việt", "lang": "vi-VN", "localService": False, "default": False},
    "en": {"name": "English (phone)", "lang": "en-US", "localService": True, "default": True},
}


def fake_speech(page, voices: list[str]) -> None:
    """Give ``page`` (before it loads) the scripted speech engine ``window.fakeSpeech`` with these ``VOICES``."""
    page.add_init_script(f"({FAKE_SPEECH})({json.dumps([VOICES[name] for name in voices])})")



# --- Parallel runs ------------------------------------------------------------------------------------
# With ``--dist loadgroup`` (pyproject's addopts), the tests of a module that share one of its module-scoped
# fixtures (printed PDFs, a built project, a server) run on one xdist worker, which sets the fixture up once;
# with ``--dist load`` each worker that ran some of them set it up again (test_pdf printed its booklets
# twice). xdist's own loadgroup (the ``xdist_group`` mark) renames the tests' node ids, which pytest 9 no
# longer lets it do, so this does the same another way: each worker writes the groups it collected into a
# folder the controller chose, and the controller's scheduler (xdist's by scope) reads them.

GROUPS = pytest.StashKey[Path]()  # the controller's folder for the groups


def _uses_a_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    return info is not None and any(defs[-1].scope == "module" for defs in info.name2fixturedefs.values())


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput") \
            and config.getoption("dist") == "loadgroup" and config.getoption("numprocesses"):
        config.stash[GROUPS] = Path(tempfile.mkdtemp(prefix="hoidap-xdist-groups-"))


def pytest_unconfigure(config: pytest.Config) -> None:
    if GROUPS in config.stash:
        shutil.rmtree(config.stash[GROUPS], ignore_errors=True)



@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Tell each worker where to write its groups."""
    if GROUPS in node.config.stash:
        node.workerinput["hoidap_groups"] = str(node.config.stash[GROUPS])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    folder = getattr(config, "workerinput", {}).get("hoidap_groups")
    if folder:
        groups = {item.nodeid: item.module.__name__ for item in items if _uses_a_module_fixture(item)}
        target = Path(folder) / f"{config.workerinput['workerid']}.json"
        target.with_suffix(".tmp").write_text(json.dumps(groups), "utf-8")
        target.with_suffix(".tmp").replace(target)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if GROUPS not in config.stash:
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleFixtureScheduling(LoadScopeScheduling):
        """xdist's scheduling by scope, where a scope is a module whose tests share a module-scoped fixture
        and otherwise one test; the groups come from the workers' collections (read once all are in)."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                self.groups = {}
                for found in config.stash[GROUPS].glob("*.json"):
                    self.groups.update(json.loads(found.read_text("utf-8")))
            return self.groups.get(nodeid, nodeid)

    return ModuleFixtureScheduling(config, log)
