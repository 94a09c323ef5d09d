"""Reading what a hostile web hands back: bounded content decoding, site identity, text sniffing.

These are the parts of fetching a link that judge bytes and names chosen by strangers:
`coding` (Content-Encoding undone in bounded steps), `sites` (registrable domains from the Public
Suffix List) and `sniff` (UTF-16/32 without a BOM, binary data posing as text).
"""
