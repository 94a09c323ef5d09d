"""A digest made earlier, reused: by the article's link, or by its text from the same site.

Every path that stores or reuses a digest (forwards, links, files, followed sources, the queue's
results) goes through here, so they agree on what "the same article" means. Text is only the same
article within one site: a page elsewhere that copies a story word for word must not lend its headline
and source to the real page (bot/web/sites.py decides what a site is, by the Public Suffix List).
"""

from __future__ import annotations

from storage import Store, StoredDigest, content_hash
from summarizer.figures import figure_label
from summarizer.types import Article, Digest

from .web.sites import site_key


def reuse_key(article: Article) -> str:
    """One key per article for work in flight: the same text from two sites is two articles."""
    return f"{site_key(article.url) or ''} {content_hash(article.text)}"


def find_earlier(store: Store, article: Article, *, by_text: bool = True) -> StoredDigest | None:
    """The digest made earlier for `article`, if any; `by_text=False` matches its link only (a feed
    item of a few words is no fingerprint)."""
    text_hash = content_hash(article.text) if by_text else None
    return store.find_digest(canonical_url=article.url, text_hash=text_hash, site=site_key(article.url))


def save(store: Store, article: Article, digest: Digest) -> int:
    """Store a digest once: a second result for the same article (a re-run job) returns the first id."""
    earlier = store.find_digest_id(
        canonical_url=article.url, text_hash=content_hash(article.text), site=site_key(article.url)
    )
    if earlier is not None:
        return earlier
    labels = [figure_label(f) for f in digest.figures]
    return store.save_digest(article, digest, labels, site=site_key(article.url))
