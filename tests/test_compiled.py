"""Templates compiled once and kept on disk (hoidap.site.compiled): the same pages, less compiling, never a wrong
template, and nothing but a recompile when the cache cannot be trusted or read."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from hoidap.site import compiled

PAGE = "{% extends 'base.html' %}{% block body %}<p>{{ word | upper }}</p>{% endblock %}"
BASE = "<main>{% block body %}{% endblock %}</main>"


def environment(templates: Path, cache: compiled.Compiled, salt: str = "a") -> tuple[jinja2.Environment, list[str]]:
    """A fresh environment (as MkDocs makes one per language and per build) served by ``cache``, and the list
    of template names it compiles."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), auto_reload=False)
    compiled_names: list[str] = []
    compile_source = env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled_names.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    env.compile = counting  # type: ignore[method-assign]
    cache.use(env, salt)
    return env, compiled_names


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "base.html").write_text(BASE, encoding="utf-8")
    return folder


def test_a_second_build_takes_the_templates_from_disk_and_renders_the_same(templates: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    env, first = environment(templates, compiled.Compiled(cache_dir))
    before = env.get_template("page.html").render(word="đảng")
    env, second = environment(templates, compiled.Compiled(cache_dir))  # another process: only the disk is shared
    assert sorted(first) == ["base.html", "page.html"]
    assert second == []
    assert env.get_template("page.html").render(word="đảng") == before == "<main><p>ĐẢNG</p></main>"


def test_another_language_of_the_same_build_compiles_nothing_even_without_a_folder(templates: Path) -> None:
    cache = compiled.Compiled(None)
    environment(templates, cache)[0].get_template("page.html").render(word="x")
    env, again = environment(templates, cache)
    assert env.get_template("page.html").render(word="x") == "<main><p>X</p></main>"
    assert again == []


def test_a_changed_template_or_salt_is_compiled_again_in_place_of_the_old(templates: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    environment(templates, compiled.Compiled(cache_dir))[0].get_template("page.html").render(word="x")
    files = sorted(cache_dir.iterdir())
    (templates / "base.html").write_text("<article>{% block body %}{% endblock %}</article>", encoding="utf-8")
    env, names = environment(templates, compiled.Compiled(cache_dir))
    assert env.get_template("page.html").render(word="x") == "<article><p>X</p></article>"
    assert names == ["base.html"]
    env, names = environment(templates, compiled.Compiled(cache_dir), salt="other assets")
    env.get_template("page.html").render(word="x")
    assert sorted(names) == ["base.html", "page.html"]
    assert sorted(cache_dir.iterdir()) == files  # one file per template name, replaced: the folder does not grow


def test_a_copy_of_the_templates_elsewhere_shares_their_code(templates: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    environment(templates, compiled.Compiled(cache_dir))[0].get_template("page.html").render(word="x")
    copy = tmp_path / "another-project"
    copy.mkdir()
    for path in templates.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    env, names = environment(copy, compiled.Compiled(cache_dir))
    assert env.get_template("page.html").render(word="y") == "<main><p>Y</p></main>"
    assert names == []


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xff\xfe\n\x00\x01", None])
def test_a_damaged_cache_file_means_compiling_again(templates: Path, tmp_path: Path, damage: bytes | None) -> None:
    cache_dir = tmp_path / "cache"
    environment(templates, compiled.Compiled(cache_dir))[0].get_template("page.html").render(word="x")
    for path in cache_dir.iterdir():
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if damage is None else damage)  # None: cut short
    env, names = environment(templates, compiled.Compiled(cache_dir))
    assert env.get_template("page.html").render(word="x") == "<main><p>X</p></main>"
    assert sorted(names) == ["base.html", "page.html"]


def test_code_is_never_read_from_a_folder_others_may_write_to(templates: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    environment(templates, compiled.Compiled(cache_dir))[0].get_template("page.html").render(word="x")
    cache_dir.chmod(0o777)
    env, names = environment(templates, compiled.Compiled(cache_dir))
    env.get_template("page.html").render(word="x")
    assert sorted(names) == ["base.html", "page.html"]


def test_a_folder_that_cannot_be_made_only_costs_the_compiling(templates: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    env, names = environment(templates, compiled.Compiled(blocked / "cache"))
    assert env.get_template("page.html").render(word="x") == "<main><p>X</p></main>"
    assert sorted(names) == ["base.html", "page.html"]
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_the_folder_follows_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compiled.folder() == tmp_path / "hoidap" / "templates"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert compiled.folder() == Path.home() / ".cache" / "hoidap" / "templates"


def test_without_a_home_folder_templates_are_kept_in_memory_only(monkeypatch: pytest.MonkeyPatch,
                                                                 templates: Path) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(homeless))
    assert compiled.folder() is None
    env, _ = environment(templates, compiled.Compiled(compiled.folder()))
    assert env.get_template("page.html").render(word="x") == "<main><p>X</p></main>"
