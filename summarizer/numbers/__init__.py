"""Numbers in English news text: where they are and what value each one has.

- `scan`: `find_numbers` (every number with its span, value and kind), `number_values`, `parse_number`,
  `format_number`;
- `grammar`: the words and precompiled patterns the scanner matches (and `word_trie_pattern`);
- `words`: numbers written in words ("twenty-three", "one and a half million");
- `phrases`: numbers written as several parts ("three and a fifth", "13 dollars and 45 cents") joined
  into one value.

Two users: the figure extractor (summarizer/figures/) and the faithfulness guard
(summarizer/generation/guard.py), which must recognise "seven" in a summary as the 7 of the source.
"""

from .grammar import word_trie_pattern
from .scan import (
    NumberMatch,
    find_numbers,
    format_number,
    lower_preserving_offsets,
    number_values,
    parse_number,
)

__all__ = [
    "NumberMatch",
    "find_numbers",
    "format_number",
    "lower_preserving_offsets",
    "number_values",
    "parse_number",
    "word_trie_pattern",
]
