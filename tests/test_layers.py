"""The plugin is a thin adapter: only it and the modules that render the site import MkDocs, so the booklet
model, the checks, the importer and the Vietnamese text work without MkDocs (and another site generator
would need a new adapter, nothing more)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts" / "hoidap"
# The modules that may reach MkDocs, directly or through another module of the package: the plugin and
# the site's rendering. Adding one here is a decision about the package's shape, not a fix for this test.
SITE = {"plugin", "page_head", "printing", "assets", "browse", "feeds", "preview"}  # preview: mkdocs serve
COMMANDS_WITH_MKDOCS = {"bench"}   # the benchmark loads MkDocs' config to copy its Markdown settings


def imports(path: Path) -> set[str]:
    """The modules ``path`` imports (``from hoidap import x`` counts as ``hoidap.x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "hoidap":
                found |= {f"hoidap.{alias.name}" for alias in node.names}
    return found


def is_mkdocs(module: str) -> bool:
    return module == "mkdocs" or module.startswith("mkdocs.")


def reaches_mkdocs(graph: dict[str, set[str]]) -> set[str]:
    """The modules of ``graph`` that import MkDocs directly or through other modules of the package."""
    local = {name: {m.split(".")[1] for m in found if m.startswith("hoidap.")} for name, found in graph.items()}
    reached = {name for name, found in graph.items() if any(is_mkdocs(m) for m in found)}
    while True:
        more = {name for name, deps in local.items() if name not in reached and deps & reached}
        if not more:
            return reached
        reached |= more


def test_only_the_plugin_and_the_site_rendering_reach_mkdocs():
    graph = {path.stem: imports(path) for path in PACKAGE.glob("*.py")}
    assert reaches_mkdocs(graph) == SITE


def test_the_commands_import_no_mkdocs_but_through_the_site_modules():
    for path in (ROOT / "scripts").glob("*.py"):
        found = imports(path)
        site = {m for m in found if m.startswith("hoidap.") and m.split(".")[1] in SITE}
        if path.stem not in COMMANDS_WITH_MKDOCS:
            assert not any(is_mkdocs(m) for m in found) and not site, (path.name, found)


def test_the_package_outside_the_site_imports_and_checks_with_mkdocs_missing():
    """Every other module imports, and the checker checks the sample docs, in a Python where ``import mkdocs``
    fails, as on a machine without it."""
    modules = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem not in SITE | {"__init__"})
    code = (
        "import importlib, sys\n"
        "class Blocked:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'mkdocs' or name.startswith('mkdocs.'):\n"
        "            raise ImportError('mkdocs is blocked')\n"
        "sys.meta_path.insert(0, Blocked())\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('hoidap.' + name)\n"
        "from pathlib import Path\n"
        "from hoidap.checker import check_tree\n"
        "from hoidap.checks import Settings\n"
        "report = check_tree(Path('docs'), ['vi', 'en'], 'vi', Settings())\n"
        "assert report.checked > 3 and not report.errors, report.errors\n"
        "assert not any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
