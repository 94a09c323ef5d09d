"""Which addresses the bot may connect to: only globally routable unicast, however it is spelled."""

from __future__ import annotations

import ipaddress
import re

from .errors import BadUrl

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host string denotes by itself, or None for a name that needs DNS.

    Besides the usual forms this accepts what inet_aton (and so getaddrinfo and browsers) accept:
    "2130706433", "0x7f.1", "0177.0.0.1", "127.1". Those are how SSRF payloads dodge naive checks.
    Raises BadUrl for all-numeric hosts that are not a valid address ("1.2.3.4.5", "999.1.1.1").
    """
    name = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(name.split("%", 1)[0])  # drop an IPv6 zone id ("fe80::1%eth0")
    except ValueError:
        pass
    parts = name.split(".")
    if not all(re.fullmatch(r"0[xX][0-9a-fA-F]*|[0-9]+", part) for part in parts):
        return None
    try:
        return ipaddress.IPv4Address(_inet_aton_value([_numeric_part(part) for part in parts]))
    except ValueError as exc:
        raise BadUrl(url=host) from exc


def _numeric_part(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)  # raises ValueError on "08", as inet_aton rejects it
    return int(part)


def _inet_aton_value(numbers: list[int]) -> int:
    # a, a.b (b: 24 bits), a.b.c (c: 16 bits), a.b.c.d: the last part fills the remaining bytes.
    if not 1 <= len(numbers) <= 4 or any(n < 0 for n in numbers):
        raise ValueError("not an IPv4 address")
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 1 << (8 * (4 - len(head))):
        raise ValueError("IPv4 part out of range")
    value = 0
    for n in head:
        value = value << 8 | n
    return value << (8 * (4 - len(head))) | last


def is_public_address(ip: IPAddress) -> bool:
    """True only for globally routable unicast addresses, looking inside IPv6 wrappers of IPv4."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is just a.b.c.d on a dual-stack socket
            return is_public_address(ip.ipv4_mapped)
        embedded = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(embedded):
            return False
    # is_global alone is not enough on Python < 3.13: multicast (224.0.0.0/4, ff00::/8) counts as
    # global, and so do the deprecated site-local fec0::/10 and ranges registered after the release.
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
        or any(ip in network for network in _NOT_GLOBAL if network.version == ip.version)
    )


# Special-purpose ranges (IANA registries) that Python 3.11's ipaddress still calls global.
_NOT_GLOBAL = tuple(
    ipaddress.ip_network(net)
    for net in (
        "192.88.99.0/24",  # 6to4 relay anycast (deprecated): forwards to whatever relay is nearest
        "fec0::/10",  # site-local (deprecated), still routed inside some networks
        "64:ff9b:1::/48",  # local-use NAT64: reaches IPv4 addresses inside the network
        "3fff::/20",  # documentation (RFC 9637)
        "5f00::/16",  # SRv6 segment identifiers
    )
)
