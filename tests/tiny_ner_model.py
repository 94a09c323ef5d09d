"""Build a tiny, offline token-classification model (BERT) + tokenizer for tests.

Why: no real NER checkpoint can be downloaded here, and the entity model's job in Newsbrief is only
"a transformers token-classification checkpoint on disk that loads with the Auto* classes and tags
words". So we build one in milliseconds whose tags are *known*: a word-level tokenizer over a small
vocabulary, a BERT with no transformer layers (the output is the normalised word embedding), and
embeddings and classifier weights set by hand so that each vocabulary word gets the tag given in
``TAGS`` and every other word gets ``O``. The tests can then tell the model's answer from the rules'
(the model calls "Paris" a person; the rules would call it a place).
"""

from __future__ import annotations

from pathlib import Path

import torch
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
# The words the model tags, lower case (the tokenizer lowercases); everything else is "O".
TAGS = {
    "paris": "B-PER",
    "hilton": "I-PER",
    "zorblat": "B-PER",
    "quill": "I-PER",
    "vandoria": "B-LOC",
    "krent": "B-ORG",
    "holdings": "I-ORG",
    "olympics": "B-MISC",
}
SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]")
COMMON = [
    "the",
    "a",
    "in",
    "on",
    "at",
    "of",
    "and",
    "said",
    "met",
    "to",
    "was",
    "were",
    "with",
    "for",
    "by",
    "on",
    "monday",
    "tuesday",
    ",",
    ".",
    "'",
    "s",
]


def build_tiny_ner(path: Path) -> Path:
    """Write the model and tokenizer to ``path`` and return it (loadable by from_pretrained)."""
    vocab = {token: i for i, token in enumerate(dict.fromkeys([*SPECIALS, *TAGS, *COMMON]))}
    tokenizer = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        model_max_length=128,
    )
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=len(LABELS) * 2,
        num_hidden_layers=0,
        num_attention_heads=1,
        intermediate_size=8,
        max_position_embeddings=128,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
        hidden_dropout_prob=0.0,
    )
    model = BertForTokenClassification(config).eval()
    with torch.no_grad():
        embeddings = model.bert.embeddings
        embeddings.position_embeddings.weight.zero_()
        embeddings.token_type_embeddings.weight.zero_()
        embeddings.LayerNorm.weight.fill_(1.0)
        embeddings.LayerNorm.bias.zero_()
        # Word i with tag k points along axis k: after LayerNorm that axis alone stays positive.
        table = torch.zeros(len(vocab), config.hidden_size)
        for token, index in vocab.items():
            table[index, LABELS.index(TAGS.get(token, "O"))] = 10.0
        embeddings.word_embeddings.weight.copy_(table)
        model.classifier.weight.copy_(torch.eye(len(LABELS), config.hidden_size))
        model.classifier.bias.zero_()
    model.save_pretrained(path)
    fast.save_pretrained(path)
    return path
