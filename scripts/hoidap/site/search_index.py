"""The search index: folded words → records, cut into small files that a phone fetches on demand.

One language's index is a folder of JSON files, read by ``overrides/assets/javascripts/search/``.
Each name carries the digest of everything the index is made from (``s0.<digest>.json``, :func:`key`,
:func:`named`), so a new build's index never answers under an older build's names:

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
import multiprocessing
import operator
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hoidap.model.booklet import Booklet
from hoidap.site import hashed, offline, page_dom
from hoidap.site.search_records import Content, Record, booklet_records, page_records
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


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one record gives the index whatever its place in it, made as soon as the record is (see
    :class:`PageIndex`): only the record numbers and the spellings' bits wait for the index's final order."""

    label: str | None                    # "cau 5" for a record labelled "Câu 5."
    number: str | None                   # "57" for the records of a booklet on 57-NQ/TW
    written: tuple[str, ...]             # distinct words as written, in order of first use, field by field
    counts: dict[str, int]               # folded word → its packed counts (see :class:`Builder`)
    pairs: tuple[tuple[tuple[str, str], int], ...]   # neighbouring folded words → fields bitmask, first use first


def analyse(record: Record) -> Analysis:
    """The order-free part of indexing ``record``: its words, folded, counted and paired, with C loops where it
    can be (``map``, ``Counter``, ``dict.fromkeys``, set operations)."""
    label = [fold(word) for word in words(record.label)]   # "Câu 5.", "Câu hỏi 5:" → "cau 5"
    number = re.match(r"\d+", record.resolution)
    written = (words(record.title), words(record.text), words(record.context))
    folded_fields = [list(map(fold, field)) for field in written]
    title, text, context = (Counter(field) for field in folded_fields)
    rare = title.keys() | context.keys()         # few words: most are in the text alone
    counts = {}
    for folded in dict.fromkeys(itertools.chain(*folded_fields)):
        times = text.get(folded, 0)
        packed = (times if times < 15 else 15) << 4
        if folded in rare:
            packed |= min(15, title.get(folded, 0)) << 8 | min(15, context.get(folded, 0))
        counts[folded] = packed
    by_field = [dict.fromkeys(itertools.pairwise(field), 1 << n) for n, field in enumerate(folded_fields)]
    joined = {**by_field[0], **by_field[1], **by_field[2]}  # neighbouring words, in order of first use
    first, second, third = (pairs.keys() for pairs in by_field)
    for pair in (first & second) | (first & third) | (second & third):  # a pair in more than one field
        joined[pair] = by_field[0].get(pair, 0) | by_field[1].get(pair, 0) | by_field[2].get(pair, 0)
    return Analysis(f"{label[0]} {label[-1]}" if len(label) >= 2 and label[-1].isdigit() else None,
                    number.group() if number else None, tuple(dict.fromkeys(itertools.chain(*written))),
                    counts, tuple(joined.items()))


def build(records: Iterable[Record], shards: int) -> dict[str, str]:
    """The index files (name → JSON text) for ``records``, in ``shards`` shards, in the order of :func:`_kind`."""
    return build_analysed(((record, analyse(record)) for record in records), shards)


def build_analysed(analysed: Iterable[tuple[Record, Analysis]], shards: int) -> dict[str, str]:
    """:func:`build` of records already analysed (:func:`analyse`)."""
    builder = Builder(shards)
    for record, analysis in sorted(analysed, key=lambda item: _kind(item[0])):
        builder.add(record, analysis)
    return builder.files()


