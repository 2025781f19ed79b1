"""Run the shipped nginx configuration (``deploy/``) on loopback for a built site: tests and the load check.

Only the machine-specific lines are rewritten (listen address, the site's folder); the snippets are
included by the same relative path (``hoidap/…``, here a link to ``deploy/nginx/``), so the headers,
caching and compression are the files a board copies.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
BROTLI_LINE = "# include hoidap/hoidap-brotli.conf;"
SUBPATH = "/hoi-dap/"
_MAIN = """\
worker_processes {workers};
daemon off;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{modules}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


class NginxError(RuntimeError):
    """nginx is missing or would not start; the message is for the reader (Vietnamese)."""


def binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise NginxError("Chưa có nginx: cài gói Debian 'nginx' (make system hoặc apt-get install nginx).")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_config(docroot: Path, port: int, subpath: bool = False, brotli: bool = False) -> str:
    """``deploy/nginx.conf`` (or ``nginx-subpath.conf``) for a site in ``docroot`` on 127.0.0.1:``port``.

    Under a sub-path the built site must be ``docroot/hoi-dap/``, as the example config expects.
    """
    name, folder = ("nginx-subpath.conf", "/var/www/html") if subpath else ("nginx.conf", "/srv/hoidap/current")
    text = (DEPLOY / name).read_text(encoding="utf-8")
    if brotli:
        text = text.replace(BROTLI_LINE, BROTLI_LINE.removeprefix("# "))
    text = text.replace("listen [::]:80;\n", "").replace("listen 80;", f"listen 127.0.0.1:{port};")
    return text.replace(folder, str(docroot))


@contextlib.contextmanager
def serve(docroot: Path, workdir: Path, subpath: bool = False, brotli: bool = False,
          workers: int = 1) -> Iterator[str]:
    """nginx with the shipped config serving ``docroot`` while the block runs; yields the site's base URL."""
    nginx = binary()
    if brotli and not BROTLI_MODULE.exists():
        raise NginxError("Chưa có mô-đun brotli: apt-get install libnginx-mod-http-brotli-filter.")
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    snippets = workdir / "hoidap"
    if not snippets.exists():
        snippets.symlink_to(DEPLOY / "nginx", target_is_directory=True)
    (workdir / "site.conf").write_text(site_config(docroot, port, subpath, brotli), encoding="utf-8")
    modules = f"load_module {BROTLI_MODULE};" if brotli else ""
    user = "user root;" if os.geteuid() == 0 else ""
    main = workdir / "nginx.conf"
    main.write_text(_MAIN.format(workers=workers, user=user, tmp=workdir, modules=modules), encoding="utf-8")
    log = workdir / "error.log"
    process = subprocess.Popen([nginx, "-c", str(main), "-p", str(workdir), "-e", str(log)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}{SUBPATH if subpath else '/'}"
    try:
        _wait(process, url, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait(process: subprocess.Popen, url: str, log: Path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    errors = (process.stderr.read().decode() if process.poll() is not None and process.stderr else "")
    errors += log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    process.terminate()
    raise NginxError(f"nginx không chạy được với cấu hình trong deploy/:\n{errors.strip()}")
