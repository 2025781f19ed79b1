"""Search benchmark: stock Material search, Pagefind and ours, side by side on one synthetic corpus.

Builds the corpus three ways, serves each site with gzip on loopback and drives Chromium as a phone
(390×844, CPU slowed 4×). For each engine: bytes fetched for search when a page opens, bytes and
time for the first query (from the last keystroke to the results), then what a set of queries finds.
Prints a Markdown report; ``benchmarks/search.md`` keeps the figures.

    .venv/bin/python scripts/bench_search.py [--size 200x50] [--query "diem cau"]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import build, our_project, vanilla_project

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERIES = ["nghị quyết", "nghi quyet", "diem cau", "quan triet", "bao cao vien", "chuyển đổi số",
           "chuyen doi so", "Nông thôn", "hop tac xa"]
PAGE = "nghi-quyet/thu-nghiem/nhom-01/nq-00001/"
_COMPRESSIBLE = (".html", ".js", ".json", ".css", ".svg", ".xml", ".pf_meta", ".wasm", "")


SENT: list[tuple[str, int]] = []  # (path, body bytes) of every response, as the server sent it


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it (as a web host would).

    Counts the bytes it sends: a service worker's or a web worker's fetches are seen too."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        SENT.append((self.path, len(data)))
        outputfile.write(data)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() \
                or path.suffix not in _COMPRESSIBLE:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: int) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def pagefind_site(workdir: Path, vanilla: Path, small_chunks: bool) -> Path:
    """The stock site without Material search, indexed by Pagefind (its CLI from PyPI)."""
    name = "pagefind-small" if small_chunks else "pagefind"
    project = workdir / name
    shutil.copytree(vanilla / "docs", project / "docs")
    config = yaml.safe_load((vanilla / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = []
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(project)
    env = dict(os.environ, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE="1") if small_chunks else None
    subprocess.run([sys.executable, "-m", "pagefind", "--site", "site", "--root-selector",
                    "article.md-content__inner"], cwd=project, env=env, check=True, capture_output=True)
    return project


class Meter:
    """Bytes the server sent (compressed bodies), per path; the page's CPU slowed 4× (DevTools)."""

    def __init__(self, page) -> None:
        SENT.clear()
        session = page.context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": 4})

    def mark(self) -> int:
        return len(SENT)

    def since(self, mark: int, pattern: str = "") -> int:
        return sum(size for path, size in SENT[mark:] if re.search(pattern, path))


def material_results(page, query: str, final: str, settle: int = 0) -> tuple[float, int]:
    """Type ``query`` into Material's search; seconds from the last key to its results, and their count.

    ``final`` is a word the results' links carry once they answer the whole query (ours marks the
    query in each link); without it, ``settle`` ms are left for the answer to replace the last one.
    """
    box = page.locator("input[data-md-component=search-query]")
    box.fill("")
    box.press_sequentially(query, delay=30)
    start = time.perf_counter()
    page.wait_for_timeout(settle)
    page.wait_for_function(
        """final => {
          const meta = document.querySelector('.md-search-result__meta')
          const items = document.querySelectorAll('.md-search-result__item')
          const link = items.length && items[0].querySelector('a:last-of-type').href
          if (!meta || /\\d|không|no /i.test(meta.textContent) === false) return false
          return !final || !items.length || decodeURIComponent(link).includes(final)
        }""", arg=final, timeout=180_000)
    elapsed = time.perf_counter() - start
    text = page.locator(".md-search-result__meta").inner_text()
    count = int(m.group(0)) if (m := re.search(r"\d+", text)) else 0
    return elapsed, count


PAGEFIND_QUERY = """async ([base, query]) => {
  const start = performance.now()
  const pagefind = await import(base + "pagefind/pagefind.js")
  const search = await pagefind.search(query)
  await Promise.all(search.results.slice(0, 10).map(result => result.data()))
  return [(performance.now() - start) / 1000, search.results.length]
}"""


def measure(browser, url: str, engine: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    meter = Meter(page)
    page.goto(url + PAGE, wait_until="load")
    page.wait_for_timeout(3000)
    search_pattern = {"stock": r"search", "ours": r"^/search/", "pagefind": r"^/pagefind/"}[engine.split()[0]]
    row = {"engine": engine, "open_total": meter.since(0), "open_search": meter.since(0, search_pattern)}
    first = meter.mark()
    if engine.startswith("pagefind"):
        seconds, _ = page.evaluate(PAGEFIND_QUERY, [url, QUERIES[2]])
        counts = [page.evaluate(PAGEFIND_QUERY, [url, q])[1] for q in QUERIES]
    else:
        page.locator("label[for=__search]").first.click()
        final = "cau" if engine == "ours" else ""
        seconds, _ = material_results(page, QUERIES[2], final)
        counts = []
        for query in QUERIES:
            counts.append(material_results(page, query, "", settle=1500)[1])
    row.update(first_query=meter.since(first), seconds=seconds, counts=counts)
    if os.environ.get("BENCH_DEBUG"):
        print(engine, SENT[first:first + 40], file=sys.stderr)
    context.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="200x50", help="BOOKLETSxQUESTIONS")
    args = parser.parse_args()
    booklets, questions = (int(n) for n in args.size.lower().split("x"))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="hoidap-search-bench-") as tmp:
        workdir = Path(tmp)
        ours, _ = our_project(workdir, booklets, questions)
        build(ours)
        vanilla = vanilla_project(workdir, ours)
        build(vanilla)
        sites = [("stock", vanilla), ("pagefind", pagefind_site(workdir, vanilla, False)),
                 ("pagefind (chunk size 1)", pagefind_site(workdir, vanilla, True)), ("ours", ours)]
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for engine, project in sites:
                with served(project / "site") as url:
                    rows.append(measure(browser, url, engine))
            browser.close()
    print(f"# {dt.date.today()} · corpus {args.size} · Chromium 390×844, CPU ×4, gzip on loopback\n")
    print(f"First query typed key by key: {QUERIES[2]!r}.\n")
    print("| engine | page open: all (KB) | page open: search (KB) | first query (KB) "
          "| last key → results (s) |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['engine']} | {row['open_total'] / 1024:.0f} | {row['open_search'] / 1024:.1f} "
              f"| {row['first_query'] / 1024:.0f} | {row['seconds']:.2f} |")
    print("\nResults found per query:\n")
    print("| query | " + " | ".join(row["engine"] for row in rows) + " |")
    print("|---|" + "---:|" * len(rows))
    for index, query in enumerate(QUERIES):
        print(f"| {query} | " + " | ".join(str(row["counts"][index]) for row in rows) + " |")


if __name__ == "__main__":
    main()
