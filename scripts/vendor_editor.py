"""Vendor the web editor (Decap CMS) from npm at a pinned version into editor/vendor/: nothing loads from a CDN.

    .venv/bin/python scripts/vendor_editor.py            # fetch, verify, copy; prints the sha256 to record
    .venv/bin/python scripts/vendor_editor.py --check    # only verify that editor/vendor/ holds the pinned build

The tarballs come from ``npm pack`` (the registry npm is configured with) and are checked against the registry's
``dist.integrity`` (sha512) before anything is copied. Decap's own package ships no LICENSE file; its MIT licence
is the monorepo's, shipped in decap-cms-locales of the same release, taken from there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from hoidap.cli import Parser, run
from hoidap.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "editor" / "vendor"
DECAP = "decap-cms@3.16.3"
LOCALES = "decap-cms-locales@3.8.2"  # the version decap-cms-app 3.16.3 depends on
# (package, file inside the tarball, name in editor/vendor/)
FILES = ((DECAP, "package/dist/decap-cms.js", "decap-cms.js"),
         (DECAP, "package/dist/decap-cms.js.LICENSE.txt", "decap-cms.js.LICENSE.txt"),
         (LOCALES, "package/LICENSE", "LICENSE"))
# sha256 of each vendored file, as recorded in editor/README.md
SHA256 = {
    "decap-cms.js": "7c1efd6b616b4786e279aeef194dd21649a72058d3bc8d1f78901b574610dfb8",
    "decap-cms.js.LICENSE.txt": "c6ce115db01da234282652ca162b96f71507dac9ab85e6994a4eb3aed3155779",
    "LICENSE": "0a9da20eba6086aa19af2c1d1c3e280e762d7522afe01476f616e514656ab379",
}


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="vendor_editor.py", description="Chép bản Decap CMS đã ghim từ npm vào editor/vendor/.")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra editor/vendor/ đúng bản đã ghim")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tarballs = {spec: pack(spec, Path(folder)) for spec in dict.fromkeys(spec for spec, _, _ in FILES)}
        for spec, member, name in FILES:
            with tarfile.open(tarballs[spec]) as archive:
                stream = archive.extractfile(member)
                if stream is None:
                    raise UserError(f"gói {spec} không có tệp {member}.")
                (VENDOR / name).write_bytes(stream.read())
    for _, _, name in FILES:
        print(f"{name}  sha256 {sha256(VENDOR / name)}")
    return 0


def pack(spec: str, folder: Path) -> Path:
    """``npm pack spec`` into ``folder``, verified against the registry's ``dist.integrity``."""
    expected = _npm(["view", spec, "dist.integrity", "--json"], folder)
    integrity = json.loads(expected)
    output = _npm(["pack", spec, "--json", "--pack-destination", str(folder)], folder)
    tarball = folder / json.loads(output)[0]["filename"]
    algorithm, _, digest = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if actual != digest:
        raise UserError(f"gói {spec} tải về không khớp mã kiểm tra của kho npm ({integrity}); không chép gì.")
    return tarball


def check() -> int:
    """Whether every vendored file is there with the recorded digest."""
    wrong = [name for name, digest in SHA256.items()
             if not (VENDOR / name).is_file() or sha256(VENDOR / name) != digest]
    if wrong:
        print(f"editor/vendor/ không đúng bản đã ghim ({', '.join(wrong)}): chạy scripts/vendor_editor.py.")
        return 1
    print(f"editor/vendor/ đúng bản {DECAP}.")
    return 0


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm(args: list[str], folder: Path) -> str:
    try:
        result = subprocess.run(["npm", *args], cwd=folder, capture_output=True, text=True, timeout=600)
    except FileNotFoundError:
        raise UserError("không thấy lệnh npm: cài Node.js (gói nodejs, npm của Debian) rồi chạy lại.") from None
    if result.returncode != 0:
        raise UserError(f"npm {' '.join(args)} bị lỗi:\n{result.stderr.strip()[-2000:]}")
    return result.stdout


if __name__ == "__main__":
    sys.exit(run(main))
