"""Page benchmark: Lighthouse (mobile) scores of nine reading states, and first-load bytes of the pages.

Builds the sample site plus one synthetic 50-question booklet, serves it on 127.0.0.1 with the shipped
nginx configuration (deploy/: gzip, caching, security headers, as a committee would deploy it), and runs
Lighthouse 12.8.2 user flows with Debian's Chromium (`benchmarks/lighthouse-flow.mjs`) on nine states: the home
page, the booklet, the booklet in study mode, a booklet with a quiz, the booklet's presentation mode, a study plan
and the statistics page (navigations), the search overlay with
the results of a typed query and read aloud playing (a navigation, a timespan around the interaction, a
snapshot of the state reached). Prints per state the four category scores, CLS, TBT, the accessibility audits
failed (Lighthouse's axe-core rules) and every audit below 1 with its elements; then the bytes transferred
(search index excluded) per navigation.

    .venv/bin/python scripts/bench_pages.py                 # needs nginx, node/npx and /usr/bin/chromium
    .venv/bin/python scripts/bench_pages.py --runs 3        # keep the lowest score of 3 runs per state
    .venv/bin/python scripts/bench_pages.py --only search,listen --keep reports/   # two states, keep the reports
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
FLOW_SCRIPT = ROOT / "benchmarks" / "lighthouse-flow.mjs"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BOOKLET = "nghi-quyet/thu-nghiem/nq-50-cau.md"
BOOKLET_URL = "nghi-quyet/thu-nghiem/nq-50-cau/"
QUIZ_URL = "nghi-quyet/trung-uong/57-nq-tw/"          # a sample booklet with its "Trắc nghiệm"
STATES = {   # name in lighthouse-flow.mjs: what the table calls it
    "home": "home",
    "booklet": "booklet, 50 questions",
    "study": "booklet, study mode on",
    "quiz": "booklet with a quiz (57-NQ/TW)",
    "present": "presentation mode of the 50-question booklet",
    "plan": "a study plan (the sample plan)",
    "stats": "statistics (Thống kê)",
    "search": "search overlay, results of a typed query",
    "listen": "read aloud playing",
}
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


def run_flows(base: str, out: Path, run: int, only: list[str], html: bool) -> None:
    """Run ``benchmarks/lighthouse-flow.mjs`` once over the ``only`` states; their flow results land in ``out``."""
    command = ["npx", "--yes", "-p", LIGHTHOUSE, "node", str(FLOW_SCRIPT), "--base", base, "--booklet", BOOKLET_URL,
               "--quiz", QUIZ_URL, "--out", str(out), "--run", str(run), "--only", ",".join(only),
               "--chromium", CHROMIUM] + (["--html"] if html else [])
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"Lighthouse thất bại (lần {run + 1}):\n{result.stderr[-3000:]}")
    if result.stderr:
        print(result.stderr, end="", file=sys.stderr)   # the states measured again


def step_of(flow: dict, mode: str) -> dict | None:
    """The last report of a flow taken in ``mode`` (navigation, timespan, snapshot), or None."""
    found = [step["lhr"] for step in flow["steps"] if step["lhr"]["gatherMode"] == mode]
    return found[-1] if found else None


def failed_audits(report: dict) -> list[dict]:
    """The weighted audits of ``report``'s categories below 1: id, category, score, elements (their selectors)."""
    out = []
    for name in CATEGORIES:
        category = report["categories"].get(name)
        for ref in category["auditRefs"] if category else ():
            audit = report["audits"][ref["id"]]
            if not ref["weight"] or audit["score"] in (None, 1):
                continue
            items = (audit.get("details") or {}).get("items") or []
            nodes = [item["node"] for item in items if isinstance(item, dict) and "node" in item]
            out.append({"id": ref["id"], "category": name, "score": audit["score"],
                        "value": audit.get("displayValue", ""),
                        "elements": [node.get("selector", "") or node.get("snippet", "") for node in nodes]})
    return out


def summary(flow: dict) -> dict:
    """Scores (0-100 or None), CLS, TBT, failed audits and first-load bytes of one state's flow."""
    navigation, timespan, snapshot = (step_of(flow, mode) for mode in ("navigation", "timespan", "snapshot"))
    final = snapshot or navigation   # the state reached: a snapshot after an interaction, else the navigation
    scores = {}
    for name in CATEGORIES:
        category = final["categories"].get(name)
        scores[name] = None if not category or category["score"] is None else round(category["score"] * 100)
    result = {"scores": scores, "failed": failed_audits(final), "mode": final["gatherMode"],
              "cls": _metric(navigation, "cumulative-layout-shift"), "tbt": _metric(navigation, "total-blocking-time"),
              "interaction": None}
    if snapshot:   # no performance score in snapshot and timespan modes: the audits passed, as the flow report shows
        result["fractions"] = [_fraction(report) for report in (timespan, snapshot) if report]
    if timespan:
        result["interaction"] = {"cls": _metric(timespan, "cumulative-layout-shift"),
                                 "tbt": _metric(timespan, "total-blocking-time"),
                                 "inp": _metric(timespan, "interaction-to-next-paint"),
                                 "failed": failed_audits(timespan)}
        result["load_failed"] = failed_audits(navigation) if navigation else []
    if navigation:
        requests = navigation["audits"]["network-requests"]["details"]["items"]
        loaded = [item for item in requests if item["url"].startswith("http")
                  and not _path(item["url"]).startswith(("search/", "en/search/"))]
        result.update(bytes=sum(item.get("transferSize", 0) for item in loaded), requests=len(loaded),
                      breakdown=[(_path(item["url"]), item.get("transferSize", 0)) for item in loaded],
                      url=_path(navigation["finalDisplayedUrl"]))
    return result


