#!/usr/bin/env python3
"""Build wkly's demo newsroom from the article texts in source/*.txt.

Everything here is fictional: outlets on the reserved .example domain, invented
companies and people, real places. Run `python3 build.py` from any directory; it
rewrites the outlet folders, README.md and expected_clusters.tsv next to this file,
then validates every file it wrote (XML parses, JSON loads, pages carry a canonical
link) and the newsroom's own rules (word counts, dates, event sizes, time windows).

Source format (one record per article):

    ### <article id>
    outlet: <outlet folder>            one of OUTLETS below
    event: <event key>                 shared by every article about one event
    category: <category>               one of CATEGORIES
    published: 2026-11-17T07:05:00Z    UTC
    slug: <url slug>
    title: <headline>
    author: <byline>
    summary: <one-sentence teaser>
    delivery: feed | feed+page | page  where the article appears
    modified: <UTC time>               optional: the page version's update time
    page_extra: <paragraph>            optional: added to the page version only
    syndicated_from: <article id>      optional: wire copy of another article
    note: <free text>                  optional, for the manifest

    First paragraph (with the dateline)...

    Next paragraph...
"""

from __future__ import annotations

import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent
SOURCE = ROOT / "source"

CATEGORIES = [
    "money", "business", "economy", "politics", "world", "tech",
    "science", "health", "climate", "sports", "culture", "lifestyle",
]
WINDOW_START = datetime(2026, 11, 17, tzinfo=timezone.utc)
WINDOW_END = datetime(2026, 11, 25, tzinfo=timezone.utc)  # exclusive: through Nov 24
EVENT_SPREAD = timedelta(hours=36)


@dataclass
class Outlet:
    folder: str
    name: str
    domain: str
    fmt: str          # rss2 | atom | jsonfeed | rss1
    feed_file: str
    tagline: str
    pages: bool = False


OUTLETS = {o.folder: o for o in [
    Outlet("meridian-wire", "Meridian Wire", "meridianwire.example", "rss2", "feed.xml",
           "Fast, plain wire reporting from around the world.", pages=True),
    Outlet("harbour-ledger", "Harbour Ledger", "harbourledger.example", "atom", "feed.atom",
           "Markets, money and the economy."),
    Outlet("civic-signal", "Civic Signal", "civicsignal.example", "jsonfeed", "feed.json",
           "Cities, councils and the decisions that shape daily life."),
    Outlet("copperline-business", "Copperline Business", "copperline.example", "rss2", "feed.xml",
           "Companies, deals and the people who run them.", pages=True),
    Outlet("atlas-world-desk", "Atlas World Desk", "atlasworld.example", "rss1", "feed.rdf",
           "The world, one dateline at a time."),
    Outlet("lattice-tech-review", "Lattice Tech Review", "latticetech.example", "atom", "feed.atom",
           "Technology and science, explained."),
    Outlet("pulse-health-report", "Pulse Health Report", "pulsehealth.example", "jsonfeed", "feed.json",
           "Health news you can use."),
]}

FORMAT_NAMES = {
    "rss2": "RSS 2.0",
    "atom": "Atom 1.0",
    "jsonfeed": "JSON Feed 1.1",
    "rss1": "RSS 1.0 (RDF)",
}


@dataclass
class Article:
    id: str
    outlet: str
    event: str
    category: str
    published: datetime
    slug: str
    title: str
    author: str
    summary: str
    delivery: str
    paragraphs: list[str]
    modified: datetime | None = None
    page_extra: str | None = None
    syndicated_from: str | None = None
    note: str | None = None
    source_file: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def o(self) -> Outlet:
        return OUTLETS[self.outlet]

    @property
    def url(self) -> str:
        return f"https://{self.o.domain}/2026/11/{self.published.day:02d}/{self.slug}"

    @property
    def in_feed(self) -> bool:
        return self.delivery in ("feed", "feed+page")

    @property
    def has_page(self) -> bool:
        return self.delivery in ("page", "feed+page")

    @property
    def page_file(self) -> str:
        return f"{self.outlet}/{self.slug}.html"

    @property
    def feed_path(self) -> str:
        return f"{self.outlet}/{self.o.feed_file}"

    @property
    def page_paragraphs(self) -> list[str]:
        return self.paragraphs + ([self.page_extra] if self.page_extra else [])

    @property
    def page_modified(self) -> datetime:
        return self.modified or self.published


