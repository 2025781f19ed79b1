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
import operator
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
    """The index files (name → JSON text) for ``records``, in ``shards`` shards.

    Linear in the records' words, with the per-word work done by C loops where it can be (``map``,
    ``Counter``, ``dict.fromkeys``, set operations): a record's distinct words and word pairs are found
    without a Python loop over every occurrence, and postings are kept flat as they will be written.
    """
    records = sorted(records, key=lambda record: not record.booklet)
    forms: dict[str, dict[str, int]] = defaultdict(dict)          # word → spelling → bit
    spelled: dict[str, tuple[str, int]] = {}                      # written word → (folded, its spelling's bit)
    word_docs: dict[str, list[int]] = defaultdict(list)           # word → [record, counts, spellings, …]
    pair_docs: dict[tuple[str, str], list[int]] = defaultdict(list)  # (word, next word) → [record, fields, …]
    for doc, record in enumerate(records):          # records in order: every list comes out sorted
        written = (words(record.title), words(record.text), words(record.context))
        masks: dict[str, int] = {}                  # folded word → spellings mask, in order of first use
        for word in dict.fromkeys(itertools.chain(*written)):  # a spelling's bit: its first use, in field order
            known = spelled.get(word)
            if known is None:
                folded = fold(word)
                spellings = forms[folded]
                bit = spellings.setdefault(tone_key(word), min(len(spellings), MAX_FORMS - 1))
                known = spelled[word] = (folded, 1 << bit)
            masks[known[0]] = masks.get(known[0], 0) | known[1]
        folded_fields = [list(map(fold, field)) for field in written]
        title, text, context = (Counter(field) for field in folded_fields)
        rare = title.keys() | context.keys()         # few words: most are in the text alone
        for folded, mask in masks.items():
            times = text.get(folded, 0)
            counts = (times if times < 15 else 15) << 4
            if folded in rare:
                counts |= min(15, title.get(folded, 0)) << 8 | min(15, context.get(folded, 0))
            word_docs[folded].extend((doc, counts, mask))
        by_field = [dict.fromkeys(itertools.pairwise(field), 1 << n) for n, field in enumerate(folded_fields)]
        joined = {**by_field[0], **by_field[1], **by_field[2]}  # neighbouring words, in order of first use
        first, second, third = (pairs.keys() for pairs in by_field)
        for pair in (first & second) | (first & third) | (second & third):  # a pair in more than one field
            joined[pair] = by_field[0].get(pair, 0) | by_field[1].get(pair, 0) | by_field[2].get(pair, 0)
        for pair, fields in joined.items():
            pair_docs[pair].extend((doc, fields))
    head = {"n": len(records), "b": sum(record.booklet for record in records)}
    files: dict[str, dict] = {f"s{n}.json": {**head, "w": {}, "p": {}} for n in range(shards)}
    for word, postings in word_docs.items():
        files[f"s{word_shard(word, shards)}.json"]["w"][word] = [list(forms[word]), _gaps(postings, 3)]
    for (first_word, second_word), postings in pair_docs.items():
        pair = f"{first_word} {second_word}"
        files[f"s{pair_shard(pair, shards)}.json"]["p"][pair] = _gaps(postings, 2)
    for start in range(0, len(records), DOCS_PER_CHUNK):
        files[f"d{start // DOCS_PER_CHUNK}.json"] = [
            [r.location, nfc(r.title), nfc(r.text[:MAX_TEXT]), nfc(r.page_title), r.page_location, r.label]
            for r in records[start:start + DOCS_PER_CHUNK]]
    return {name: json.dumps(data, ensure_ascii=False, separators=(",", ":")) for name, data in files.items()}


def _gaps(postings: list[int], width: int) -> list[int]:
    """Flat postings (``width`` numbers each, the record first) with each record as the gap from the one before."""
    docs = postings[::width]
    postings[::width] = map(operator.sub, docs, [0, *docs[:-1]])
    return postings


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
