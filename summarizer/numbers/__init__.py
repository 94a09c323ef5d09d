"""Numbers in English news text: where they are and what value each one has.

- `scan`: `find_numbers` (every number with its span, value and kind), `number_values`, `parse_number`,
  `format_number`;
- `phrases`: numbers written as several parts ("$1.2bn to $1.5bn", "five or six") joined into one.

Two users: the figure extractor (summarizer/figures/) and the faithfulness guard
(summarizer/generation/guard.py), which must recognise "seven" in a summary as the 7 of the source.
"""

from .scan import (
    NumberMatch,
    find_numbers,
    format_number,
    lower_preserving_offsets,
    number_values,
    parse_number,
    word_trie_pattern,
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
