"""Daily briefings: the commands that set them up, the jobs that send them, and how they look.

- `commands`: /subscribe, /unsubscribe, /briefing and /settings (with its buttons);
- `scheduler`: when a briefing is due, and sending it exactly once per (chat, local date);
- `render`: a briefing as Telegram HTML (key figures first, then digests grouped by source);
- `safe_send`: a part Telegram refuses is repaired or named, so the parts after it still go out.
"""
