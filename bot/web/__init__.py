"""Fetching a page someone linked to, and reading what a hostile web hands back.

- `fetch`: the guarded fetcher (addresses, redirects, size and time limits, decoding);
- `extract`: a fetched page -> an `Article` (trafilatura: main text, title, site, date);
- `urls`: normalising links so one article has one key.

The parts of fetching that judge bytes and names chosen by strangers:
`coding` (Content-Encoding undone in bounded steps), `sites` (registrable domains from the Public
Suffix List) and `sniff` (UTF-16/32 without a BOM, binary data posing as text).
"""
