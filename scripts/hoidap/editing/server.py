"""The local editor's server (``make edit``): the editor's page at ``/admin/`` and, on the same origin, the API
Decap CMS's proxy backend speaks (``POST /api/v1``, the actions of decap-server's local file-system middleware),
plus ``POST /api/check`` for the preview's findings.

Only this machine may use it: it listens on 127.0.0.1, answers only requests whose ``Host`` is 127.0.0.1 or
localhost on its port (a page of another site cannot reach it by a DNS name pointed at 127.0.0.1) and refuses a
``POST`` from another origin. It reads and writes only under the docs folder: Markdown files and pictures, by
paths without ``..``, never through a symbolic link. A save is the checked, minimal rewrite of
:mod:`hoidap.editing.frontpatch`, refused with the checker's Vietnamese messages when the booklet has an error; a
file is deleted only when it is the one entry the author deletes, or a picture this server wrote.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import sys
import threading
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from hoidap.authoring.front_writer import front_matter_text
from hoidap.cli import DEBUG, REPORT
from hoidap.editing.config import MEDIA_EXTENSIONS, Backend, config_yaml, editor_config
from hoidap.editing.drafts import DraftChecker, refusal
from hoidap.editing.frontpatch import merge
from hoidap.editing.page import PREVIEW_STYLES, STATIC, index_html, policy
from hoidap.files import write_atomically
from hoidap.model.findings import BookletError
from hoidap.model.siteconfig import SiteConfig
from hoidap.vietnamese.vntext import slugify

MAX_BODY = 32 * 1024 * 1024  # a request: a booklet and its pictures, base64
UPLOADS = tuple(extension for extension in MEDIA_EXTENSIONS if extension != ".svg")  # no scripts in pictures
CSP = policy()


class Refused(Exception):
    """A request the server does not carry out; ``str()`` is the Vietnamese reason the editor shows."""

    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.UNPROCESSABLE_ENTITY) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Editor:
    """What the server edits: the site (its docs folder) and where the editor's files are."""

    site: SiteConfig
    editor_dir: Path
    backend: Backend = field(default_factory=Backend)
    created: set[Path] = field(default_factory=set)  # files this server wrote that did not exist before
    served: dict[Path, str] = field(default_factory=dict)  # each entry's digest as the editor last read or saved it
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.checker = DraftChecker(self.site)

    @property
    def docs(self) -> Path:
        return self.site.docs_dir.resolve()

    def config(self) -> str:
        return config_yaml(editor_config(self.site, self.backend))

    # --- paths ---------------------------------------------------------------------------------------------

    def resolve(self, path: Any, extensions: tuple[str, ...]) -> Path:
        """The file a request names (relative to the project, under the docs folder), refused when it leaves
        the docs folder, goes through a symbolic link or is not one of ``extensions``."""
        if not isinstance(path, str) or not path or "\\" in path or "\0" in path:
            raise Refused(f"đường dẫn '{path}' không hợp lệ.", HTTPStatus.BAD_REQUEST)
        pure = PurePosixPath(path)
        prefix = self.site.docs_dir.relative_to(self.site.root).as_posix() \
            if self.site.docs_dir.is_relative_to(self.site.root) else ""
        parts = pure.parts
        if pure.is_absolute() or ".." in parts or "." in parts or not prefix \
                or PurePosixPath(*parts[:len(PurePosixPath(prefix).parts)]) != PurePosixPath(prefix):
            raise Refused(f"'{path}' nằm ngoài thư mục {prefix or 'docs'}: trình soạn thảo chỉ sửa tệp trong đó.",
                          HTTPStatus.FORBIDDEN)
        if pure.suffix.lower() not in extensions:
            raise Refused(f"'{path}': trình soạn thảo chỉ mở tệp {', '.join(extensions)}.", HTTPStatus.FORBIDDEN)
        target = self.docs.joinpath(*parts[len(PurePosixPath(prefix).parts):])
        walked = self.docs
        for part in target.relative_to(self.docs).parts:
            walked = walked / part
            if walked.is_symlink():
                raise Refused(f"'{path}' đi qua liên kết tượng trưng (symlink); trình soạn thảo không theo "
                              "liên kết ra ngoài thư mục tài liệu.", HTTPStatus.FORBIDDEN)
        if not target.resolve().is_relative_to(self.docs):
            raise Refused(f"'{path}' nằm ngoài thư mục tài liệu.", HTTPStatus.FORBIDDEN)
        return target

    def shown(self, target: Path) -> str:
        """A file as the editor names it (relative to the project, with /)."""
        return target.relative_to(self.site.root.resolve()).as_posix() \
            if target.is_relative_to(self.site.root.resolve()) else target.as_posix()

    def docs_path(self, target: Path) -> str:
        return target.relative_to(self.docs).as_posix()

    # --- the actions of Decap's proxy backend ----------------------------------------------------------------

    def action(self, name: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"do_{name}", None) if name and name.isidentifier() else None
        if handler is None:
            raise Refused(f"trình soạn thảo gửi yêu cầu '{name}' mà máy chủ không hỗ trợ.")
        return handler(params)

    def do_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"repo": self.site.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def do_entriesByFolder(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        folder = self.resolve(str(params.get("folder", "")) + "/x.md", (".md",)).parent
        extension = str(params.get("extension") or "md")
        depth = int(params.get("depth") or 1)
        others = {language for language in self.site.languages if language != self.site.default_language}
        found = []
        for path in sorted(self._walk(folder, depth)):
            name = path.name
            if not name.endswith("." + extension) or path.suffix != ".md":
                continue
            parts = name.split(".")
            if extension == "md" and len(parts) > 2 and parts[-2] in others:
                continue  # a translation: listed by its language's collection (extension "en.md")
            found.append(self._entry(path))
        return found

    def do_entriesByFiles(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [self._entry(self.resolve(item.get("path"), (".md",)), item.get("label"))
                for item in params.get("files") or []]

    def do_getEntry(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._entry(self.resolve(params.get("path"), (".md",)))

    def do_persistEntry(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        with self.lock:  # checked and written as one step: no other save in between
            new = bool((params.get("options") or {}).get("newEntry"))
            writes = [self._checked(item, new) for item in files]
            assets = [self._asset(asset) for asset in params.get("assets") or []]
            for target, data in [*writes, *assets]:
                self._write(target, data)
                self.served[target] = hashlib.sha256(data).hexdigest()
        return {"message": "entry persisted"}

    def _checked(self, item: dict[str, Any], new: bool) -> tuple[Path, bytes]:
        """What to write for one file the editor saves (``new``: a new entry): the minimal rewrite, refused when
        the checker finds an error, when a new entry's file exists, or when the file changed on disk since the
        editor read it (another program saved it)."""
        if item.get("newPath") and item["newPath"] != item.get("path"):
            raise Refused("trình soạn thảo không đổi tên tệp: muốn đổi tên thì đổi trong thư mục docs.")
        target = self.resolve(item.get("path"), (".md",))
        if new and (target.exists() or target.is_symlink()):
            raise Refused(f"đã có tệp {self.shown(target)}: tài liệu mới không ghi đè tệp nào. Mở tài liệu đó để "
                          "sửa, hoặc đổi số hiệu nếu đây là tài liệu khác.", HTTPStatus.CONFLICT)
        current = target.read_bytes() if target.exists() else b""
        if target in self.served and current and hashlib.sha256(current).hexdigest() != self.served[target]:
            raise Refused(f"{self.shown(target)} vừa được sửa bằng chương trình khác sau khi trình soạn thảo mở nó; "
                          "không ghi đè. Chép phần vừa viết ra chỗ khác, tải lại trang (F5) rồi sửa lại.",
                          HTTPStatus.CONFLICT)
        try:
            text = merge(current.decode("utf-8"), str(item.get("raw", "")), self.docs_path(target))
        except BookletError as error:
            raise Refused(refusal(self.docs_path(target), list(error.findings))) from None
        findings = self.checker.check(self.docs_path(target), text)
        if any(finding.severity == "error" for finding in findings):
            raise Refused(refusal(self.docs_path(target), findings))
        return target, text.encode("utf-8")

    def do_getMedia(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        folder = self.resolve(str(params.get("mediaFolder", "")) + "/x.png", UPLOADS).parent
        return [self._media(path) for path in sorted(self._walk(folder, 1)) if path.suffix.lower() in UPLOADS]

    def do_getMediaFile(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._media(self.resolve(params.get("path"), MEDIA_EXTENSIONS))

    def do_persistMedia(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            target, data = self._asset(params.get("asset") or {})
            self._write(target, data)
        return self._media(target)

    def do_deleteFile(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.do_deleteFiles({"paths": [params.get("path")]})

    def do_deleteFiles(self, params: dict[str, Any]) -> dict[str, Any]:
        paths = params.get("paths") or []
        targets = [self.resolve(path, (".md", *MEDIA_EXTENSIONS)) for path in paths]
        entry = len(targets) == 1 and targets[0].suffix == ".md"  # the author deletes this one entry
        for target in targets:
            if not entry and target not in self.created:
                raise Refused(f"không xóa {self.shown(target)}: trình soạn thảo chỉ xóa tài liệu bạn chọn xóa, "
                              "hoặc ảnh vừa tải lên trong lần soạn này. Muốn xóa thì xóa trong thư mục docs.")
        with self.lock:
            for target in targets:
                target.unlink(missing_ok=True)
                self.created.discard(target)
        return {"message": f"deleted {', '.join(self.shown(target) for target in targets)}"}

    def do_getDeployPreview(self, params: dict[str, Any]) -> None:
        return None

    def check(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The checker's findings on a draft (``path``, and ``data``: the entry's fields, its body under
        ``body``), for the preview; lines are those of the file the draft would be saved as."""
        target = self.resolve(params.get("path"), (".md",))
        original = target.read_bytes().decode("utf-8") if target.exists() else ""
        data = params.get("data") if isinstance(params.get("data"), dict) else {}
        front = {key: value for key, value in data.items() if key != "body"}
        raw = front_matter_text(front) + str(data.get("body") or "")
        try:
            text = merge(original, raw, self.docs_path(target))
        except BookletError as error:
            findings = list(error.findings)
        else:
            findings = self.checker.check(self.docs_path(target), text)
        return [{"line": f.line, "code": f.code, "severity": f.severity, "message": f.message} for f in findings]

    # --- helpers -------------------------------------------------------------------------------------------

    def _walk(self, folder: Path, depth: int) -> list[Path]:
        if depth <= 0 or not folder.is_dir() or folder.is_symlink():
            return []
        found = []
        for path in folder.iterdir():
            if path.name.startswith(".") or path.is_symlink():
                continue
            if path.is_dir():
                found += self._walk(path, depth - 1)
            elif path.is_file():
                found.append(path)
        return found

    def _entry(self, target: Path, label: str | None = None) -> dict[str, Any]:
        shown = self.shown(target)
        try:
            data = target.read_bytes()
        except OSError:
            return {"data": None, "file": {"path": shown, "label": label, "id": None}}
        digest = hashlib.sha256(data).hexdigest()
        self.served[target] = digest
        return {"data": data.decode("utf-8", errors="replace").lstrip("\ufeff"),
                "file": {"path": shown, "label": label, "id": digest}}

    def _media(self, target: Path) -> dict[str, Any]:
        data = target.read_bytes()
        return {"id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode("ascii"),
                "encoding": "base64", "path": self.shown(target), "name": target.name}

    def _asset(self, asset: dict[str, Any]) -> tuple[Path, bytes]:
        """A picture to write: a safe name (letters without marks, digits, '-'), never over a file this server
        did not write."""
        target = self.resolve(asset.get("path"), UPLOADS)
        stem = target.stem
        if slugify(stem) != stem:
            raise Refused(f"tên ảnh '{target.name}' có dấu, dấu cách hoặc ký tự đặc biệt: đổi tên thành "
                          f"'{slugify(stem) or 'anh'}{target.suffix.lower()}' rồi tải lên lại.")
        if target.exists() and target not in self.created:
            raise Refused(f"đã có ảnh {self.shown(target)}: đổi tên ảnh mới rồi tải lên lại (không ghi đè ảnh cũ).")
        try:
            return target, base64.b64decode(str(asset.get("content", "")), validate=True)
        except (binascii.Error, ValueError):
            raise Refused(f"ảnh {target.name} gửi lên bị hỏng; tải lên lại.") from None

    def _write(self, target: Path, data: bytes) -> None:
        """Write atomically, then read back to be sure the file holds exactly ``data``."""
        new = not target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
        if new:
            self.created.add(target)
        if target.read_bytes() != data:
            raise Refused(f"đã ghi {self.shown(target)} nhưng đọc lại không khớp; kiểm tra ổ đĩa rồi lưu lại.",
                          HTTPStatus.INTERNAL_SERVER_ERROR)


class Handler(BaseHTTPRequestHandler):
    """One request: the editor's page and files, or the API. ``server.editor`` is the :class:`Editor`."""

    server: EditorServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if not self._allowed():
            return
        path = urlsplit(self.path).path
        editor = self.server.editor
        if path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        elif path in ("/", "/admin"):
            self._send(HTTPStatus.FOUND, b"", "text/plain", {"Location": "/admin/"})
        elif path == "/admin/":
            names = [collection["name"] for collection in editor_config(editor.site, editor.backend)["collections"]]
            self._send(HTTPStatus.OK, index_html(editor.backend.name, names).encode("utf-8"),
                       "text/html; charset=utf-8")
        elif path == "/admin/config.yml":
            self._send(HTTPStatus.OK, editor.config().encode("utf-8"), "text/yaml; charset=utf-8")
        elif path.removeprefix("/admin/") in STATIC:
            name = path.removeprefix("/admin/")
            self._file(editor.editor_dir / name, STATIC[name])
        elif path.startswith("/admin/site/") and path.removeprefix("/admin/site/") in PREVIEW_STYLES:
            self._file(editor.site.root / "overrides/assets/stylesheets" / path.removeprefix("/admin/site/"),
                       "text/css")
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": "không có trang này."})

    def do_POST(self) -> None:
        if not self._allowed(post=True):
            return
        path = urlsplit(self.path).path
        if path not in ("/api/v1", "/api/check"):
            self._json(HTTPStatus.NOT_FOUND, {"error": "không có địa chỉ này."})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0:
                raise Refused("yêu cầu không đúng dạng.", HTTPStatus.BAD_REQUEST)
            if length > MAX_BODY:
                raise Refused("yêu cầu quá lớn (ảnh trên 20 MB?): thu nhỏ ảnh rồi tải lên lại.",
                              HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            if not isinstance(body, dict):
                raise Refused("yêu cầu không đúng dạng.", HTTPStatus.BAD_REQUEST)
            params = body.get("params") if isinstance(body.get("params"), dict) else {}
            editor = self.server.editor
            result = editor.check(body) if path == "/api/check" else editor.action(str(body.get("action")), params)
        except Refused as error:
            self._refuse(error.status, str(error))
        except (ValueError, UnicodeDecodeError):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "yêu cầu không đúng dạng JSON."})
        except OSError as error:
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"lỗi đọc ghi tệp: {error.strerror}."})
        except Exception as error:  # a defect of ours: the author sees it in the page and on the terminal
            self.server.report(error)
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "lỗi của chương trình, không phải của tài liệu: "
                                                                   "xem cửa sổ đang chạy make edit."})
        else:
            self._json(HTTPStatus.OK, result)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows only what the author needs (the address, refusals)."""

    def _allowed(self, post: bool = False) -> bool:
        """Whether the request comes from this machine's editor page: Host is ours (no DNS rebinding) and a
        POST is JSON from our own origin (no cross-site form post)."""
        hosts = {f"127.0.0.1:{self.server.port}", f"localhost:{self.server.port}"}
        origin = self.headers.get("Origin")
        reason = None
        if self.headers.get("Host") not in hosts:
            reason = "địa chỉ máy chủ không đúng"
        elif origin is not None and origin not in {f"http://{host}" for host in hosts}:
            reason = "yêu cầu từ trang khác"
        elif post and (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            reason = "yêu cầu không phải JSON"
        elif self.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
            reason = "yêu cầu từ trang khác"
        if reason:
            self._refuse(HTTPStatus.FORBIDDEN, f"từ chối: {reason}.")
        return reason is None

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        """Answer and close the connection: a body left unread must not be read as the next request."""
        self.close_connection = True
        self._send(status, json.dumps({"error": message}, ensure_ascii=False).encode("utf-8"),
                   "application/json; charset=utf-8", {"Connection": "close"})

    def _file(self, path: Path, kind: str) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            self._json(HTTPStatus.NOT_FOUND, {"error": f"thiếu tệp {path.name} của trình soạn thảo."})
            return
        self._send(HTTPStatus.OK, data, kind + ("; charset=utf-8" if kind.startswith("text/") else ""))

    def _json(self, status: HTTPStatus, value: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: HTTPStatus, data: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": kind, "Content-Length": str(len(data)), "Cache-Control": "no-store",
                            "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                            "Referrer-Policy": "no-referrer", **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class EditorServer(ThreadingHTTPServer):
    """The HTTP server on 127.0.0.1 (port 0: a free one)."""

    daemon_threads = True

    def __init__(self, editor: Editor, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.editor = editor
        self.port = self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/admin/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops its connection is no news; any other failure is reported (see :meth:`report`)
        and the server goes on serving."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            self.report(error)

    def report(self, error: BaseException | None) -> None:
        """One Vietnamese line on the terminal, never a traceback (unless HOIDAP_DEBUG=1)."""
        print(f"Trình soạn thảo: một yêu cầu gặp lỗi ({type(error).__name__}: {error}). {REPORT}", file=sys.stderr)
        if os.environ.get(DEBUG):
            traceback.print_exception(error)
