"""OPML, the file format feed readers exchange subscription lists in: read outlines, write a list.

Parsed with lxml with entity resolution and network access off (an uploaded file is untrusted XML).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree

MAX_OUTLINES = 500


class BadOpml(ValueError):
    """Not an OPML document we can read; `str()` is the sentence for the user."""


@dataclass(frozen=True)
class Outline:
    url: str
    title: str | None


def read_opml(data: bytes) -> list[Outline]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BadOpml("That file is not valid OPML (the XML is broken), so I imported nothing.") from exc
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise BadOpml("That file is XML but not OPML (no <opml> element), so I imported nothing.")
    found: list[Outline] = []
    seen: set[str] = set()
    for node in root.iter("{*}outline", "outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or node.get("url") or "").strip()
        if url and url not in seen:
            seen.add(url)
            name = (node.get("title") or node.get("text") or "").strip()
            found.append(Outline(url=url, title=name or None))
    return found[:MAX_OUTLINES]


def write_opml(outlines: list[tuple[str, str | None, str | None]], *, title: str, now: datetime) -> bytes:
    """OPML 2.0 with one outline per (feed URL, title, site URL)."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = now.strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = etree.SubElement(root, "body")
    for url, name, site in outlines:
        attrs = {"type": "rss", "text": name or url, "title": name or url, "xmlUrl": url}
        if site:
            attrs["htmlUrl"] = site
        etree.SubElement(body, "outline", attrs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
