"""The CTranslate2 backend: the same checkpoint converted to int8 at first use, same interface.

Why: on CPU, generation is bound by reading the weights once per decoding step; int8 weights are a
quarter of float32 and CTranslate2's decoder avoids Python per step, so the same model runs markedly
faster. The conversion (a few seconds for distilbart) is cached in a folder derived from the model
path and its weight files, so it happens once per checkpoint and is redone when the weights change.

ctranslate2 is a dependency; without it (a trimmed install), loading raises ModelUnavailable with that
hint and the summarizer falls back like any other missing model.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..hub import local_first
from .model import (
    GenerationSettings,
    ModelUnavailable,
    TokenCounter,
    available_cores,
    fix_hint,
    input_window,
)

log = logging.getLogger(__name__)

_WEIGHT_FILES = ("config.json", "model.safetensors", "pytorch_model.bin", "model.safetensors.index.json")


def cache_root() -> Path:
    """NEWSBRIEF_CACHE_DIR, else $XDG_CACHE_HOME/newsbrief, else ~/.cache/newsbrief."""
    explicit = os.environ.get("NEWSBRIEF_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "newsbrief"


def converted_dir(source: Path, quantization: str) -> Path:
    """Where the converted model for `source` lives: a hash of its path, weight files and versions."""
    import ctranslate2

    digest = hashlib.sha256()
    digest.update(str(source.resolve()).encode())
    for name in _WEIGHT_FILES:
        path = source / name
        if path.exists():
            stat = path.stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(f"{quantization}:{ctranslate2.__version__}".encode())
    return cache_root() / "ct2" / digest.hexdigest()[:20]


class CT2Model(TokenCounter):
    """CTranslate2 Translator over the converted checkpoint; tokenizer and settings from the original."""

    backend = "ctranslate2"

    def __init__(
        self, name: str, *, device: str = "cpu", threads: int = 0, quantization: str = "int8"
    ) -> None:
        try:
            import ctranslate2
            from transformers import AutoConfig, AutoTokenizer, GenerationConfig
        except ImportError as exc:
            raise ModelUnavailable(
                f"the ctranslate2 backend needs the ctranslate2 package ({exc}); "
                "install it with `pip install ctranslate2` or set NEWSBRIEF_BACKEND=torch"
            ) from exc
        self.name = name
        started = time.perf_counter()
        source = _local_checkpoint(name)
        try:
            tokenizer = AutoTokenizer.from_pretrained(source)
            config = AutoConfig.from_pretrained(source)
            generation = _generation_config(GenerationConfig, source, config)
            target = ensure_converted(source, quantization)
            self._translator = ctranslate2.Translator(
                str(target),
                device="cuda" if device.startswith("cuda") else "cpu",
                compute_type=quantization,
                intra_threads=threads if threads > 0 else available_cores(),
                inter_threads=1,
            )
        except ModelUnavailable:
            raise
        except Exception as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelUnavailable(
                f"the ctranslate2 model for {name!r} could not be prepared ({reason})"
            ) from exc
        super().__init__(tokenizer)
        self.max_input_tokens = input_window(config, tokenizer)
        self._prefix = _target_prefix(tokenizer, generation)
        self._suppress = _suppressed(tokenizer, generation)
        self._generate_lock = threading.Lock()
        self.load_seconds = time.perf_counter() - started
        log.info(
            "model %s loaded in %.1f s (ctranslate2 %s from %s, window %d tokens)",
            name,
            self.load_seconds,
            quantization,
            target,
            self.max_input_tokens,
        )

    def generate(self, texts: Sequence[str], settings: GenerationSettings) -> list[str]:
        if not texts:
            return []
        with self.lock:
            ids = self.tokenizer(list(texts), truncation=True, max_length=self.max_input_tokens)["input_ids"]
            source = [self.tokenizer.convert_ids_to_tokens(row) for row in ids]
        with self._generate_lock:
            results = self._translator.translate_batch(
                source,
                target_prefix=[self._prefix] * len(source) if self._prefix else None,
                beam_size=settings.num_beams,
                # The forced first token counts as generated in transformers too.
                max_decoding_length=settings.max_new_tokens,
                min_decoding_length=min(settings.min_new_tokens, settings.max_new_tokens),
                no_repeat_ngram_size=settings.no_repeat_ngram_size,
                length_penalty=settings.length_penalty,
                max_input_length=self.max_input_tokens,
                suppress_sequences=self._suppressed_for(settings),
            )
        with self.lock:
            out = [
                self.tokenizer.decode(
                    self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]), skip_special_tokens=True
                )
                for r in results
            ]
        return [t.strip() for t in out]

    def _suppressed_for(self, settings: GenerationSettings) -> list[list[str]] | None:
        if not settings.banned_ids:
            return self._suppress
        with self.lock:
            banned = [[t] for t in self.tokenizer.convert_ids_to_tokens(list(settings.banned_ids))]
        return (self._suppress or []) + banned


def ensure_converted(source: Path, quantization: str) -> Path:
    """Convert once into the cache; concurrent first uses each convert to a temp folder, one rename wins."""
    target = converted_dir(source, quantization)
    if (target / "model.bin").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        started = time.perf_counter()
        _converter_class()(str(source)).convert(str(scratch / "model"), quantization=quantization, force=True)
        try:
            os.replace(scratch / "model", target)
        except OSError:
            if not (target / "model.bin").exists():
                raise
        seconds = time.perf_counter() - started
        log.info("converted %s to ctranslate2 %s in %.1f s", source, quantization, seconds)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def _converter_class() -> Any:
    from ctranslate2.converters import TransformersConverter

    class _Converter(TransformersConverter):  # type: ignore[misc]
        """transformers 5 dropped BartConfig.normalize_before (always False for BART), which the
        ctranslate2 4.x BART loader still reads."""

        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            if not hasattr(model.config, "normalize_before"):
                model.config.normalize_before = False
            return model

    return _Converter


def _local_checkpoint(name: str) -> Path:
    """A local folder as is; a hub id resolved to its snapshot in the local Hugging Face cache."""
    if os.path.isdir(name):
        return Path(name)
    try:
        from huggingface_hub import snapshot_download

        return local_first(name, lambda local: Path(snapshot_download(name, local_files_only=local)))
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelUnavailable(
            f"the summarisation model {name!r} could not be loaded ({reason}). {fix_hint(name)}"
        ) from exc


def _generation_config(cls: Any, source: Path, config: Any) -> Any:
    try:
        return cls.from_pretrained(source)
    except OSError:  # no generation_config.json (older checkpoints): derive it from the model config
        return cls.from_model_config(config)


def _target_prefix(tokenizer: Any, generation: Any) -> list[str]:
    """BART forces <s> as the first generated token (forced_bos_token_id); CTranslate2 takes it as a
    target prefix instead."""
    forced = getattr(generation, "forced_bos_token_id", None) if generation is not None else None
    return [tokenizer.convert_ids_to_tokens(int(forced))] if forced is not None else []


def _suppressed(tokenizer: Any, generation: Any) -> list[list[str]] | None:
    ids = getattr(generation, "suppress_tokens", None) if generation is not None else None
    return [[token] for token in tokenizer.convert_ids_to_tokens(list(ids))] if ids else None
