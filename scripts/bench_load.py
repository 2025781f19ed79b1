"""Load check: the built site behind the shipped nginx config (deploy/), hammered with wrk on loopback.

Builds the sample site, serves it with deploy/nginx.conf on 127.0.0.1 and runs wrk on a booklet page and
on the search files (a shard and a chunk of the index), gzip accepted as a phone would. Prints requests
per second, latency, transfer and errors; exits 1 when any request failed (non-2xx or socket error).

    .venv/bin/python scripts/bench_load.py                       # needs nginx and wrk ('make bench-load' installs them)
    .venv/bin/python scripts/bench_load.py --duration 30 --connections 64
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hoidap.publishing import nginx_local
from hoidap.publishing.workspace import copy_project, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
TARGETS = (
    ("booklet page", "nghi-quyet/trung-uong/19-nq-tw/"),
    ("search shard", "search/vi/s0.*.json"),   # content-addressed names: found in the built site
    ("search chunk", "search/vi/d0.*.json"),
)


@dataclass
class Result:
    name: str
    path: str
    requests_per_second: float
    latency_avg: str
    latency_p99: str
    transfer_per_second: str
    requests: int
    errors: int


def build_site(workdir: Path) -> Path:
    site = workdir / "site"
    result = mkdocs_build(copy_project(ROOT, workdir / "project"), site, "--quiet")
    if result.returncode != 0:
        sys.exit(f"Dựng trang thất bại:\n{result.stdout}{result.stderr}")
    return site


def run_wrk(url: str, threads: int, connections: int, duration: int) -> str:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
               "-H", "Accept-Encoding: gzip", url]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"wrk thất bại trên {url}:\n{result.stderr}")
    return result.stdout


def parse(name: str, path: str, output: str) -> Result:
    def find(pattern: str, default: str = "0") -> str:
        match = re.search(pattern, output, re.MULTILINE)
        return match.group(1) if match else default

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(find(r"Non-2xx or 3xx responses: (\d+)"))
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return Result(name, path, float(find(r"^Requests/sec:\s+([\d.]+)")), find(r"^\s+Latency\s+(\S+)", "?"),
                  find(r"^\s+99%\s+(\S+)", "?"), find(r"^Transfer/sec:\s+(\S+)", "?"),
                  int(find(r"^\s+(\d+) requests in")), errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per address (default 10)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (default 32)")
    parser.add_argument("--workers", type=int, default=2, help="nginx worker processes (default 2)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("Chưa có wrk: chạy 'make bench-load' (tự cài gói Debian wrk) hoặc apt-get install wrk.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="hoidap-load-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o755)
        site = build_site(workdir)
        try:
            with nginx_local.serve(site, workdir / "nginx", workers=args.workers) as base:
                results = []
                for name, path in TARGETS:
                    address = next(site.glob(path)).relative_to(site).as_posix() if "*" in path else path
                    output = run_wrk(base + address, args.threads, args.connections, args.duration)
                    results.append(parse(name, address, output))
        except nginx_local.NginxError as exc:
            print(f"Lỗi: {exc}", file=sys.stderr)
            return 1
    print(f"# {dt.date.today()} · wrk -t{args.threads} -c{args.connections} -d{args.duration}s · nginx "
          f"{args.workers} worker(s), deploy/nginx.conf, gzip · loopback · {os.cpu_count()} CPU\n")
    print("| address | requests/s | latency avg | latency p99 | transfer/s | requests | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r.name} (`/{r.path}`) | {r.requests_per_second:,.0f} | {r.latency_avg} | {r.latency_p99} | "
              f"{r.transfer_per_second} | {r.requests:,} | {r.errors} |")
    failed = [r.name for r in results if r.errors]
    if failed:
        print(f"\nLỗi: có yêu cầu thất bại ở {', '.join(failed)}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
