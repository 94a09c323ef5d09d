"""Benchmark "who / where" (summarizer/entities/extract.py) on CoNLL-2003 English, beside a baseline.

Run from the repository root:  python bench/entities.py  [--split dev|train|both] [--errors N]
                                                     [--ner-model HUB_ID_OR_PATH]

Data: shared/eval/entities/ (see its README). Each CoNLL document is turned back into plain text:
tokens joined with the spacing news copy uses ("U.S.", "Ukraine's", "(Romania)"), one CoNLL sentence
a line. Scoring follows that README: per document, the set of unique (name, kind) with PER -> person,
LOC -> place, ORG -> org (MISC ignored); counts are pooled over documents into precision, recall and
F1. Names are compared case-insensitively ("LEICESTERSHIRE" in a headline is "Leicestershire").
- typed: name and kind must both match; also per kind (person, place, org).
- string: the name alone (the kinds person, place and org on both sides).
Newsbrief is scored with no display cap; each entity counts every form it was written in
(Entity.forms: "Phil Simmons" and, later, "Simmons"), as the gold lists both.

Baseline (same run): every run of capitalised words not starting a sentence (the first word of a
line or after . ! ? is dropped from its run). For typed scores it gives every run the kind most
common in the train gold.

Speed is measured after the gazetteers are loaded; their one-time load (time and memory) is printed
first. With --ner-model, a token-classification model finds the mentions instead of the rules.

Documents are scored in two groups. A document is a *table* (sports results, scoreboards, standings,
market tables) when at least 40% of its lines after the headline are table rows: a line holding a
number and at most two lowercase words. Every other document is *news*.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench.figure_scoring import shared_dir
from summarizer.entities import MentionFinder, extract_entities, given_names, places, titles

KINDS = ("person", "place", "org")
_TAG_KIND = {"PER": "person", "LOC": "place", "ORG": "org"}
TABLE_SHARE = 0.4
Names = set[tuple[str, str]]  # (lowercased name, kind)


@dataclass
class Document:
    text: str
    gold: Names
    table: bool


# --------------------------------------------------------------------------------------------------
# CoNLL -> text
# --------------------------------------------------------------------------------------------------

_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    ")",
    "]",
    "}",
    "%",
    "'s",
    "'",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}


def _sentences(path: Path) -> Iterable[list[tuple[str, str]] | None]:
    """Sentences as (token, tag) lists; None marks a new document."""
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sentence:
                yield sentence
                sentence = []
            if parts:
                yield None
            continue
        sentence.append((parts[0], parts[-1]))
    if sentence:
        yield sentence


def _detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Plain text and each token's character span."""
    text, spans, quote_open, glue = "", [], False, True
    for token in tokens:
        closing_quote = token == '"' and quote_open
        if token == '"':
            quote_open = not quote_open
        if text and not glue and token not in _NO_SPACE_BEFORE and not closing_quote:
            text += " "
        spans.append((len(text), len(text) + len(token)))
        text += token
        glue = token in _NO_SPACE_AFTER or (token == '"' and quote_open)
    return text, spans


def _gold(sentence: list[tuple[str, str]], line: str, spans: list[tuple[int, int]]) -> Names:
    names: Names = set()
    start = end = kind = None
    for (_, tag), (s, e) in zip([*sentence, ("", "O")], [*spans, (0, 0)], strict=True):
        label = tag[2:] if len(tag) > 2 else None
        if kind and (tag.startswith("B-") or label != kind or tag == "O"):
            if kind in _TAG_KIND:
                names.add((_norm(line[start:end]), _TAG_KIND[kind]))
            kind = None
        if label and kind is None:
            start, kind = s, label
        end = e
    return names


def _norm(name: str) -> str:
    """Case and a trailing period aside ("U.S" at a sentence end is "U.S.")."""
    return " ".join(name.split()).lower().rstrip(".")


_ROW_LOWER = re.compile(r"\b[a-z]{2,}\b")


def _is_table(lines: list[str]) -> bool:
    body = lines[1:] or lines
    rows = sum(1 for ln in body if re.search(r"\d", ln) and len(_ROW_LOWER.findall(ln)) <= 2)
    return rows >= TABLE_SHARE * len(body)


def load(path: Path) -> list[Document]:
    docs: list[Document] = []
    lines: list[str] = []
    gold: Names = set()

    def close() -> None:
        if lines:
            docs.append(Document("\n".join(lines), set(gold), _is_table(lines)))
        lines.clear()
        gold.clear()

    for sentence in _sentences(path):
        if sentence is None:
            close()
            continue
        line, spans = _detokenize([tok for tok, _ in sentence])
        lines.append(line)
        gold |= _gold(sentence, line, spans)
    close()
    return docs


# --------------------------------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------------------------------

System = Callable[[str], Names]


FINDER: MentionFinder | None = None  # set by --ner-model


def newsbrief(text: str) -> Names:
    found: Names = set()
    for entity in extract_entities(text, limit=10**6, finder=FINDER):
        if entity.kind in KINDS:
            for form in getattr(entity, "forms", ()) or (entity.text,):
                found.add((_norm(form), entity.kind))
    return found


