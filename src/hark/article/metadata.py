"""Page metadata from an HTML tree: headline, standfirst, byline, date, canonical URL, site name."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator

from lxml import etree

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DEK_CLASSES = ("standfirst", "dek", "subtitle", "sub-title", "subheadline", "sub-headline", "article-summary", "strapline", "lede")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    standfirst: str = ""
    byline: str | None = None
    published: str | None = None
    url: str | None = None
    site_name: str | None = None
    declared_language: str | None = None
    standfirst_marked: bool = False
    """True when the standfirst is an element the page marks as a dek, not a meta description."""


def _meta_table(tree: etree._Element) -> dict[str, str]:
    """Every <meta> of the page by its property/name/itemprop, lowercased; the first one wins."""
    table: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = " ".join((meta.get("content") or "").split())
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key and content:
            table.setdefault(key.lower(), content)
    return table


def _meta(table: dict[str, str], *keys: str) -> str | None:
    return next((table[key.lower()] for key in keys if key.lower() in table), None)


def _json_ld(tree: etree._Element) -> Iterator[dict[str, Any]]:
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip() and not value.startswith("http"):
        return " ".join(value.split())
    return None


def iso_date(value: str | None) -> str | None:
    """ISO 8601 form of a date string: the full timestamp when parseable, else its YYYY-MM-DD."""
    if not value:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        match = _DATE.search(text)
        return match.group(0) if match else None


def _clean_title(title: str, site: str | None) -> str:
    for separator in _TITLE_SEPARATORS:
        head, _, tail = title.rpartition(separator)
        if head and (len(tail.split()) <= 4 or (site and site.lower() in tail.lower())):
            return head.strip()
    return title


def _text(tree: etree._Element, xpath: str) -> str:
    for element in tree.xpath(xpath):
        text = " ".join(element.text_content().split()) if hasattr(element, "text_content") else ""
        if text:
            return text
    return ""


def _dek(tree: etree._Element) -> str:
    for element in tree.iter("p", "div", "h2", "span"):
        classes = (element.get("class") or "").lower().split()
        if any(cls in _DEK_CLASSES for cls in classes):
            text = " ".join(element.text_content().split())
            if 5 <= len(text.split()) <= 80:
                return text
    return ""


def read_metadata(tree: etree._Element, page_url: str | None) -> Metadata:
    """Metadata a page declares (meta tags, JSON-LD, canonical link), with plain-HTML fallbacks."""
    table = _meta_table(tree)
    articles = [item for item in _json_ld(tree) if "headline" in item or "datePublished" in item]
    ld = articles[0] if articles else {}
    site = _meta(table, "og:site_name", "application-name") or _name(ld.get("publisher"))
    h1 = _text(tree, "(//h1)[1]")
    title = h1 or (ld.get("headline") if isinstance(ld.get("headline"), str) else None) or _meta(table, "og:title", "twitter:title") or ""
    if not title:
        title = _clean_title(_text(tree, "//title"), site)
    byline = _name(ld.get("author")) or _meta(table, "author", "article:author", "byl", "dc.creator", "parsely-author")
    if byline and byline.startswith("http"):
        byline = None
    published = iso_date(
        (ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
        or _meta(table, "article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date", "sailthru.date")
        or next(iter(tree.xpath("//time/@datetime")), None)
    )
    canonical = next(iter(tree.xpath("//link[@rel='canonical']/@href")), None) or _meta(table, "og:url")
    url = str(canonical) if canonical and str(canonical).startswith("http") else page_url
    dek = _dek(tree)
    description = dek or _meta(table, "og:description", "description", "twitter:description") or ""
    lang = next(iter(tree.xpath("/html/@lang")), None)
    return Metadata(
        title=" ".join(title.split()), standfirst=description, byline=byline, published=published,
        url=url, site_name=site, declared_language=str(lang) if lang else None, standfirst_marked=bool(dek),
    )
