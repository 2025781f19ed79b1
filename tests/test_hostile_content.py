"""Content is data, never code (issue 13): every attack of the attack-and-fault test, built into a real site.

Two layers, each proven on its own:

- the checker refuses each payload with its line (``raw-html``) and a normal build stops;
- with the checker's ``raw-html`` rule switched off (as if it had missed everything: a small runner
  below patches it in the build process, nothing in the package), the real build still writes no
  handler, no ``javascript:`` URL, no script, no external resource: opened in Chromium from a plain
  static server (no CSP at all) and from the shipped nginx configuration, no payload runs or loads.

Payloads call ``alert(N)`` and fetch ``//canary.invalid/N``: a dialog or a request to the canary is a
payload that ran. Front-matter payloads need no bypass: the checker has nothing to say about them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import markdown
import pytest
import yaml
from conftest import CHROMIUM, PHONE, ROOT, copy_project, mkdocs_build
from hoidap.checking import raw_html, svg_files
from hoidap.checking.checks import Settings, check, load
from hoidap.model.booklet import heading_id, read_document
from hoidap.model.docstree import DocsTree
from hoidap.model.siteconfig import markdown_extensions
from hoidap.publishing import nginx_local
from hoidap.publishing.workspace import serve
from hoidap.site import csp, escaping, sanitize
from hypothesis import given, settings
from hypothesis import strategies as st

CANARY = "canary.invalid"
FOLDER = "docs/nghi-quyet/trung-uong"
TITLE = 'Xyzzy </title><script>alert(201)</script> "><img src=x onerror=alert(202)> \' onmouseover=\'alert(203)'
DESCRIPTION = '"><script>alert(212)</script><meta http-equiv="refresh" content="0;url=javascript:alert(213)">'
FRONT = {
    "title": TITLE,
    "resolution": {"number": '99-NQ/TW"><script>alert(204)</script>',
                   "name": "về <b onmouseover=alert(205)>thử</b> &lt;script&gt;alert(206)&lt;/script&gt;",
                   "issuer": "Ban <script>alert(207)</script> Chấp hành", "issued": dt.date(2022, 6, 16),
                   "term": "XIII' onfocus='alert(208)' autofocus='"},
    "level": "trung-uong",
    "compiled_by": "</name></author><script>alert(209)</script>",
    "updated": dt.date(2022, 7, 2),
    "tags": ["<svg/onload=alert(210)>", 'a" onmouseover="alert(211)'],
    "description": DESCRIPTION,
}
FRONT_BODY = """
Lời giới thiệu của tài liệu có thông tin đầu trang độc hại.

### Câu 1. Tiêu đề có hiện đúng chữ không?

Có, mọi giá trị hiện thành chữ.
"""
# A page that is not a booklet: its title comes from its first heading, entities and all.
PAGE = """---
description: "\\"><script>alert(220)</script>"
author: "\\"><script>alert(221)</script>"
---

# Trang thử &lt;/title&gt;&lt;script&gt;alert(222)&lt;/script&gt;

Trang thường có tiêu đề lấy từ dòng tiêu đề đầu tiên.
"""
# The content payloads, one per line that the checker must report (the reference definition at the end is
# reported where it is used). "@C@" stands for the canary's address.
BODY = """
Lời giới thiệu: xem \\`<script>fetch('//@C@/101');alert(101)</script>\\` nhé.

## Câu 1. Thuộc tính trong danh sách thuộc tính? {: onclick="alert(102)" }

Trả lời có danh sách thuộc tính.
{: tabindex="0" onfocus="fetch('//@C@/103');alert(103)" autofocus="" }

## Câu 2. SVG và ảnh lỗi?

<svg/onload=alert(104)>

<div>
<img src="khong-co.png" /onerror="fetch('//@C@/105');alert(105)">
</div>

## Câu 3. Liên kết chạy mã?

Xem [tham chiếu][js] và <a href="jav&#x61;script:alert(107)">mã hóa</a>
và <a href=" &#14;JaVaScRiPt:alert(108)">dấu cách</a>.

