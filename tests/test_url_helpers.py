"""URL and address helpers of the link fetcher: canonical URLs, web schemes, IP literals written
in every form a browser accepts, and which addresses count as public (the guard's decision)."""

from __future__ import annotations

import ipaddress

import pytest

from bot.web.fetch import BadUrl, is_public_address, parse_ip_literal
from bot.web.urls import canonical_url, is_http_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example.COM:443/World/Story-1/", "https://news.example.com/World/Story-1"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a/", "http://example.com:8080/a"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?utm_source=tw&utm_campaign=x&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5", "https://example.com/a"),
        # "ref" often names the content itself (/show?ref=42), so it stays; "ref_src" is tracking.
        (
            "https://example.com/a?ref=hn&ref_src=twsrc&cmpid=x&ocid=y&_ga=z&yclid=w",
            "https://example.com/a?ref=hn",
        ),
        ("https://example.com/show?ref=42", "https://example.com/show?ref=42"),
        ("https://example.com/wiki/Amp", "https://example.com/wiki/Amp"),  # a title, not an AMP marker
        ("https://amp.github.io/story", "https://amp.github.io/story"),  # a user site, not a mirror
        ("https://example.com/read?article", "https://example.com/read?article"),  # no "=" added
        ("https://example.com/q?x=%E4&b=%e5", "https://example.com/q?b=%e5&x=%E4"),  # bytes kept
        ("https://example.com/a?utm_source=x&article", "https://example.com/a?article"),
        ("https://example.com/a?CMP=share_btn&at_medium=RSS", "https://example.com/a"),
        ("https://example.com/search?q=b&page=2&a=1", "https://example.com/search?a=1&page=2&q=b"),
        ("https://example.com/story/amp", "https://example.com/story"),
        ("https://example.com/story/amp/", "https://example.com/story"),
        ("https://amp.example.com/story", "https://example.com/story"),
        ("https://example.com/story?amp=1", "https://example.com/story"),
        ("https://example.com/story?outputType=amp&p=3", "https://example.com/story?p=3"),
        ("https://example.com/ampersand-story", "https://example.com/ampersand-story"),
        (
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story/amp",
            "https://www.example.com/story",
        ),
        ("https://www.google.com/amp/s/example.com/story", "https://example.com/story"),
        ("https://m.example.com/story", "https://m.example.com/story"),  # separate sites: kept
        ("https://mobile.example.com/story", "https://mobile.example.com/story"),
        ("https://www.example.com/story", "https://www.example.com/story"),
        ("http://[2001:DB8::1]:80/x/", "http://[2001:db8::1]/x"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("ftp://example.com/file/", "ftp://example.com/file/"),
        ("not a url", "not a url"),
        ("http://[broken/", "http://[broken/"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent() -> None:
    url = "HTTPS://Amp.Example.com:443/World/Story/amp/?b=2&utm_medium=x&a=1#top"
    once = canonical_url(url)
    assert once == "https://example.com/World/Story?a=1&b=2"
    assert canonical_url(once) == once


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a", True),
        ("http://127.0.0.1:8080/", True),  # a valid URL; whether it may be fetched is fetch's call
        ("ftp://example.com/", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("example.com/a", False),
        ("http://[::1/", False),
        ("http://example.com:99999/", False),
    ],
)
def test_is_http_url(url: str, expected: bool) -> None:
    assert is_http_url(url) is expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("[::1]", "::1"),
        ("8.8.8.8.", "8.8.8.8"),
        ("example.com", None),
        ("1e100.net", None),
    ],
)
def test_parse_ip_literal(host: str, expected: str | None) -> None:
    parsed = parse_ip_literal(host)
    assert (str(parsed) if parsed else None) == expected


@pytest.mark.parametrize("host", ["1.2.3.4.5", "256.1.1.1", "08.1.1.1", "1.16777216"])
def test_parse_ip_literal_rejects_invalid_numbers(host: str) -> None:
    with pytest.raises(BadUrl):
        parse_ip_literal(host)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.31.255.255", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.251", False),
        ("255.255.255.255", False),
        ("192.0.2.10", False),
        ("::", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd12:3456::1", False),
        ("ff02::1", False),
        ("::ffff:192.168.0.1", False),
        ("::ffff:93.184.216.34", True),
        ("2002:c0a8:0101::1", False),  # 6to4 of 192.168.1.1
        ("64:ff9b::7f00:1", False),
        ("fec0::1", False),  # site-local (deprecated): Python 3.11 calls it global
        ("feff:ffff::1", False),
        ("3fff::1", False),  # documentation, RFC 9637
        ("5f00::1", False),
        ("64:ff9b:1::a00:1", False),  # local-use NAT64
        ("192.88.99.1", False),  # 6to4 relay anycast
        ("2a00:1450:4001::1", True),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public
