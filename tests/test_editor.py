"""The web editor without a browser: the configuration generated from the schema, the minimal rewrite of a saved
file, and the local server's refusals (wrong host or origin, paths out of docs/, broken booklets, unsafe names)."""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import http.client
import json
import os
import re
import threading
from pathlib import Path

import pytest
import yaml
from conftest import script
from hoidap.editing.config import NUMBER_PATTERN, Backend, config_yaml, editor_config
from hoidap.editing.frontpatch import merge
from hoidap.editing.server import Editor, EditorServer
from hoidap.model import siteconfig
from hoidap.model.frontmatter import split
from hoidap.model.schema import FIELDS, LEVELS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "docs/nghi-quyet/trung-uong/19-nq-tw.md"
SAMPLES = sorted([*(ROOT / "docs/nghi-quyet").rglob("*.md"), *(ROOT / "docs/ke-hoach").rglob("*.md")])


def site() -> siteconfig.SiteConfig:
    return siteconfig.read(ROOT / "mkdocs.yml")


def flat_fields(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """Decap fields by dotted key (``resolution.number``), objects opened."""
    found = {}
    for field in fields:
        key = prefix + field["name"]
        if field["widget"] == "object":
            found |= flat_fields(field["fields"], key + ".")
        else:
            found[key] = field
    return found


# --- the configuration -------------------------------------------------------------------------------------

def test_every_booklet_collection_has_every_schema_field_as_the_schema_says():
    config = editor_config(site(), Backend())
    booklets = [c for c in config["collections"] if c["name"].startswith("nghi-quyet-")]
    assert len(booklets) == 2 * len(LEVELS)  # Vietnamese originals and English translations, per level
    for collection in booklets:
        fields = flat_fields(collection["fields"])
        assert set(fields) == {field.key for field in FIELDS} | {"body"}
        for field in FIELDS:
            widget = fields[field.key]
            assert widget["required"] is field.required, field.key
            assert widget["hint"] and widget["label"]
            if field.kind == "date":
                assert (widget["widget"], widget["format"], widget["time_format"]) == ("datetime", "YYYY-MM-DD", False)
        level = fields["level"]
        assert level["widget"] == "select"
        assert [option["value"] for option in level["options"]] == [item.key for item in LEVELS]
        assert fields["body"]["modes"] == ["raw"]  # saved as typed, never reformatted by a rich-text editor
        assert collection["folder"].startswith("docs/nghi-quyet/")
        assert level["default"] == collection["folder"].rsplit("/", 1)[1]
    assert {c["extension"] for c in booklets} == {"md", "en.md"}


def test_the_number_pattern_takes_what_the_checker_takes():
    pattern = re.compile(NUMBER_PATTERN)
    for number in ("19-NQ/TW", "05-NQ/TU", "12-NQ/ĐU"):
        assert pattern.match(number)
    for wrong in ("NQ/TW", "19", ""):
        assert not pattern.match(wrong)


def test_the_backend_is_a_parameter_and_the_config_is_valid_yaml():
    for backend, expected in ((Backend(), {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}),
                              (Backend("github", repo="ban/hoidap", branch="chinh"),
                               {"name": "github", "repo": "ban/hoidap", "branch": "chinh"}),
                              (Backend("gitlab", repo="ban/hoidap"), {"name": "gitlab", "repo": "ban/hoidap",
                                                                      "branch": "main"})):
        config = yaml.safe_load(config_yaml(editor_config(site(), backend)))
        assert config["backend"] == expected
        assert config["locale"] == "vi"
        assert (config["media_folder"], config["public_folder"]) == ("docs/assets/anh", "../../assets/anh")
    plan = next(c for c in editor_config(site(), Backend())["collections"] if c["name"] == "ke-hoach")
    assert set(flat_fields(plan["fields"])) == {"title", "description", "plan.resolutions", "plan.organiser",
                                                "plan.participants", "plan.sessions", "body"}


# --- the minimal rewrite -----------------------------------------------------------------------------------

def as_editor_sends(text: str, change: dict | None = None) -> str:
    """What Decap sends for ``text``: its own YAML of the whole front matter (dates as text), then the body."""
    front, body = split(text, "x.md")
    data = json.loads(json.dumps(front.data, default=str))
    for key, value in (change or {}).items():
        *parents, last = key.split(".")
        node = data
        for parent in parents:
            node = node.setdefault(parent, {})
        node[last] = value
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + "\n".join(body).lstrip()


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_an_unchanged_save_is_byte_identical(path):
    text = path.read_text("utf-8")
    assert merge(text, as_editor_sends(text), path.name) == text


TEXT_FIELDS = [field.key for field in FIELDS if field.kind == "text"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(TEXT_FIELDS),
       value=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip))