class Builder:
    """The index, fed records in their final order (:func:`build` sorts them), then written by :meth:`files`.

    Linear in the records' words: each record comes analysed (:func:`analyse`), so what is left here is a
    record's number and each spelling's bit (its first use in the index's order); postings are kept flat as
    they will be written.
    """

    def __init__(self, shards: int) -> None:
        self.shards = shards
        self.records: list[Record] = []
        self.forms: dict[str, dict[str, int]] = defaultdict(dict)         # word → spelling → bit
        self.spelled: dict[str, tuple[str, int]] = {}                     # written word → (folded, spelling's bit)
        self.word_docs: dict[str, list[int]] = defaultdict(list)          # word → [record, counts, spellings, …]
        self.pair_docs: dict[tuple[str, str], list[int]] = defaultdict(list)  # (word, next word) → [record, fields…]
        self.labels: dict[str, list[int]] = defaultdict(list)       # "cau 5" → records labelled so
        self.numbers: dict[str, list[int]] = defaultdict(list)      # "57" → records of the booklets on 57-…

    def add(self, record: Record, analysis: Analysis) -> None:
        """Index ``record`` after those added before (every posting list comes out sorted)."""
        forms, spelled, word_docs, pair_docs = self.forms, self.spelled, self.word_docs, self.pair_docs
        doc = len(self.records)
        self.records.append(record)
        if analysis.label is not None:
            self.labels[analysis.label].append(doc)
        if analysis.number is not None:
            self.numbers[analysis.number].append(doc)
        masks: dict[str, int] = {}                  # folded word → spellings mask, in order of first use
        for word in analysis.written:               # a spelling's bit: its first use, field order
            known = spelled.get(word)
            if known is None:
                folded = fold(word)
                spellings = forms[folded]
                bit = spellings.setdefault(tone_key(word), min(len(spellings), MAX_FORMS - 1))
                known = spelled[word] = (folded, 1 << bit)
            masks[known[0]] = masks.get(known[0], 0) | known[1]
        counts = analysis.counts
        for folded, mask in masks.items():
            word_docs[folded].extend((doc, counts[folded], mask))
        for pair, fields in analysis.pairs:
            pair_docs[pair].extend((doc, fields))

    def files(self) -> dict[str, str]:
        """The index files (name → JSON text) of the records added; once (the postings become gaps)."""
        records, shards = self.records, self.shards
        head = {"n": len(records), "t": sum(_kind(record) == 0 for record in records),
                "b": sum(record.booklet for record in records)}
        files: dict[str, dict] = {f"s{n}.json": {**head, "w": {}, "p": {}, "q": {}, "r": {}} for n in range(shards)}
        for word, postings in self.word_docs.items():
            files[f"s{word_shard(word, shards)}.json"]["w"][word] = [list(self.forms[word]), _gaps(postings, 3)]
        for (first_word, second_word), postings in self.pair_docs.items():
            pair = f"{first_word} {second_word}"
            files[f"s{pair_shard(pair, shards)}.json"]["p"][pair] = _gaps(postings, 2)
        for key, docs in self.labels.items():
            files[f"s{pair_shard(key, shards)}.json"]["q"][key] = _gaps(docs, 1)
        for number, docs in self.numbers.items():
            files[f"s{word_shard(number, shards)}.json"]["r"][number] = _gaps(docs, 1)
        for start in range(0, len(records), DOCS_PER_CHUNK):
            files[f"d{start // DOCS_PER_CHUNK}.json"] = [
                [r.location, nfc(r.title), nfc(r.text[:MAX_TEXT]), nfc(r.page_title), r.page_location, r.label]
                for r in records[start:start + DOCS_PER_CHUNK]]
        return {name: json.dumps(data, ensure_ascii=False, separators=(",", ":")) for name, data in files.items()}


Page = tuple[str, str, str, str]  # a page searched: its source, address, title as written, converted content
Given = tuple[str, list[Record]] | Page  # what a converted page gives the index: its records, or itself


