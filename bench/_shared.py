"""Helpers shared by bench/summarize.py and bench/quality.py: eval data, the benchmark model, statistics.

The benchmark model is sshleifer/distilbart-cnn-12-6's real architecture (its published BartConfig,
written out below because the Hugging Face hub is unreachable here) with random weights, and a
byte-level BPE tokenizer (GPT-2/RoBERTa style, as BART uses) trained on the fly on the eval articles and
padded with unused tokens to the checkpoint's 50,264-entry vocabulary. Timing depends on the
architecture and sequence lengths, not on the weights, so latency and throughput carry over to the
trained checkpoint; the text it writes is gibberish.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import resource
import statistics
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"
VOCAB_SIZE = 50264
SEED = 20240601

# config.json of sshleifer/distilbart-cnn-12-6 as published (model-relevant keys).
DISTILBART_CNN_12_6: dict[str, Any] = {
    "activation_dropout": 0.0,
    "activation_function": "gelu",
    "attention_dropout": 0.0,
    "bos_token_id": 0,
    "d_model": 1024,
    "decoder_attention_heads": 16,
    "decoder_ffn_dim": 4096,
    "decoder_layerdrop": 0.0,
    "decoder_layers": 6,
    "decoder_start_token_id": 2,
    "dropout": 0.1,
    "encoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "encoder_layerdrop": 0.0,
    "encoder_layers": 12,
    "eos_token_id": 2,
    "forced_bos_token_id": 0,
    "forced_eos_token_id": 2,
    "init_std": 0.02,
    "is_encoder_decoder": True,
    "max_position_embeddings": 1024,
    "pad_token_id": 1,
    "scale_embedding": False,
    "vocab_size": VOCAB_SIZE,
}
# Its generation defaults (task_specific_params.summarization), what a plain pipeline would use.
DISTILBART_GENERATION: dict[str, Any] = {
    "num_beams": 4,
    "length_penalty": 2.0,
    "max_length": 142,
    "min_length": 56,
    "no_repeat_ngram_size": 3,
    "early_stopping": True,
}


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSBRIEF_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")


def load_pairs() -> list[dict[str, Any]]:
    path = shared_dir() / "eval" / "news_pairs.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def bench_cache() -> Path:
    root = os.environ.get("NEWSBRIEF_BENCH_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "newsbrief" / "bench"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a small sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else 0.0


# -- the benchmark model --------------------------------------------------------------------------


def bench_model_dir() -> Path:
    """A saved random-weight distilbart-cnn-12-6 with its tokenizer; built once, then reused."""
    corpus = shared_dir() / "eval" / "news_pairs.jsonl"
    key = hashlib.sha256(
        json.dumps([DISTILBART_CNN_12_6, DISTILBART_GENERATION, SEED, corpus.stat().st_size, 2]).encode()
    ).hexdigest()[:12]
    target = bench_cache() / f"distilbart-cnn-12-6-random-{key}"
    if (target / "model.safetensors").exists():
        return target
    _build(target)
    return target


def _build(target: Path) -> None:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    log.info("building the benchmark model in %s (once)", target)
    tokenizer = _tokenizer(article["article"] for article in load_pairs())
    torch.manual_seed(SEED)
    model = BartForConditionalGeneration(BartConfig(**DISTILBART_CNN_12_6)).eval()
    generation = GenerationConfig(
        decoder_start_token_id=2,
        bos_token_id=0,
        eos_token_id=2,
        pad_token_id=1,
        forced_bos_token_id=0,
        forced_eos_token_id=2,
        **DISTILBART_GENERATION,
        # Random weights would write digits freely, and the faithfulness guard would then regenerate;
        # a trained model rarely does. Number tokens are suppressed so the timed work is the same.
        suppress_tokens=sorted(_numeric_ids(tokenizer)),
    )
    model.generation_config = generation
    target.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(target)
    model.save_pretrained(target)


def _tokenizer(texts: Iterator[str]) -> Any:
    from transformers import PreTrainedTokenizerFast

    from tests.tiny_model import train_tokenizer  # the same BART-style BPE the tests train

    raw = train_tokenizer(texts, vocab_size=VOCAB_SIZE)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=raw,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
        cls_token="<s>",
        sep_token="</s>",
        model_max_length=1024,
    )
    # Pad to the checkpoint's vocabulary so the embedding and output layer have their real size.
    missing = VOCAB_SIZE - len(tokenizer)
    tokenizer.add_tokens([f"<unused{_letters(i)}>" for i in range(missing)])
    return tokenizer


def _letters(index: int) -> str:
    """Digit-free names for the padding tokens ("aaa", "aab", ...)."""
    out = ""
    for _ in range(3):
        index, rest = divmod(index, 26)
        out = chr(ord("a") + rest) + out
    return out


def _numeric_ids(tokenizer: Any) -> set[int]:
    from summarizer.generation.model import _is_numeric_token

    vocab = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
    return {i for i, token in enumerate(vocab) if token and _is_numeric_token(token)}


def bench_articles(tokenizer: Any, count: int, words: int = 700, max_tokens: int = 1000) -> list[str]:
    """`count` distinct CNN/DM and XSum articles cut to about `words` words at a sentence end, each
    within one model window (so every system summarises exactly one chunk)."""
    from summarizer.text import split_sentences

    pairs = sorted(load_pairs(), key=lambda p: p["id"])
    articles: list[str] = []
    for pair in pairs:
        if len(pair["article"].split()) < words:
            continue
        kept: list[str] = []
        for sentence in split_sentences(pair["article"]):
            kept.append(sentence)
            if len(" ".join(kept).split()) >= words:
                break
        text = " ".join(kept)
        while len(tokenizer(text)["input_ids"]) > max_tokens and len(kept) > 1:
            kept.pop()
            text = " ".join(kept)
        articles.append(text)
        if len(articles) == count:
            return articles
    raise SystemExit(f"only {len(articles)} eval articles have {words}+ words; need {count}")
