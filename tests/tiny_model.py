"""Build a tiny, offline BART seq2seq model + tokenizer for tests.

Why: the real default model (distilbart-cnn-12-6, ~1.2 GB) cannot be downloaded here (the HF hub is
unreachable) and would be far too slow for unit tests. The summarizer only needs "some transformers
seq2seq checkpoint on disk that loads with the Auto* classes and generates tokens", so we build one on
the fly in well under a second: a byte-level BPE tokenizer trained on news text with the `tokenizers`
library, and a randomly initialised BART (d_model 32, one encoder and one decoder layer, vocabulary
1,024: about 170k parameters, 0.7 MB on disk).

The model is untrained: it emits deterministic gibberish made of vocabulary pieces ("I startilsists
fiveXX him year..."), about 40 tokens. That is enough to test plumbing (loading, batching, chunking,
running off the event loop, filtering numbers that are not in the source). Training it to copy the
lead sentence was tried and is not cheap (1,000 CPU steps, ~20 s, still no copying), so it is not
offered.
Generation suppresses byte-fragment tokens, so decoded output is always printable text.

Properties the tests can rely on (see ``TINY_MAX_POSITIONS``): the model's input window is 256
tokens, so the summarizer's chunking code is exercised by any real article.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig, PreTrainedTokenizerFast

log = logging.getLogger(__name__)

# BART/RoBERTa special-token layout: <s>=0, <pad>=1, </s>=2, <unk>=3, <mask>=4.
SPECIAL_TOKENS: tuple[str, ...] = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
BOS_ID, PAD_ID, EOS_ID, UNK_ID, MASK_ID = range(5)

TINY_VOCAB_SIZE = 1024
TINY_MAX_POSITIONS = 256  # the model's input window in tokens (encoder and decoder)
TINY_D_MODEL = 32
SEED = 1234

_FALLBACK_TEXT = """\
Russia launched a total of 118 drones overnight, killing seven and injuring at least 23 others across
Ukraine, officials said on Sunday. The country's Energy Ministry said energy infrastructure was also
attacked in the regions of Donetsk and Chernihiv, leaving some areas without water and electricity.
The central bank raised interest rates by 0.25 percentage points to 4.5%, its highest level in 15 years,
as inflation rose to 6.8% in March. Shares in the company fell 12% after it reported a loss of $446
million for the first quarter. More than 1,000 adults were questioned for the survey, which found that
most voters want more powers for the Scottish Parliament. The team won 3-1 on Saturday in front of a
crowd of about 40,000 people, extending their lead at the top of the table to five points. Scientists
said the new telescope would allow them to study galaxies more than 13 billion light years away.
"""


def _shared_eval_dir() -> Path:
    """Where the shared evaluation texts live (same rule as the ``shared_dir`` fixture)."""
    env = os.environ.get("NEWSBRIEF_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def training_corpus() -> list[str]:
    """News-like text to train the tokenizer on.

    Uses the shared seed article and eval articles when present so the vocabulary fits real input; falls
    back to a built-in paragraph so the builder never depends on files outside the repository.
    """
    eval_dir = _shared_eval_dir() / "eval"
    files = [eval_dir / "seed_article.txt", *sorted((eval_dir / "articles").glob("*.txt"))]
    texts = [_article_body(p.read_text(encoding="utf-8")) for p in files if p.is_file()]
    texts = [t for t in texts if t.strip()]
    return texts or [_FALLBACK_TEXT]


def _article_body(raw: str) -> str:
    """Drop the ``Key: value`` header block of the eval article files (URLs would pollute the BPE)."""
    head, sep, body = raw.partition("\n\n")
    if sep and all(":" in line for line in head.splitlines()):
        return body
    return raw


def train_tokenizer(texts: Iterable[str], vocab_size: int = TINY_VOCAB_SIZE) -> Tokenizer:
    """Train a RoBERTa/BART-style byte-level BPE (``Ġ`` marks a leading space) on ``texts``.

    The post-processor wraps every encoding as ``<s> ... </s>`` exactly like BART's tokenizer, which is
    what the model's ``forced_bos``/``eos`` settings expect.
    """
    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.RobertaProcessing(
        ("</s>", EOS_ID), ("<s>", BOS_ID), trim_offsets=False, add_prefix_space=False
    )
    return tok


def wrap_tokenizer(tok: Tokenizer) -> PreTrainedTokenizerFast:
    """Wrap the raw tokenizer with BART's special tokens so transformers knows bos/eos/pad/unk/mask."""
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
        cls_token="<s>",
        sep_token="</s>",
        model_max_length=TINY_MAX_POSITIONS,
        padding_side="right",
        truncation_side="right",
    )


