"""Web addresses: :func:`external_links` checks them concurrently, with a one-day cache on disk."""

from __future__ import annotations

import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hoidap.files import write_atomically

# --- External links ---------------------------------------------------------------------------

USER_AGENT = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
CACHE_SECONDS = 24 * 3600


def external_links(urls: Iterable[str], cache_file: Path, timeout: float = 10, workers: int = 16,
                   *, max_age: float = CACHE_SECONDS) -> dict[str, str | None]:
    """Check web addresses concurrently: url → None when it answers, else a short Vietnamese reason.

    HEAD first, GET when HEAD is refused; redirects are followed. Results are kept in
    ``cache_file`` (JSON, url → {status, checked_at}) and reused for ``max_age`` seconds.
    Addresses that are not http(s) are not checked and map to None.
    """
    wanted = list(dict.fromkeys(urls))
    cache = _read_cache(cache_file)
    now = datetime.now(UTC)
    results: dict[str, str | None] = {}
    to_check: list[str] = []
    for url in wanted:
        if not url.lower().startswith(("http://", "https://")):
            results[url] = None
            continue
        entry = cache.get(_cache_key(url))
        if entry is not None and _fresh(entry, now, max_age):
            results[url] = None if entry["status"] == "ok" else str(entry["status"])
        elif _cache_key(url) not in to_check:
            to_check.append(_cache_key(url))
    if to_check:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(to_check)))) as pool:
            answers = dict(zip(to_check, pool.map(lambda url: _check_url(url, timeout), to_check), strict=True))
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        for key, problem in answers.items():
            cache[key] = {"status": problem or "ok", "checked_at": stamp}
        for url in wanted:
            if url not in results:
                results[url] = answers[_cache_key(url)]
        _write_cache(cache_file, {key: entry for key, entry in cache.items() if _fresh(entry, now, max_age)})
    return {url: results[url] for url in wanted}


def _cache_key(url: str) -> str:
    return url.split("#", 1)[0]


def _fresh(entry: Any, now: datetime, max_age: float) -> bool:
    try:
        checked = datetime.fromisoformat(entry["checked_at"])
        if checked.tzinfo is None:
            checked = checked.replace(tzinfo=UTC)
        return "status" in entry and 0 <= (now - checked).total_seconds() < max_age
    except (TypeError, KeyError, ValueError):
        return False


def _read_cache(cache_file: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(cache_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(cache_file: Path, cache: dict[str, Any]) -> None:
    """Write the cache whole or not at all (a temporary file beside it, then renamed)."""
    cache_file = Path(cache_file)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(cache_file, json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True).encode(),
                     durable=False)


def _check_url(url: str, timeout: float) -> str | None:
    try:
        _request(url, "HEAD", timeout)
        return None
    except Exception as exc:  # every failure becomes a reason
        reason = _reason(exc)
        if reason in (_TIMEOUT, _NO_NAME):
            return reason
    try:
        _request(url, "GET", timeout)
        return None
    except Exception as exc:
        return _reason(exc)


def _request(url: str, method: str, timeout: float) -> None:
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8",
    })
    with urllib.request.urlopen(request, timeout=timeout):
        pass


_TIMEOUT = "hết thời gian chờ"
_NO_NAME = "không phân giải được tên miền"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"không truy cập được: HTTP {exc.code}"
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):  # socket.timeout too
        return _TIMEOUT
    if isinstance(reason, socket.gaierror):
        return _NO_NAME
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "chứng chỉ bảo mật (SSL) không hợp lệ"
    if isinstance(reason, ConnectionRefusedError):
        return "máy chủ từ chối kết nối"
    return f"không truy cập được: {reason}"
