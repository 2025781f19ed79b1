"""QR codes drawn ahead, in a second process while the build converts Markdown, are the codes the build
itself would draw: the page is the same whichever drew its code."""

from pathlib import Path
from types import SimpleNamespace

from hoidap.site import printing
from hoidap.site.qr import print_address

SITE = "https://hoidap.example.org/"


def test_codes_drawn_ahead_fill_the_cache_with_what_the_build_draws(tmp_path: Path):
    config = SimpleNamespace(site_url=SITE, site_name="Hỏi - đáp", config_file_path=str(tmp_path / "mkdocs.yml"))
    urls = ["nghi-quyet/nq-1/", "nghi-quyet/nq-2/"]
    process = printing.draw_ahead(config, "vi", urls)
    assert process is not None
    process.join(30)
    assert process.exitcode == 0
    cache = tmp_path / printing.QR_CACHE
    assert len(list(cache.glob("*.svg"))) == len(urls) and not list(cache.glob("*.tmp"))
    for url in urls:
        assert print_address("Hỏi - đáp", SITE, url, "vi", cache) == print_address("Hỏi - đáp", SITE, url, "vi")


def test_nothing_is_drawn_ahead_without_a_site_address_or_booklets(tmp_path: Path):
    config = SimpleNamespace(site_url=None, site_name="Hỏi - đáp", config_file_path=str(tmp_path / "mkdocs.yml"))
    assert printing.draw_ahead(config, "vi", ["nghi-quyet/nq-1/"]) is None
    assert printing.draw_ahead(SimpleNamespace(**{**vars(config), "site_url": SITE}), "vi", []) is None
    assert not (tmp_path / printing.QR_CACHE).exists()


def test_a_cache_write_that_fails_leaves_no_file_and_still_draws(tmp_path: Path, monkeypatch):
    """Fault injection: the rename fails. The code is still returned; the cache folder keeps no temporary file."""
    import os

    from hoidap.site.qr import qr_svg

    def failing_replace(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    svg = qr_svg("https://example.org/a/", "Câu 1", cache_dir=tmp_path)
    monkeypatch.undo()
    assert svg.startswith("<svg") and qr_svg("https://example.org/a/", "Câu 1") == svg
    assert list(tmp_path.iterdir()) == []