<svg><a><animate attributeName="href" values="javascript:alert(110)"/><text x="20" y="20">Bấm</text></a></svg>

## Câu 4. Tải từ máy chủ khác?

![Ảnh ngoài](https://@C@/111.png)

<img src="//@C@/112.png" alt="x">

<link rel="stylesheet" href="https://@C@/113.css">

<style>@import url(https://@C@/114.css); body{background:url(https://@C@/115.png)}</style>

<form action="https://@C@/116">
<input name="q" autofocus onfocus="alert(117)">
<button formaction="javascript:alert(118)">Gửi</button>
</form>

## Câu 5. Phủ lên giao diện?

<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red;z-index:9999">Phủ toàn màn hình</div>

Đoạn mang lớp và id của giao diện.
{: .md-search__overlay #__config }

<iframe srcdoc="<script>alert(119)</script>"></iframe>

<object data="https://@C@/120.swf"></object>

<meta http-equiv="refresh" content="0;url=javascript:alert(121)">

<base href="https://@C@/">

[js]: javascript:alert(106)
""".replace("@C@", CANARY)
FRONT_URL = "nghi-quyet/trung-uong/doc-hai-thong-tin/"
BODY_URL = "nghi-quyet/trung-uong/doc-hai-noi-dung/"
PAGE_URL = "thu-trang/"
# Runs mkdocs in the build's process with hoidap.checking.checks.check_raw_html switched off; the second argument
# switches off more: the sanitizer (defence in depth), or every protection (to prove the harness sees attacks).
RUNNER = textwrap.dedent("""\
    import sys
    import hoidap.checking.checks, hoidap.site.csp, hoidap.site.escaping, hoidap.site.sanitize
    from markupsafe import Markup
    hoidap.checking.checks.check_raw_html = lambda path, document: []
    if sys.argv[2] in ("no-sanitizer", "unprotected"):
        hoidap.site.sanitize.clean = lambda html: html
    if sys.argv[2] == "unprotected":
        hoidap.site.csp.unknown = lambda html, allowed: []
        hoidap.site.escaping.for_templates = lambda value: value
        hoidap.site.escaping.html_text = lambda value: Markup(value)
    from mkdocs.__main__ import cli
    sys.argv = ["mkdocs", "build", "--strict", "--site-dir", sys.argv[1]]
    cli()
""")


def booklet(front: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


def normal_front(title: str) -> dict:
    return dict(FRONT, title=title, resolution=dict(FRONT["resolution"], number="98-NQ/TW",
                                                    name="về nội dung thử", issuer="Ban Chấp hành Trung ương",
                                                    term="XIII"),
                compiled_by="Ban Tuyên giáo", tags=["thử"], description="Tài liệu thử nội dung độc hại.")


def hostile_project(target: Path) -> Path:
    project = copy_project(target)
    (project / FOLDER / "doc-hai-thong-tin.md").write_text(booklet(FRONT, FRONT_BODY), encoding="utf-8")
    (project / FOLDER / "doc-hai-noi-dung.md").write_text(booklet(normal_front("Nội dung độc hại"), BODY),
                                                          encoding="utf-8")
    (project / "docs" / "thu-trang.md").write_text(PAGE, encoding="utf-8")
    return project


def bypass_build(project: Path, site: Path, mode: str = "checker-off") -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-c", RUNNER, str(site), mode], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


@dataclass
class Hostile:
    project: Path
    site: Path       # built with the checker's raw-html rule off
    work: Path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Hostile:
    work = tmp_path_factory.mktemp("hostile")
    project = hostile_project(work / "project")
    site = work / "www"
    result = bypass_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return Hostile(project, site, work)


# ---------------------------------------------------------------------------------------------------------
# Layer 1: the checker


def body_lines_expected() -> set[int]:
    """The file lines the checker must report in the content booklet."""
    text = booklet(normal_front("Nội dung độc hại"), BODY)
    lines = text.split("\n")
    marked = {n for n, line in enumerate(lines, 1)
              if ("alert(" in line or CANARY in line or "style=" in line or "__config" in line)
              and not line.startswith("[js]:")}
    return marked


def test_the_checker_reports_every_content_payload_on_its_line(tmp_path):
    project = hostile_project(tmp_path / "project")
    docs = project / "docs"
    source = load(docs, "nghi-quyet/trung-uong/doc-hai-noi-dung.md")
    findings, _ = check(source, DocsTree(docs, ["vi", "en"], "vi"), Settings())
    raw = [f for f in findings if f.code == "raw-html"]
    assert {f.line for f in raw} == body_lines_expected(), [f.format() for f in raw]
    assert all(f.severity == "error" for f in raw)
    messages = "\n".join(f.format() for f in raw)
    for expected in ("thẻ <script>", "'onclick='", "'onfocus='", "thẻ <svg>", "'onerror='",
                     "'javascript:alert(106)'", "'javascript:alert(107)'", "ảnh 'https://canary.invalid/111.png'",
                     "thẻ <link>", "thẻ <style>", "thẻ <form>", "'style='", "lớp 'md-search__overlay'",
                     "id '__config'", "thẻ <iframe>", "thẻ <object>", "thẻ <meta>", "thẻ <base>"):
        assert expected in messages, expected
    # front-matter payloads are not content: they reach the page escaped, nothing to report
    front = load(docs, "nghi-quyet/trung-uong/doc-hai-thong-tin.md")
    assert not check(front, DocsTree(docs, ["vi", "en"], "vi"), Settings())[0]


def test_a_normal_build_stops_with_line_numbered_vietnamese_messages(tmp_path):
    project = hostile_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "Dừng dựng trang" in output
    for line in sorted(body_lines_expected()):
        assert f"doc-hai-noi-dung.md:{line}: raw-html:" in output, line


@pytest.mark.parametrize(("text", "line"), [
    ("Đoạn.\n\nXem \\`<script>alert(104)</script>\\` nhé.", 3),
    ("## Câu 1. Hỏi? {: onclick=\"alert(1)\" }\n\nTrả lời.", 1),
    ("Đoạn một.\n\nĐoạn hai\n{: onfocus=alert(1) autofocus }", 4),
    ("<div>\n\n<p>\n<img src=x\n  onerror=alert(1)>\n</p>\n</div>", 5),
    ("[a][x]\n\nđoạn\n\n[x]: javascript:alert(1)", 1),
    ("A\n\n```html\n<script>không sao</script>\n```\n\nB <script>x</script>", 7),
    ("## Trả lời 1\n\nĐoạn.", 1),
    ("!!! md-dialog \"Chú ý\"\n    Nội dung.", 1),
])
def test_each_removal_is_reported_on_the_line_that_makes_it(text, line):
    document = read_document(text, "x.md")
    found = raw_html.removals(document.blocks)
    assert found and {where for where, _ in found} == {line}, found


@pytest.mark.parametrize("text", [
    "Thẻ `<script>` không được dùng; mã ``a `<b>` c`` cũng vậy.",
    "```html\n<script>alert(1)</script>\n```",
    "<b>đậm</b>, <sup>1</sup>, <abbr title=\"Nghị quyết\">NQ</abbr>, <span class=\"ghi-chu\">x</span>",
    "[trang](../a.md#cau-1) [web](https://a.vn) [thư](mailto:a@b.vn) [gọi](tel:0123) [mục](#muc)",
    "![Sơ đồ](anh/so-do.png){: #so-do .hinh width=\"300\" }",
    "Câu có chú thích[^1].\n\n[^1]: Chú thích.",
    "| Cột | Số |\n|:---|---:|\n| a | 1 |",
    "!!! note \"Lưu ý\"\n    Nội dung.\n\n??? tip \"Mở\"\n    Ẩn.",
    "## Phần I {: #phan-mot .lon }\n\nĐoạn.",
    "<div class=\"khung\" markdown>\n**Đậm** trong khối.\n</div>",
])
def test_legitimate_markup_is_not_reported(text):
    document = read_document(text, "x.md")
    assert raw_html.removals(document.blocks) == []


def test_the_checker_converts_markdown_as_the_site_does():
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings[name] = options or {}
    read, configs = markdown_extensions()
    assert list(read) == names
    assert settings["toc"]["slugify"] == "hoidap.model.booklet.heading_id" and configs["toc"]["slugify"] is heading_id
    assert {k: v for k, v in configs.items() if k != "toc"} == {k: v for k, v in settings.items() if k != "toc"}
    sample = ("## Câu 1. Hỏi?\n\n| a | b |\n|:-:|--|\n| c | d |\n\n<div markdown>\n\n*x*\n\n</div>\n\n"
              "!!! note\n    y[^1]\n\n??? tip\n    z\n\n```python\nw\n```\n\n[^1]: v\n")
    assert raw_html._markdown().reset().convert(sample) == converted(sample)
    assert all(marker in converted(sample) for marker in ('id="cau-1"', 'align="center"', "<em>x</em>",
                                                         "admonition note", "<details", "fn:1", "<code"))


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix.partition(":")[2])


# ---------------------------------------------------------------------------------------------------------
# The sanitizer on its own


@pytest.mark.parametrize("payload", [
    '<a href="javascript:alert(1)">x</a>', '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>', '<a href=" &#14;javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>', '<a href="java\nscript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>', '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    '<img src="x" onerror="alert(1)">', '<div><img src=x /onerror=alert(1)></div>', "<svg/onload=alert(1)>",
    '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "<iframe srcdoc=\"<script>alert(1)</script>\">",
    '<form action="https://e.example"><input autofocus onfocus="alert(1)"><button formaction="javascript:alert(1)">',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>', '<p style="position:fixed">x</p>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<base href="https://e.example/">',
    '<link rel="stylesheet" href="https://e.example/x.css">', "<style>@import 'https://e.example/x.css';</style>",
    '<img src="https://e.example/x.png">', '<img src="//e.example/x.png">', '<img src="/\\e.example/x.png">',
    '<img src=" https://e.example/x.png">', '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<object data="x.swf"></object>', '<embed src="x.swf">', '<script>alert(1)</script>',
    '<h2 id="__config" class="md-dialog hd-answer mermaid">x</h2>', '<div id="tra-loi-3">x</div>',
    '<a href="#x" target="_blank" rel="opener">x</a>', "<template><img src=x onerror=alert(1)></template>",
])
def test_the_sanitizer_leaves_nothing_that_runs_or_loads(payload):
    cleaned = sanitize.clean(payload)
    tree = lxml.html.fragment_fromstring(cleaned or "<p></p>", create_parent="div")
    for element in tree.iter():
        assert element.tag in sanitize.TAGS or element is tree or not isinstance(element.tag, str), cleaned
        for name, value in element.attrib.items():
            assert not name.startswith("on") and name not in ("style", "target", "rel", "srcdoc", "action"), cleaned
            if name in ("href", "src"):
                assert urlsplit(value.strip()).scheme in ("", "http", "https", "mailto", "tel"), cleaned
            if name == "src":
                assert not urlsplit(value.strip()).scheme and not value.replace("\\", "/").startswith("//"), cleaned
            if name in ("id", "class"):
                assert not any(w.startswith(("__", "md-", "hd-")) or w in ("mermaid", "tra-loi-3")
                               for w in value.split()), cleaned


PIECES = st.sampled_from([
    "<script>", "</script>", "alert(1)", "<svg/onload=alert(1)>", "<img src=x onerror=alert(1)>", "\\`", "`",
    "{: onclick=alert(1) }", "{: #__config .md-x }", "\n", "\n\n", "## Câu 1. Hỏi?\n", "[a](javascript:alert(1))",
    "[x]: javascript:alert(1)\n", "[x]", "<div>", "</div>", "<div markdown>", "```\n", "!!! md-dialog\n    ",
    "<a href='jav&#x61;script:x'>", "&#x09;", "<!--", "-->", "<p style=x>", "chữ ", "<details>", "<body onload=x>",
    "<noscript>", "<math>", "<table>", "<td align=left onclick=x>", "![x](https://e.example/x.png)", ">", "<",
    "    ", "- ", "| a |\n|---|\n", "<iframe>", "<textarea>", "<style>", "\"", "'", "=",
])


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=30))
def test_any_mix_is_reported_within_the_page_and_cleaned_to_nothing_that_runs(pieces):
    text = "".join(pieces)
    document = read_document(text, "x.md")
    for line, removal in raw_html.removals(document.blocks):
        assert document.body_line <= line < document.body_line + len(document.body)
        assert raw_html.message(removal)
    cleaned = sanitize.clean(converted(text))
    for element in lxml.html.fragment_fromstring(cleaned or "<p></p>", create_parent="div").iter(lxml.etree.Element):
        for name, value in element.attrib.items():
            assert not name.startswith("on") and name != "style"
            assert "javascript:" not in re.sub(r"[\s\x00-\x1f]", "", value).lower()


LEGITIMATE = """\
# Tiêu đề {: #tieu-de }

Đoạn có **đậm**, *nghiêng*, `mã`, <sup>2</sup>, <sub>2</sub>, <abbr title="Nghị quyết">NQ</abbr>,
<mark>đánh dấu</mark>, <kbd>Ctrl</kbd>, ngắt<br>dòng
và [liên kết](https://a.vn "Tiêu đề"), [thư](mailto:a@b.vn), [gọi](tel:+84123), [mục](#muc), [trang](../b.md).

## Mục có lớp {: .quan-trong #muc }

> Trích dẫn.

1. Một
2. Hai
    - lồng

| Trái | Giữa | Phải |
|:-----|:----:|-----:|
| a    | b    | c    |

![Sơ đồ](anh/so-do.png){: width="300" }

Câu có chú thích[^1].

[^1]: Nội dung chú thích.

!!! note "Lưu ý"
    Nội dung lưu ý.

??? tip "Bấm để xem"
    Nội dung ẩn.

```python
print("xin chào")
```

---

<div class="khung" markdown>
**Khối** có Markdown.
</div>

<details><summary>Tóm tắt</summary>Chi tiết.</details>
"""


def test_what_booklets_use_passes_the_sanitizer_unchanged():
    html = converted(LEGITIMATE)
    assert canonical(sanitize.clean(html)) == canonical(html)
    for needed in ('align="center"', 'class="footnote-ref"', 'id="fn:1"', 'class="admonition note"',
                   'class="headerlink"', 'src="anh/so-do.png"', 'href="mailto:a@b.vn"', 'class="quan-trong"',
                   "<details", "<abbr"):
        assert needed in sanitize.clean(html), needed


def converted(text: str) -> str:
    """``text`` as the site's Markdown makes it (the extensions of mkdocs.yml)."""
    names, configs = markdown_extensions()
    return markdown.markdown(text, extensions=list(names), extension_configs=configs)


def canonical(html: str) -> str:
    return lxml.html.tostring(lxml.html.fragment_fromstring(html, create_parent="div"), encoding="unicode")


def test_the_sample_sites_pages_lose_nothing():
    """Every page of docs/, converted as the site converts it, is the same after the sanitizer."""
    for path in sorted((ROOT / "docs").rglob("*.md")):
        document = read_document(path.read_text("utf-8"), path.name)
        html = converted("\n".join(document.body))
        assert canonical(sanitize.clean(html)) == canonical(html), path


def test_front_matter_reaches_templates_escaped_once():
    meta = escaping.for_templates({"title": TITLE, "tags": ["<b>", 1], "search": {"exclude": True}})
    assert "<" not in meta["title"] and '"' not in meta["title"] and "'" not in meta["title"]
    assert meta["tags"] == ["&lt;b&gt;", 1] and meta["search"] == {"exclude": True}
    assert escaping.html_text(meta["title"]) == meta["title"]  # never escaped twice


# ---------------------------------------------------------------------------------------------------------
# CSP hashes: the templates' inline scripts, never the content's


def test_script_hashes_read_the_page_with_a_parser():
    page = ("<html><head><script>a()</script><script type='application/json'>{}</script>"
            "<script src=x.js></script><SCRIPT TYPE=module>b()</SCRIPT></head><body>"
            "<p>&lt;script&gt;c()&lt;/script&gt;</p><!-- <script>d()</script> --></body></html>")
    assert csp.inline_scripts(page) == ["a()", "b()"]
    assert csp.unknown(page, csp.script_hashes("<script>a()</script>")) == ["b()"]


def test_nginx_vars_list_only_the_templates_scripts(hostile):
    listed = set(re.findall(r"'sha256-[^']+'", (hostile.site / csp.NGINX_VARS).read_text("utf-8")))
    assert listed == csp.script_hashes((hostile.site / "404.html").read_text("utf-8"))
    assert 1 <= len(listed) <= 4


def test_a_content_script_that_got_past_the_sanitizer_stops_the_build(tmp_path):
    """Defence in depth: with the checker and the sanitizer both switched off, the build refuses to hash
    (and so to allow) the escaped-backtick script of the issue."""
    project = copy_project(tmp_path / "project")
    (project / FOLDER / "the-script.md").write_text(
        booklet(normal_front("Có script"), "\nXem \\`<script>alert(104)</script>\\` nhé.\n\n### Câu 1. Hỏi?\n\nĐáp.\n"),
        encoding="utf-8")
    result = bypass_build(project, tmp_path / "site", "no-sanitizer")
    assert result.returncode != 0
    assert "mã JavaScript nội tuyến" in result.stdout + result.stderr and "alert(104)" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_template_chosen_by_front_matter_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / FOLDER / "chuyen-huong.md").write_text(
        booklet(dict(normal_front("Chuyển hướng"), template="redirect.html", location="javascript:alert(1)"),
                "\n### Câu 1. Hỏi?\n\nĐáp.\n"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "'template:'" in result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------------------
# The logo and other SVG files


LOGO_ATTACKS = [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><path d="M0 0"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">\n'
    '<a x:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" values="javascript:alert(1)"/>'
    "</a></svg>",
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
    "<img src='x' onerror='alert(1)'/></body></foreignObject></svg>",
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://canary.invalid/x.png"/></svg>',
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>'
    '<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://canary.invalid/x.css);</style></svg>',
    "<svg><unclosed>",
]


@pytest.mark.parametrize("svg", LOGO_ATTACKS)
def test_an_svg_that_holds_code_is_found(svg):
    assert svg_files.dangers(svg.encode())


def test_the_sites_own_svg_files_are_clean():
    for path in (ROOT / "docs").rglob("*.svg"):
        assert svg_files.dangers(path.read_bytes()) == [], path
    assert svg_files.dangers(b'<svg xmlns="http://www.w3.org/2000/svg"><defs><path id="p" d="M0 0"/></defs>'
                             b'<use href="#p"/><image href="data:image/png;base64,AAAA"/></svg>') == []


def test_a_logo_with_a_script_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/assets/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n<path d="M0 0h24v24H0z"/>\n'
        "<script>fetch('//canary.invalid/logo')</script>\n</svg>\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "docs/assets/logo.svg:3: thẻ <script>" in output and "tệp SVG" in output


# ---------------------------------------------------------------------------------------------------------
# Layer 2: the built site, with the checker's rule off


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset", "values",
                  "to", "from", "srcdoc"}


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_built_html_has_no_handler_no_script_url_no_external_resource(hostile):
    allowed = csp.script_hashes((hostile.site / "404.html").read_text("utf-8"))
    for path in pages(hostile.site):
        text = path.read_text("utf-8")
        assert CANARY not in text, path
        document = lxml.html.document_fromstring(text)
        content = document.xpath("//div[contains(concat(' ', @class, ' '), ' md-content ')]//*")
        assert not [e.tag for e in content if e.tag in ("iframe", "object", "embed", "form", "base", "animate",
                                                        "foreignobject", "style", "link", "meta")
                    or (e.tag == "script" and e.get("type") != "application/json")], path
        for element in document.iter(lxml.etree.Element):
            tag = element.tag.lower() if isinstance(element.tag, str) else ""
            assert tag not in ("iframe", "object", "embed", "base", "animate"), path
            if tag == "meta":
                assert element.get("http-equiv") is None, path
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (path, tag, name)
                assert name.lower() != "style", (path, tag)
                if name.lower().rpartition(":")[2] in URL_ATTRIBUTES:
                    assert "javascript:" not in re.sub(r"[\s\x00-\x1f]", "", value).lower(), (path, tag, name, value)
            if tag in ("img", "script", "iframe", "source", "video", "audio") and element.get("src"):
                assert not urlsplit(element.get("src")).netloc, (path, element.get("src"))
            if tag == "link" and element.get("rel") in ("stylesheet", "icon", "manifest", "preload", "modulepreload"):
                assert not urlsplit(element.get("href")).netloc, (path, element.get("href"))
        assert not csp.unknown(text, allowed), path


def test_front_matter_values_are_printed_as_written(hostile):
    text = (hostile.site / FRONT_URL / "index.html").read_text("utf-8")
    document = lxml.html.document_fromstring(text)
    assert document.findtext(".//title") == f"{TITLE} - Hỏi - đáp nghị quyết"
    assert document.xpath("string(//h1)").strip() == TITLE
    assert document.xpath("string(//meta[@name='description']/@content)") == DESCRIPTION
    assert document.xpath("string(//meta[@property='og:title']/@content)") == TITLE
    assert document.xpath("string(//meta[@property='og:description']/@content)") == DESCRIPTION
    card = " ".join(document.xpath("//section[contains(@class,'hd-card')]//dd//text()"))
    for value in (FRONT["resolution"]["number"], FRONT["resolution"]["issuer"], FRONT["resolution"]["term"],
                  FRONT["compiled_by"], FRONT["resolution"]["name"], *FRONT["tags"]):
        assert value in card, value
    home = lxml.html.document_fromstring((hostile.site / "index.html").read_text("utf-8"))
    assert TITLE in home.xpath("//ul[contains(@class,'hd-list')]//a/text()")
    page = lxml.html.document_fromstring((hostile.site / PAGE_URL / "index.html").read_text("utf-8"))
    heading = "Trang thử </title><script>alert(222)</script>"
    assert page.findtext(".//title") == f"{heading} - Hỏi - đáp nghị quyết"
    assert page.xpath("string(//meta[@name='author']/@content)") == '"><script>alert(221)</script>'


def test_the_feed_and_the_search_index_hold_the_values_as_text(hostile):
    feed = ET.fromstring((hostile.site / "feed.xml").read_bytes())  # well-formed: every value XML-escaped
    atom = "{http://www.w3.org/2005/Atom}"
    entries = {e.findtext(f"{atom}title"): e for e in feed.iter(f"{atom}entry")}
    assert TITLE in entries
    assert entries[TITLE].findtext(f"{atom}summary") == DESCRIPTION
    assert entries[TITLE].findtext(f"{atom}author/{atom}name") == FRONT["compiled_by"]
    assert {c.get("term") for c in entries[TITLE].iter(f"{atom}category")} == set(FRONT["tags"])
    records = [json.loads(p.read_text("utf-8")) for p in (hostile.site / "search" / "vi").glob("*.json")]
    assert TITLE in set(strings(records))


def strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from strings(item)


def served_pages() -> list[str]:
    return ["", FRONT_URL, BODY_URL, PAGE_URL, "tra-cuu/theo-chu-de/", "tra-cuu/theo-co-quan/", "moi-cap-nhat/"]


def visit_everything(browser, base: str, watch_csp: bool = False) -> dict:
    """Open every hostile page (and search for the hostile title) in a fresh phone; what ran and loaded."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    if watch_csp:
        context.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation',"
                                " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    seen = {"dialogs": [], "requests": [], "violations": [], "dom": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: seen["requests"].append(request.url))
    try:
        for path in served_pages():
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.keyboard.press("Tab")  # focus moves: an autofocus/onfocus payload would fire now
            seen["dom"] += page.evaluate("""urls => {
                const bad = [];
                for (const el of document.querySelectorAll('*')) {
                  for (const a of el.attributes) {
                    const v = a.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
                    if (a.name.startsWith('on') || urls.includes(a.localName) && v.includes('javascript:'))
                      bad.push(el.tagName + ' ' + a.name);
                  }
                }
                for (const a of document.querySelectorAll('a[href]'))
                  if (!['http:', 'https:', 'mailto:', 'tel:'].includes(a.protocol)) bad.push('href ' + a.href);
                for (const sel of ['.md-content iframe', '.md-content form', '.md-content [style]',
                                   '.md-content animate', 'base', 'meta[http-equiv]', '#__config:not(script)'])
                  if (document.querySelector(sel)) bad.push(sel);
                return bad;
            }""", sorted(URL_ATTRIBUTES))
            if watch_csp:
                seen["violations"] += page.evaluate("window.__violations")
        page.goto(base)
        page.locator("label[for=__search]").first.click()
        page.locator("input[data-md-component=search-query]").press_sequentially("xyzzy", delay=30)
        page.wait_for_selector(".md-search-result__item")
        page.wait_for_load_state("networkidle")
        seen["search"] = page.locator(".md-search-result__item").first.inner_text()
        seen["title"] = page.evaluate("document.title")
    finally:
        context.close()
    return seen


def assert_nothing_ran(seen: dict, base: str) -> None:
    assert seen["dialogs"] == []
    origin = urlsplit(base).netloc
    foreign = [url for url in seen["requests"] if urlsplit(url).scheme in ("http", "https", "ws", "wss")
               and urlsplit(url).netloc != origin]
    assert foreign == []
    assert not any(CANARY in url for url in seen["requests"])
    assert seen["dom"] == []
    assert "Xyzzy </title><script>alert(201)</script>" in seen["search"]  # shown as text
    assert seen["title"] == "Hỏi - đáp nghị quyết"


def test_the_browser_harness_sees_every_attack_when_the_protections_are_off(browser, tmp_path):
    """The same site built with the checker, the sanitizer, the CSP check and the escaping all switched off:
    the payloads run, load and stay in the page, so the tests above prove something."""
    project = hostile_project(tmp_path / "project")
    result = bypass_build(project, tmp_path / "www", "unprotected")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(tmp_path / "www") as url:
        seen = visit_everything(browser, url + "/")
    assert {"101", "104", "105", "201", "202", "212", "222"} <= set(seen["dialogs"])
    assert any(f"{CANARY}/111.png" in u for u in seen["requests"]) and any(f"{CANARY}/113.css" in u
                                                                            for u in seen["requests"])
    assert {"H2 onclick", "meta[http-equiv]", "#__config:not(script)"} <= set(seen["dom"])


@pytest.fixture(scope="module")
def static_url(hostile) -> Iterator[str]:
    with serve(hostile.site) as url:
        yield url + "/"


def test_no_payload_runs_without_any_csp(browser, static_url):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run 'make system'")
    assert_nothing_ran(visit_everything(browser, static_url), static_url)


def test_no_payload_runs_behind_the_shipped_nginx_and_nothing_is_even_blocked(browser, hostile):
    with nginx_local.serve(hostile.site, hostile.work / "nginx") as url:
        seen = visit_everything(browser, url, watch_csp=True)
    assert_nothing_ran(seen, url)
    assert seen["violations"] == []  # the CSP had nothing to block: the content holds no script to try