def test_changing_one_field_changes_only_its_line(key, value):
    text = SAMPLE.read_text("utf-8")
    saved = merge(text, as_editor_sends(text, {key: value}), "19-nq-tw.md")
    front, body = split(saved, "x.md")
    node = front.data
    for part in key.split("."):
        node = node[part]
    assert node == value
    assert "\n".join(body) == "\n".join(split(text, "x.md")[1])  # the body, untouched
    removed = [line for line in changed_lines(text, saved) if line.startswith("-")]
    added = [line for line in changed_lines(text, saved) if line.startswith("+")]
    assert len(removed) == len(added) == 1
    assert removed[0].split(":")[0].strip("- ") == key.rsplit(".", 1)[-1]


@settings(max_examples=30, deadline=None)
@given(extra=st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_a_body_change_never_loses_the_rest_of_the_body(extra):
    text = SAMPLE.read_text("utf-8")
    sent = as_editor_sends(text) + "\n\n" + extra
    saved = merge(text, sent, "19-nq-tw.md")
    original_body = text.split("\n---\n", 1)[1].strip("\n")
    assert original_body.replace("\r\n", "\n") in saved.replace("\r\n", "\n")
    assert saved.splitlines()[:14] == text.splitlines()[:14]  # the front matter as written


def test_a_new_optional_field_is_one_new_line_and_comments_crlf_bom_stay():
    text = "\ufeff" + SAMPLE.read_text("utf-8").replace('  term: "XIII"\n', "").replace(
        "level: trung-uong\n", "level: trung-uong  # cấp của nghị quyết\n").replace("\n", "\r\n")
    saved = merge(text, as_editor_sends(text.lstrip("\ufeff").replace("\r\n", "\n"), {"resolution.term": "XIII"}),
                  "x.md")
    assert saved.startswith("\ufeff---\r\n")
    assert "\n" not in saved.replace("\r\n", "")
    assert changed_lines(text, saved) == ['+   term: "XIII"']
    assert "level: trung-uong  # cấp của nghị quyết\r\n" in saved


def test_dates_come_back_as_dates_and_a_cleared_optional_field_is_written_empty():
    text = SAMPLE.read_text("utf-8")
    saved = merge(text, as_editor_sends(text, {"updated": "2026-12-01", "description": ""}), "x.md")
    assert changed_lines(text, saved)[1::2] == ["+ updated: 2026-12-01", '+ description: ""']
    assert split(saved, "x.md")[0].data["updated"] == dt.date(2026, 12, 1)


def test_a_new_file_is_written_like_make_new():
    sent = ("---\ntitle: T\nresolution:\n  number: 05-NQ/TU\n  issued: '2023-03-15'\nlevel: tinh\n---\n"
            "Giới thiệu.\n\n## Câu 1. Một?\n\nMột.")
    saved = merge("", sent, "x.md")
    assert "  issued: 2023-03-15\n" in saved
    assert saved.endswith("---\n\nGiới thiệu.\n\n## Câu 1. Một?\n\nMột.\n")


# --- the server ------------------------------------------------------------------------------------------

@pytest.fixture
def served(tmp_path):
    """The editor's server on a copy of the project: (editor, port)."""
    from hoidap.publishing import workspace

    project = workspace.copy_project(ROOT, tmp_path / "project")
    editor = Editor(siteconfig.read(project / "mkdocs.yml"), ROOT / "editor")
    server = EditorServer(editor)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield editor, server.port
    server.shutdown()
    server.server_close()


def request(port: int, method: str, path: str, body: dict | None = None, **headers: str) -> tuple[int, object]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json", **headers}
    connection.request(method, path, json.dumps(body) if body is not None else None, sent)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    kind = response.getheader("Content-Type", "")
    return response.status, json.loads(data) if kind.startswith("application/json") else data.decode()


def api(port: int, action: str, **params) -> tuple[int, object]:
    return request(port, "POST", "/api/v1", {"action": action, "params": params})


def test_the_page_and_config_are_served_to_this_machine_only(served):
    _, port = served
    status, page = request(port, "GET", "/admin/")
    assert status == 200 and "vendor/decap-cms.js" in page and "nghi-quyet-trung-uong" in page
    status, config = request(port, "GET", "/admin/config.yml")
    assert status == 200 and yaml.safe_load(config)["backend"]["name"] == "proxy"
    for host in ("evil.example:80", f"rebind.example:{port}", "127.0.0.1:1"):
        assert request(port, "GET", "/admin/", Host=host)[0] == 403
        assert api_with(port, {"Host": host})[0] == 403
    assert api_with(port, {"Origin": "http://evil.example"})[0] == 403
    assert api_with(port, {"Origin": f"http://localhost:{port}"})[0] == 200
    assert api_with(port, {"Content-Type": "text/plain"})[0] == 403  # a cross-site form cannot send JSON
    assert api_with(port, {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert request(port, "GET", "/admin/../mkdocs.yml")[0] == 404


def api_with(port: int, headers: dict[str, str]) -> tuple[int, object]:
    return request(port, "POST", "/api/v1", {"action": "info", "params": {}}, **headers)


@pytest.mark.parametrize("path", ["mkdocs.yml", "docs/../mkdocs.yml", "/etc/passwd", "docs/nghi-quyet/../../x.md",
                                  "docs\\nghi-quyet\\x.md", "docs/assets/logo.svg.md/../x.py", "docs/x.py",
                                  "overrides/main.html", "docs/./../README.md"])
def test_paths_out_of_docs_or_not_markdown_are_refused(served, path):
    _, port = served
    status, answer = api(port, "getEntry", path=path)
    assert status in (400, 403) and answer["error"]
    status, _ = api(port, "persistEntry", dataFiles=[{"path": path, "raw": "---\ntitle: x\n---\n"}], assets=[])
    assert status in (400, 403)


def test_a_symlink_out_of_docs_is_not_followed(served, tmp_path):
    editor, port = served
    secret = tmp_path / "secret.md"
    secret.write_text("bí mật", "utf-8")
    (editor.site.docs_dir / "nghi-quyet/lien-ket.md").symlink_to(secret)
    os.symlink(tmp_path, editor.site.docs_dir / "ngoai")
    for path in ("docs/nghi-quyet/lien-ket.md", "docs/ngoai/secret.md"):
        assert api(port, "getEntry", path=path)[0] == 403
        assert api(port, "persistEntry", dataFiles=[{"path": path, "raw": "x"}], assets=[])[0] == 403
    status, entries = api(port, "entriesByFolder", folder="docs/nghi-quyet", extension="md", depth=2)
    assert status == 200 and all("lien-ket" not in entry["file"]["path"] for entry in entries)
    assert secret.read_text("utf-8") == "bí mật"


def test_entries_are_listed_with_translations_apart(served):
    _, port = served
    folder = "docs/nghi-quyet/trung-uong"
    _, originals = api(port, "entriesByFolder", folder=folder, extension="md", depth=1)
    _, english = api(port, "entriesByFolder", folder=folder, extension="en.md", depth=1)
    assert sorted(e["file"]["path"].rsplit("/", 1)[1] for e in originals) == ["19-nq-tw.md", "57-nq-tw.md",
                                                                              "71-nq-tw.md"]
    assert [e["file"]["path"].rsplit("/", 1)[1] for e in english] == ["19-nq-tw.en.md"]
    assert originals[0]["data"].startswith("---\n") and len(originals[0]["file"]["id"]) == 64


def test_a_broken_booklet_is_refused_with_the_checkers_words_and_nothing_is_written(served):
    editor, port = served
    path = "docs/nghi-quyet/trung-uong/19-nq-tw.md"
    target = editor.site.root / path
    before = target.read_bytes()
    text = before.decode()
    broken = as_editor_sends(text).replace("### Câu 2.", "### Câu 5.")
    status, answer = api(port, "persistEntry", dataFiles=[{"path": path, "raw": broken}], assets=[])
    assert status == 422
    assert "nghi-quyet/trung-uong/19-nq-tw.md còn 5 lỗi nên chưa được ghi" in answer["error"]
    assert "Câu 5" in answer["error"]
    assert target.read_bytes() == before
    bad_yaml = "---\ntitle: [\n---\n"
    status, answer = api(port, "persistEntry", dataFiles=[{"path": path, "raw": bad_yaml}], assets=[])
    assert status == 422 and "YAML" in answer["error"] and target.read_bytes() == before
    data = json.loads(json.dumps(split(text, "x")[0].data, default=str))
    status, findings = request(port, "POST", "/api/check", {"path": path, "data": {**data, "body": "## Câu 2. Hai?"}})
    assert status == 200 and any(f["code"] == "numbering" and f["severity"] == "error" for f in findings)


def test_a_good_save_is_written_and_checked(served):
    editor, port = served
    path = "docs/nghi-quyet/trung-uong/57-nq-tw.md"
    target = editor.site.root / path
    text = target.read_text("utf-8")
    status, _ = api(port, "persistEntry", dataFiles=[{"path": path, "raw": as_editor_sends(
        text, {"description": "Mô tả mới."})}], assets=[])
    assert status == 200
    assert changed_lines(text, target.read_text("utf-8"))[1] == '+ description: "Mô tả mới."'


def test_a_file_changed_on_disk_since_the_editor_read_it_is_not_overwritten(served):
    editor, port = served
    path = "docs/nghi-quyet/trung-uong/71-nq-tw.md"
    target = editor.site.root / path
    text = api(port, "getEntry", path=path)[1]["data"]
    elsewhere = text.replace("\n## ", "\nMột đoạn viết bằng chương trình khác.\n\n## ", 1)
    target.write_text(elsewhere, "utf-8")
    status, answer = api(port, "persistEntry", dataFiles=[{"path": path, "raw": as_editor_sends(
        text, {"description": "Mô tả."})}], assets=[])
    assert status == 409 and "chương trình khác" in answer["error"]
    assert target.read_text("utf-8") == elsewhere
    api(port, "getEntry", path=path)  # read again: saved from the new text
    assert api(port, "persistEntry", dataFiles=[{"path": path, "raw": as_editor_sends(
        elsewhere, {"description": "Mô tả."})}], assets=[])[0] == 200
    status, answer = api(port, "persistEntry", dataFiles=[{"path": path, "raw": elsewhere}], assets=[],
                         options={"newEntry": True})
    assert status == 409 and "đã có tệp" in answer["error"]  # a new entry never lands on an existing file


def test_pictures_need_safe_names_and_only_the_editors_own_files_are_deleted(served):
    editor, port = served
    folder = "docs/nghi-quyet/trung-uong"
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
    for name in ("Ảnh hội nghị.png", "anh hoi nghi.png", "anh.svg", "anh.html"):
        status, answer = api(port, "persistMedia", asset={"path": f"{folder}/{name}", "content": png,
                                                          "encoding": "base64"})
        assert status in (403, 422), name
    status, answer = api(port, "persistMedia", asset={"path": f"{folder}/anh-hoi-nghi.png", "content": png,
                                                      "encoding": "base64"})
    assert status == 200 and answer["name"] == "anh-hoi-nghi.png"
    assert (editor.site.root / folder / "anh-hoi-nghi.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    status, media = api(port, "getMedia", mediaFolder=folder)
    assert [m["name"] for m in media] == ["anh-hoi-nghi.png"]
    logo = "docs/assets/logo.svg"
    assert api(port, "deleteFile", path=logo)[0] == 422  # not written by the editor
    both = [f"{folder}/19-nq-tw.md", f"{folder}/57-nq-tw.md"]
    assert api(port, "deleteFiles", paths=both)[0] == 422  # one entry at a time
    assert all((editor.site.root / path).exists() for path in [logo, *both])
    assert api(port, "deleteFile", path=f"{folder}/anh-hoi-nghi.png")[0] == 200
    assert api(port, "deleteFiles", paths=[f"{folder}/71-nq-tw.md"])[0] == 200  # the author deletes this entry
    assert not (editor.site.root / folder / "71-nq-tw.md").exists()


def test_make_edit_says_in_vietnamese_when_its_port_is_taken(capsys):
    import socket

    from hoidap.cli import run

    edit = script("edit")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        status = run(edit.main, ["--port", str(taken.getsockname()[1]), "--no-browser"])
    assert status == 1
    assert "không mở được cổng" in capsys.readouterr().err


def test_a_plan_sessions_field_is_rewritten_alone_and_its_bridge_points_kept():
    path = ROOT / "docs/ke-hoach/dai-hoi-xiii-soc-trang.md"
    text = path.read_text("utf-8")
    front, _ = split(text, "x.md")
    sessions = json.loads(json.dumps(front.data["plan"]["sessions"], default=str))
    sessions[0]["title"] = "Hội nghị trực tuyến (đổi tên)"
    saved = merge(text, as_editor_sends(text, {"plan.sessions": sessions}), "x.md")
    assert changed_lines(text, saved) == [
        next("- " + line for line in text.splitlines() if line.strip().startswith("- title:")),
        '+     - title: "Hội nghị trực tuyến (đổi tên)"']
    added = [*sessions, {"title": "Buổi hai", "date": "2022-04-02", "form": "truc-tiep"}]
    saved = merge(text, as_editor_sends(text, {"plan.sessions": [
        {k: v for k, v in s.items() if k != "bridge_points"} for s in added]}), "x.md")
    plan = split(saved, "x.md")[0].data["plan"]
    assert plan["sessions"][0]["bridge_points"] == front.data["plan"]["sessions"][0]["bridge_points"]
    assert plan["sessions"][1]["date"] == dt.date(2022, 4, 2)
    assert saved.split("plan:")[0] == text.split("plan:")[0]


def test_a_draft_is_checked_as_make_check_checks_the_file(tmp_path):
    """The editor's check of a draft gives, for that file, what check_tree (make check) gives, for every sample
    and for a copy with a duplicate and a broken link."""
    from hoidap.checking.checker import check_tree
    from hoidap.checking.checks import Settings
    from hoidap.editing.drafts import DraftChecker
    from hoidap.publishing import workspace

    project = workspace.copy_project(ROOT, tmp_path / "project")
    docs = project / "docs"
    sample = (docs / "nghi-quyet/trung-uong/19-nq-tw.md").read_text("utf-8")
    (docs / "nghi-quyet/trung-uong/19-nq-tw-ban-sao.md").write_text(
        sample.replace("(#cau-3)", "(#cau-99)").replace("## Phần I", "[x](khong-co.md)\n\n## Phần I"), "utf-8")
    config = siteconfig.read(project / "mkdocs.yml")
    report = check_tree(config.docs_dir, list(config.languages), config.default_language, Settings())
    checker = DraftChecker(config)
    for path in sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")):
        expected = [f for f in report.findings if f.path == path]
        assert checker.check(path, (docs / path).read_text("utf-8")) == expected, path
    assert {"duplicate-booklet", "link", "quiz-link"} <= {f.code for f in report.findings}


def test_make_edit_runs_the_site_preview_beside_the_editor_and_stops_both_on_ctrl_c():
    """The preview answers once built; Ctrl-C stops the editor and its preview, which frees its port."""
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        preview_port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/edit.py"), "--no-browser", "--preview-port", str(preview_port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
    try:
        said = [process.stdout.readline() for _ in range(4)]
        assert any(f"http://127.0.0.1:{preview_port}/" in line and "Xem trước" in line for line in said), said
        deadline = time.monotonic() + 240  # the sample site's first build, on a loaded machine
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{preview_port}/", timeout=5) as response:
                    assert response.status == 200 and "Hỏi - đáp" in response.read().decode()
                    break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.5)  # polling the preview's readiness, not waiting a fixed time for it
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert "Đã dừng" in process.stdout.read()
        with socket.socket() as again:
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past connections' TIME_WAIT, not a listener
            again.bind(("127.0.0.1", preview_port))  # the preview is gone with the editor
    finally:
        if process.poll() is None:
            process.kill()


def test_a_negative_content_length_is_refused_not_waited_on(served):
    import socket

    _, port = served
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"POST /api/v1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                           "Content-Length: -1\r\n\r\n{}".encode())
        assert connection.recv(64).startswith(b"HTTP/1.1 400")


def test_a_refused_request_closes_its_connection_so_its_body_is_never_read_as_a_request(served):
    """A refusal answers before the body is read: the server closes the connection rather than take a body
    made to look like a second request (here a save smuggled behind a cross-site form post)."""
    import socket

    _, port = served
    smuggled = (f"POST /api/v1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                "Content-Length: 2\r\n\r\n{}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"POST /api/v1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\n"
                           f"Content-Length: {len(smuggled)}\r\n\r\n{smuggled}".encode())
        answer = b""
        while chunk := connection.recv(4096):   # ends only when the server closes the connection
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 403") and b"Connection: close" in answer
    assert answer.count(b"HTTP/1.1") == 1


def test_a_dropped_connection_prints_nothing_and_a_defect_one_vietnamese_line(served, capfd, monkeypatch):
    import socket

    editor, port = served
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:   # the browser goes away
        connection.sendall(f"GET /admin/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    assert request(port, "GET", "/admin/config.yml")[0] == 200   # still serving
    monkeypatch.setattr(editor, "action", lambda *_: 1 / 0)
    status, answer = api(port, "info")
    assert status == 500 and "không phải của tài liệu" in answer["error"]
    assert request(port, "GET", "/admin/config.yml")[0] == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("Trình soạn thảo: một yêu cầu gặp lỗi (ZeroDivisionError")
