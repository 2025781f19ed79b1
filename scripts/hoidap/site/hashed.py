"""Content-addressed file names: a file's address changes exactly when its bytes change.

Our scripts and stylesheets are written as ``name.<hash>.ext`` (like Material's own
``bundle.<hash>.min.js``), where the hash is the file's own content. A language's search index is
written as ``search/<lang>/s0.<hash>.json``, ``d0.<hash>.json``…, where the hash covers everything the
index is made from (:func:`hoidap.site.search_index.key`: its files refer to one another by number, so
they change together; one name carries them, and pages can name it before the index is made).

A cache (the browser's, the service worker's, or nginx's year-long ``immutable``) can then never
hold one content under another's address: after a publish, a page of the older build that asks for
one of its files gets it from a cache or a 404 from the server, never the newer build's file. nginx
decides the year-long cache by the address's shape (``deploy/nginx/hoidap-site.conf``), not by the build it serves.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable

LENGTH = 12  # hex digits: 48 bits, no two versions of one file will share a name


def digest(data: bytes) -> str:
    """The short hex digest of one file's bytes (the start of its SHA-256)."""
    return hashlib.sha256(data).hexdigest()[:LENGTH]


def digest_all(parts: Iterable[bytes]) -> str:
    """One short digest of several files (each delimited, so ``[a, bc]`` and ``[ab, c]`` differ)."""
    value = hashlib.sha256()
    for part in parts:
        value.update(len(part).to_bytes(8, "big"))
        value.update(part)
    return value.hexdigest()[:LENGTH]


def name(path: str, content_digest: str) -> str:
    """``assets/javascripts/reader.js`` → ``assets/javascripts/reader.<digest>.js``."""
    folder, file = posixpath.split(path)
    stem, dot, extension = file.rpartition(".")
    if not dot or not stem:
        raise ValueError(f"{path}: a content-addressed file needs an extension")
    return posixpath.join(folder, f"{stem}.{content_digest}.{extension}")
