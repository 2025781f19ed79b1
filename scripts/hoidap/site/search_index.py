"""The search index: folded words → records, cut into small files that a phone fetches on demand.

One language's index is a folder of JSON files, read by ``overrides/assets/javascripts/search/``.
Each name carries the digest of the whole index (``s0.<digest>.json``, :func:`named`), so a new build's
index never answers under an older build's names:

- ``s<N>.json``, the shards. A word lives in the shard of its first three folded letters, so the
  shard that holds a word also holds every longer word it begins (prefix search as you type); a pair
  of neighbouring words (for phrases) lives in the shard of the whole pair.
  ``{"n": records, "t": booklets, "b": records from booklets, "w": {word: [forms, postings]},
  "p": {"word word": postings}, "q": {"câu 5" folded: records}, "r": {"57": records}}``
  (records come in this order: booklets, their questions, other pages).
  ``q`` finds a question by its label (``cau 5``, which is never indexed as words), in the shard of that
  pair; ``r`` the records of the booklets on a resolution by the number it begins with (``57`` for
  ``57-NQ/TW``), in the shard of that number.
  Word postings are flat ``[record gap, counts, forms bitmask, …]``: ``counts`` packs how often the
  word occurs in the title, the text and the context (4 bits each), the bitmask says which spellings
  (``forms``, by :func:`hoidap.vietnamese.vntext.tone_key`) the record uses. Pair postings are
  ``[record gap, fields bitmask, …]``; label and resolution postings ``[record gap, …]``.
- ``d<N>.json``, the records, :data:`DOCS_PER_CHUNK` to a file, fetched only for the results shown:
  ``[[location, title, text, page title, page location, label], …]``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from hoidap.site import hashed
from hoidap.site.search_records import Record
from hoidap.vietnamese.vntext import fold, nfc, tone_key, words

FORMAT = 2
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


def _kind(record: Record) -> int:
    """0 a booklet, 1 a booklet's question, 2 another page: the order of records in the index (a booklet
    before its questions on equal terms)."""
    return (1 if record.page_location else 0) if record.booklet else 2


def _gaps(docs: list[int]) -> list[int]:
    return [doc - last for doc, last in zip(docs, [0, *docs[:-1]], strict=True)]


def build(records: Iterable[Record], shards: int) -> dict[str, str]:
    """The index files (name → JSON text) for ``records``, in ``shards`` shards."""
    records = sorted(records, key=_kind)
    labels: dict[str, list[int]] = defaultdict(list)       # "cau 5" → records labelled so
    numbers: dict[str, list[int]] = defaultdict(list)      # "57" → records of the booklets on 57-…
    forms: dict[str, dict[str, int]] = defaultdict(dict)                  # word → spelling → bit
    word_docs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # word → (record, counts, spellings)
    pair_docs: dict[str, list[tuple[int, int]]] = defaultdict(list)       # "a b" → (record, fields)
    for doc, record in enumerate(records):          # records in order: every list comes out sorted
        label = [fold(word) for word in words(record.label)]   # "Câu 5.", "Câu hỏi 5:" → "cau 5"
        if len(label) >= 2 and label[-1].isdigit():
            labels[f"{label[0]} {label[-1]}"].append(doc)
        number = re.match(r"\d+", record.resolution)
        if number:
            numbers[number.group()].append(doc)
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
    head = {"n": len(records), "t": sum(_kind(record) == 0 for record in records),
            "b": sum(record.booklet for record in records)}
    files: dict[str, dict] = {f"s{n}.json": {**head, "w": {}, "p": {}, "q": {}, "r": {}} for n in range(shards)}
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
    for key, docs in labels.items():
        files[f"s{pair_shard(key, shards)}.json"]["q"][key] = _gaps(docs)
    for number, docs in numbers.items():
        files[f"s{word_shard(number, shards)}.json"]["r"][number] = _gaps(docs)
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
