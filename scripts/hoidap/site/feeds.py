"""What tells the outside world about new booklets: the Atom feed per language and robots.txt.

Both need the site's public address (``site_url``): a feed's links and ids must be absolute, and so
must the sitemap's address in robots.txt.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from hoidap.site import browse, texts
from hoidap.model.catalog import Catalog

FEED = "feed.xml"
ROBOTS = "robots.txt"
FEED_LIMIT = 50  # the newest booklets a feed lists


def absolute(site_url: str, url: str) -> str:
    """A site-relative URL (``nghi-quyet/a/``) as a full address under ``site_url``."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", url.lstrip("/"))


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(catalog: Catalog, site_url: str, feed_url: str, home_url: str, site_name: str) -> str:
    """The Atom feed of ``catalog``'s newest booklets, newest first; addresses are site-relative URLs."""
    lang = catalog.lang
    entries = catalog.newest(FEED_LIMIT)
    newest = max((e.booklet.meta.updated for e in entries), default=dt.date(2000, 1, 1))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
           f"  <title>{escape(site_name)}: {escape(texts.text(lang, 'feed'))}</title>",
           f"  <id>{escape(absolute(site_url, feed_url))}</id>",
           f'  <link rel="self" type="application/atom+xml" href={quoteattr(absolute(site_url, feed_url))}/>',
           f'  <link rel="alternate" type="text/html" href={quoteattr(absolute(site_url, home_url))}/>',
           f"  <updated>{_stamp(newest)}</updated>"]
    for entry in entries:
        meta = entry.booklet.meta
        link = absolute(site_url, entry.url)
        summary = meta.description or browse.facts(entry.booklet, lang)
        out += ["  <entry>",
                f"    <title>{escape(meta.title)}</title>",
                f"    <id>{escape(link)}</id>",
                f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
                f"    <updated>{_stamp(meta.updated)}</updated>",
                f"    <author><name>{escape(meta.compiled_by or site_name)}</name></author>",
                f"    <summary>{escape(summary)}</summary>",
                *(f"    <category term={quoteattr(tag)}/>" for tag in meta.tags),
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def robots(site_url: str | None) -> str:
    """robots.txt: everything may be read; the sitemap's address when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {absolute(site_url, 'sitemap.xml')}")
    return "\n".join(lines) + "\n"
