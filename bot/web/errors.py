"""The ways a link can fail to become a page. Each `str()` is a plain sentence for the user; `kind`
is a short tag for statistics."""

from __future__ import annotations


class FetchError(Exception):
    """A link could not be turned into a page. `str(exc)` is safe to show to the user."""

    kind = "fetch_failed"
    default_message = "I couldn't open that link."

    def __init__(self, message: str | None = None, *, url: str | None = None, status: int | None = None):
        self.message = message or self.default_message
        self.url = url
        self.status = status
        self.retry_after: str | None = None  # the Retry-After header of a 429/503 answer, as sent
        super().__init__(self.message)


class BadUrl(FetchError):
    kind = "bad_url"
    default_message = "That doesn't look like a web link I can open."


class BadScheme(BadUrl):
    kind = "bad_scheme"
    default_message = "I can only open web links that start with http:// or https://."


class BlockedAddress(FetchError):
    kind = "blocked"
    default_message = "That link points to a private or local address, so I won't open it."


class DeadLink(FetchError):
    kind = "dead_link"
    default_message = "I couldn't reach that website."


class SiteRefused(FetchError):
    """The site answered but would not give us the page (401/403/429/451 and other 4xx)."""

    kind = "refused"
    default_message = (
        "The website refused to show me that page (it may need a login or block bots). "
        "Forward the article text to me instead."
    )


class FetchTimeout(FetchError):
    kind = "timeout"
    default_message = "That website took too long to answer, so I gave up. Try again later."


class TooLarge(FetchError):
    kind = "too_large"
    default_message = "That page is too big for me to read."


class NotAnArticleType(FetchError):
    kind = "content_type"
    default_message = "That link isn't a web page I can read."


class TooManyRedirects(FetchError):
    kind = "redirects"
    default_message = "That link redirects too many times, so I stopped following it."


class BrokenRedirect(FetchError):
    """A redirect whose Location is missing or is no URL we can follow."""

    kind = "bad_redirect"
    default_message = "That website sent a broken redirect, so I couldn't follow the link."


class BadEncoding(FetchError):
    """The body is compressed in a way we did not ask for, stacked too deep, or corrupt."""

    kind = "encoding"
    default_message = "That website sent the page in a compressed form I can't read."


class NotAnArticle(FetchError):
    """The page loaded but holds no readable article (raised by bot.web.extract)."""

    kind = "not_article"
    default_message = (
        "I couldn't find an article on that page (it may be behind a paywall or login, or be mostly "
        "video). Forward the article text to me instead and I'll summarise that."
    )
