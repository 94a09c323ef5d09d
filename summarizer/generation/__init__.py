"""Generated summaries: the seq2seq model and everything around one generate call.

- `model`: the model behind one small interface (`generate(texts) -> summaries`), torch backend;
- `ct2`: the CTranslate2 backend (int8 on CPU), same interface;
- `batching`: concurrent requests share one generate call on one model thread;
- `chunking`: token-aware chunks on sentence boundaries, so long articles fit the model window;
- `guard`: the faithfulness guard, a summary sentence may only carry numbers the source carries.
"""

from .batching import BatchStats, MicroBatcher
from .chunking import Chunk, chunk_budget, chunk_sentences, chunk_text
from .ct2 import CT2Model, converted_dir, ensure_converted
from .guard import filter_sentences, source_values, unsupported_values, value_key
from .model import GenerationSettings, Generator, ModelUnavailable, Seq2SeqModel

__all__ = [
    "BatchStats",
    "CT2Model",
    "Chunk",
    "GenerationSettings",
    "Generator",
    "MicroBatcher",
    "ModelUnavailable",
    "Seq2SeqModel",
    "chunk_budget",
    "chunk_sentences",
    "chunk_text",
    "converted_dir",
    "ensure_converted",
    "filter_sentences",
    "source_values",
    "unsupported_values",
    "value_key",
]
