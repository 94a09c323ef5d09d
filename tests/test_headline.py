"""Headlines written from the text when an article has no title (summarizer/text/headline.py)."""

from __future__ import annotations

import pytest

from summarizer.pipeline import Summarizer, SummarizerConfig
from summarizer.text import HEADLINE_LIMIT, write_headline
from summarizer.types import Article

# Words a headline may not end on: it would read as cut off.
DANGLING = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "but", "with", "for", "his", "her", "that"}


def assert_whole_phrase(headline: str, source: str) -> None:
    assert headline and len(headline) <= HEADLINE_LIMIT
    assert not headline.endswith(("…", "...", ",", ";", ":", "-")), headline
    last = headline.split()[-1].strip("\"“”'’").lower()
    assert last not in DANGLING, headline
    # Every word is a whole word of the source: nothing is cut in the middle.
    source_words = set(source.replace(",", " ").split())
    for word in headline.replace(",", " ").split():
        assert word in source_words or word == "says" or word.lower() in source.lower().split(), word


def test_opening_connective_goes_and_long_lead_is_cut_at_a_phrase() -> None:
    lead = (
        "However, the harbour authority seems divided over whether there should be another vote on the new "
        "ferry terminal before the end of the year."
    )
    headline = write_headline(lead)
    assert headline.startswith("The harbour authority seems divided")
    assert_whole_phrase(headline, lead)


def test_trailing_attribution_goes_and_a_long_lead_loses_its_participle_clause() -> None:
    short = "Storms flooded 40 homes in the valley overnight, leaving roads closed, the fire service said."
    assert write_headline(short) == "Storms flooded 40 homes in the valley overnight, leaving roads closed"
    long = (
        "Storms flooded 40 homes in the upper valley and cut power to two villages overnight, leaving "
        "the main roads closed to all traffic until at least Thursday morning, the fire service said."
    )
    assert (
        write_headline(long)
        == "Storms flooded 40 homes in the upper valley and cut power to two villages overnight"
    )


def test_dateline_and_opening_subordinate_clause_go() -> None:
    lead = (
        "LONDON (Reuters) - After three days of talks that ran late into the night, the two unions agreed "
        "a new pay deal with the rail operators that covers twelve thousand drivers and guards."
    )
    headline = write_headline(lead)
    assert headline.startswith("The two unions agreed a new pay deal")
    assert_whole_phrase(headline, lead)


def test_reported_speech_reads_in_the_present() -> None:
    lead = "The mayor said the harbour wall would be rebuilt in the spring with money from the port."
    assert (
        write_headline(lead)
        == "The mayor says the harbour wall would be rebuilt in the spring with money from the port"
    )


def test_a_plural_speaker_says_in_the_plural() -> None:
    assert write_headline("Police said two men were arrested.") == "Police say two men were arrested"
    assert write_headline("Officials said the road would reopen.") == "Officials say the road would reopen"
    assert write_headline("Ms Jones said the road would reopen.") == "Ms Jones says the road would reopen"


def test_a_quote_left_open_by_the_cut_is_dropped() -> None:
    lead = (
        'The minister promised a "complete review of every school building in the country, starting with the '
        'oldest ones built before the war"'
    )
    headline = write_headline(lead, limit=60)
    assert headline.count('"') % 2 == 0 and headline.count("“") == headline.count("”")
    assert_whole_phrase(headline, lead)


@pytest.mark.parametrize("limit", [40, 60, 90])
def test_any_limit_gives_a_whole_phrase(limit: int) -> None:
    lead = (
        "Volunteers from five neighbouring villages spent the whole weekend clearing fallen trees from the "
        "railway line between the two market towns after the storm."
    )
    headline = write_headline(lead, limit=limit)
    assert len(headline) <= limit
    assert_whole_phrase(headline, lead)


def test_untitled_article_gets_a_written_headline_not_a_cut_sentence() -> None:
    text = (
        "However, the nation seems divided over whether there should be another referendum on independence "
        "in the near future, with polls showing support split almost evenly. The first minister said a "
        "second vote was not on the table this year. Opposition parties called for a clear answer before "
        "the autumn conference, and business groups warned that uncertainty was hurting investment."
    )
    digest = Summarizer(SummarizerConfig()).summarize(Article(text))
    # The excerpt that opens with "However," has lost its beginning: the summary starts after it, and
    # the headline is the next sentence's main clause, whole.
    assert digest.headline == "The first minister says a second vote was not on the table this year"
    assert not digest.summary.startswith("However")
    titled = Summarizer(SummarizerConfig()).summarize(Article(text, title="Scotland split on second vote"))
    assert titled.headline == "Scotland split on second vote"
