"""How well legacy-font text is read back: the sample booklets' own sentences written in VNI and TCVN3, then
converted by the checker's reading (``hoidap.vietnamese.legacy.convert_legacy``).

Prints, for each encoding: sentences wholly in the legacy font that do not come back exactly; and sentences where a
legacy run is followed, in the same paragraph, by a Unicode sentence: how often a Unicode word was changed (the
worst case: a correct word rewritten) and how often a legacy word was left as written.

    .venv/bin/python scripts/bench_legacy.py            # every sentence of docs/nghi-quyet, 4,000 mixed pairs
    .venv/bin/python scripts/bench_legacy.py --pairs 20000 --seed 2
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from hoidap.model.frontmatter import split  # noqa: E402
from hoidap.vietnamese.legacy import convert_legacy, unicode_to_tcvn3, unicode_to_vni  # noqa: E402

ENCODERS = {"vni": unicode_to_vni, "tcvn3": lambda text: unicode_to_tcvn3(text.lower())}  # TCVN3: one case a font


def sentences() -> list[str]:
    """The sentences of the sample booklets' answers: plain prose lines cut at full stops."""
    found = []
    for path in sorted((ROOT / "docs/nghi-quyet").rglob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        for line in split(path.read_text(encoding="utf-8"), str(path))[1]:
            if re.match(r"\s*[#!?`|\[-]|\s*$", line):
                continue
            found += [part.strip() for part in re.split(r"(?<=\.)\s+", line) if len(part.split()) >= 4]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=4000, help="legacy-then-Unicode pairs per encoding")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    texts = sentences()
    rng = random.Random(args.seed)
    print(f"{len(texts)} sentences from docs/nghi-quyet; {args.pairs} mixed pairs per encoding, seed {args.seed}\n")
    print("| encoding | whole sentence in the font, not read back | mixed: a Unicode word changed "
          "| mixed: a legacy word left |")
    print("|---|---:|---:|---:|")
    for name, encode in ENCODERS.items():
        plain = [text.lower() for text in texts] if name == "tcvn3" else texts
        wrong = sum(convert_legacy(encode(text)) != text for text in plain)
        changed = left = 0
        for _ in range(args.pairs):
            legacy, unicode = rng.choice(plain), rng.choice(plain)
            out = convert_legacy(f"{encode(legacy)} {unicode}")
            if not out.endswith(" " + unicode):
                changed += 1
            elif out[:-len(unicode) - 1] != legacy:
                left += 1
        print(f"| {name} | {wrong} of {len(plain)} | {changed} of {args.pairs} | {left} of {args.pairs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
