"""Every way to follow a source, what /following, /unfollow, /filter and OPML do, and the one-sentence
answers to input that cannot be followed; through the real bot and the local feed site.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.sources.opml import read_opml
from bot.web import fetch
from tests.chat_helpers import ask, buttons, send, visible
from tests.feed_site import FeedSite, Item
from tests.local_web import PUBLIC_IP, RecordingBackend, use_fake_dns
from tests.sources_helpers import (
    CHAT,
    OTHER,
    bot,
    briefing,
    digests_to,
    follow,
    items,
    long_text,
    poll,
    store,
)
from tests.test_briefings_helpers import Clock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def shared_feeds(shared_dir: Path) -> Path:
    """The shared feed files the site serves under /shared and /tme; tests that need them skip without."""
    path = shared_dir / "eval" / "feeds"
    if not path.exists():
        pytest.skip(f"shared eval data not found at {path}")
    return path


# --- kinds of follow --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "title"),
    [
        ("npr_news.xml", "News : NPR"),  # RSS 2.0
        ("heise_online_atom.xml", "heise developer neueste Meldungen"),  # Atom
        ("heise_rss0.90_rdf.xml", "heise online News"),  # RSS 0.90
        ("golem_de_rss1.0_iso-8859-1.rdf", "Golem.de"),  # RSS 1.0, Latin-1
        ("inessential_jsonfeed_v1.json", "inessential.com"),  # JSON Feed
        ("nshipster_gzipped_invalid_chars.xml.gz", "NSHipster"),  # gzip on the wire
    ],
)
async def test_follow_a_feed_of_each_format(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, shared_feeds: Path, file: str, title: str
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        reply = await follow(fake_api, app, site.url(f"/shared/{file}"))
        assert reply.startswith(f"Following {title} (feed: "), reply
        (followed,) = store(services).follows(CHAT)
        assert followed.source.items > 0


async def test_follow_a_site_page_finds_its_news_feed_and_names_the_choice(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["gazette"] = items(clock, "gazette", 2)
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        reply = await follow(fake_api, app, site.url("/page/gazette"))
        assert reply.startswith("Following The gazette feed (feed: ")
        assert "The page links to 3 feeds; I chose “gazette news”." in reply
        assert site.url("/feed/gazette-comments") in reply  # the others are named
        assert store(services).follows(CHAT)[0].source.url == site.url("/feed/gazette")


async def test_follow_a_real_page_with_one_feed_link(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, shared_feeds: Path
) -> None:
    # The Verge's page links its feed relatively (/rss/index.xml): resolved against the page, then read.
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, _):
        reply = await follow(fake_api, app, site.url("/shared/page_theverge.html"))
        assert "The page links to a feed (" in reply and "/rss/index.xml" in reply  # not served here


@pytest.mark.parametrize("how", ["@durov", "t.me/durov", "https://t.me/s/durov", "https://t.me/durov/123"])
async def test_follow_a_public_channel(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, shared_feeds: Path, how: str
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        reply = await follow(fake_api, app, how)
        assert reply.startswith("Following Pavel Durov ✔ (channel: "), reply
        (followed,) = store(services).follows(CHAT)
        assert followed.source.url == site.url("/tme/s/durov") and followed.source.items == 20


async def test_follow_by_replying_to_a_forwarded_channel_post(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, shared_feeds: Path
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        post = fake_api.forwarded_channel_post(
            CHAT, "Short post.", channel_title="Durov", channel_username="durov"
        )
        reply = await follow(fake_api, app, "", reply_to_message=post["message"])
        assert reply.startswith("Following Pavel Durov ✔ (channel: ")
        private = fake_api.forwarded_channel_post(CHAT, "Hi.", channel_username=None)
        reply = await follow(fake_api, app, "", reply_to_message=private["message"])
        assert reply == "That post comes from a private channel; I can only follow public channels."
        assert len(store(services).follows(CHAT)) == 1


# --- bad input: one sentence each, nothing followed ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/notfeed", "I found no feed there: the link is not an RSS, Atom or JSON feed"),
        ("/broken", "That link serves XML, but not a feed I can read (RSS, Atom or JSON Feed)"),
        ("/huge", "That page is too big for me to read (over 5 MB)."),
        ("/nothing-here", "That page doesn't exist (the website answered 404). Check the link."),
    ],
)
async def test_what_is_not_a_feed_is_refused_in_one_sentence(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, path: str, answer: str
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        reply = await follow(fake_api, app, site.url(path))
        assert reply.startswith(answer), reply
        assert store(services).follows(CHAT) == []


async def test_a_feed_too_slow_to_answer_is_refused(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock, site, fetch_timeout=0.5) as (app, services):
        reply = await follow(fake_api, app, site.url("/slow"))
        assert reply == "That website took too long to answer, so I gave up. Try again later."
        assert store(services).follows(CHAT) == []


async def test_a_channel_without_a_public_preview_is_refused(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, shared_feeds: Path
) -> None:
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        reply = await follow(fake_api, app, "@quietchannel")
        assert reply.startswith("The channel @quietchannel has no public web preview (t.me/s/quietchannel)")
        assert visible(await ask(fake_api, CHAT, "/follow t.me/+AbCdEf")).startswith(
            "That is a private channel"
        )
        assert visible(await ask(fake_api, CHAT, "/follow ftp://example.com/feed")).startswith(
            "I can only follow web links"
        )
        assert visible(await ask(fake_api, CHAT, "/follow")).startswith(
            "Send /follow with a feed or site link"
        )
        assert store(services).follows(CHAT) == []


async def test_a_private_address_is_refused_also_behind_a_redirect(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = RecordingBackend()
    use_fake_dns(monkeypatch, {"feeds.example": [PUBLIC_IP]}, lookups=recorder.lookups)
    make_client = fetch.make_client
    monkeypatch.setattr(
        fetch, "make_client", lambda limits, inner_backend=None: make_client(limits, inner_backend=recorder)
    )
    port = site.origin.rsplit(":", 1)[1]
    blocked = "That link points to a private or local address, so I won't open it."
    async with bot(fake_api, tmp_path / "s.db", clock, site, allow_private_urls=False) as (app, services):
        assert await follow(fake_api, app, f"http://feeds.example:{port}/to-private") == blocked
        assert await follow(fake_api, app, site.url("/feed/x")) == blocked  # 127.0.0.1 itself
        assert recorder.attempts == [(PUBLIC_IP, int(port))]  # nothing opened to 10.20.30.40 or loopback
        assert store(services).follows(CHAT) == []


# --- /following, buttons, /unfollow, groups --------------------------------------------------------------


async def test_following_lists_health_and_its_buttons_switch_pause_and_unfollow(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["alpha"] = items(clock, "alpha", 1)
    site.items["beta"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/alpha"))
        await follow(fake_api, app, site.url("/feed/beta"))
        clock.advance(hours=2)
        call = await send(fake_api, fake_api.command(CHAT, "/following"), CHAT)
        text = visible(call.params["text"])
        assert "This chat follows 2 sources" in text
        assert "1. The alpha feed · in briefing" in text and "last new item: 2 h ago · no errors" in text
        assert "2. The beta feed · in briefing" in text and "last new item: nothing yet" in text
        message_id = fake_api.sent_messages(CHAT)[-1].message_id
        pressed = buttons(fake_api, CHAT, message_id)
        assert list(pressed) == ["✕ 1", "⏸ 1", "⚡ 1", "✕ 2", "⏸ 2", "⚡ 2"]

        await send(fake_api, fake_api.callback_query(CHAT, message_id, pressed["⚡ 2"]), CHAT)
        await send(fake_api, fake_api.callback_query(CHAT, message_id, pressed["⏸ 1"]), CHAT)
        assert list(buttons(fake_api, CHAT, message_id)) == ["✕ 1", "▶ 1", "⚡ 1", "✕ 2", "⏸ 2", "📰 2"]
        follows = store(services).follows(CHAT)
        assert [(f.mode, f.paused) for f in follows] == [("briefing", True), ("instant", False)]

        site.items["beta"] = [Item("b1", "Beta breaking", long_text("beta"))]
        site.items["alpha"].insert(0, Item("a9", "Alpha news while paused", long_text("alpha later")))
        clock.advance(hours=1)
        hits = site.hits["alpha"]
        await poll(app)
        assert site.hits["alpha"] == hits  # paused by every follower: not fetched
        assert [m.split("\n")[0] for m in digests_to(fake_api)] == ["Beta breaking"]

        await send(fake_api, fake_api.callback_query(CHAT, message_id, pressed["✕ 1"]), CHAT)
        assert [f.source.title for f in store(services).follows(CHAT)] == ["The beta feed"]
        assert visible(await ask(fake_api, CHAT, "/unfollow 1")) == "Unfollowed The beta feed."
        assert visible(await ask(fake_api, CHAT, "/unfollow 1")).startswith(
            "This chat follows nothing called"
        )
        assert visible(await ask(fake_api, CHAT, "/following")).startswith(
            "This chat follows no sources yet."
        )


async def test_in_groups_only_admins_change_sources_and_filters(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    group = -100777
    fake_api.set_member_status(group, 8001, "member")
    fake_api.set_member_status(group, 8002, "administrator")
    site.items["g"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (_, services):
        url = site.url("/feed/g")
        member = await ask(fake_api, group, f"/follow {url}", user_id=8001, chat_type="supergroup")
        assert member == "Only an admin of this group can change what it follows."
        filter_ = await ask(fake_api, group, "/filter exclude sport", user_id=8001, chat_type="supergroup")
        assert filter_ == "Only an admin of this group can change its filters."
        admin = await ask(fake_api, group, f"/follow {url}", user_id=8002, chat_type="supergroup")
        assert visible(admin).startswith("Following The g feed")
        listing = await ask(fake_api, group, "/following", user_id=8001, chat_type="supergroup")
        assert "The g feed" in visible(listing)  # anyone may look
        assert len(store(services).follows(group)) == 1


# --- filters ----------------------------------------------------------------------------------------------


async def test_filters_match_whole_words_in_any_case_on_title_and_summary(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["mix"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/mix"))
        store(services).set_mode(CHAT, store(services).follows(CHAT)[0].source.id, "instant")
        reply = visible(await ask(fake_api, CHAT, "/filter exclude Sport"))
        assert reply.startswith("No items that mention “sport” from now on.")
        await ask(fake_api, CHAT, "/filter exclude climate change")
        assert "Never items with: “climate change”, “sport”" in visible(await ask(fake_api, CHAT, "/filter"))
        assert "(a+)+$" in visible(
            await ask(fake_api, CHAT, "/filter exclude (a+)+$")
        )  # a phrase, not a pattern
        site.items["mix"] = [
            Item("1", "SPORT results of the week", long_text("results")),
            Item("2", "Sports cars get cheaper", long_text("cars")),  # "sports" is another word
            Item("3", "Summit ends", long_text("summit") + " Climate   change was discussed."),
            Item("4", "Council meets", long_text("council")),
            Item("5", "Regex (a+)+$ in the news", long_text("regex")),
        ]
        clock.advance(hours=1)
        await poll(app)
        got = sorted(m.split("\n")[0] for m in digests_to(fake_api))
        assert got == ["Council meets", "Sports cars get cheaper"]
        await ask(fake_api, CHAT, "/filter clear")
        await ask(fake_api, CHAT, "/filter include council")
        site.items["mix"] += [
            Item("6", "Council votes", long_text("vote")),
            Item("7", "Storm", long_text("storm")),
        ]
        clock.advance(hours=1)
        await poll(app)
        assert [m.split("\n")[0] for m in digests_to(fake_api)][2:] == ["Council votes"]


# --- OPML -------------------------------------------------------------------------------------------------


async def test_opml_round_trip(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite, shared_feeds: Path
) -> None:
    site.items["one"] = items(clock, "one", 1)
    site.items["two"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/one"))
        await follow(fake_api, app, site.url("/feed/two"))
        await follow(fake_api, app, "@durov")
        call = await send(fake_api, fake_api.command(CHAT, "/export opml"), CHAT)
        assert call.method == "sendDocument"
        (exported,) = fake_api.documents_to(CHAT)
        assert exported.filename.endswith(".opml")
        assert [o.url for o in read_opml(exported.content)] == [
            site.url("/feed/one"),
            site.url("/feed/two"),
            site.url("/tme/s/durov"),
        ]
        # Another chat imports it, plus one it follows already and two that are refused.
        await follow(fake_api, app, site.url("/feed/two"), OTHER)
        extra = (
            f'<outline text="Broken" xmlUrl="{site.url("/broken")}"/>'
            '<outline text="Mail" xmlUrl="mailto:someone@example.com"/></body>'
        )
        data = exported.content.replace(b"</body>", extra.encode())
        fake_api.register_file("OPML1", data)
        update = fake_api.document_message(OTHER, "OPML1", "subscriptions.opml", mime_type="text/x-opml")
        report = visible((await send(fake_api, update, OTHER, count=2)).params["text"])
        assert report.startswith("OPML import: 2 added, 1 already followed, 2 refused.")
        assert "That link serves XML, but not a feed" in report
        assert "I can only follow web links that start with http:// or https://." in report
        assert sorted(f.source.url for f in store(services).follows(OTHER)) == sorted(
            [site.url("/feed/one"), site.url("/feed/two"), site.url("/tme/s/durov")]
        )
        fake_api.register_file("BAD", b"<opml><body><outline")
        bad = fake_api.document_message(OTHER, "BAD", "broken.opml", mime_type="text/x-opml")
        answer = (await send(fake_api, bad, OTHER)).params["text"]
        assert answer == "That file is not valid OPML (the XML is broken), so I imported nothing."


async def test_old_items_of_a_new_feed_are_never_sent(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    site.items["archive"] = []
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, services):
        await follow(fake_api, app, site.url("/feed/archive"))
        store(services).set_mode(CHAT, store(services).follows(CHAT)[0].source.id, "instant")
        # A publisher re-promotes a years-old article: it is new to us, but too old to be news.
        site.items["archive"] = [
            Item("old", "From the archive", long_text("archive"), published=clock.now - timedelta(days=400)),
            Item("new", "Fresh today", long_text("fresh"), published=clock.now - timedelta(minutes=5)),
        ]
        clock.advance(hours=1)
        await poll(app)
        assert [m.split("\n")[0] for m in digests_to(fake_api)] == ["Fresh today"]


async def test_an_item_filtered_out_for_one_chat_is_summarised_for_the_next_follower(
    fake_api: Any, tmp_path: Path, clock: Clock, site: FeedSite
) -> None:
    # The link leads nowhere, so only the feed's own text can make the digest.
    site.items["weather"] = [
        Item("w1", "Storm hits the coast", long_text("storm"), link=site.url("/gone/w1"))
    ]
    async with bot(fake_api, tmp_path / "s.db", clock, site) as (app, _):
        await ask(fake_api, CHAT, "/filter exclude storm")
        await follow(fake_api, app, site.url("/feed/weather"), CHAT)
        await follow(fake_api, app, site.url("/feed/weather"), OTHER)
        text = await briefing(fake_api, clock, OTHER)
        assert "Storm hits the coast" in text and "not summarised" not in text
        assert "Storm hits the coast" not in await briefing(fake_api, clock, CHAT)
