"""Build-speed benchmark: our site vs vanilla Material vs the Python-Markdown floor.

Generates N booklets × M questions of synthetic Vietnamese text and prints, per size:
build time, peak memory and HTML bytes per booklet page, for (ours) this project's
mkdocs.yml, (vanilla) stock Material with the default sidebar, and (floor) Python-Markdown
alone converting the same files with the same extensions.

    .venv/bin/python scripts/bench.py                       # sizes 200x50 250x10 1000x10 2000x10
    .venv/bin/python scripts/bench.py --sizes 1000x10 --skip-vanilla
    .venv/bin/python scripts/bench.py --sizes 1x5000,1x20000,1x50000 --skip-vanilla   # one booklet: linear in its size
    .venv/bin/python scripts/bench.py --sizes 200x50 --keep /tmp/bench   # keep the projects, e.g. to profile
    .venv/bin/python scripts/bench.py --sizes 200x50 --cold     # no compiled templates kept from earlier builds

Our builds keep the theme's compiled templates in ~/.cache/hoidap/templates (hoidap.site.compiled), as a board's
every build after its first does; ``--cold`` measures a machine's very first build.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "nghị quyết đảng bộ cán bộ đảng viên học tập quán triệt triển khai thực hiện nhiệm vụ giải pháp "
    "phát triển kinh tế xã hội nông nghiệp nông dân nông thôn khoa học công nghệ đổi mới sáng tạo "
    "chuyển đổi số giáo dục đào tạo chi bộ cấp ủy tuyên truyền báo cáo viên điểm cầu trực tuyến "
    "mục tiêu quan điểm chỉ đạo tổ chức nhân dân đồng thuận kiểm tra giám sát đánh giá hằng năm "
    "nhiệm kỳ chương trình hành động kế hoạch địa phương đơn vị cơ sở tỉnh huyện xã phường thị trấn "
    "văn hóa môi trường đất đai hợp tác xã kinh tế tập thể nguồn nhân lực chất lượng hiệu quả"
).split()
LEVELS = ["trung-uong", "tinh", "co-so"]
ISSUERS = ["Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Thường vụ Tỉnh ủy", "Đảng ủy xã"]
TAGS = ["nông nghiệp", "khoa học", "giáo dục", "xây dựng Đảng", "kinh tế", "văn hóa", "đất đai"]


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def booklet_text(rng: random.Random, index: int, questions: int) -> str:
    year = rng.randint(2015, 2025)
    front = {
        "title": f"Hỏi - đáp Nghị quyết số {index}-NQ/TW",
        "resolution": {"number": f"{index}-NQ/TW", "name": "về " + sentence(rng, 6, 12).lower(),
                       "issuer": rng.choice(ISSUERS), "issued": dt.date(year, rng.randint(1, 12), 1),
                       "term": "XIII"},
        "level": rng.choice(LEVELS),
        "compiled_by": "Ban Tuyên giáo (thử nghiệm)",
        "updated": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600)),
        "tags": rng.sample(TAGS, 2),
    }
    body = [sentence(rng, 15, 30) + "."]
    per_part = max(1, questions // 3)
    for number in range(1, questions + 1):
        if (number - 1) % per_part == 0:
            body.append(f"## Phần {(number - 1) // per_part + 1}. {sentence(rng, 3, 6)}")
        body.append(f"### Câu {number}. {sentence(rng, 6, 14)}?")
        body.append(f"{sentence(rng, 25, 45)}. {sentence(rng, 15, 30)}.")
        if number % 4 == 0:
            body.append("\n".join(f"- {sentence(rng, 5, 10)}." for _ in range(3)))
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n\n" + "\n\n".join(body) + "\n"


def generate(docs: Path, booklets: int, questions: int) -> list[Path]:
    rng = random.Random(f"{booklets}x{questions}")
    paths = []
    for index in range(1, booklets + 1):
        folder = docs / "nghi-quyet" / "thu-nghiem" / f"nhom-{(index - 1) // 100 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"nq-{index:05d}.md"
        path.write_text(booklet_text(rng, index, questions), encoding="utf-8")
        paths.append(path)
    return paths


def our_project(workdir: Path, booklets: int, questions: int) -> tuple[Path, list[Path]]:
    project = workdir / "ours"
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("overrides", "scripts"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project, generate(project / "docs", booklets, questions)


def vanilla_project(workdir: Path, ours: Path) -> Path:
    """Stock Material over the same Vietnamese pages: default sidebar, no hoidap plugin, no i18n."""
    project = workdir / "vanilla"
    shutil.copytree(ours / "docs", project / "docs", ignore=shutil.ignore_patterns("*.en.md"))
    config = markdown_config(ours)
    config["toc"] = {"permalink": "#"}
    (project / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Vanilla",
        "theme": {"name": "material", "language": "vi", "font": False},
        "plugins": ["search"],
        "markdown_extensions": [{name: options} if options else name for name, options in config.items()],
    }, allow_unicode=True), encoding="utf-8")
    return project


def markdown_config(project: Path) -> dict[str, dict]:
    """Our markdown_extensions as {name: options}, the slugify function included."""
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    return {name: config.mdx_configs.get(name, {}) for name in config.markdown_extensions}


def timed(command: list[str], cwd: Path, cold: bool = False) -> tuple[float, int, float]:
    """Wall time (s), peak memory (MB) and CPU time (s: user + system, with the processes it waited for, such
    as our build's checks, QR codes and search index) of one child process, which must succeed."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if cold:  # a cache folder of its own, empty: every template is compiled
        env["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="hoidap-bench-cache-", dir=cwd)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed in {cwd}:\n{process.stderr.read().decode()[-3000:]}")
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def build(project: Path, cold: bool = False) -> tuple[float, int, float]:
    return timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"], project, cold)


FLOOR_CODE = """
import json, sys, time, markdown
from mkdocs.utils.meta import get_data
exts, cfg, paths, slug = json.loads(sys.stdin.read())
if slug:
    from hoidap.model.booklet import heading_id
    cfg["toc"]["slugify"] = heading_id
texts = [get_data(open(p, encoding="utf-8").read())[0] for p in paths]
md = markdown.Markdown(extensions=exts, extension_configs=cfg)
start, cpu = time.perf_counter(), time.process_time()
for text in texts:
    md.reset().convert(text)
reused, reused_cpu = time.perf_counter() - start, time.process_time() - cpu
start, cpu = time.perf_counter(), time.process_time()
for text in texts:
    markdown.markdown(text, extensions=exts, extension_configs=cfg)
print(reused, time.perf_counter() - start, reused_cpu, time.process_time() - cpu)
"""


def floor(project: Path, paths: list[Path]) -> tuple[float, float, float, float]:
    """Seconds Python-Markdown alone takes to convert the booklets with our extensions.

    Two figures: one ``Markdown`` instance reset between files (the tightest floor), and
    ``markdown.markdown()`` per file, a fresh instance each time as MkDocs makes per page;
    wall time, then CPU time, of each.
    """
    config = markdown_config(project)
    slug = config.get("toc", {}).pop("slugify", None) is not None
    payload = [list(config), config, [str(p) for p in paths], slug]
    result = subprocess.run([sys.executable, "-c", FLOOR_CODE], input=json.dumps(payload), text=True,
                            capture_output=True, check=True)
    reused, fresh, reused_cpu, fresh_cpu = (float(value) for value in result.stdout.split())
    return reused, fresh, reused_cpu, fresh_cpu


def check_times(project: Path, one: Path) -> tuple[float, float]:
    """Seconds ``scripts/check.py`` takes over the whole docs tree, and over one booklet."""
    command = [sys.executable, str(ROOT / "scripts" / "check.py"), "--config", str(project / "mkdocs.yml")]
    everything = timed(command, project)[0]
    single = timed([*command, str(one)], project)[0]
    return everything, single


def page_bytes(site: Path) -> int:
    pages = list((site / "nghi-quyet").rglob("index.html"))
    return sum(p.stat().st_size for p in pages) // len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200x50,250x10,1000x10,2000x10",
                        help="comma-separated BOOKLETSxQUESTIONS")
    parser.add_argument("--skip-vanilla", action="store_true", help="leave out the stock Material build")
    parser.add_argument("--check", action="store_true", help="also time scripts/check.py (whole tree, one file)")
    parser.add_argument("--cold", action="store_true", help="our builds start without compiled templates")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="build in DIR/<size>/ and keep the projects there (to profile a build)")
    args = parser.parse_args()
    rows = []
    checks: list[str] = []
    print(f"# {dt.date.today()} · Python {platform.python_version()} · {os.cpu_count()} CPU · compiled templates "
          f"{'none (--cold)' if args.cold else 'kept'}\n")
    print("| corpus | build | time (s) | CPU (s) | peak MB | HTML per booklet page (KB) | × floor | × per-file floor "
          "| CPU × floor |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes.split(","):
        booklets, questions = (int(n) for n in size.lower().split("x"))
        with contextlib.ExitStack() as stack:
            if args.keep:
                workdir = args.keep / size
                shutil.rmtree(workdir, ignore_errors=True)
                workdir.mkdir(parents=True)
                print(f"<!-- projects kept in {workdir} -->", flush=True)
            else:
                workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hoidap-bench-")))
            ours, paths = our_project(workdir, booklets, questions)
            base, fresh, base_cpu, fresh_cpu = floor(ours, paths)
            builds = [("ours", ours)]
            if not args.skip_vanilla:
                builds.append(("vanilla", vanilla_project(workdir, ours)))
            print(f"| {size} | Markdown floor, one instance | {base:.2f} | {base_cpu:.2f} | | | 1.00 | | 1.00 |",
                  flush=True)
            print(f"| {size} | Markdown floor, per file | {fresh:.2f} | {fresh_cpu:.2f} | | | {fresh / base:.2f} "
                  f"| 1.00 | {fresh_cpu / base_cpu:.2f} |", flush=True)
            for name, project in builds:
                seconds, memory, cpu = build(project, args.cold)
                size_kb = page_bytes(project / "site") / 1024
                rows.append((size, name, seconds, size_kb))
                if name == "ours" and args.check:
                    everything, single = check_times(project, paths[0])
                    checks.append(f"| {size} | {everything:.2f} | {everything / seconds:.0%} | {single:.2f} |")
                print(f"| {size} | {name} | {seconds:.2f} | {cpu:.2f} | {memory} | {size_kb:.1f} "
                      f"| {seconds / base:.2f} | {seconds / fresh:.2f} | {cpu / base_cpu:.2f} |", flush=True)
    if checks:
        print("\n| corpus | check.py, whole tree (s) | share of our build | check.py, one booklet (s) |")
        print("|---|---:|---:|---:|")
        print("\n".join(checks))
    ours = {size: (seconds, kb) for size, name, seconds, kb in rows if name == "ours"}
    if "1000x10" in ours and "2000x10" in ours:
        print(f"\nt(2000x10) / t(1000x10), ours: {ours['2000x10'][0] / ours['1000x10'][0]:.2f}")
    if "250x10" in ours and "2000x10" in ours:
        print(f"HTML per page 2000x10 / 250x10, ours: {ours['2000x10'][1] / ours['250x10'][1]:.3f}")
    single = sorted((int(size.split("x")[1]), seconds) for size, (seconds, _) in ours.items() if size.startswith("1x"))
    if len(single) > 1:
        print("\none booklet, ours: " + ", ".join(f"{questions:,} questions {seconds:.1f} s "
                                                  f"({1000 * seconds / questions:.2f} s per 1,000)"
                                                  for questions, seconds in single))
        (fewest, first), (most, last) = single[0], single[-1]
        print(f"t(1x{most}) / t(1x{fewest}), ours: {last / first:.2f} for {most / fewest:.0f}x the questions")


if __name__ == "__main__":
    main()
