"""Checker-speed benchmark: the wall-clock figures that used to be asserted inside unit tests.

- link check: DocsTree reading and checking every link of N synthetic booklets × M questions (best of 3);
- Markdown scan: a page's block scan (its links) and page_anchors on pathological pages of about 20,000
  characters (best of 3);
- external links: a slow address (answers after 1.5 s) among fast ones, checked with a 0.5 s timeout,
  8 workers: the total time shows whether the slow one held the others.

The unit tests prove the same properties without a clock (tests/test_docstree.py counts reads and parses,
tests/test_markdown_scan.py counts operations as the input grows, tests/test_external_links.py serves the
fast answers only while the slow request is pending); ``benchmarks/checks.md`` keeps the figures.

    .venv/bin/python scripts/bench_checks.py                  # 200x50
    .venv/bin/python scripts/bench_checks.py --size 1000x10
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from hoidap.checking.external_links import external_links
from hoidap.model.anchors import page_anchors
from hoidap.model.booklet import read_document
from hoidap.model.docstree import DocsTree

WORDS = (
    "nghị quyết đảng bộ cán bộ đảng viên học tập quán triệt triển khai thực hiện nhiệm vụ giải pháp phát triển "
    "kinh tế xã hội nông nghiệp nông dân nông thôn khoa học công nghệ đổi mới sáng tạo chuyển đổi số chi bộ"
).split()


def synthetic_corpus(docs: Path, booklets: int, questions: int) -> int:
    """``booklets`` pages of ``questions`` questions; each answer links to another booklet's question and to
    the previous question; a tenth of them add an image, an autolink and a footnote. Returns the link count."""
    rng = random.Random(1)

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize()

    (docs / "assets").mkdir(parents=True, exist_ok=True)
    (docs / "assets" / "hinh.png").write_bytes(b"png")
    links = 0
    for index in range(1, booklets + 1):
        front = {"title": f"Hỏi - đáp Nghị quyết số {index}-NQ/TW"}
        body = [f"---\n{yaml.safe_dump(front, allow_unicode=True)}---", sentence(15, 30) + "."]
        for number in range(1, questions + 1):
            if (number - 1) % 17 == 0:
                body.append(f"## Phần {(number - 1) // 17 + 1}. {sentence(3, 6)}")
            other = rng.randint(1, booklets)
            body.append(f"### Câu {number}. {sentence(6, 14)}?")
            body.append(
                f"{sentence(25, 45)} (xem [Câu {number}](../nhom-{(other - 1) // 50 + 1:02d}/nq-{other:05d}.md"
                f"#cau-{rng.randint(1, questions)}), [câu trước](#cau-{max(1, number - 1)})). {sentence(15, 30)} "
                f"`mã {number}`."
            )
            links += 2
            if number % 4 == 0:
                body.append("\n".join(f"- {sentence(5, 10)}." for _ in range(3)))
            if number % 10 == 0:
                body.append("![Hình](../../assets/hinh.png) <https://example.org/nq> [^1]")
                links += 2
        body.append("[^1]: Chú thích.")
        folder = docs / "nghi-quyet" / f"nhom-{(index - 1) // 50 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"nq-{index:05d}.md").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return links


def pathological(size: int) -> dict[str, str]:
    """Pages that make a careless scanner slow (unclosed brackets, long runs, deep nesting), about ``size``
    characters each, by name."""
    quarter = size // 4
    return {
        "brackets": "[" * size,
        "open-close": "[" * quarter + "]" * quarter,
        "backticks": "`" * size,
        "open-tags": "<a " * (size // 4),
        "spaces": " " * size + "\n" + "  \n" * (size // 40),
        "quotes": "> " * (size * 3 // 20) + "# x",
        "links": "[a](b) " * (size // 2),
        "comment": "<!--" + "x" * size,
        "divs": "<div>\n" * (size * 3 // 20),
    }


def scan(text: str) -> None:
    """What the checker does with a page's text: its links, then its anchors."""
    document = read_document("x\n\n" + text, "f.md")
    assert document.blocks.links is not None  # computed on first use
    page_anchors(document)


def clear_caches() -> None:
    """Empty the memo caches of hoidap's modules (folding, syllables…), so that a repeat starts cold."""
    for name, module in list(sys.modules.items()):
        if name.startswith("hoidap"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def best(runs: int, work: Callable[[], object]) -> float:
    """The shortest of ``runs`` timings of ``work()``, in seconds, each with cold caches."""
    timings = []
    for _ in range(runs):
        clear_caches()
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def link_check(booklets: int, questions: int) -> tuple[int, float, float]:
    """(links, reading seconds, checking seconds) of the best of 3 checks of a synthetic corpus."""
    with tempfile.TemporaryDirectory(prefix="bench-checks-") as folder:
        docs = Path(folder) / "docs"
        links = synthetic_corpus(docs, booklets, questions)
        timings = []
        for _ in range(3):
            clear_caches()
            tree = DocsTree(docs, ["vi", "en"], "vi")
            start = time.perf_counter()
            tree.preload()
            read = time.perf_counter()
            findings = tree.check_all()
            timings.append((read - start, time.perf_counter() - read))
            if findings:
                raise SystemExit(f"the synthetic corpus should check clean: {findings[0].format()}")
        reading, checking = min(timings, key=lambda pair: pair[1])
        return links, reading, checking


class _Slow(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client gave up on /slow


def external(timeout: float = 0.5) -> float:
    """Seconds to check 6 fast addresses and one that answers after 1.5 s, ``timeout`` each, 8 workers."""
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        os.environ.pop(name, None)
    server = _Server(("127.0.0.1", 0), _Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory(prefix="bench-links-") as folder:
            urls = [f"{base}/slow"] + [f"{base}/ok-{n}" for n in range(6)]
            start = time.perf_counter()
            external_links(urls, Path(folder) / "cache.json", timeout=timeout, workers=8)
            return time.perf_counter() - start
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="200x50", help="booklets x questions of the link-check corpus")
    args = parser.parse_args()
    booklets, questions = (int(n) for n in args.size.split("x"))
    load = " ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"# {dt.date.today()} · Python {platform.python_version()} · {os.cpu_count()} CPU · load {load}\n")
    links, reading, checking = link_check(booklets, questions)
    print(f"link check, {booklets}x{questions} ({links} links): reading {reading:.3f} s, checking {checking:.3f} s\n")
    print("| pathological page (~20,000 characters) | links + page_anchors (s) |\n|---|---:|")
    for name, text in pathological(20000).items():
        print(f"| {name} | {best(3, lambda text=text: scan(text)):.3f} |")
    print(f"\nexternal links, 7 addresses, one answering after 1.5 s, timeout 0.5 s: {external():.2f} s")
    print(f"load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
