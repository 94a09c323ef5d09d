"""Figure salience: which figures a digest shows, and in what order."""

from __future__ import annotations

import math

import pytest

from summarizer.figures import extract_figures, figure_label, salience, select_figures

ATTACK = (
    "Russia launched 118 drones overnight, killing seven people and injuring at least 23 others across "
    "Ukraine, officials said. The attack hit energy sites in three regions. Seven people were killed in "
    "Odesa alone, where rescuers worked through the night. A local cafe had raised its coffee price by "
    "50 pence last month, its owner said in an unrelated interview. In all, Russia has launched more than "
    "3,100 drones over the past week."
)
PRICES = (
    "The village shop raised the price of bread by 50 pence on Monday. The owner said flour costs had "
    "doubled since the spring. Customers said they would drive 12 miles to the next town instead. The "
    "shop, which opened 40 years ago, employs four people."
)


def labels(figures: list) -> list[str]:
    return [figure_label(f) for f in figures]


def test_features_say_where_a_figure_stands_and_what_it_is() -> None:
    figures = extract_figures(ATTACK)  # ranked by the extractor: the features do not depend on order
    rows = salience.figure_features(figures, ATTACK)
    by_label = {
        label: dict(zip(salience.FEATURES, row, strict=True))
        for label, row in zip(labels(figures), rows, strict=True)
    }
    drones = by_label["118 drones launched overnight"]
    killed = by_label["7 killed"]
    assert drones["order_log"] == 0 and killed["order_log"] > 0, "118 is the article's first figure"
    assert killed["casualty"] == 1 and killed["event"] == 1
    assert killed["recurs_log"] > 0 and drones["recurs_log"] == 0, "seven is written twice, 118 once"
    pence = next(v for k, v in by_label.items() if "50" in k)
    assert pence["casualty"] == 0 and pence["order_log"] > killed["order_log"]


def test_summary_and_durations_are_read_off_the_text() -> None:
    text = (
        "A former mayor was jailed for five years on Friday for taking bribes worth 240,000 euros. "
        "The court heard that 12 companies had paid him."
    )
    figures = extract_figures(text)
    summary = "A former mayor was jailed for five years on Friday for taking bribes worth 240,000 euros."
    rows = salience.figure_features(figures, text, summary=summary)
    by_label = {
        label: dict(zip(salience.FEATURES, row, strict=True))
        for label, row in zip(labels(figures), rows, strict=True)
    }
    years = next(v for k, v in by_label.items() if "5 years" in k)
    companies = next(v for k, v in by_label.items() if "12 companies" in k)
    assert years["duration"] == 1 and companies["duration"] == 0
    assert years["told"] == 1 and years["in_summary"] == 1
    assert companies["told"] == 0 and companies["in_summary"] == 0


def test_digest_shows_the_figures_that_matter_first_and_fewer_of_them() -> None:
    shown = select_figures(extract_figures(ATTACK), ATTACK, limit=8)
    shown_labels = labels(shown)
    assert "7 killed" in shown_labels and "50 pence" not in " ".join(shown_labels)
    assert len(shown) < len(extract_figures(ATTACK))
    assert all(f.salience is not None for f in shown)


def test_salience_is_a_probability_that_orders_the_figures() -> None:
    figures = extract_figures(ATTACK)
    scores = salience.salience_scores(figures, ATTACK)
    assert all(0.0 < s < 1.0 for s in scores)
    by_label = dict(zip(labels(figures), scores, strict=True))
    assert by_label["7 killed"] > next(s for k, s in by_label.items() if "50" in k)


def test_a_figure_repeated_in_the_summary_gains() -> None:
    figures = extract_figures(PRICES)
    plain = dict(zip(labels(figures), salience.salience_scores(figures, PRICES), strict=True))
    told = salience.salience_scores(figures, PRICES, summary="Customers will drive 12 miles for bread.")
    told_by_label = dict(zip(labels(figures), told, strict=True))
    miles = next(label for label in plain if "12 miles" in label)
    assert told_by_label[miles] > plain[miles]


def test_no_figures_no_selection() -> None:
    assert select_figures([], "Nothing counted here at all.") == []


