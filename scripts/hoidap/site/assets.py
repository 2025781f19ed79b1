"""Our scripts and stylesheets under content-addressed names in the built site (:mod:`hoidap.site.hashed`).

The templates name a file by its source path (``{{ 'assets/javascripts/reader.js' | hoidap_asset | url }}``)
and get ``assets/javascripts/reader.<digest>.js``; the file is written under that name only.
"""

from __future__ import annotations

from mkdocs.structure.files import File, Files

from hoidap.site import hashed

# Every script and stylesheet of ours a page or a worker loads (Material's own already carry a digest).
ASSETS = (
    "assets/stylesheets/hoidap.css",
    "assets/stylesheets/identity.css",   # alone, for the presentation page (hoidap.css holds it for the others)
    "assets/stylesheets/print.css",
    "assets/stylesheets/preview.css",
    "assets/javascripts/reader.js",
    "assets/javascripts/offline.js",
    "assets/javascripts/offline-download.js",
    "assets/javascripts/quiz.js",
    "assets/javascripts/listen.js",
    "assets/javascripts/present.js",
    "assets/javascripts/upcoming.js",
    "assets/javascripts/statistics.js",
    "assets/stylesheets/present.css",
    "assets/javascripts/search/highlight.js",
    "assets/javascripts/search/results.js",
    "assets/javascripts/search/text.js",
    "assets/javascripts/search/worker.js",
)


def content_addressed(files: Files, paths: tuple[str, ...] = ASSETS) -> dict[str, str]:
    """Give each file of ``paths`` present in ``files`` its content-addressed name; source path → written path.

    Idempotent: the name comes from the source path and the bytes, whatever the file was named before.
    """
    names = {}
    for path in paths:
        file = files.get_file_from_path(path)
        if file is None:
            continue
        names[path] = _rename(file, hashed.name(path, hashed.digest(file.content_bytes)))
    return names


def _rename(file: File, dest: str) -> str:
    file.dest_uri = dest
    file.url = dest   # our asset paths are plain ASCII: nothing to quote
    file.__dict__.pop("abs_dest_path", None)   # a cached property derived from the old name
    return dest
