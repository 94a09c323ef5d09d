"""Key figures: which numbers an article reports, what each counts, what happened to it, which matter.

- `extract`: `extract_figures` (text -> Figures) and `figure_label` (a figure in a few words);
- `mention`, `units`, `events`, `objects`, `nominals`, `grammar`, `lexicon`: the rules behind it
  (what a number counts, the verb or noun of change that governs it, the English they read);
- `positions` (verbs known by their place: "offers", "travel"), `amounts` (what the words after an
  amount say: "£1bn of cuts"), `modifiers` (amounts that size another noun: "the £18bn plant") and
  `gapping` (a verb left out the second time: "cars 18% and lorries 12%"): the later rounds' rules;
- `labels`: the short human wording of a figure;
- `salience`: which of an article's figures a reader needs, in what order, and how many.
"""

from .extract import CASUALTY_EVENTS, extract_figures, figure_label
from .salience import select_figures

__all__ = [
    "CASUALTY_EVENTS",
    "extract_figures",
    "figure_label",
    "select_figures",
]
