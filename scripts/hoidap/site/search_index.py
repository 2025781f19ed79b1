"""The search index: folded words → records, cut into small files that a phone fetches on demand.

One language's index is a folder of JSON files, read by ``overrides/assets/javascripts/search/``.
Each name carries the digest of the whole index (``s0.<digest>.json``, :func:`named`), so a new build's
index never answers under an older build's names:

- ``s<N>.json``, the shards. A word lives in the shard of its first three folded letters, so the
  shard that holds a word also holds every longer word it begins (prefix search as you type); a pair
  of neighbouring words (for phrases) lives in the shard of the whole pair.
  ``{"n": records, "b": records from booklets, "w": {word: [forms, postings]}, "p": {"word word": postings}}``
  (records from booklets come first).
  Word postings are flat ``[record gap, counts, forms bitmask, …]``: ``counts`` packs how often the
  word occurs in the title, the text and the context (4 bits each), the bitmask says which spellings
  (``forms``, by :func:`hoidap.vietnamese.vntext.tone_key`) the record uses. Pair postings are
  ``[record gap, fields bitmask, …]``.
- ``d<N>.json``, the records, :data:`DOCS_PER_CHUNK` to a file, fetched only for the results shown:
  ``[[location, title, text, page title, page location, label], …]``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from hoidap.site import hashed
from hoidap.site.search_records import Record
from hoidap.vietnamese.vntext import fold, nfc, tone_key, words

FORMAT = 1
DOCS_PER_CHUNK = 8
MAX_FORMS = 31            # spellings told apart per word; rarer ones share the last bit
MAX_TEXT = 4000           # characters of a record's text kept for snippets
KEY_LETTERS = 3
_CHARS_PER_SHARD = 48_000  # source characters per shard: about 25 KB of shard JSON


def shard_count(source_chars: int) -> int:
    """How many shards an index of ``source_chars`` characters of Markdown gets (a power of two)."""
    count = 1
    while count < 4096 and source_chars > _CHARS_PER_SHARD * count:
        count *= 2
    return count


def fnv1a(text: str) -> int:
    """32-bit FNV-1a hash of ``text``'s UTF-8 bytes (the browser computes the same)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def word_shard(folded: str, shards: int) -> int:
    return fnv1a("".join(list(folded)[:KEY_LETTERS])) % shards


def pair_shard(pair: str, shards: int) -> int:
    return fnv1a(pair) % shards


def build(records: Iterable[Record], shards: int) -> dict[str, str]:
    """The index files (name → JSON text) for ``records``, in ``shards`` shards."""
    records = sorted(records, key=lambda record: not record.booklet)
    forms: dict[str, dict[str, int]] = defaultdict(dict)                  # word → spelling → bit
    word_docs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # word → (record, counts, spellings)
    pair_docs: dict[str, list[tuple[int, int]]] = defaultdict(list)       # "a b" → (record, fields)
    for doc, record in enumerate(records):          # records in order: every list comes out sorted
        seen: dict[str, list[int]] = {}             # word → [title, text, context, spellings mask]
        joined: dict[tuple[str, str], int] = {}     # neighbouring words → fields they stand in
        for field, text in enumerate((record.title, record.text, record.context)):
            written = words(text)
            for word, times in Counter(written).items():
                folded = fold(word)
                slot = seen.get(folded)
                if slot is None:
                    slot = seen[folded] = [0, 0, 0, 0]
                slot[field] = min(15, slot[field] + times)
                spellings = forms[folded]
                slot[3] |= 1 << spellings.setdefault(tone_key(word), min(len(spellings), MAX_FORMS - 1))
            folded_words = [fold(word) for word in written]
            for pair in itertools.pairwise(folded_words):
                joined[pair] = joined.get(pair, 0) | 1 << field
        for folded, (title, text, context, mask) in seen.items():
            word_docs[folded].append((doc, title << 8 | text << 4 | context, mask))
        for (first, second), fields in joined.items():
            pair_docs[f"{first} {second}"].append((doc, fields))
    head = {"n": len(records), "b": sum(record.booklet for record in records)}
    files: dict[str, dict] = {f"s{n}.json": {**head, "w": {}, "p": {}} for n in range(shards)}
    for word, listed in word_docs.items():
        postings, last = [], 0
        for doc, fields, mask in listed:
            postings += [doc - last, fields, mask]
            last = doc
        files[f"s{word_shard(word, shards)}.json"]["w"][word] = [list(forms[word]), postings]
    for pair, listed in pair_docs.items():
        postings, last = [], 0
        for doc, fields in listed:
            postings += [doc - last, fields]
            last = doc
        files[f"s{pair_shard(pair, shards)}.json"]["p"][pair] = postings
    for start in range(0, len(records), DOCS_PER_CHUNK):
        files[f"d{start // DOCS_PER_CHUNK}.json"] = [
            [r.location, nfc(r.title), nfc(r.text[:MAX_TEXT]), nfc(r.page_title), r.page_location, r.label]
            for r in records[start:start + DOCS_PER_CHUNK]]
    return {name: json.dumps(data, ensure_ascii=False, separators=(",", ":")) for name, data in files.items()}


def named(files: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The index's digest and its files under content-addressed names (``s0.json`` → ``s0.<digest>.json``)."""
    key = hashed.digest_all(f"{name}\0{data}".encode() for name, data in sorted(files.items()))
    return key, {hashed.name(name, key): data for name, data in files.items()}


def version(texts: Iterable[str]) -> str:
    """A short fingerprint of everything an index is built from, for cache-busting its files."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]
