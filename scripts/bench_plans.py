"""Plan benchmark: ``mkdocs build`` of the sample site plus N synthetic study plans of 10 sessions each, for several
N, to show the build grows linearly with the plans (each plan: one page, 11 calendar files).

    .venv/bin/python scripts/bench_plans.py                    # N = 0, 250, 500, 1000
    .venv/bin/python scripts/bench_plans.py --plans 0,100      # other sizes
"""

from __future__ import annotations

import argparse
import gzip
import os
import tempfile
import time
from pathlib import Path

from hoidap.publishing import workspace

ROOT = Path(__file__).resolve().parent.parent


def plan_text(number: int, sessions: int = 10) -> str:
    """A synthetic plan: every field set, a session a week from 2030 on, timed, with bridge points by level."""
    lines = ["---", f'title: "Kế hoạch thử số {number}"', "plan:", '  resolutions: ["19-NQ/TW"]',
             '  organiser: "Ban Thường vụ"', '  participants: "Cán bộ chủ chốt"', "  sessions:"]
    for index in range(sessions):
        day = 1 + (number + index * 7) % 28
        lines += [f'    - title: "Buổi {index + 1} của kế hoạch {number}"',
                  f"      date: 2030-{1 + index % 12:02d}-{day:02d}", '      start: "07:30"', '      end: "11:00"',
                  "      form: ket-hop", '      place: "Hội trường"',
                  '      reporters: ["Báo cáo viên"]', "      bridge_points:", '        "Cấp tỉnh": 1',
                  '        "Cấp xã": 9']
    return "\n".join([*lines, "---", "", "## Mục đích, yêu cầu", "", "Nội dung kế hoạch thử.", ""])


def weight(page: Path) -> str:
    """A page's size as written and as sent compressed (gzip -6, what a server does for HTML)."""
    data = page.read_bytes()
    return f"{len(data) // 1000} KB ({len(gzip.compress(data, 6)) // 1000} KB gzip)"


def measure(count: int) -> tuple[float, int, str, str]:
    """Seconds of one ``mkdocs build`` with ``count`` plans, the calendar files written, the home page's weight (its
    "Sắp diễn ra" lists at most 12 sessions) and the full schedule's (every session of every plan)."""
    with tempfile.TemporaryDirectory() as folder:
        project = workspace.copy_project(ROOT, Path(folder) / "project")
        plans = project / "docs" / "ke-hoach"
        plans.mkdir(parents=True, exist_ok=True)
        for number in range(count):
            (plans / f"thu-{number}.md").write_text(plan_text(number), encoding="utf-8")
        site = Path(folder) / "site"
        start = time.perf_counter()
        result = workspace.mkdocs_build(project, site)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        return (seconds, sum(1 for _ in site.rglob("*.ics")), weight(site / "index.html"),
                weight(site / "tra-cuu/ke-hoach/index.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", default="0,250,500,1000", help="plan counts, comma-separated")
    counts = [int(value) for value in parser.parse_args().plans.split(",")]
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    base = None
    for count in counts:
        seconds, files, home, schedule = measure(count)
        base = seconds if base is None else base
        extra = f", {(seconds - base) / count * 1000:.1f} ms per plan over the first" if count and base != seconds \
            else ""
        print(f"{count:5d} plans × 10 sessions: {seconds:6.1f} s, {files} calendar files, home page {home}, "
              f"full schedule {schedule}{extra}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