def parse_time(s: str) -> datetime:
    return datetime.strptime(s.strip(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def parse_source() -> list[Article]:
    articles = []
    for path in sorted(SOURCE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        chunks = re.split(r"^### ", text, flags=re.M)[1:]
        for chunk in chunks:
            lines = chunk.strip("\n").split("\n")
            art_id = lines[0].strip()
            i = 1
            meta = {}
            while i < len(lines) and lines[i].strip():
                key, _, value = lines[i].partition(":")
                meta[key.strip()] = value.strip()
                i += 1
            body = "\n".join(lines[i:]).strip()
            paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
            articles.append(Article(
                id=art_id,
                outlet=meta["outlet"],
                event=meta["event"],
                category=meta["category"],
                published=parse_time(meta["published"]),
                slug=meta["slug"],
                title=meta["title"],
                author=meta["author"],
                summary=meta["summary"],
                delivery=meta["delivery"],
                paragraphs=paragraphs,
                modified=parse_time(meta["modified"]) if "modified" in meta else None,
                page_extra=meta.get("page_extra"),
                syndicated_from=meta.get("syndicated_from"),
                note=meta.get("note"),
                source_file=f"source/{path.name}",
            ))
    return articles


# ---------------------------------------------------------------- checks on the data

def words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def check_articles(articles: list[Article]) -> list[str]:
    errors = []
    ids, urls = set(), set()
    for a in articles:
        where = f"{a.id}"
        if a.id in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(a.id)
        if a.url in urls:
            errors.append(f"{where}: duplicate url {a.url}")
        urls.add(a.url)
        if a.outlet not in OUTLETS:
            errors.append(f"{where}: unknown outlet {a.outlet}")
        if a.category not in CATEGORIES:
            errors.append(f"{where}: unknown category {a.category}")
        if a.delivery not in ("feed", "feed+page", "page"):
            errors.append(f"{where}: bad delivery {a.delivery}")
        if a.has_page and not a.o.pages:
            errors.append(f"{where}: {a.outlet} does not publish pages")
        if not (WINDOW_START <= a.published < WINDOW_END):
            errors.append(f"{where}: published outside Nov 17-24: {a.published}")
        if a.modified and not (a.published < a.modified < WINDOW_END):
            errors.append(f"{where}: bad modified time")
        if (a.page_extra or a.modified) and a.delivery != "feed+page":
            errors.append(f"{where}: page_extra/modified only make sense for feed+page")
        versions = [("text", a.paragraphs)]
        if a.has_page and a.page_extra:
            versions.append(("page text", a.page_paragraphs))
        for label, paras in versions:
            n = words(paras)
            if not 180 <= n <= 450:
                errors.append(f"{where}: {label} has {n} words (want 180-450)")
            if not 2 <= len(paras) <= 6:
                errors.append(f"{where}: {label} has {len(paras)} paragraphs (want 2-6)")
        for p in a.page_paragraphs:
            if "]]>" in p:
                errors.append(f"{where}: ']]>' would break CDATA")
    by_id = {a.id: a for a in articles}
    for a in articles:
        if a.syndicated_from and a.syndicated_from not in by_id:
            errors.append(f"{a.id}: syndicated_from unknown {a.syndicated_from}")
    for key, group in events(articles).items():
        if len(group) == 1:
            continue
        outlets = {a.outlet for a in group}
        if len(outlets) != len(group):
            errors.append(f"event {key}: one outlet has two articles")
        if not 2 <= len(outlets) <= 4:
            errors.append(f"event {key}: {len(outlets)} outlets (want 2-4)")
        times = [a.published for a in group]
        if max(times) - min(times) > EVENT_SPREAD:
            errors.append(f"event {key}: spread {max(times) - min(times)} exceeds 36 hours")
    return errors


def events(articles: list[Article]) -> dict[str, list[Article]]:
    out: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        out[a.event].append(a)
    for group in out.values():
        group.sort(key=lambda a: a.published)
    return dict(out)


# ---------------------------------------------------------------- rendering helpers

def esc(s: str) -> str:
    """Escape text content (XML or HTML): &, < and > only, so apostrophes stay readable."""
    return html.escape(s, quote=False)


def attr(s: str) -> str:
    """Escape a value for a double-quoted attribute."""
    return html.escape(s, quote=False).replace('"', "&quot;")


def body_html(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)


def cdata(s: str) -> str:
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rfc3339(dt: datetime, offset_hours: int = 0) -> str:
    tz = timezone(timedelta(hours=offset_hours))
    s = dt.astimezone(tz).isoformat()
    return s.replace("+00:00", "Z") if offset_hours == 0 else s


def author_slug(name: str) -> str:
    name = re.sub(r"\(.*?\)", "", name)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def feed_items(articles: list[Article], outlet: str) -> list[Article]:
    return sorted((a for a in articles if a.outlet == outlet and a.in_feed),
                  key=lambda a: a.published, reverse=True)


# ---------------------------------------------------------------- feeds

def render_rss2(o: Outlet, items: list[Article]) -> str:
    # Meridian Wire: permalink guids, +0000 dates. Copperline: opaque guids, GMT dates.
    wire = o.folder == "meridian-wire"
    last = max(a.published for a in items)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"  <title>{esc(o.name)}</title>",
        f"  <link>https://{o.domain}/</link>",
        f'  <atom:link href="https://{o.domain}/{o.feed_file}" rel="self" type="application/rss+xml"/>',
        f"  <description>{esc(o.tagline)}</description>",
        "  <language>en</language>",
        f"  <copyright>© 2026 {esc(o.name)} (fictional demo outlet)</copyright>",
        f"  <lastBuildDate>{format_datetime(last, usegmt=not wire)}</lastBuildDate>",
        "  <ttl>15</ttl>",
    ]
    for n, a in enumerate(items):
        date = format_datetime(a.published, usegmt=not wire)
        if wire:
            guid = f'<guid isPermaLink="true">{esc(a.url)}</guid>'
        else:
            guid = f'<guid isPermaLink="false">copperline-{a.published:%Y%m%d}-{a.slug}</guid>'
        out += [
            "  <item>",
            f"    <title>{esc(a.title)}</title>",
            f"    <link>{esc(a.url)}</link>",
            f"    {guid}",
            f"    <pubDate>{date}</pubDate>",
            f"    <dc:creator>{esc(a.author)}</dc:creator>",
            f"    <category>{esc(a.category)}</category>",
            f"    <description>{esc(a.summary)}</description>",
            f"    <content:encoded>{cdata(body_html(a.paragraphs))}</content:encoded>",
            "  </item>",
        ]
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def render_atom(o: Outlet, items: list[Article]) -> str:
    # Harbour Ledger: entity-escaped HTML, UTC; Lattice: CDATA HTML, times in CET (+01:00).
    ledger = o.folder == "harbour-ledger"
    off = 0 if ledger else 1
    last = max(a.published for a in items)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"  <id>tag:{o.domain},2026:feed</id>",
        f"  <title>{esc(o.name)}</title>",
        f"  <subtitle>{esc(o.tagline)}</subtitle>",
        f'  <link rel="self" type="application/atom+xml" href="https://{o.domain}/{o.feed_file}"/>',
        f'  <link rel="alternate" type="text/html" href="https://{o.domain}/"/>',
        f"  <updated>{rfc3339(last, off)}</updated>",
        f"  <author><name>{esc(o.name)} newsroom</name></author>",
        f"  <rights>© 2026 {esc(o.name)} (fictional demo outlet)</rights>",
    ]
    for a in items:
        content_html = body_html(a.paragraphs)
        content = esc(content_html) if ledger else cdata(content_html)
        out += [
            "  <entry>",
            f"    <id>tag:{o.domain},2026-11-{a.published.day:02d}:/{a.slug}</id>",
            f'    <title type="text">{esc(a.title)}</title>',
            f'    <link rel="alternate" type="text/html" href="{attr(a.url)}"/>',
            f"    <published>{rfc3339(a.published, off)}</published>",
            f"    <updated>{rfc3339(a.modified or a.published, off)}</updated>",
            f"    <author><name>{esc(a.author)}</name></author>",
            f'    <category term="{attr(a.category)}" label="{attr(a.category.capitalize())}"/>',
            f'    <summary type="text">{esc(a.summary)}</summary>',
            f'    <content type="html">{content}</content>',
            "  </entry>",
        ]
    out += ["</feed>", ""]
    return "\n".join(out)


def render_jsonfeed(o: Outlet, items: list[Article]) -> str:
    # Civic Signal: URL ids, UTC "Z". Pulse: opaque string ids, "+00:00".
    civic = o.folder == "civic-signal"
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": o.name,
        "home_page_url": f"https://{o.domain}/",
        "feed_url": f"https://{o.domain}/{o.feed_file}",
        "description": o.tagline,
        "language": "en",
        "authors": [{"name": f"{o.name} newsroom", "url": f"https://{o.domain}/about"}],
        "items": [],
    }
    for n, a in enumerate(items):
        date = rfc3339(a.published) if civic else a.published.isoformat()
        item = {
            "id": a.url if civic else f"phr-{a.published:%Y%m%d%H%M}-{a.slug[:24]}",
            "url": a.url,
            "title": a.title,
            "summary": a.summary,
            "content_html": body_html(a.paragraphs),
            "date_published": date,
            "authors": [{"name": a.author, "url": f"https://{o.domain}/people/{author_slug(a.author)}"}],
            "tags": [a.category],
            "language": "en",
        }
        if a.modified:
            item["date_modified"] = rfc3339(a.modified)
        feed["items"].append(item)
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def render_rss1(o: Outlet, items: list[Article]) -> str:
    last = max(a.published for a in items)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f'  <channel rdf:about="https://{o.domain}/{o.feed_file}">',
        f"    <title>{esc(o.name)}</title>",
        f"    <link>https://{o.domain}/</link>",
        f"    <description>{esc(o.tagline)}</description>",
        "    <dc:language>en</dc:language>",
        f"    <dc:date>{rfc3339(last)}</dc:date>",
        f"    <dc:rights>© 2026 {esc(o.name)} (fictional demo outlet)</dc:rights>",
        "    <items>",
        "      <rdf:Seq>",
    ]
    out += [f'        <rdf:li rdf:resource="{attr(a.url)}"/>' for a in items]
    out += ["      </rdf:Seq>", "    </items>", "  </channel>"]
    for a in items:
        out += [
            f'  <item rdf:about="{attr(a.url)}">',
            f"    <title>{esc(a.title)}</title>",
            f"    <link>{esc(a.url)}</link>",
            f"    <description>{esc(a.summary)}</description>",
            f"    <dc:creator>{esc(a.author)}</dc:creator>",
            f"    <dc:date>{rfc3339(a.published)}</dc:date>",
            f"    <dc:subject>{esc(a.category)}</dc:subject>",
            f"    <content:encoded>{cdata(body_html(a.paragraphs))}</content:encoded>",
            "  </item>",
        ]
    out += ["</rdf:RDF>", ""]
    return "\n".join(out)


