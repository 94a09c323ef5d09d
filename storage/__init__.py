"""SQLite storage through sqlite-utils: the only package that holds SQL."""

from .repo import Store, StoredDigest, content_hash

__all__ = ["Store", "StoredDigest", "content_hash"]
