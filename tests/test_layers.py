"""The package's rooms: the plugin is a thin adapter, and only the site room (the plugin and what renders the
site) imports MkDocs, so the booklet model, the checks, the importer and the Vietnamese text work without MkDocs
(another site generator would need a new adapter, nothing more); README's map names every room and module; and
the package holds no code that only the tests use."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts" / "hoidap"
SITE = "site"  # the one room whose modules may reach MkDocs, directly or through another module of the package
COMMANDS_WITH_MKDOCS = {"bench"}   # the benchmark loads MkDocs' config to copy its Markdown settings


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name under ``hoidap`` (``site.plugin``, ``cli``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path) -> set[str]:
    """The modules ``path`` imports (``from hoidap import x`` counts as ``hoidap.x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module.startswith("hoidap"):  # from hoidap.site import plugin: hoidap.site.plugin
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def is_mkdocs(module: str) -> bool:
    return module == "mkdocs" or module.startswith("mkdocs.")


def reaches_mkdocs(graph: dict[str, set[str]]) -> set[str]:
    """The modules of ``graph`` that import MkDocs directly or through other modules of the package."""
    local = {name: {m.removeprefix("hoidap.") for m in found if m.startswith("hoidap.")} & set(graph)
             for name, found in graph.items()}
    reached = {name for name, found in graph.items() if any(is_mkdocs(m) for m in found)}
    while True:
        more = {name for name, deps in local.items() if name not in reached and deps & reached}
        if not more:
            return reached
        reached |= more


def in_site(name: str) -> bool:
    return name == SITE or name.startswith(SITE + ".")


def test_only_the_site_room_reaches_mkdocs():
    reached = reaches_mkdocs({name: imports(path) for name, path in modules().items()})
    assert "site.plugin" in reached
    assert {name for name in reached if not in_site(name)} == set()


def test_the_commands_import_no_mkdocs_but_through_the_site_modules():
    for path in (ROOT / "scripts").glob("*.py"):
        found = imports(path)
        site = {m for m in found if in_site(m.removeprefix("hoidap."))}
        if path.stem not in COMMANDS_WITH_MKDOCS:
            assert not any(is_mkdocs(m) for m in found) and not site, (path.name, found)


def test_the_package_outside_the_site_imports_and_checks_with_mkdocs_missing():
    """Every other module imports, and the checker checks the sample docs, in a Python where ``import mkdocs``
    fails, as on a machine without it."""
    outside = sorted(name for name in modules() if name and not in_site(name))
    code = (
        "import importlib, sys\n"
        "class Blocked:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'mkdocs' or name.startswith('mkdocs.'):\n"
        "            raise ImportError('mkdocs is blocked')\n"
        "sys.meta_path.insert(0, Blocked())\n"
        f"for name in {outside!r}:\n"
        "    importlib.import_module('hoidap.' + name)\n"
        "from pathlib import Path\n"
        "from hoidap.checking.checker import check_tree\n"
        "from hoidap.checking.checks import Settings\n"
        "report = check_tree(Path('docs'), ['vi', 'en'], 'vi', Settings())\n"
        "assert report.checked > 3 and not report.errors, report.errors\n"
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr


def test_readme_maps_every_room_and_module():
    """README's map of the package names each room (``hoidap/model/``) and each module in it (``booklet.py``),
    and nothing that is not there."""
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index("<!-- package map -->")
    mapped = readme[start:readme.index("<!-- /package map -->", start)]
    rooms = {name for name in modules() if name and "." not in name and (PACKAGE / name).is_dir()}
    for room in rooms:
        assert f"`hoidap/{room}/`" in mapped, room
    listed = set()
    for line in mapped.splitlines():
        if line.startswith("| `hoidap/"):
            room = line.split("`")[1].removeprefix("hoidap/").rstrip("/")
            listed |= {f"{room}.{word.strip('`,').removesuffix('.py')}".lstrip(".")
                       for word in line.split("|")[2].split() if word.strip("`,").endswith(".py")}
    expected = {name for name in modules() if name and name not in rooms}
    assert listed == expected, (sorted(expected - listed), sorted(listed - expected))


def test_no_public_function_or_class_of_the_package_is_used_by_the_tests_alone():
    """Each one is named somewhere outside ``tests/`` besides its own definition: in the package, a command or
    benchmark of ``scripts/``, a template, or the project's settings. What only the tests use lives in tests/."""
    texts = [path.read_text("utf-8") for path in sorted((ROOT / "scripts").rglob("*.py"))]
    texts += [path.read_text("utf-8") for path in sorted((ROOT / "overrides").rglob("*.html"))]
    texts += [(ROOT / name).read_text("utf-8") for name in ("mkdocs.yml", "pyproject.toml", "Makefile")]
    unused = []
    for path in modules().values():
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                word = re.compile(rf"\b{re.escape(node.name)}\b")
                if sum(len(word.findall(text)) for text in texts) <= 1:
                    unused.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not unused, "used by the tests alone (move them to tests/):\n" + "\n".join(unused)
