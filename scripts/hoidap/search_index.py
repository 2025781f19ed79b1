"""The search index: folded words → records, cut into small files that a phone fetches on demand.

One language's index is a folder of JSON files, read by ``overrides/assets/javascripts/search/``:

- ``s<N>.json``, the shards. A word lives in the shard of its first three folded letters, so the
  shard that holds a word also holds every longer word it begins (prefix search as you type); a pair
  of neighbouring words (for phrases) lives in the shard of the whole pair.
  ``{"n": records, "b": records from booklets, "w": {word: [forms, postings]}, "p": {"word word": postings}}``
  (records from booklets come first).
  Word postings are flat ``[record gap, counts, forms bitmask, …]``: ``counts`` packs how often the
  word occurs in the title, the text and the context (4 bits each), the bitmask says which spellings
  (``forms``, by :func:`hoidap.vntext.tone_key`) the record uses. Pair postings are
  ``[record gap, fields bitmask, …]``.
- ``d<N>.json``, the records, :data:`DOCS_PER_CHUNK` to a file, fetched only for the results shown:
  ``[[location, title, text, page title, page location, label], …]``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable

from hoidap.search_records import Record
from hoidap.vntext import fold, nfc, tone_key, words

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
    counts: dict[str, dict[int, list[int]]] = defaultdict(dict)   # word → record → [title, text, context]
    forms: dict[str, dict[str, int]] = defaultdict(dict)          # word → spelling → bit
    masks: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    pairs: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for doc, record in enumerate(records):
        for field, text in enumerate((record.title, record.text, record.context)):
            folded_words = []
            for word in words(text):
                folded = fold(word)
                folded_words.append(folded)
                tally = counts[folded].setdefault(doc, [0, 0, 0])
                tally[field] = min(15, tally[field] + 1)
                spellings = forms[folded]
                bit = spellings.setdefault(tone_key(word), min(len(spellings), MAX_FORMS - 1))
                masks[folded][doc] |= 1 << bit
            for first, second in itertools.pairwise(folded_words):
                pairs[f"{first} {second}"][doc] |= 1 << field
    head = {"n": len(records), "b": sum(record.booklet for record in records)}
    files: dict[str, dict] = {f"s{n}.json": {**head, "w": {}, "p": {}} for n in range(shards)}
    for word, per_doc in counts.items():
        postings, last = [], 0
        for doc in sorted(per_doc):
            title, text, context = per_doc[doc]
            postings += [doc - last, title << 8 | text << 4 | context, masks[word][doc]]
            last = doc
        files[f"s{word_shard(word, shards)}.json"]["w"][word] = [list(forms[word]), postings]
    for pair, per_doc in pairs.items():
        postings, last = [], 0
        for doc in sorted(per_doc):
            postings += [doc - last, per_doc[doc]]
            last = doc
        files[f"s{pair_shard(pair, shards)}.json"]["p"][pair] = postings
    for start in range(0, len(records), DOCS_PER_CHUNK):
        files[f"d{start // DOCS_PER_CHUNK}.json"] = [
            [r.location, nfc(r.title), nfc(r.text[:MAX_TEXT]), nfc(r.page_title), r.page_location, r.label]
            for r in records[start:start + DOCS_PER_CHUNK]]
    return {name: json.dumps(data, ensure_ascii=False, separators=(",", ":")) for name, data in files.items()}


def version(texts: Iterable[str]) -> str:
    """A short fingerprint of everything an index is built from, for cache-busting its files."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]
