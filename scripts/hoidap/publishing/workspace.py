"""Helpers for commands and tests that work on a copy of the project or on a built site."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

PROJECT_FILES = ("mkdocs.yml", "docs", "overrides", "scripts", "editor")  # what a build reads (editor/: when on)


def copy_project(source: Path, target: Path) -> Path:
    """Copy the site sources of the project at ``source`` (config, content, templates, scripts) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, target / name)
    return target


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` as a board would, in ``project``, into ``site``; output captured."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra, "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=1800)


class _FolderHandler(SimpleHTTPRequestHandler):
    """GET and HEAD of the files inside one folder: no listing of folders, nothing reached through a link
    that leads out of the folder (``..`` is already dropped by ``translate_path``), no access log."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        served = [path, path / "index.html", path / "index.htm"] if path.is_dir() else [path]
        if not all(_inside(candidate, Path(self.directory)) for candidate in served):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()


class _QuietServer(ThreadingHTTPServer):
    """A client that goes away mid-answer (a browser closed on a time limit) is not an error to print."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _inside(path: Path, folder: Path) -> bool:
    """True when ``path``, links resolved, is ``folder`` or lies in it (also when it does not exist)."""
    return path.resolve().is_relative_to(folder.resolve())


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve the files of ``directory`` over HTTP on 127.0.0.1 (a free port) while the block runs; yields
    the base URL, ``http://127.0.0.1:PORT``. Nothing outside ``directory`` is served."""
    handler = functools.partial(_FolderHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