class PageIndex:
    """One language's search records and index, made from each page's converted content as the page converts.

    With ``fork``, a second process makes them while the build converts the next pages: the records (a parse
    of every page) and the index are the largest part of the build's own work, and a machine's second core
    does it meanwhile. :meth:`files` then only collects the result. Without ``fork``, or should that process
    fail, :meth:`files` makes them here. A page the build has already parsed (a booklet's, for its slides)
    gives its records here, from that tree, and only they cross to the second process: no page is parsed
    twice. Either way the index is that of the pages' final content, in the build's order, the same files
    byte for byte.
    """

    def __init__(self, shards: int, term_label: str, booklets: dict[str, Booklet]) -> None:
        self.shards, self.term_label, self.booklets = shards, term_label, booklets
        self._sent: dict[str, str] = {}  # page → the content handed to the second process
        self._made: dict[str, tuple[str, list[Record]]] = {}  # without it: page → content, records read here
        self._queue = self._results = self._process = None
        self._held: dict[str, Given] | None = None
        self._pages: list[Page] = []
        self.folder: Path | None = None  # where :meth:`written` finds the index (see :meth:`finish`)
        self._digest = ""
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._queue = context.Queue()  # put() never waits for the other process: a thread feeds the pipe
            self._results, sender = context.Pipe(duplex=False)
            self._process = context.Process(target=_index_beside, args=(self._queue, sender, shards, term_label,
                                                                         booklets), daemon=True)
            self._process.start()
            sender.close()

    def stop(self) -> None:
        """The build stopped before :meth:`files`: end the second process."""
        if self._process is not None and self._queue is not None:
            self._process.terminate()
            self._process.join()
            self._queue.cancel_join_thread()
            self._queue.close()
            self._results.close()
            self._queue = None

    def page(self, source: str, url: str, title: str, content: str, tree: page_dom.Element | None = None) -> None:
        """A page has converted: ``content`` is its HTML as the build keeps it, ``tree`` that HTML as the build
        parsed it (:func:`page_dom.fragment`), when it did. While :meth:`hold` is on, what the page gives is
        kept for :meth:`held` instead."""
        made = None if tree is None else _records(self.booklets, self.term_label, source, url, title, tree)
        given: Given = (source, made) if made is not None else (source, url, title, content)
        if self._held is not None:
            self._held[source] = given
        else:
            self.add(content, given)

    def hold(self) -> None:
        """Keep what pages give (in a process converting pages for the build: hoidap.site.convert_ahead)."""
        self._held = {}

    def held(self, source: str) -> Given | None:
        """What page ``source`` gave while :meth:`hold` was on."""
        return None if self._held is None else self._held.pop(source, None)

    def add(self, content: str, given: Given) -> None:
        """Index what a page gave (:meth:`page`, or :meth:`held` in another process); ``content`` as the build
        keeps it."""
        source = given[0]
        if self._queue is None:
            if len(given) == 2:
                self._made[source] = (content, given[1])
            return
        self._sent[source] = content
        self._queue.put(given)

    def finish(self, pages: list[Page], folder: Path | None = None, digest: str = "") -> None:
        """Every page has converted: ``pages`` are those indexed, in the build's order, with their final content.
        The second process makes the index while the build writes the pages; :meth:`files` collects it. With
        ``folder`` (made afresh here), that process also writes the files there, named with ``digest``
        (:func:`named`), and :meth:`written` collects what it wrote."""
        self._pages, self.folder, self._digest = pages, folder, digest
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        if self._queue is not None:
            changed = {source: (url, title, content) for source, url, title, content in pages
                       if self._sent.get(source) is not content}  # another plugin changed it after us
            self._queue.put((None, [source for source, *_ in pages], changed, folder, digest))
            self._queue.close()  # (a thread hands the pages over meanwhile: the build goes on at once)

    def files(self) -> dict[str, str]:
        """The index files of the pages :meth:`finish` named (given no folder)."""
        found = self._collect()
        return found if found is not None else self._build_here()

    def written(self) -> Written:
        """The index files written into the folder :meth:`finish` was given: by the second process while the
        build wrote the pages, or here should it have failed."""
        found = self._collect()
        return found if found is not None else write(named(self._build_here(), self._digest), self.folder)

    def _collect(self):
        """What the second process sent, or None: no such process, or it failed, or it died without a word.
        Then what was still to be handed to it is dropped (waiting to hand it over would wait for ever)."""
        if self._queue is None:
            return None
        queue, self._queue = self._queue, None
        try:
            found = self._wait()
        finally:
            self._results.close()
        if found is None:
            queue.cancel_join_thread()
        else:
            queue.join_thread()  # it has read every page: the feeding thread has ended
        self._process.join()
        return found

    def _wait(self):
        while not self._results.poll(0.5):
            if not self._process.is_alive() and not self._results.poll(0):
                return None
        try:
            return self._results.recv()
        except EOFError:
            return None

    def _build_here(self) -> dict[str, str]:
        return build((record for page in self._pages for record in self._records(*page)), self.shards)

    def _records(self, source: str, url: str, title: str, content: str) -> list[Record]:
        kept = self._made.get(source)
        if kept is not None and kept[0] is content:
            return kept[1]
        return _records(self.booklets, self.term_label, source, url, title, content)