_CAPITALISED_RUN = re.compile(r"[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*")
_SENTENCE_END = re.compile(r"(?:^|[.!?]\s*)$")


def baseline(kind: str) -> System:
    def run(text: str) -> Names:
        found: Names = set()
        for line in text.splitlines():
            for match in _CAPITALISED_RUN.finditer(line):
                words = match.group().split()
                if _SENTENCE_END.search(line[: match.start()]):
                    words = words[1:]
                name = " ".join(words).rstrip(".")
                if name.endswith("'s"):
                    name = name[:-2]
                if name:
                    found.add((_norm(name), kind))
        return found

    return run


# --------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, predicted: set, gold: set) -> None:
        self.tp[key] += len(predicted & gold)
        self.fp[key] += len(predicted - gold)
        self.fn[key] += len(gold - predicted)

    def prf(self, key: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[key], self.fp[key], self.fn[key]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(system: System, docs: list[Document]) -> tuple[Counts, float, list[tuple[Document, Names]]]:
    counts = Counts()
    outputs: list[tuple[Document, Names]] = []
    started = time.perf_counter()
    predictions = [system(d.text) for d in docs]
    seconds = time.perf_counter() - started
    for doc, predicted in zip(docs, predictions, strict=True):
        counts.add("typed", predicted, doc.gold)
        counts.add("string", {n for n, _ in predicted}, {n for n, _ in doc.gold})
        for kind in KINDS:
            counts.add(kind, {p for p in predicted if p[1] == kind}, {g for g in doc.gold if g[1] == kind})
        outputs.append((doc, predicted))
    return counts, seconds, outputs


def _row(name: str, counts: Counts) -> str:
    cells = []
    for key in ("typed", "string", *KINDS):
        p, r, f = counts.prf(key)
        cells.append(f"{p:.2f}/{r:.2f}/{f:.2f}")
    return f"  {name:<10}" + "".join(f"{c:>17}" for c in cells)


def report(split: str, docs: list[Document], base_kind: str, errors: int) -> None:
    groups = {"news": [d for d in docs if not d.table], "tables": [d for d in docs if d.table]}
    chars = sum(len(d.text) for d in docs)
    print(f"\n{split}: {len(docs)} documents ({len(groups['news'])} news, {len(groups['tables'])} tables)")
    for group, members in groups.items():
        print(
            f"\n {group} ({len(members)} docs)   P/R/F1: "
            + "".join(f"{k:>17}" for k in ("typed", "string", *KINDS))
        )
        for name, system in (("newsbrief", newsbrief), ("baseline", baseline(base_kind))):
            counts, _, outputs = score(system, members)
            print(_row(name, counts))
            if name == "newsbrief" and errors:
                _print_errors(outputs, errors)
    for name, system in (("newsbrief", newsbrief), ("baseline", baseline(base_kind))):
        _, seconds, _ = score(system, docs)
        print(f" speed {name:<10} {len(docs) / seconds:8.0f} docs/s  {chars / seconds / 1e3:8.0f} kB/s")


def _print_errors(outputs: list[tuple[Document, Names]], limit: int) -> None:
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for doc, predicted in outputs:
        gold_kind = dict(doc.gold)
        for name, kind in predicted - doc.gold:
            fp[f"{name} [{kind}, gold {gold_kind.get(name, '-')}]"] += 1
        predicted_kind = dict(predicted)
        for name, kind in doc.gold - predicted:
            if name not in predicted_kind:
                fn[f"{name} [{kind}]"] += 1
    print("    false positives: " + "; ".join(f"{k} x{v}" for k, v in fp.most_common(limit)))
    print("    missed:          " + "; ".join(f"{k} x{v}" for k, v in fn.most_common(limit)))


def _load_names() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    sizes = len(places()), len(given_names()), len(titles())
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(
        f"gazetteers: {sizes[0]} places, {sizes[1]} given names, {sizes[2]} titles; "
        f"first load {seconds:.2f} s, peak memory +{grown:.0f} MB (once per process)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "train", "both"), default="both")
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    parser.add_argument("--ner-model", default="", help="score a token-classification model instead")
    args = parser.parse_args()
    _load_names()
    if args.ner_model:
        from summarizer.entities import EntityModel

        global FINDER
        FINDER = EntityModel(args.ner_model).mentions
        print(f"mentions from the model {args.ner_model}")
    folder = shared_dir() / "eval" / "entities"
    train = load(folder / "conll2003_train.txt")
    base_kind = Counter(k for d in train for _, k in d.gold).most_common(1)[0][0]
    print(f"baseline kind for typed scores (most common in train gold): {base_kind}")
    if args.split in ("dev", "both"):
        report("dev (held out)", load(folder / "conll2003_dev.txt"), base_kind, args.errors)
    if args.split in ("train", "both"):
        report("train (tuned on)", train, base_kind, args.errors)


if __name__ == "__main__":
    main()
