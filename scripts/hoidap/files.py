"""Files written whole: a crash, a full disk or a failed write leaves the old file or the new one, never half of
one, and never the temporary file this write made. Every command's and cache's file goes through here; an
author's own file is rewritten in place instead (:mod:`hoidap.checking.inplace`)."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_beside(path: Path, content: bytes, suffix: str, *, durable: bool = True) -> str:
    """A hidden file holding ``content`` next to ``path`` (with ``durable``, flushed to disk); its name."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return name


def write_atomically(path: Path, data: bytes, *, new: bool = False, mode: int | None = None,
                     durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step: a crash leaves the old file or the new one, never half.

    The file gets ``mode``; without it, a file that exists keeps its mode and a new one is readable by all
    (0644). With ``new``, ``path`` must not exist (``FileExistsError`` otherwise, even if another program
    creates it meanwhile). ``durable=False`` skips the flush to disk, for caches that can be made again.
    """
    temporary = write_beside(path, data, ".tmp", durable=durable)
    try:
        if mode is None:
            mode = 0o644 if new or not path.exists() else path.stat().st_mode & 0o7777
        os.chmod(temporary, mode)
        if new:
            _link_new(temporary, path)
        else:
            os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _link_new(temporary: str, path: Path) -> None:
    """Give ``temporary`` the name ``path`` unless ``path`` exists (checked by the link itself where it can be)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links (FAT, some network shares): check, then rename
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)
