"""Stories in the Telegram layer: digests grouped into stories, briefings that list stories.

- `hook.on_digest_stored` is the one call every path that stores or serves a digest for a chat
  makes (forwards, links, documents; feed items too): it puts the digest in its story and tells
  the chats that follow that story when a new source confirms it or a figure moves.
- `grouping` builds the pure grouper (summarizer/stories/grouping.py) from the stored window.
- `render` turns a chat's stories into at most three briefing messages with buttons.
- `handlers` holds the Follow / Mute buttons and /stories.
- `cli` is `newsbrief stories ITEMS.jsonl`: each item's story, without Telegram.
"""
