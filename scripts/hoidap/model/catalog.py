"""The catalog: every booklet of one site language, grouped for the home and browse pages."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hoidap.model.booklet import Booklet
from hoidap.model.schema import LEVELS
from hoidap.site import texts
from hoidap.vietnamese.vntext import fold, slugify


@dataclass(frozen=True)
class Entry:
    """A booklet, the docs-relative path of its source and the URL of its page."""

    src_uri: str
    url: str
    booklet: Booklet


@dataclass(frozen=True)
class Group:
    """A titled group of entries, with the anchor of its heading on the browse page."""

    title: str
    anchor: str
    entries: tuple[Entry, ...]


def _newest_first(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(sorted(entries, key=lambda e: (-e.booklet.meta.updated.toordinal(),
                                                fold(e.booklet.title), e.src_uri)))


class Catalog:
    """All booklets of one language; each view is computed from metadata, never listed by hand."""

    def __init__(self, entries: Iterable[Entry], lang: str) -> None:
        self.entries = _newest_first(entries)
        self.lang = lang
        self.tag_names = tag_spellings(tag for entry in self.entries for tag in entry.booklet.meta.tags)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def question_count(self) -> int:
        return sum(len(e.booklet.questions) for e in self.entries)

    def newest(self, limit: int | None = None) -> tuple[Entry, ...]:
        """Entries by ``updated`` date, newest first."""
        return self.entries[:limit]

    def by_level(self) -> list[Group]:
        order = [level.key for level in LEVELS]
        groups = self._group(lambda b: [b.meta.level], key=order.index)
        return [Group(texts.level(self.lang, key), key, entries) for key, entries in groups]

    def by_issuer(self) -> list[Group]:
        groups = self._group(lambda b: [b.meta.resolution.issuer], key=fold)
        return [Group(name, slugify(name), entries) for name, entries in groups]

    def by_year(self) -> list[Group]:
        groups = self._group(lambda b: [b.meta.resolution.issued.year], key=lambda year: -year)
        return [Group(str(year), f"nam-{year}", entries) for year, entries in groups]

    def by_month(self) -> list[Group]:
        """Entries by the month of their ``updated`` date, newest month first."""
        groups = self._group(lambda b: [(b.meta.updated.year, b.meta.updated.month)],
                             key=lambda month: (-month[0], -month[1]))
        return [Group(texts.month(self.lang, year, month), f"thang-{month:02d}-{year}", entries)
                for (year, month), entries in groups]

    def by_tag(self) -> list[Group]:
        """One group per topic: tags that differ only in case or accents are one topic, named by
        :attr:`tag_names`; a booklet is listed once under each of its topics."""
        groups = self._group(lambda b: list(dict.fromkeys(self.tag_name(tag) for tag in b.meta.tags)), key=fold)
        return [Group(tag, tag_anchor(tag), entries) for tag, entries in groups]

    def tag_name(self, tag: str) -> str:
        """The one spelling the site shows for ``tag`` (see :func:`tag_spellings`)."""
        return self.tag_names.get(tag_key(tag), tag)

    def _group(self, keys_of: Callable[[Booklet], list], key: Callable) -> list[tuple]:
        groups: dict = defaultdict(list)
        for entry in self.entries:
            for value in keys_of(entry.booklet):
                groups[value].append(entry)
        return [(value, tuple(groups[value])) for value in sorted(groups, key=key)]


def tag_key(tag: str) -> str:
    """What tags that are one topic share: the tag folded (no case, no accents), spaces collapsed."""
    return " ".join(fold(tag).split())


def tag_spellings(tags: Iterable[str]) -> dict[str, str]:
    """For each topic (:func:`tag_key`), the spelling shown: the one written most often, the first seen
    on a tie (authors write "Chuyển đổi số" and "chuyển đổi số"; readers see one topic)."""
    counts = Counter(tags)   # in first-seen order: most_common keeps it among equal counts
    chosen: dict[str, str] = {}
    for spelling, _ in counts.most_common():
        chosen.setdefault(tag_key(spelling), spelling)
    return chosen


def tag_anchor(tag: str) -> str:
    """The anchor of a topic on the by-topic page: the same for every spelling of one topic."""
    return slugify(tag) or "chu-de"