def _fraction(report: dict) -> tuple[int, int]:
    """Performance audits passed (score ≥ 0.9) and counted in a timespan or snapshot report, as Lighthouse's flow
    report counts them (hidden, manual, not applicable and informative audits left out)."""
    counted = [report["audits"][ref["id"]] for ref in report["categories"]["performance"]["auditRefs"]
               if ref.get("group") != "hidden"]
    skipped = ("manual", "notApplicable", "informative")
    counted = [audit for audit in counted if audit["scoreDisplayMode"] not in skipped]
    passed = [audit for audit in counted if audit["scoreDisplayMode"] != "error" and (audit["score"] or 0) >= 0.9]
    return len(passed), len(counted)


def _metric(report: dict | None, audit: str) -> float | None:
    """A metric's numeric value in ``report`` (CLS unitless, times in ms), None where the mode has none."""
    found = (report or {}).get("audits", {}).get(audit)
    return None if not found or found.get("numericValue") is None else found["numericValue"]


def _path(url: str) -> str:
    """``http://127.0.0.1:8080/a/b?v=1`` → ``a/b?v=1``."""
    return url.split("://", 1)[-1].partition("/")[2]


def _fmt(value: float | None, digits: int, unit: str = "") -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def _worst(results: list[dict]) -> dict:
    """The run with the lowest total score; a category without a score (snapshot performance) counts as 100."""
    return min(results, key=lambda r: sum(100 if v is None else v for v in r["scores"].values()))


def report(rows: list[tuple[str, dict]], runs: int) -> None:
    """Print the states' table, their failing audits, then first-load bytes per navigation."""
    print(f"# {dt.date.today()} · Lighthouse {LIGHTHOUSE.split('@')[1]} mobile user flows · nginx gzip · "
          f"{os.cpu_count()} CPU · lowest of {runs} run(s)\n")
    print("| state | mode | performance | accessibility | best practices | SEO | CLS | TBT | axe rules failed |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        s = r["scores"]
        perf = s["performance"]
        if r["mode"] != "navigation":
            perf = "N/A ({})".format(", ".join(f"{a}/{b}" for a, b in r["fractions"]))
        cls, tbt = r["cls"], r["tbt"]
        if r["interaction"]:
            cls, tbt = r["interaction"]["cls"], r["interaction"]["tbt"]
        axe = sum(1 for audit in r["failed"] if audit["category"] == "accessibility")
        mode = "navigation" if r["mode"] == "navigation" else "navigation + timespan + snapshot"
        print(f"| {STATES[name]} | {mode} | {perf} | {s['accessibility']} | {s['best-practices']} | {s['seo']} | "
              f"{_fmt(cls, 3)} | {_fmt(tbt, 0, ' ms')} | {axe} |")
    print("\nCLS and TBT: of the navigation for navigations, of the timespan around the interaction for search and "
          "read aloud. Timespan and snapshot modes have no performance score: N/A (timespan passed/counted, "
          "snapshot passed/counted performance audits), as Lighthouse's flow report shows them.")
    for name, r in rows:
        if r["interaction"]:
            i = r["interaction"]
            print(f"\n{name}: interaction CLS {_fmt(i['cls'], 3)}, TBT {_fmt(i['tbt'], 0, ' ms')}, "
                  f"INP {_fmt(i['inp'], 0, ' ms')}; page load before it CLS {_fmt(r['cls'], 3)}, "
                  f"TBT {_fmt(r['tbt'], 0, ' ms')}")
        steps = [("", r["failed"])]
        if r["interaction"]:
            steps = [(" (page load)", r["load_failed"]), (" (interaction)", r["interaction"]["failed"]),
                     (" (state reached)", r["failed"])]
        for step, failed in steps:
            if failed:
                print(f"\n{name}{step}: audits below 1:")
            for audit in failed:
                where = f" — {'; '.join(audit['elements'][:5])}" if audit["elements"] else ""
                print(f"  {audit['category']}/{audit['id']} ({audit['score']}) {audit['value']}{where}")
    print("\n| page | performance | accessibility | best practices | SEO | first load (KB, transferred) | requests |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        if r["mode"] == "navigation":
            s = r["scores"]
            print(f"| {STATES[name]} (`/{r['url']}`) | {s['performance']} | {s['accessibility']} | "
                  f"{s['best-practices']} | {s['seo']} | {r['bytes'] / 1024:.1f} | {r['requests']} |")
    for name, r in rows:
        if name in ("home", "booklet"):
            print(f"\n{name}: transferred per request")
            for url, size in r["breakdown"]:
                print(f"  {size / 1024:6.1f} KB  /{url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per state (the lowest score is kept)")
    parser.add_argument("--only", default=",".join(STATES), help=f"states, comma-separated: {', '.join(STATES)}")
    parser.add_argument("--keep", type=Path, help="also copy the JSON flow results and HTML reports into this folder")
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    if unknown := [name for name in only if name not in STATES]:
        parser.error(f"unknown state(s) {', '.join(unknown)}; known: {', '.join(STATES)}")
    with tempfile.TemporaryDirectory(prefix="hoidap-pages-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o755)
        site = build_site(workdir)
        out = workdir / "reports"
        out.mkdir()
        try:
            with nginx_local.serve(site, workdir / "nginx") as base:   # the shipped deploy/ configuration
                for run in range(args.runs):
                    run_flows(base, out, run, only, html=bool(args.keep))   # base ends with "/"
        except nginx_local.NginxError as exc:
            sys.exit(str(exc))
        rows = [(name, _worst([summary(json.loads((out / f"{name}-{run}.json").read_text(encoding="utf-8")))
                               for run in range(args.runs)])) for name in only]
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for file in out.iterdir():
                shutil.copy2(file, args.keep / file.name)
    report(rows, args.runs)


if __name__ == "__main__":
    main()