RENDERERS = {"rss2": render_rss2, "atom": render_atom, "jsonfeed": render_jsonfeed, "rss1": render_rss1}


# ---------------------------------------------------------------- article pages

NAV = {
    "meridian-wire": ["World", "Business", "Markets", "Politics", "Tech", "Science", "Health",
                      "Climate", "Sports", "Culture"],
    "copperline-business": ["Companies", "Deals", "Markets", "Economy", "Tech", "Retail",
                            "Energy", "Opinion"],
}


def human_time(dt: datetime) -> str:
    return f"{dt.day} {dt:%B %Y}, {dt:%H:%M} GMT"


def related_for(a: Article, articles: list[Article]) -> list[Article]:
    same = [b for b in articles if b.outlet == a.outlet and b.id != a.id]
    same.sort(key=lambda b: (b.category != a.category, abs((b.published - a.published).total_seconds())))
    return same[:3]


def render_page(a: Article, articles: list[Article]) -> str:
    o = a.o
    wire = o.folder == "meridian-wire"
    paragraphs = a.page_paragraphs
    description = a.summary
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": description,
        "url": a.url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": a.url},
        "datePublished": rfc3339(a.published),
        "dateModified": rfc3339(a.page_modified),
        "articleSection": a.category.capitalize(),
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "wordCount": words(paragraphs),
        "image": [f"https://{o.domain}/img/2026/11/{a.slug}-1200x675.jpg"],
        "author": [{"@type": "Person", "name": a.author,
                    "url": f"https://{o.domain}/authors/{author_slug(a.author)}"}],
        "publisher": {"@type": "Organization", "name": o.name,
                      "logo": {"@type": "ImageObject", "url": f"https://{o.domain}/static/logo-600x60.png"}},
    }
    ld_json = json.dumps(ld, ensure_ascii=False, indent=2).replace("</", "<\\/")
    current = ' aria-current="page"'
    nav = "\n".join(
        f'        <li><a href="/{s.lower()}"{current if s.lower() == a.category else ""}>{s}</a></li>'
        for s in NAV[o.folder])
    related = "\n".join(
        f'        <li><a href="{attr(r.url)}">{esc(r.title)}</a> <span class="meta">{esc(r.category.capitalize())} · '
        f'<time datetime="{rfc3339(r.published)}">{r.published.day} {r.published:%b}</time></span></li>'
        for r in related_for(a, articles))
    updated = ""
    if a.modified:
        updated = (f' · <time class="updated" datetime="{rfc3339(a.modified)}">'
                   f"Updated {human_time(a.modified)}</time>")
    kicker = "Meridian Wire" if wire else "Copperline"
    cookie = (
        "We and our partners use cookies to keep this site working, to measure how it is used and, "
        "with your consent, to show you relevant advertising. You can change your choice at any time "
        "under Cookie settings at the bottom of every page."
        if wire else
        "Copperline uses essential cookies to run this site. With your permission we would also like to "
        "set analytics cookies to understand which articles our readers find useful."
    )
    body = "\n".join(f"        <p>{esc(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{esc(a.title)} | {esc(o.name)}</title>
  <meta name="description" content="{attr(description)}">
  <meta name="author" content="{attr(a.author)}">
  <link rel="canonical" href="{attr(a.url)}">
  <link rel="alternate" type="application/rss+xml" title="{attr(o.name)}" href="https://{o.domain}/{o.feed_file}">
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{attr(o.name)}">
  <meta property="og:title" content="{attr(a.title)}">
  <meta property="og:description" content="{attr(description)}">
  <meta property="og:url" content="{attr(a.url)}">
  <meta property="og:image" content="https://{o.domain}/img/2026/11/{a.slug}-1200x675.jpg">
  <meta property="og:locale" content="en_GB">
  <meta property="article:published_time" content="{rfc3339(a.published)}">
  <meta property="article:modified_time" content="{rfc3339(a.page_modified)}">
  <meta property="article:section" content="{attr(a.category.capitalize())}">
  <meta property="article:author" content="https://{o.domain}/authors/{author_slug(a.author)}">
  <meta name="twitter:card" content="summary_large_image">
  <meta name="twitter:title" content="{attr(a.title)}">
  <meta name="twitter:description" content="{attr(description)}">
  <link rel="stylesheet" href="/static/site.css">
  <script type="application/ld+json">
{ld_json}
  </script>
</head>
<body class="article-page section-{a.category}">
  <div class="cookie-banner" role="dialog" aria-label="Cookie consent">
    <p>{cookie} <a href="/privacy">Privacy policy</a></p>
    <button type="button" class="accept">Accept all</button>
    <button type="button" class="reject">Reject non-essential</button>
  </div>
  <header class="site-header">
    <a class="logo" href="/">{esc(o.name)}</a>
    <nav aria-label="Sections">
      <ul>
{nav}
      </ul>
    </nav>
    <form class="search" action="/search" method="get"><input type="search" name="q" placeholder="Search"></form>
  </header>
  <main>
    <article>
      <header>
        <p class="kicker"><a href="/{a.category}">{esc(a.category.capitalize())}</a></p>
        <h1>{esc(a.title)}</h1>
        <p class="standfirst">{esc(a.summary)}</p>
        <p class="byline">By <a rel="author" href="/authors/{author_slug(a.author)}">{esc(a.author)}</a>, {kicker}</p>
        <p class="dates"><time class="published" datetime="{rfc3339(a.published)}">{human_time(a.published)}</time>{updated}</p>
      </header>
      <div class="article-body">
{body}
      </div>
      <footer class="article-footer">
        <p class="share">Share: <a href="https://x.example/intent/post?url={quote(a.url, safe='')}">X</a> · <a href="mailto:?subject={quote(a.title)}&amp;body={quote(a.url, safe='')}">Email</a></p>
        <p class="corrections">Spotted an error? <a href="/corrections">Tell our standards desk</a>.</p>
      </footer>
    </article>
    <aside class="related" aria-label="Related coverage">
      <h2>More from {esc(o.name)}</h2>
      <ul>
{related}
      </ul>
    </aside>
    <aside class="newsletter">
      <h2>{"The Morning Wire" if wire else "Copperline Daily"}</h2>
      <p>{"Five stories before breakfast, every weekday." if wire else "The day's deals and earnings in one email at 7 a.m."} <a href="/newsletters">Sign up</a></p>
    </aside>
  </main>
  <footer class="site-footer">
    <ul>
      <li><a href="/about">About us</a></li>
      <li><a href="/contact">Contact</a></li>
      <li><a href="/terms">Terms of use</a></li>
      <li><a href="/privacy">Privacy</a></li>
      <li><a href="/cookies">Cookie settings</a></li>
    </ul>
    <p>© 2026 {esc(o.name)}. A fictional outlet written for the wkly demo; companies and people are invented.</p>
  </footer>
</body>
</html>
"""


# ---------------------------------------------------------------- manifest

def files_for(a: Article) -> list[str]:
    out = []
    if a.in_feed:
        out.append(a.feed_path)
    if a.has_page:
        out.append(a.page_file)
    return out


def render_readme(articles: list[Article]) -> str:
    evs = events(articles)
    multi = {k: g for k, g in evs.items() if len(g) > 1}
    singles = {k: g[0] for k, g in evs.items() if len(g) == 1}
    by_id = {a.id: a for a in articles}
    L = []
    L.append("# wkly demo newsroom\n")
    L.append(
        "A folder of seven invented outlets, each with one feed file and (for two outlets) standalone "
        "article pages, for wkly to ingest through its real pipeline (`fetch → parse → extract → "
        "dedupe/cluster`). Everything is fictional and was written for this project: the outlets live on "
        "the reserved `.example` domain, companies and people are invented, places and public institutions "
        "are real but the events are not. All articles are dated 2026-11-17 to 2026-11-24 (UTC).\n")
    L.append(
        "Generated by `build.py` from the texts in `source/*.txt` (`python3 build.py` rebuilds and "
        "re-validates everything). The folder reader only picks up `.xml .rss .atom .rdf .json .html .htm`, "
        "so this README, `expected_clusters.tsv`, `build.py` and `source/*.txt` are ignored by ingestion; "
        "the only `.json` files in the tree are the two JSON feeds.\n")

    n_pages = sum(1 for a in articles if a.has_page)
    n_feed = sum(1 for a in articles if a.in_feed)
    L.append("## Counts\n")
    L.append(f"- Outlets: {len(OUTLETS)}")
    L.append(f"- Articles (unique URLs): {len(articles)} — {n_feed} feed items, of which "
             f"{sum(1 for a in articles if a.delivery == 'feed+page')} also exist as a page; "
             f"{sum(1 for a in articles if a.delivery == 'page')} articles exist only as a page")
    L.append(f"- HTML pages: {n_pages}")
    L.append(f"- Multi-outlet events: {len(multi)} (including the two look-alike pairs), covering "
             f"{sum(len(g) for g in multi.values())} articles")
    L.append(f"- Single-outlet stories: {len(singles)}")
    L.append("- Expected clusters (stories): " + str(len(evs)) + "\n")

    L.append("## Ingesting it\n")
    L.append("- One source per outlet (each article then carries its outlet's name):\n\n"
             "  ```sh\n" + "\n".join(
                 f'  wkly sources add {ROOT}/{o.folder} --name "{o.name}"' for o in OUTLETS.values())
             + "\n  wkly ingest\n  ```\n")
    L.append(f"- Or the whole newsroom as one folder source (`wkly sources add {ROOT}`): the folder reader "
             "descends into the outlet folders, but every article then gets the one source's name as its "
             "outlet.")
    L.append("- Expected result of ingestion: " + str(len(articles)) + " articles (unique canonical URLs). The "
             "pages that repeat a feed item must not add a row; they update the feed item's article.\n")
    L.append("## Outlets and formats\n")
    L.append("| outlet | folder | domain | feed file | format | feed items | pages (dup of a feed item / page only) |")
    L.append("|---|---|---|---|---|---|---|")
    for o in OUTLETS.values():
        own = [a for a in articles if a.outlet == o.folder]
        items = sum(1 for a in own if a.in_feed)
        dup = sum(1 for a in own if a.delivery == "feed+page")
        only = sum(1 for a in own if a.delivery == "page")
        pages = f"{dup + only} ({dup} / {only})" if o.pages else "—"
        L.append(f"| {o.name} | `{o.folder}/` | `{o.domain}` | `{o.feed_file}` | {FORMAT_NAMES[o.fmt]} | {items} | {pages} |")
    L.append("")
    L.append("Format details:\n")
    L.append("- **RSS 2.0** (`meridian-wire/feed.xml`, `copperline-business/feed.xml`): `<content:encoded>` "
             "with the full article HTML in CDATA, `<category>`, `<dc:creator>`, `<pubDate>` in RFC 822 "
             "(`+0000` at Meridian Wire, `GMT` at Copperline), `<description>` teaser. Meridian Wire's "
             "`<guid isPermaLink=\"true\">` is the article URL; Copperline's guids are opaque "
             "(`isPermaLink=\"false\"`).")
    L.append("- **Atom 1.0** (`harbour-ledger/feed.atom`, `lattice-tech-review/feed.atom`): `tag:` ids, "
             "`<link rel=\"alternate\">`, `<content type=\"html\">` (entity-escaped at Harbour Ledger, CDATA "
             "at Lattice), `<category term label>`, `<author><name>`, `<published>`/`<updated>` "
             "(UTC `Z` at Harbour Ledger, `+01:00` at Lattice).")
    L.append("- **JSON Feed 1.1** (`civic-signal/feed.json`, `pulse-health-report/feed.json`): `content_html`, "
             "`summary`, `tags`, `authors`, `date_published` (RFC 3339); Civic Signal's `id` is the URL, "
             "Pulse's `id` is an opaque string.")
    L.append("- **RSS 1.0 (RDF)** (`atlas-world-desk/feed.rdf`): `rdf:Seq` of items, `rdf:about` = URL, "
             "`dc:date`, `dc:creator`, `dc:subject` (category), `content:encoded` in CDATA.")
    L.append("- **HTML pages** (`meridian-wire/*.html`, `copperline-business/*.html`): full HTML5 with "
             "`<title>`, `<link rel=\"canonical\">`, `og:` and `article:published_time`/`modified_time` "
             "meta, JSON-LD `NewsArticle`, cookie banner, nav, `<article>` with byline and `<time>`, "
             "related links, newsletter box and footer.\n")
    L.append("Every article URL has the form `https://<domain>/2026/11/<dd>/<slug>` (`dd` = UTC publication day).\n")

    L.append("## Events covered by several outlets (expected multi-article clusters)\n")
    L.append("Articles of one event share people, places, organisations and numbers, and were published "
             "within 36 hours of each other.\n")
    for key, group in sorted(multi.items(), key=lambda kv: kv[1][0].published):
        first = group[0]
        span = (group[-1].published - group[0].published)
        hours = span.total_seconds() / 3600
        L.append(f"### `{key}` — {len(group)} outlets, spread {hours:.1f} h\n")
        for a in group:
            extra = []
            if a.delivery == "feed+page":
                extra.append("also a page: same canonical URL")
            if a.delivery == "page":
                extra.append("page only, not in the feed")
            if a.syndicated_from:
                extra.append(f"syndicated copy of `{by_id[a.syndicated_from].url}`")
            ex = f" — {'; '.join(extra)}" if extra else ""
            files = ", ".join(f"`{f}`" for f in files_for(a))
            L.append(f"- {a.o.name} ({a.category}, {rfc3339(a.published)}): “{a.title}” — {files} — "
                     f"<{a.url}>{ex}")
        L.append("")

    L.append("## Look-alike pairs (must stay in separate clusters)\n")
    L.append("1. **Two Nordic central banks cut by a quarter point in the same week.** "
             "`l1b-riksbank-cuts-to-1-50` (Stockholm, Wed Nov 18: Riksbank to 1.50%, says easing is probably "
             "over; krona 10.94 per euro; Saga Norling of Sundberg Sparbank) vs `l1a-norges-bank-cuts-to-3-75` "
             "(Oslo, Thu Nov 19: Norges Bank to 3.75%, signals one or two more cuts in 2027; krone 11.82 per "
             "euro; Kristine Aasen of Fjordbanken). Harbour Ledger covers both, published 24.75 hours apart.")
    L.append("2. **Two 24-hour bus drivers' strikes over pay in the same week.** `l2a-melbourne-bus-strike` "
             "(Melbourne, Fri Nov 20: ~1,150 Yarra Transit Group drivers, Transport Workers' Alliance, 130 "
             "routes, 7% vs 4.5% + A$1,500) vs `l2b-dublin-bus-strike` (Dublin, Sat Nov 21: ~900 Anna Livia "
             "Buses drivers, Irish Transport Operatives' Union, 60 routes, 6.5% vs 3%, assaults on drivers). "
             "Civic Signal publishes a near-identical “what commuters need to know” explainer for each, 23 "
             "hours apart.")
    L.append("")
    L.append("Other near neighbours that are different stories: the Finland shingles vaccine programme "
             "(`s-finland-shingles-vaccine`, Nov 17) and the EU committee opinion on Orvanta's RSV/flu vaccine "
             "(`e02-duavira-vaccine-backed`, Nov 19–20), both about vaccines for older adults; the Brightmoor "
             "savings-rate story (`s-brightmoor-easy-access-rate`, Nov 17) and the UK inflation event "
             "(`e08-uk-inflation-october`, Nov 18), both UK money stories mentioning savers; Copperline's "
             "krone story (dateline Ålesund) and Storm Tora in Bergen, both in western Norway.\n")

    L.append("## Duplicates: feed item = page (store once)\n")
    L.append("Each of these is one article: the item in the feed and the `.html` page share the same URL "
             "(the page's `<link rel=\"canonical\">`). The page version is slightly newer: it has an "
             "`Updated` time (`article:modified_time`) and one extra closing paragraph.\n")
    L.append("| article URL | feed file | page file | page update |")
    L.append("|---|---|---|---|")
    for a in articles:
        if a.delivery == "feed+page":
            L.append(f"| <{a.url}> | `{a.feed_path}` | `{a.page_file}` | {rfc3339(a.modified)}: “{a.page_extra[:70]}…” |")
    L.append("")
    L.append("Pages that are **not** in their outlet's feed (new articles found only as pages):\n")
    for a in articles:
        if a.delivery == "page":
            L.append(f"- `{a.page_file}` — <{a.url}> — event `{a.event}`")
    L.append("")

    L.append("## Syndicated wire copy\n")
    for a in articles:
        if a.syndicated_from:
            src = by_id[a.syndicated_from]
            L.append(f"- Original: {src.o.name}, “{src.title}”, <{src.url}> (`{src.feed_path}`, "
                     f"{rfc3339(src.published)}).")
            L.append(f"- Copy: {a.o.name}, “{a.title}”, <{a.url}> (`{a.feed_path}`, {rfc3339(a.published)}), "
                     "byline “Marcus Lindqvist (Meridian Wire)”. Same five-paragraph text with the dateline "
                     "“BERGEN, Norway (Meridian Wire) —”; differences: new headline and teaser, “around 158 "
                     "km/h” → “about 158 km/h”, the closing forecast sentence dropped and “(Distributed by "
                     "Meridian Wire.)” appended. Both are distinct articles (different URLs) in the same "
                     f"event `{a.event}`; a near-duplicate detector may also link them.")
    L.append("")

    L.append("## Every article: category, event key, file\n")
    L.append("`expected_clusters.tsv` holds the same mapping as `article_url<TAB>event_key`, one line per "
             "article, no header. Single-outlet stories have their own key (prefix `s-`); multi-outlet events "
             "use `e01`–`e12`, `l1a`/`l1b`, `l2a`/`l2b`.\n")
    L.append("| published (UTC) | outlet | category | event key | headline | file(s) | URL |")
    L.append("|---|---|---|---|---|---|---|")
    for a in sorted(articles, key=lambda a: (a.outlet, a.published)):
        files = "<br>".join(f"`{f}`" for f in files_for(a))
        L.append(f"| {rfc3339(a.published)} | {a.o.name} | {a.category} | `{a.event}` | {a.title} | {files} | <{a.url}> |")
    L.append("")
    cat_count = defaultdict(int)
    single_cats = defaultdict(int)
    for a in articles:
        cat_count[a.category] += 1
    for a in singles.values():
        single_cats[a.category] += 1
    L.append("Articles per category (all / single-outlet stories): " + ", ".join(
        f"{c} {cat_count[c]}/{single_cats[c]}" for c in CATEGORIES) + ".\n")
    return "\n".join(L)


# ---------------------------------------------------------------- validation of output

def validate_outputs(articles: list[Article]) -> list[str]:
    errors = []
    for o in OUTLETS.values():
        path = ROOT / o.folder / o.feed_file
        want = {a.url for a in articles if a.outlet == o.folder and a.in_feed}
        try:
            if o.fmt == "jsonfeed":
                with open(path, encoding="utf-8") as f:
                    data = json.load(f)
                got = {i["url"] for i in data["items"]}
                ids = [i["id"] for i in data["items"]]
            else:
                tree = ET.parse(path)
                root = tree.getroot()
                if o.fmt == "rss2":
                    items = root.findall("./channel/item")
                    got = {i.findtext("link") for i in items}
                    ids = [i.findtext("guid") for i in items]
                elif o.fmt == "atom":
                    ns = {"a": "http://www.w3.org/2005/Atom"}
                    entries = root.findall("a:entry", ns)
                    got = {e.find("a:link[@rel='alternate']", ns).get("href") for e in entries}
                    ids = [e.findtext("a:id", namespaces=ns) for e in entries]
                    for e in entries:
                        c = e.find("a:content", ns)
                        if c is None or c.get("type") != "html" or "<p>" not in (c.text or ""):
                            errors.append(f"{path}: entry without html content")
                else:
                    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
                    items = root.findall("{http://purl.org/rss/1.0/}item")
                    got = {i.get(rdf + "about") for i in items}
                    ids = list(got)
            if got != want:
                errors.append(f"{path}: item links differ from the manifest")
            if len(ids) != len(set(ids)):
                errors.append(f"{path}: duplicate ids")
        except Exception as e:  # noqa: BLE001
            errors.append(f"{path}: does not parse: {e}")
    for a in articles:
        if not a.has_page:
            continue
        path = ROOT / a.page_file
        text = path.read_text(encoding="utf-8")
        m = re.search(r'<link rel="canonical" href="([^"]+)">', text)
        if not m or html.unescape(m.group(1)) != a.url:
            errors.append(f"{path}: canonical link missing or wrong")
        m = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        try:
            ld = json.loads(m.group(1))
            if ld["@type"] != "NewsArticle" or ld["mainEntityOfPage"]["@id"] != a.url:
                errors.append(f"{path}: JSON-LD does not describe the article")
        except Exception as e:  # noqa: BLE001
            errors.append(f"{path}: JSON-LD does not parse: {e}")
        for needle in ("<title>", 'property="og:title"', 'property="article:published_time"',
                       "<article>", "<time", "<nav", 'class="cookie-banner"', 'class="related"',
                       'class="site-footer"'):
            if needle not in text:
                errors.append(f"{path}: missing {needle}")
    return errors


# ---------------------------------------------------------------- main

def main() -> int:
    articles = parse_source()
    errors = check_articles(articles)
    if errors:
        print("source errors:\n  " + "\n  ".join(errors), file=sys.stderr)
        return 1

    for o in OUTLETS.values():
        d = ROOT / o.folder
        d.mkdir(exist_ok=True)
        for old in list(d.glob("*.html")) + list(d.glob("feed.*")):
            old.unlink()
        items = feed_items(articles, o.folder)
        (d / o.feed_file).write_text(RENDERERS[o.fmt](o, items), encoding="utf-8")
    for a in articles:
        if a.has_page:
            (ROOT / a.page_file).write_text(render_page(a, articles), encoding="utf-8")

    (ROOT / "expected_clusters.tsv").write_text(
        "".join(f"{a.url}\t{a.event}\n" for a in sorted(articles, key=lambda a: (a.event, a.published))),
        encoding="utf-8")
    (ROOT / "README.md").write_text(render_readme(articles), encoding="utf-8")

    errors = validate_outputs(articles)
    if errors:
        print("output errors:\n  " + "\n  ".join(errors), file=sys.stderr)
        return 1

    evs = events(articles)
    multi = [g for g in evs.values() if len(g) > 1]
    print(f"{len(OUTLETS)} outlets, {len(articles)} articles, "
          f"{sum(1 for a in articles if a.has_page)} pages, {len(multi)} multi-outlet events, "
          f"{len(evs) - len(multi)} single stories; all files valid")
    counts = sorted(words(a.page_paragraphs if a.has_page else a.paragraphs) for a in articles)
    print(f"words per article: min {counts[0]}, median {counts[len(counts) // 2]}, max {counts[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
