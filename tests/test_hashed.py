"""Content-addressed names: our scripts, stylesheets and search index are named by their bytes, so no cache
can hold one build's file under another build's name; and the search precache limit setting."""

from __future__ import annotations

import json

import lxml.html
import pytest
from conftest import HASHED_NAME, ROOT, copy_project, is_hashed, mkdocs_build
from hoidap.site import hashed, offline, search_index
from hoidap.site.search_records import Record


def test_a_name_carries_the_digest_of_the_bytes():
    digest = hashed.digest(b"body { color: red }")
    assert len(digest) == hashed.LENGTH and digest == hashed.digest(b"body { color: red }")
    assert digest != hashed.digest(b"body { color: blue }")
    assert hashed.name("assets/javascripts/search/worker.js", digest) == f"assets/javascripts/search/worker.{digest}.js"
    assert is_hashed(f"a/worker.{digest}.js") and is_hashed("a/bundle.a5f9d56c.min.js")
    assert not is_hashed("a/worker.js") and not is_hashed("a/s0.json")
    with pytest.raises(ValueError):
        hashed.name("assets/LICENSE", digest)



def test_the_shape_the_tests_call_hashed_is_the_one_nginx_caches_for_a_year():
    config = (ROOT / "deploy" / "nginx" / "hoidap-site.conf").read_text("utf-8")
    assert f'{HASHED_NAME.pattern}" {{' in config


def test_several_files_get_one_digest_that_tells_where_each_ends():
    assert hashed.digest_all([b"a", b"bc"]) != hashed.digest_all([b"ab", b"c"])


def test_the_index_names_change_with_anything_the_index_is_made_from():
    pages = [("a.md", "a/", "Một", "<p>trả lời</p>"), ("b.md", "b/", "Hai", "<p>khác</p>")]
    key = search_index.key("v1", "vi", 2, pages)
    assert search_index.key("v1", "vi", 2, [tuple(page) for page in pages]) == key
    changed = [("v2", "vi", 2, pages), ("v1", "en", 2, pages), ("v1", "vi", 3, pages), ("v1", "vi", 2, pages[::-1]),
               ("v1", "vi", 2, pages[:1]), ("v1", "vi", 2, [pages[0], ("b.md", "b/", "Hai", "<p>khác.</p>")]),
               ("v1", "vi", 2, [("a.md", "a/", "Mộ", "t<p>trả lời</p>"), pages[1]])]  # where each field ends counts
    assert len({search_index.key(*args) for args in changed} | {key}) == len(changed) + 1
    files = search_index.build([Record("a/", "Câu hỏi một", "trả lời")], 2)
    named = search_index.named(files, key)
    assert set(named) == {f"s0.{key}.json", f"s1.{key}.json", f"d0.{key}.json"}
    assert list(named.values()) == list(files.values())


def test_every_script_and_stylesheet_of_ours_is_named_by_its_bytes(built_site):
    listed = json.loads((built_site / offline.MANIFEST).read_text("utf-8"))["files"]
    for page in built_site.rglob("*.html"):
        root = lxml.html.parse(str(page)).getroot()
        addresses = root.xpath("//script/@src | //link[@rel='stylesheet']/@href | //*/@data-text | //*/@data-script")
        addresses += [json.loads(text)["search"] for text in root.xpath("//script[@id='__config']/text()")]
        for address in addresses:
            local = address.split("?")[0].split("#")[0]
            path = built_site / local.lstrip("/") if local.startswith("/") else (page.parent / local).resolve()
            assert "?v=" not in address and is_hashed(path.name), (page, address)
            if ".min." not in path.name:   # ours; Material names its bundles its own way
                assert hashed.digest(path.read_bytes()) in path.name, (page, address)
    workers = [entry["u"] for entry in listed if "search/worker." in entry["u"]]
    assert len(workers) == 1 and "?" not in workers[0], "one worker file for every language, kept once"
    config = lxml.html.parse(str(built_site / "index.html")).getroot().xpath("//script[@id='__config']/text()")[0]
    worker = json.loads(config)["search"]
    assert worker.split("#")[0] == workers[0], "its settings are in the address's fragment, never sent"
    query = dict(part.split("=") for part in worker.split("#")[1].split("&"))
    assert (built_site / f"assets/javascripts/search/text.{query['t']}.js").is_file()
    assert sorted(p.name for p in (built_site / "search/vi").iterdir()) == sorted(
        entry["u"].rsplit("/", 1)[1] for entry in listed if entry["u"].startswith("search/vi/"))
    assert all(name.split(".")[1] == query["v"] for name in (p.name for p in (built_site / "search/vi").iterdir()))


def test_the_search_precache_limit_is_stamped_into_the_worker(built_site, tmp_path):
    worker = (built_site / offline.SERVICE_WORKER).read_text("utf-8")
    assert f'Number("{offline.SEARCH_KB * 1000}")' in worker and "__HOIDAP" not in worker
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("\nextra:\n", "\nextra:\n  offline_search_kb: nhiều\n", 1), "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "'extra.offline_search_kb: nhiều' không hợp lệ" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    config.write_text(text.replace("  - hoidap:\n", "  - hoidap:\n      offline_search_kb: -1\n", 1), "utf-8")
    result = mkdocs_build(project, tmp_path / "site")  # the plugin's own option: checked as MkDocs reads it
    assert result.returncode != 0
    assert "'plugins.hoidap.offline_search_kb: -1' không hợp lệ" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