def tiny_config(vocab_size: int) -> BartConfig:
    """A BART config small enough to build and run in milliseconds on CPU."""
    return BartConfig(
        vocab_size=vocab_size,
        d_model=TINY_D_MODEL,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=TINY_MAX_POSITIONS,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        scale_embedding=False,
        pad_token_id=PAD_ID,
        bos_token_id=BOS_ID,
        eos_token_id=EOS_ID,
        decoder_start_token_id=EOS_ID,
        forced_eos_token_id=EOS_ID,
        is_encoder_decoder=True,
        tie_word_embeddings=False,
    )


_NUMBER_WORDS = frozenset(
    {
        *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand"),
        *("million", "billion", "dozen", "half"),
    }
)


def printable_token_ids(tokenizer: PreTrainedTokenizerFast) -> set[int]:
    """Ids of tokens that decode to complete, printable text on their own, and carry no number.

    Byte-level BPE has tokens for single UTF-8 bytes (parts of multi-byte characters) and control bytes;
    an untrained model picks them as readily as words, and they decode to U+FFFD or control characters.
    Numbers are banned too: random digits would be (rightly) removed by the faithfulness guard, and the
    tests need the model's own summary to reach the user.
    """
    ok: set[int] = set()
    for token_id in range(len(tokenizer)):
        piece = tokenizer.decode([token_id])
        if not piece or "\ufffd" in piece or not piece.replace(" ", "x").isprintable():
            continue
        if any(ch.isdigit() for ch in piece) or piece.strip().lower() in _NUMBER_WORDS:
            continue
        ok.add(token_id)
    return ok


def tiny_generation_config(tokenizer: PreTrainedTokenizerFast, max_new_tokens: int = 40) -> GenerationConfig:
    """Generation defaults for the tiny model, mirroring BART's (start with </s>, force <s> first).

    ``min_new_tokens`` keeps the untrained model from stopping at once, so the output is never empty;
    ``suppress_tokens`` bans byte fragments so the decoded output is printable text.
    """
    keep = printable_token_ids(tokenizer) | {BOS_ID, EOS_ID}
    return GenerationConfig(
        decoder_start_token_id=EOS_ID,
        bos_token_id=BOS_ID,
        eos_token_id=EOS_ID,
        pad_token_id=PAD_ID,
        forced_bos_token_id=BOS_ID,
        forced_eos_token_id=EOS_ID,
        max_new_tokens=max_new_tokens,
        min_new_tokens=4,
        num_beams=1,
        do_sample=False,
        no_repeat_ngram_size=3,
        suppress_tokens=[i for i in range(len(tokenizer)) if i not in keep],
    )


def build_tiny_seq2seq(path: Path) -> Path:
    """Build a tiny BART model + tokenizer and ``save_pretrained`` both into ``path``; return ``path``.

    The result loads offline with ``AutoTokenizer.from_pretrained(path)`` and
    ``AutoModelForSeq2SeqLM.from_pretrained(path)``, and ``generate`` works with no extra arguments.
    Deterministic: torch is seeded and BPE training is deterministic for a fixed corpus.
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    tokenizer = wrap_tokenizer(train_tokenizer(training_corpus()))

    torch.manual_seed(SEED)
    model = BartForConditionalGeneration(tiny_config(len(tokenizer)))
    model.generation_config = tiny_generation_config(tokenizer)
    model.eval()

    tokenizer.save_pretrained(path)
    model.save_pretrained(path)
    n_params = sum(p.numel() for p in model.parameters())
    log.info("tiny seq2seq saved to %s (%d parameters, vocab %d)", path, n_params, len(tokenizer))
    return path
