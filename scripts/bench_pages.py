"""Page benchmark: Lighthouse (mobile) scores and first-load bytes of the home page and a 50-question booklet.

Builds the sample site plus one synthetic 50-question booklet, serves it on 127.0.0.1 with the shipped
nginx configuration (deploy/: gzip, caching, security headers, as a committee would deploy it), runs
Lighthouse 12.8.2 with Debian's Chromium, and prints the four category scores and the bytes transferred
(search index excluded) per page.

    .venv/bin/python scripts/bench_pages.py                 # needs nginx, node/npx and /usr/bin/chromium
    .venv/bin/python scripts/bench_pages.py --runs 3        # keep the lowest score of 3 runs per page
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import booklet_text
from hoidap.publishing import nginx_local
from hoidap.publishing.workspace import copy_project, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.8.2"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BOOKLET = "nghi-quyet/thu-nghiem/nq-50-cau.md"
BOOKLET_URL = "nghi-quyet/thu-nghiem/nq-50-cau/"
def add_booklet(project: Path, questions: int = 50) -> Path:
    """Write a synthetic booklet of ``questions`` questions into ``project``'s docs; its path."""
    path = project / "docs" / BOOKLET
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(booklet_text(random.Random(f"pages-{questions}"), 50, questions), encoding="utf-8")
    return path


def build_site(workdir: Path) -> Path:
    """The sample site plus the 50-question booklet, built strictly into ``workdir/site``."""
    project = copy_project(ROOT, workdir / "project")
    add_booklet(project)
    site = workdir / "site"
    result = mkdocs_build(project, site, "--quiet")
    if result.returncode != 0:
        sys.exit(f"Dựng trang thất bại:\n{result.stdout}{result.stderr}")
    return site


def lighthouse(url: str, output: Path) -> dict:
    """Run Lighthouse (mobile, default throttling) on ``url``; its JSON report."""
    command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={output}",
               f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not output.exists():
        sys.exit(f"Lighthouse thất bại trên {url}:\n{result.stderr[-3000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    """Scores (0-100), failed audits and first-load bytes (search index excluded) of one report."""
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    refs = {ref["id"] for name in CATEGORIES for ref in report["categories"][name]["auditRefs"] if ref["weight"]}
    failed = sorted(ref for ref in refs if report["audits"][ref]["score"] not in (None, 1))
    requests = report["audits"]["network-requests"]["details"]["items"]
    loaded = [item for item in requests if item["url"].startswith("http")
              and not _path(item["url"]).startswith(("search/", "en/search/"))]
    return {"scores": scores, "failed": failed,
            "bytes": sum(item.get("transferSize", 0) for item in loaded),
            "requests": len(loaded),
            "breakdown": [(_path(item["url"]), item.get("transferSize", 0)) for item in loaded]}


def _path(url: str) -> str:
    """``http://127.0.0.1:8080/a/b?v=1`` → ``a/b?v=1``."""
    return url.split("://", 1)[-1].partition("/")[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the lowest score is kept)")
    parser.add_argument("--keep", type=Path, help="also copy the JSON reports into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hoidap-pages-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o755)
        site = build_site(workdir)
        try:
            with nginx_local.serve(site, workdir / "nginx") as base:   # the shipped deploy/ configuration
                rows = []
                for name, path in (("home", ""), ("booklet, 50 questions", BOOKLET_URL)):
                    results = []
                    for run in range(args.runs):
                        output = workdir / f"{name.split(',')[0]}-{run}.json"
                        results.append(summary(lighthouse(base + path, output)))
                        if args.keep:
                            args.keep.mkdir(parents=True, exist_ok=True)
                            shutil.copy2(output, args.keep / output.name)
                    worst = min(results, key=lambda r: sum(r["scores"].values()))
                    rows.append((name, path, worst))
        except nginx_local.NginxError as exc:
            sys.exit(str(exc))
    print(f"# {dt.date.today()} · Lighthouse {LIGHTHOUSE.split('@')[1]} mobile · nginx gzip · "
          f"{os.cpu_count()} CPU · lowest of {args.runs} run(s)\n")
    print("| page | performance | accessibility | best practices | SEO | first load (KB, transferred) | requests |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, path, result in rows:
        s = result["scores"]
        print(f"| {name} (`/{path}`) | {s['performance']} | {s['accessibility']} | {s['best-practices']} | "
              f"{s['seo']} | {result['bytes'] / 1024:.1f} | {result['requests']} |")
    for name, _, result in rows:
        if result["failed"]:
            print(f"\n{name}: audits below 1: {', '.join(result['failed'])}")
        print(f"\n{name}: transferred per request")
        for url, size in result["breakdown"]:
            print(f"  {size / 1024:6.1f} KB  /{url}")


if __name__ == "__main__":
    main()
