"""The reply flow: a message with news in it (pasted or forwarded text, links, shared files) in,
its digest out.

- `articles`: routes a message to text or links; `links` and `documents` handle links and files;
- `inputs`: a Telegram message -> text, links and where it came from; `origins`: a shared digest
  credited to where this chat's forward came from;
- `digests`: the core flow every input shares (article -> digest -> store -> reply);
- `jobs`: accepted work survives a crash; `storage_trouble`: a failed write is said, never silent;
- `progress`: the "typing…" indicator while long work runs.

Fetching and extracting pages lives in bot/web/; what the reply looks like in bot/outgoing/.
"""
