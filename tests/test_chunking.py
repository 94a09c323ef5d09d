"""Long input: token-aware chunking on sentence boundaries, map-reduce fusing, bounded work."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from summarizer.generation import Seq2SeqModel, chunk_budget, chunk_sentences, chunk_text
from summarizer.pipeline import Summarizer, SummarizerConfig
from summarizer.text import split_sentences
from summarizer.types import Article
from tests.summarizer_fakes import FakeGenerator


def _words(sentences: list[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def long_article(shared_dir: Path, words: int) -> str:
    """Real news prose, the eval articles one after another, until `words` words."""
    folder = shared_dir / "eval" / "articles"
    bodies = [p.read_text(encoding="utf-8").split("\n\n", 1)[-1] for p in sorted(folder.glob("*.txt"))]
    if not bodies:
        pytest.skip(f"shared eval articles not found in {folder}")
    parts: list[str] = []
    total = 0
    while total < words:
        for body in bodies:
            parts.append(body)
            total += len(body.split())
            if total >= words:
                break
    return "\n\n".join(parts)


def word_count(texts: list[str]) -> list[int]:
    return [len(t.split()) for t in texts]


def test_chunks_keep_sentences_whole_and_in_order() -> None:
    sentences = [f"Sentence number {i} has exactly seven words." for i in range(50)]
    chunks = chunk_sentences(sentences, word_count, budget=40)
    assert [s for c in chunks for s in c.sentences] == sentences
    for chunk in chunks:
        assert chunk.text == " ".join(chunk.sentences)
        assert chunk.tokens <= 40
    assert len(chunks) == 10  # 5 sentences of 7 words fit 40; 50 sentences -> 10 chunks


def test_small_last_chunk_is_rebalanced() -> None:
    sentences = ["one two three four five."] * 9  # 45 words, budget 40: greedy gives 40 + 5
    chunks = chunk_sentences(sentences, word_count, budget=40)
    assert len(chunks) == 2
    assert min(c.tokens for c in chunks) >= 15


def test_a_sentence_longer_than_the_window_is_cut_at_words() -> None:
    run_on = " ".join(f"word{i}" for i in range(250))
    chunks = chunk_sentences(["Short opener here.", run_on, "Short closer here."], word_count, budget=60)
    assert all(c.tokens <= 60 for c in chunks)
    assert " ".join(c.text for c in chunks).split() == [
        "Short",
        "opener",
        "here.",
        *run_on.split(),
        "Short",
        "closer",
        "here.",
    ]


def test_real_tokenizer_chunks_fit_the_model_window(tiny_model_dir: Path, shared_dir: Path) -> None:
    model = Seq2SeqModel(str(tiny_model_dir))
    text = long_article(shared_dir, 3_000)
    budget = chunk_budget(model.max_input_tokens, model.special_tokens)
    chunks = chunk_text(text, model.token_counts, budget)
    assert len(chunks) > 5
    for chunk in chunks:
        # Counted the way the model will see it: special tokens included, within the window.
        assert model.count_tokens(chunk.text) <= model.max_input_tokens
    assert " ".join(c.text for c in chunks).split() == text.split(), "nothing lost, nothing reordered"
    pieces = {" ".join(s.split()) for c in chunks for s in c.sentences}
    for sentence in split_sentences(text):
        if model.token_counts([" " + sentence])[0] <= budget:  # longer ones are cut at words
            assert " ".join(sentence.split()) in pieces, "a sentence that fits is never split"


def test_20000_word_article_is_chunked_fast(tiny_model_dir: Path, shared_dir: Path) -> None:
    model = Seq2SeqModel(str(tiny_model_dir))
    text = long_article(shared_dir, 20_000)
    started = time.perf_counter()
    chunks = chunk_text(text, model.token_counts, chunk_budget(model.max_input_tokens, model.special_tokens))
    assert time.perf_counter() - started < 10
    assert all(c.tokens <= model.max_input_tokens for c in chunks)
    assert _words([s for c in chunks for s in c.sentences]) == len(text.split())


def test_long_article_is_map_reduced_in_bounded_batches(shared_dir: Path) -> None:
    fake = FakeGenerator(max_input_tokens=300)
    config = SummarizerConfig(max_batch=4, max_chunks=200, max_reduce_rounds=2)
    summarizer = Summarizer(config, generator=fake)
    summarizer.load()
    text = long_article(shared_dir, 20_000)

    digest = summarizer.summarize(Article(text))

    assert digest.summary_kind == "abstractive" and digest.fallback_reason is None
    assert digest.stats.chunks > 60  # 20,000 words in windows of ~290 words
    assert all(len(texts) <= 4 for texts, _ in fake.calls), "every generate call is a bounded batch"
    assert all(n <= 300 for texts, _ in fake.calls for n in word_count(texts)), "inputs fit the window"
    # One generate over the fused text ends the plan; the map stage used the shorter chunk length.
    last_texts, last_settings = fake.calls[-1]
    assert len(last_texts) == 1 and last_settings == config.generation
    assert fake.calls[0][1].max_new_tokens == config.chunk_max_new_tokens
    # Map (every chunk once) + at most two reduce rounds + the final fuse: proportional to length.
    assert fake.texts_generated <= digest.stats.chunks * 1.5 + 1


def test_map_reduce_fuses_the_chunk_summaries() -> None:
    fake = FakeGenerator(max_input_tokens=40)
    summarizer = Summarizer(SummarizerConfig(), generator=fake)
    summarizer.load()
    paragraphs = [
        f"Officials in region {name} reported {n} new cases on Monday. " + "Other details followed. " * 6
        for name, n in [("Alpha", 12), ("Bravo", 30), ("Charlie", 45)]
    ]
    digest = summarizer.summarize(Article("\n\n".join(paragraphs)))
    assert digest.stats.chunks >= 3
    map_texts = fake.calls[0][0]
    assert len(map_texts) >= 3
    fused = fake.calls[-1][0]
    assert len(fused) == 1 and "region Alpha" in fused[0] and "region Charlie" in fused[0]


def test_chunk_cap_bounds_the_work(shared_dir: Path) -> None:
    fake = FakeGenerator(max_input_tokens=100)
    summarizer = Summarizer(SummarizerConfig(max_chunks=5), generator=fake)
    summarizer.load()
    digest = summarizer.summarize(Article(long_article(shared_dir, 5_000)))
    assert digest.stats.chunks == 5
    assert len(fake.calls[0][0]) <= 5