def _records(booklets: dict[str, Booklet], term_label: str, source: str, url: str, title: str,
             content: Content) -> list[Record]:
    booklet = booklets.get(source)
    return booklet_records(booklet, url, content, term_label) if booklet else page_records(title, url, content)


def _index_beside(queue: multiprocessing.Queue, results, shards: int, term_label: str,
                  booklets: dict[str, Booklet]) -> None:
    """The second process of :class:`PageIndex`: make each page's records as it comes (or take those made
    from the build's tree) and analyse them (:func:`analyse`) while the build converts the next pages, then
    index the pages in the build's order (records sorted as :func:`build` sorts them)."""
    made: dict[str, list[tuple[Record, Analysis]]] = {}
    failed = False
    while (message := queue.get())[0] is not None:  # keep reading until the end, even after a failure
        if failed:
            continue
        try:
            records = message[1] if len(message) == 2 else _records(booklets, term_label, *message)
            made[message[0]] = [(record, analyse(record)) for record in records]
        except Exception:  # PageIndex.files makes the index again, and reports what fails
            failed = True
    if failed:
        results.send(None)
        return
    _, order, changed, folder, digest = message
    try:
        for source, (url, title, content) in changed.items():
            made[source] = [(record, analyse(record))
                            for record in _records(booklets, term_label, source, url, title, content)]
        files = build_analysed((item for source in order for item in made[source]), shards)
        results.send(files if folder is None else write(named(files, digest), folder))
    except Exception:  # the build makes (and writes) the index again, and reports what fails
        results.send(None)


def _gaps(postings: list[int], width: int) -> list[int]:
    """Flat postings (``width`` numbers each, the record first) with each record as the gap from the one before."""
    docs = postings[::width]
    postings[::width] = map(operator.sub, docs, [0, *docs[:-1]])
    return postings


def key(version: str, lang: str, shards: int, pages: list[Page]) -> str:
    """The digest the index's file names carry, known before the index is made: of everything it is made from
    (the build's fingerprint, which covers the sources and this code; the language; the indexed pages as
    they converted, in order). The same inputs make the same files, so a name never holds two contents."""
    parts = [version, lang, str(shards), *(field for page in pages for field in page)]
    return hashed.digest_all(part.encode("utf-8", "surrogatepass") for part in parts)


Written = dict[str, tuple[int, int, dict[str, object]]]  # file name → modification time (ns), size, offline measure


def write(files: dict[str, str], folder: Path) -> Written:
    """Write ``files`` (name → text) into ``folder``; each one's time, size and :func:`offline.measure`, so that
    the offline list does not read them back."""
    written = {}
    for name, text in files.items():
        data = text.encode("utf-8")
        path = folder / name
        path.write_bytes(data)
        info = path.stat()
        written[name] = (info.st_mtime_ns, info.st_size, offline.measure(data))
    return written


def named(files: dict[str, str], digest: str) -> dict[str, str]:
    """The index's files under the names that carry ``digest`` (``s0.json`` → ``s0.<digest>.json``)."""
    return {hashed.name(name, digest): data for name, data in files.items()}


def version(texts: Iterable[str]) -> str:
    """A short fingerprint of everything an index is built from, for cache-busting its files."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]
