"""Which site a URL belongs to: its registrable domain, from the Public Suffix List.

"The last two labels" is wrong both ways: it joins attacker.github.io with victim.github.io (github.io
is a public suffix, each user site is its own registrable domain) and splits nothing it should. The
list comes from the `tld` package, which trafilatura's URL library (courlan) already depends on; it
ships a snapshot of the list, read from disk, never fetched. Private-section suffixes (github.io,
blogspot.com, herokuapp.com) count, because each name under them belongs to a different owner.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

import idna
from tld import get_tld

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}  # the one table: urls and fetch use it too


def registrable_domain(host: str) -> str | None:
    """'news.bbc.co.uk' -> 'bbc.co.uk', 'a.b.github.io' -> 'b.github.io' (lower case, Unicode labels).

    None for IP literals, for a public suffix itself ('co.uk', 'github.io') and for names under no
    suffix on the list ('localhost', 'intranet.corp').
    """
    name = _unicode_host(host)
    if not name or _is_ip(name):
        return None
    found = get_tld(f"http://{name}/", as_object=True, fail_silently=True, search_private=True)
    if found is None or found.fld == found.tld:  # no label left of the suffix
        return None
    return str(found.fld)


def same_site(a: str, b: str) -> bool:
    """True when URLs `a` and `b` share a registrable domain.

    Hosts without one (IP literals, 'localhost') are only the same site as themselves, on the same
    port: two ports of one address can be two unrelated servers.
    """
    try:
        first, second = urlsplit(a), urlsplit(b)
        first_port, second_port = _port(first.scheme, first.port), _port(second.scheme, second.port)
    except ValueError:  # a broken IPv6 literal or port: no site to share
        return False
    first_host, second_host = _unicode_host(first.hostname or ""), _unicode_host(second.hostname or "")
    if not first_host or not second_host:
        return False
    first_site, second_site = registrable_domain(first_host), registrable_domain(second_host)
    if first_site is None or second_site is None:
        return first_host == second_host and first_port == second_port
    return first_site == second_site


def _port(scheme: str, port: int | None) -> int | None:
    return port if port is not None else DEFAULT_PORTS.get(scheme.lower())


def _unicode_host(host: str) -> str:
    """Lower case, no trailing dot, punycode labels decoded: the form the suffix list is written in."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if "xn--" in name:
        try:
            name = idna.decode(name)
        except idna.IDNAError:
            logger.debug("host %r is not valid IDNA; compared as written", host)
    return name


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    return True


def site_key(url: str | None) -> str | None:
    """The site an article's text was fetched from, stored with it so copied text is reused only
    within one site: the registrable domain, or host:port for a host without one. None for text that
    came without a URL (forwarded, pasted, a file)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        port = _port(parts.scheme, parts.port)
    except ValueError:  # not a URL we could have fetched: a site of its own
        return url
    host = _unicode_host(parts.hostname or "")
    if not host:
        return url
    return registrable_domain(host) or f"{host}:{port}"