def test_one_telling_figure_is_shown_without_the_incidental_ones() -> None:
    # The story is about one sum, written three times; the other figures are background.
    text = (
        "A lottery winner has given away £2.4 million to the hospital that treated her son. "
        "The £2.4 million gift will pay for a new children's ward, the hospital said. "
        "Mrs Jones, who bought her ticket at a shop on the high street, said the £2.4 million "
        "was the least she could do. The shop has sold tickets for 12 years and employs 3 people. "
        "The ward will have 20 beds and open in 18 months."
    )
    figures = extract_figures(text)
    shown = labels(select_figures(figures, text, summary=text.split(". ")[0] + "."))
    assert shown[0].startswith("£2.4 million"), shown
    assert len(figures) >= 5 and len(shown) <= 2, "fewer figures when fewer matter"
    assert not any("3 people" in label or "20 beds" in label for label in shown)


def test_a_list_shares_a_line_but_the_same_verb_far_away_does_not() -> None:
    scores = salience.salience_scores(extract_figures(ATTACK), ATTACK)
    figures = extract_figures(ATTACK)
    shown = [figures[i] for i in salience.shown_indexes(scores, figures)]
    shown_labels = labels(shown)
    # "killing seven people and injuring at least 23 others": one list, shown together.
    assert shown_labels.index("at least 23 injured") == shown_labels.index("7 killed") + 1
    # "launched 118 drones overnight" and "launched more than 3,100 drones over the past week" share
    # a verb but are separate facts far apart: the second needs its own salience to be shown.
    assert not any("3,100" in label for label in shown_labels)


def test_a_list_of_counts_is_shown_as_one_line_when_any_of_it_matters() -> None:
    # Each of the week's totals alone is a late, once-written figure; together they are one line
    # that a summary is likely to mention, as the design's archetype digest shows.
    text = (
        ATTACK.rsplit(" In all,", 1)[0] + " Russia had launched more than 3,100 drones, 92 missiles, and "
        "around 1,360 glide bombs against Ukraine over the past week, the president wrote."
    )
    figures = extract_figures(text)
    scores = dict(zip(labels(figures), salience.salience_scores(figures, text), strict=True))
    week = [label for label in scores if "(past week)" in label]
    assert len(week) == 3 and all(scores[label] < salience.THRESHOLD for label in week)
    shown = labels(select_figures(figures, text))
    assert set(week) <= set(shown), shown
    assert "7 killed" in shown and "118 drones launched overnight" in shown


MATCH = (
    "The striker scored 12 goals this season, and the club sold 40,000 tickets for the final. "
    "His goals came in 30 games. Many of the goals were headers, and the goal against Leeds was his "
    "best. The club's new stand cost £5 million."
)


def test_the_counted_noun_is_counted_across_the_article_singular_and_plural_folded() -> None:
    figures = extract_figures(MATCH)
    rows = salience.figure_features(figures, MATCH)
    by_label = {
        label: dict(zip(salience.FEATURES, row, strict=True))
        for label, row in zip(labels(figures), rows, strict=True)
    }
    goals = next(v for k, v in by_label.items() if "12 goals" in k)
    tickets = next(v for k, v in by_label.items() if "40,000 tickets" in k)
    money = next(v for k, v in by_label.items() if "5 million" in k)
    assert goals["noun_log"] == pytest.approx(math.log(5)), "goals x3 and goal x1, besides the figure"
    assert tickets["noun_log"] == pytest.approx(math.log(2)), "tickets is written once"
    assert money["noun_log"] == 0, "money counts no thing the story is about"


def test_a_figure_whose_noun_the_article_keeps_counting_gains_less() -> None:
    # The same sentence, then either more about the stand or more about goals (no new figures).
    lead = "The striker scored 12 goals this season. "
    quiet = lead + "The club said the new stand would open in the spring."
    busy = lead + "His goals won the league, and fans voted one of the goals the best of the year."
    quiet_score = salience.salience_scores(extract_figures(quiet), quiet)[0]
    busy_score = salience.salience_scores(extract_figures(busy), busy)[0]
    assert busy_score < quiet_score
