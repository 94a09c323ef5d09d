"""The tiny offline seq2seq checkpoint loads with the Auto* classes and generates text.

Summarizer tests use it as a stand-in for distilbart; this pins the contract they rely on.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

from tests.tiny_model import TINY_MAX_POSITIONS, build_tiny_seq2seq


@pytest.fixture
def seed_text(shared_dir: Path) -> str:
    path = shared_dir / "eval" / "seed_article.txt"
    if path.exists():
        return path.read_text(encoding="utf-8")
    return "Russia launched a total of 118 drones overnight, killing seven and injuring at least 23 others."


def test_loads_offline_and_generates_text(tiny_model_dir: Path, seed_text: str) -> None:
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(tiny_model_dir)
    assert model.config.is_encoder_decoder and model.config.max_position_embeddings == TINY_MAX_POSITIONS
    assert sum(p.numel() for p in model.parameters()) < 500_000

    batch = tokenizer(seed_text, truncation=True, max_length=TINY_MAX_POSITIONS, return_tensors="pt")
    assert batch["input_ids"][0, 0] == tokenizer.bos_token_id
    assert batch["input_ids"][0, -1] == tokenizer.eos_token_id
    with torch.inference_mode():
        output = model.generate(**batch)

    text = tokenizer.decode(output[0], skip_special_tokens=True).strip()
    assert text and text.isprintable()


def test_tokenizer_round_trips_news_text(tiny_model_dir: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    sentence = "Zelenskyy said 118 drones – and “more than 3,100” – hit Kyiv."
    ids = tokenizer(sentence)["input_ids"]
    assert tokenizer.decode(ids, skip_special_tokens=True) == sentence
    assert tokenizer.pad_token_id == 1 and tokenizer.mask_token == "<mask>"


def test_batched_generation_is_deterministic(tiny_model_dir: Path, tmp_path: Path) -> None:
    texts = ["Shares fell 12% on Monday.", "The team won 3-1 in front of 40,000 fans on Saturday night."]
    outputs = []
    for path in (tiny_model_dir, build_tiny_seq2seq(tmp_path / "again")):
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForSeq2SeqLM.from_pretrained(path)
        batch = tokenizer(texts, padding=True, return_tensors="pt")
        with torch.inference_mode():
            outputs.append(tokenizer.batch_decode(model.generate(**batch), skip_special_tokens=True))
    assert outputs[0] == outputs[1]
    assert all(text.strip() for text in outputs[0])
