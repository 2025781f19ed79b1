"""The theme's templates, compiled once: across the languages of a build, and across builds on one machine.

MkDocs makes a new Jinja environment for each language static-i18n builds, and compiling Material's and our
templates (~0.7 s) is most of a language's fixed cost and a tenth of a 200-booklet build. Jinja's bytecode cache
(:class:`jinja2.BytecodeCache`) is the documented way to keep that work: a template is taken from here only
with the same source (Jinja's checksum), the same Jinja and Python (Jinja's magic header) and the same ``salt``:
what the templates read while they compile (our assets' content-addressed names, which the ``hoidap_asset``
filter folds into the code when its argument is a constant) and the environment's own settings.

On disk, under the user's cache folder (``$XDG_CACHE_HOME/hoidap/templates``, else ``~/.cache/…``), one file per
template name, replaced whole when its template changes: the folder never grows past the theme's templates, and
nothing is ever deleted. A file that cannot be read or written, or does not match, only means compiling again.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from hoidap.files import write_atomically

SUFFIX = ".jinja-code"


def folder() -> Path | None:
    """Where compiled templates are kept on this machine; None when the user has no home folder to say."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no HOME and no entry in the password database (a bare container)
        return None
    return Path(base) / "hoidap" / "templates"


class Compiled(jinja2.BytecodeCache):
    """Compiled templates by name, in memory and in ``directory`` (None: in memory only)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.codes: dict[str, tuple[str, bytes]] = {}  # name's key → (salt and checksum, Jinja's bytes)
        self.salt = ""

    def use(self, env: jinja2.Environment, salt: str) -> None:
        """Serve ``env``'s templates, compiled with ``salt`` (see the module's docstring)."""
        settings = (sorted(env.extensions), env.autoescape, env.optimized, env.trim_blocks, env.lstrip_blocks,
                    env.block_start_string, env.variable_start_string, env.comment_start_string,
                    env.line_statement_prefix, env.keep_trailing_newline, sorted(env.filters), sorted(env.tests))
        self.salt = hashlib.sha256(repr((salt, settings)).encode("utf-8")).hexdigest()
        env.bytecode_cache = self

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """By name alone: the same template at another path (another project's copy) has the same code."""
        return hashlib.sha256(name.encode("utf-8")).hexdigest()[:32]

    def load_bytecode(self, bucket: Bucket) -> None:
        stamp = f"{self.salt} {bucket.checksum}"
        found = self.codes.get(bucket.key)
        if found is None:
            found = self._read(bucket.key)
        if found is not None and found[0] == stamp:
            bucket.load_bytecode(io.BytesIO(found[1]))  # checks Jinja's magic header; no code when it differs
            self.codes[bucket.key] = found

    def dump_bytecode(self, bucket: Bucket) -> None:
        stamp = f"{self.salt} {bucket.checksum}"
        data = bucket.bytecode_to_string()
        self.codes[bucket.key] = (stamp, data)
        self._write(bucket.key, stamp, data)

    def _read(self, key: str) -> tuple[str, bytes] | None:
        if self.directory is None or not _trusted(self.directory):
            return None
        try:
            raw = (self.directory / (key + SUFFIX)).read_bytes()
        except OSError:
            return None
        stamp, _, data = raw.partition(b"\n")
        return stamp.decode("ascii", "replace"), data

    def _write(self, key: str, stamp: str, data: bytes) -> None:
        """Replace the file whole (another build may read it at the same moment); give up quietly on any error."""
        if self.directory is None:
            return
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if _trusted(self.directory):
                write_atomically(self.directory / (key + SUFFIX), stamp.encode("ascii") + b"\n" + data,
                                 mode=0o600, durable=False)
        except OSError:
            return


def _trusted(directory: Path) -> bool:
    """Code is read only from a folder that is this user's and that no one else may write to."""
    try:
        info = directory.stat()
    except OSError:
        return False
    return (not hasattr(os, "getuid") or info.st_uid == os.getuid()) and not info.st_mode & 0o022
