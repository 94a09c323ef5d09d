"""The seq2seq model behind one small interface: load once, `generate(texts) -> summaries`."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)


class ModelUnavailable(RuntimeError):
    """The configured model cannot be loaded here; the message says how to fix that."""


@dataclass(frozen=True)
class GenerationSettings:
    num_beams: int = 2
    max_new_tokens: int = 120
    min_new_tokens: int = 20
    no_repeat_ngram_size: int = 3
    length_penalty: float = 1.0


def _fix_hint(name: str) -> str:
    return (
        f"To use it, download it once on a machine with internet access "
        f"(`huggingface-cli download {name}` or `hf download {name}`, then copy ~/.cache/huggingface "
        f"here) or set NEWSBRIEF_MODEL to a local folder holding the model and tokenizer."
    )


class Seq2SeqModel:
    """A transformers AutoModelForSeq2SeqLM with its tokenizer, loaded once."""

    def __init__(self, name: str, *, device: str = "cpu", threads: int = 0) -> None:
        self.name = name
        self.device = device
        started = time.perf_counter()
        self._tokenizer, self._model = _load(name, device, threads)
        self.load_seconds = time.perf_counter() - started
        config = self._model.config
        self.max_input_tokens = int(
            getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", 512)
        )
        log.info("model %s loaded in %.1f s (window %d tokens)", name, self.load_seconds, self.max_input_tokens)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer(text, add_special_tokens=True)["input_ids"])

    def generate(self, texts: list[str], settings: GenerationSettings) -> list[str]:
        import torch

        batch = self._tokenizer(
            texts, return_tensors="pt", padding=True, truncation=True, max_length=self.max_input_tokens
        ).to(self.device)
        with torch.inference_mode():
            output = self._model.generate(
                **batch,
                num_beams=settings.num_beams,
                max_new_tokens=settings.max_new_tokens,
                min_new_tokens=settings.min_new_tokens,
                no_repeat_ngram_size=settings.no_repeat_ngram_size,
                length_penalty=settings.length_penalty,
                early_stopping=True,
            )
        return [t.strip() for t in self._tokenizer.batch_decode(output, skip_special_tokens=True)]


def _load(name: str, device: str, threads: int):  # type: ignore[no-untyped-def]
    try:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - torch/transformers are dependencies
        raise ModelUnavailable(f"transformers/torch are not installed ({exc})") from exc
    if threads > 0:
        torch.set_num_threads(threads)
    # A local folder or the local cache first: on machines without internet a hub lookup only waits.
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes"}
    attempts = [True] if offline or os.path.isdir(name) else [True, False]
    last_error: Exception | None = None
    for local_only in attempts:
        try:
            tokenizer = AutoTokenizer.from_pretrained(name, local_files_only=local_only)
            model = AutoModelForSeq2SeqLM.from_pretrained(name, local_files_only=local_only)
            model.to(device)
            model.eval()
            return tokenizer, model
        except Exception as exc:  # noqa: BLE001 - any load failure means "no model here"
            last_error = exc
    reason = str(last_error).splitlines()[0] if last_error else "unknown error"
    raise ModelUnavailable(f"the summarisation model {name!r} could not be loaded ({reason}). {_fix_hint(name)}")
