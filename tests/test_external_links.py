"""External links: concurrent checks against a local server, reasons in Vietnamese, the one-day cache."""

from __future__ import annotations

import json
import select
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from hoidap.checking.external_links import external_links

# --- external links -------------------------------------------------------------------------------


FAST = ("/ok", "/missing", "/moved", "/moved-away", "/no-head")  # the addresses of the concurrency test
WAIT = 30  # seconds the server waits for what a concurrent checker does at once (a sequential one never does)


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        server.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        path = urlsplit(self.path).path
        if path == "/slow":
            self._hold()
            return
        if server.gated:
            server.slow_pending.wait(WAIT)  # fast answers only while /slow waits for its own
        status, location = {
            "/ok": (200, None), "/missing": (404, None), "/moved": (302, "/ok"),
            "/moved-away": (301, "/missing"), "/no-head": (405 if head else 200, None),
        }.get(path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if not head:
            self.wfile.write(b"ok")
        with server.lock:
            server.answered.add(path)
            if server.answered >= set(FAST):
                server.fast_answered.set()

    def _hold(self) -> None:
        """Never answer /slow: once every fast address was answered, note whether this request was still
        waiting for its answer (it was, unless the checker gave up on it first), then wait for the checker
        to give up."""
        server: _Server = self.server  # type: ignore[assignment]
        server.slow_pending.set()
        server.fast_answered.wait(WAIT)
        server.slow_still_waiting = server.fast_answered.is_set() and self._client_waiting()
        server.slow_noted.set()
        select.select([self.connection], [], [], WAIT)  # readable: the checker closed the connection

    def _client_waiting(self) -> bool:
        readable, _, _ = select.select([self.connection], [], [], 0)
        return not readable or self.connection.recv(1, socket.MSG_PEEK) != b""

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, str, str]] = []
        self.gated = False
        self.lock = threading.Lock()
        self.answered: set[str] = set()
        self.slow_pending = threading.Event()
        self.fast_answered = threading.Event()
        self.slow_noted = threading.Event()
        self.slow_still_waiting = False

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up on /slow


@pytest.fixture
def server(monkeypatch) -> Iterator[_Server]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def web(server) -> tuple[str, list]:
    return f"http://127.0.0.1:{server.server_address[1]}", server.seen


def test_external_links_are_checked_concurrently_with_reasons_in_vietnamese(server, tmp_path):
    """The slow address does not hold the others: the server answers the fast addresses only once /slow
    is waiting, and /slow never; a checker that waited for /slow first would see every fast one time out,
    and one that left /slow for last, /slow already given up when the fast ones were answered. Timing
    figures: scripts/bench_checks.py."""
    base, seen = f"http://127.0.0.1:{server.server_address[1]}", server.seen
    server.gated = True
    urls = [f"{base}/ok", f"{base}/ok#muc", f"{base}/missing", f"{base}/moved", f"{base}/moved-away",
            f"{base}/no-head", f"{base}/slow", "http://nonexistent.invalid/", "mailto:ban@tuyengiao.vn"]
    results = external_links(urls, tmp_path / "cache.json", timeout=2, workers=8)
    assert server.slow_noted.wait(WAIT)
    assert server.slow_still_waiting, "every fast address was answered while /slow was still waiting"
    assert results == {
        f"{base}/ok": None,
        f"{base}/ok#muc": None,
        f"{base}/missing": "không truy cập được: HTTP 404",
        f"{base}/moved": None,
        f"{base}/moved-away": "không truy cập được: HTTP 404",
        f"{base}/no-head": None,
        f"{base}/slow": "hết thời gian chờ",
        "http://nonexistent.invalid/": "không phân giải được tên miền",
        "mailto:ban@tuyengiao.vn": None,
    }
    assert ("GET", "/no-head") in {(method, path) for method, path, _ in seen}, "HEAD refused: GET instead"
    assert ("GET", "/missing") in {(method, path) for method, path, _ in seen}, "a 404 on HEAD is tried with GET"
    assert [path for method, path, _ in seen if method == "GET" and path == "/slow"] == [], "no GET after a timeout"
    assert len([path for _, path, _ in seen if path == "/ok"]) == 2, "once for both /ok URLs, once via /moved"
    assert all(agent.startswith("Mozilla/5.0") for _, _, agent in seen)


def test_external_results_are_cached_for_a_day_and_written_atomically(web, tmp_path):
    base, seen = web
    cache = tmp_path / "bo-nho" / "links.json"
    urls = [f"{base}/ok", f"{base}/missing"]
    first = external_links(urls, cache, timeout=2)
    requests = len(seen)
    assert external_links(urls, cache, timeout=2) == first
    assert len(seen) == requests, "fresh results come from the cache"
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored[f"{base}/ok"]["status"] == "ok"
    assert stored[f"{base}/missing"]["status"] == "không truy cập được: HTTP 404"
    assert "checked_at" in stored[f"{base}/ok"]
    assert [p.name for p in cache.parent.iterdir()] == ["links.json"], "no temporary file left behind"

    stored[f"{base}/ok"]["checked_at"] = "2000-01-01T00:00:00+00:00"
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert external_links(urls, cache, timeout=2) == first
    assert [path for _, path, _ in seen[requests:]] == ["/ok"], "only the stale entry is checked again"


def test_a_broken_cache_file_is_ignored(web, tmp_path):
    base, _ = web
    cache = tmp_path / "links.json"
    cache.write_text("{không phải json", encoding="utf-8")
    assert external_links([f"{base}/ok"], cache, timeout=2) == {f"{base}/ok": None}
    assert json.loads(cache.read_text(encoding="utf-8"))[f"{base}/ok"]["status"] == "ok"
