"""URL helpers for links people send: normalising them so one article has one key.

`canonical_url` is used to spot the same article under different links (tracking parameters, AMP
copies, fragments). It is a key for recognising duplicates, never a link to fetch: the bot fetches
exactly what was sent. It never fetches anything and never raises: a string it cannot parse comes
back stripped but otherwise unchanged, so callers can use it as a dictionary key without guarding.

Two different pages must never share a key (the second sender would get the first page's digest
without a fetch), so every rule here errs towards keeping: query parameters keep their exact bytes
(only their order is normalised), words like `ref` that often name content stay, `/Amp` is a title,
and `amp.` is dropped only where it is a subdomain of a registrable domain (amp.github.io is a site
of its own). A duplicate the key misses is still caught after the fetch, by rel=canonical and text
hash. Keys stored before this rule change may differ from today's for the same link; such a link is
fetched once more and then matched by its text.
"""

from __future__ import annotations

from urllib.parse import unquote, unquote_plus, urlsplit, urlunsplit

from .sites import DEFAULT_PORTS, registrable_domain

HTTP_SCHEMES = frozenset({"http", "https"})

# Query parameters that only identify the campaign, click or sharer, never the article itself.
# Compared case-insensitively: the Guardian writes "CMP", others "cmp". Not here: "ref" and "share",
# which many sites use for the content itself (/show?ref=42).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "li_fat_id", "mc_cid", "mc_eid", "igshid", "igsh", "ref_src", "ref_url",
        "cmpid", "cmp", "ocid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "smid", "smtyp", "ito",
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "spm",
        "__twitter_impression",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_")

# Parameters that ask for the AMP rendering of the same article.
_AMP_PARAMS = {"amp": {"", "1", "true"}, "outputtype": {"amp"}}


def is_http_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host; False for anything else, including garbage."""
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in HTTP_SCHEMES and bool(parts.hostname) and _port_ok(parts.port)
    except ValueError:  # malformed IPv6 brackets or a non-numeric port
        return False


def canonical_url(url: str, *, unwrap_caches: bool = True) -> str:
    """The normalised form of `url`, equal for the same article reached through different links.

    Lower-cases scheme and host, drops default ports, the fragment, tracking parameters and AMP
    markers, sorts the remaining query and removes a trailing slash (except on the root path).
    Non-http(s) or unparsable input comes back stripped and otherwise unchanged.

    With `unwrap_caches` a Google AMP cache link becomes the publisher's URL it names. That is right
    for looking a link up, and wrong for the key a fetched page is stored under: whatever answered
    at the cache address would be filed as the publisher's article (see bot.web.extract).
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    if scheme not in HTTP_SCHEMES or not parts.hostname:
        return raw
    unwrapped = _unwrap_amp_cache(parts.hostname.lower(), parts.path) if unwrap_caches else None
    if unwrapped is not None:
        return canonical_url(f"{unwrapped}?{parts.query}" if parts.query else unwrapped)
    host = _strip_amp_host(parts.hostname.lower().rstrip("."))
    netloc = _netloc(parts.username, parts.password, host, None if port == DEFAULT_PORTS[scheme] else port)
    path = _strip_amp_path(parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, _clean_query(parts.query), ""))


def _port_ok(port: int | None) -> bool:
    return port is None or 0 < port < 65536


def _netloc(user: str | None, password: str | None, host: str, port: int | None) -> str:
    if ":" in host:  # IPv6 literal: urlsplit removed the brackets
        host = f"[{host}]"
    if port is not None:
        host = f"{host}:{port}"
    if user is None:
        return host
    auth = user if password is None else f"{user}:{password}"
    return f"{auth}@{host}"


def _strip_amp_host(host: str) -> str:
    # "amp.example.com" is an AMP mirror of "example.com", but only when "amp" is a subdomain of a
    # registrable domain: "amp.github.io" is somebody's site, not a mirror of github.io. We do NOT
    # strip "m." or "mobile.": on many sites those are separate properties (m.facebook.com,
    # mobile.twitter.com, and m.<news site> pages with their own article ids), so merging them could
    # join different pages. "www." stays for the same reason.
    if host.startswith("amp."):
        site = registrable_domain(host)
        if site is not None and site != host and registrable_domain(host[len("amp.") :]) == site:
            return host[len("amp.") :]
    return host


def _strip_amp_path(path: str) -> str:
    # Only the lower-case segment AMP uses: "/wiki/Amp" is an article about amplifiers.
    trimmed = path.rstrip("/")
    if trimmed.endswith("/amp"):
        return trimmed[: -len("/amp")] or "/"
    return path


def _clean_query(query: str) -> str:
    """The query without tracking or AMP parameters, sorted, each kept parameter byte for byte.

    Nothing is decoded and re-encoded: "?article" stays "article" (not "article="), and "%E4"
    stays "%E4" instead of collapsing, with every other invalid byte, into U+FFFD.
    """
    kept = [pair for pair in query.split("&") if pair and _keep_param(*_decoded(pair))]
    return "&".join(sorted(kept))


def _decoded(pair: str) -> tuple[str, str]:
    key, _, value = pair.partition("=")
    return unquote_plus(key), unquote_plus(value)


def _keep_param(key: str, value: str) -> bool:
    lowered = key.lower()
    if lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES):
        return False
    amp_values = _AMP_PARAMS.get(lowered)
    return amp_values is None or value.lower() not in amp_values


def _unwrap_amp_cache(host: str, path: str) -> str | None:
    """The publisher URL (without query) behind a Google AMP cache link, or None when it is not one.

    Forms: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story (c = document,
    s = https) and https://www.google.com/amp/s/www.example.com/story.
    """
    if host.endswith(".cdn.ampproject.org"):
        rest = path.split("/", 2)[2] if path.startswith(("/c/", "/v/")) else None
    elif host in {"google.com", "www.google.com"} and path.startswith("/amp/"):
        rest = path[len("/amp/") :]
    else:
        return None
    if not rest:
        return None
    scheme = "https" if rest.startswith("s/") else "http"
    target = unquote(rest[2:] if rest.startswith("s/") else rest)
    return f"{scheme}://{target}" if target else None
