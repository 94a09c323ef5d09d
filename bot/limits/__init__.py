"""How much one sender may ask at once, and what is said about what is not taken.

- `keys`: who a message counts against. Normally its user; but every auto-forwarded channel post
  comes from Telegram's service account (777000) and every anonymous admin from GroupAnonymousBot,
  so those count against the chat (and the channel or group they speak for), not one shared id.
- `limiter`: a sliding-window rate and a cap on articles in progress per sender; a burst past the
  cap waits in the sender's queue (up to its own limit) instead of being dropped.
- `notices`: every article refused is named in a reply (its first words, its link or its file
  name), gathered into one message per burst, so nothing is dropped without a word.
- `limited(callback)` wraps the article handlers with all three.
"""

from .keys import limit_key
from .limiter import LIMITER_KEY, Rejection, Ticket, UserLimiter, limited, limiter
from .notices import describe_item

__all__ = [
    "LIMITER_KEY",
    "Rejection",
    "Ticket",
    "UserLimiter",
    "describe_item",
    "limit_key",
    "limited",
    "limiter",
]
