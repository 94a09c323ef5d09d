"""Story grouping: every item joins a story already open in the time window, or starts one.

Pure computation (no I/O): the caller replays the window's items with the stories they already
belong to, then asks where a new item goes. Decisions are incremental, as items arrive, and never
revisited, so what a reader was shown stays true.

How an item is compared (libraries, not hand-written math where one exists):
- words: Snowball-stemmed, stop words dropped, hashed by scikit-learn's HashingVectorizer (no
  vocabulary to keep), weighted by inverse document frequency over the items seen so far (df counts
  kept incrementally, so no refit per item), compared by cosine (scikit-learn).
- near-duplicates (wire copies, light rewrites): datasketch MinHash LSH over word 5-shingles joins an
  item to its copy's story whatever the other rules say.
- entities and figures ride along as extra terms ("who" and "how many" are strong evidence); an
  entity the item's words already name is not counted twice.
- events: same topic is not same story. When both headlines name a milestone of a process (committee
  *advances* vs Senate *confirms*, *charged* vs *sentenced*) and share none, the similarity is cut.
- time: only stories with a member within the window are candidates.
- optional embeddings: an `embed` callable (sentences -> unit vectors) adds a semantic similarity;
  the lexical method alone is the default and needs nothing downloaded.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from datasketch import MinHash, MinHashLSH
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from wordfreq import zipf_frequency

from ..types import Figure

log = logging.getLogger(__name__)

Embedder = Callable[[list[str]], np.ndarray]

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_N_FEATURES = 2**18
_LONG_TEXT_WORDS = 120  # both items this long: compare as full articles, not as headlines
_SUMMARY_WORDS = 20  # both items at least this long: a headline and a summary, not a headline alone
_SHINGLE = 5
SHORT, SUMMARY, LONG = 0, 1, 2  # what an item carries: a headline, a summary, a whole article
_ZIPF_CEILING = 8.0  # above any word's Zipf frequency
_MINHASH_PERM = 64
# Stems of verbs (and their nouns) naming a step of a process: two headlines each naming a
# different step are two events of one topic ("committee advances Barrett" / "Senate confirms Barrett").
# Words on one line separated by "/" name the same step ("House passes" = "House approves"): outlets
# pick different verbs for one event, and that must not read as two events.
_MILESTONES = (
    # legislatures and governments
    "introduc advanc approv/pass confirm reject veto sign nomin block overturn uphold ratifi "
    # courts and police
    "charg/indict arrest/detain convict sentenc/jail acquit plead testifi su settl releas/freed extradit "
    # offices
    "resign/quit fire/sack/oust appoint elect conced sworn impeach"
)
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class StoryItem:
    """What grouping reads of a digest: all optional but the id and some words."""

    id: str
    title: str
    text: str = ""
    published: datetime | None = None
    publisher: str | None = None
    entities: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class StoryConfig:
    window: timedelta = timedelta(hours=48)
    # Thresholds tuned on one half of the eval stories and reported on the other (bench/stories.py).
    short_threshold: float = 0.065  # a headline alone on either side (scored by short_single_link)
    summary_threshold: float = 0.12  # both items a headline with a summary (what the bot stores)
    crowding: float = 0.02  # short_threshold rises this much per tenfold open stories
    long_threshold: float = 0.15  # both items full articles
    near_duplicate: float = 0.5  # MinHash Jaccard of 5-shingles
    milestone_penalty: float = 0.2  # similarity kept when the headlines name different milestones
    cap_centroid: bool = True
    single_link: float = 0.6  # story score = this * best member + the rest * mean member
    # A headline is a handful of words: one word shared with one member is often chance, what the
    # story's members say together (the centroid) is the evidence. So a headline leans on the centroid.
    short_single_link: float = 0.2
    title_weight: int = 2  # a headline counts this many times in a long item
    lead_words: int = 400  # the lead tells the event; a long article's tail drifts to background
    prior_weight: float = 1.0  # 0 = no English-frequency prior, 1 = full
    idf_power: float = 1.0  # 0 = ignore document frequencies in the window
    embedding_weight: float = 0.5  # share of the score from embeddings, when an embedder is given
    embedding_floor: float = 0.3  # embedding cosine read as "unrelated"


@dataclass(frozen=True)
class Decision:
    story: str | None  # the story joined, None when the item starts a new one
    score: float
    reason: str  # "near-duplicate", "similar", "new"


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


_STOP = frozenset(ENGLISH_STOP_WORDS) | {"s", "t", "says", "said", "say", "new", "report", "reports"}
_MILESTONE_STEPS = {stem: step.split("/")[0] for step in _MILESTONES.split() for stem in step.split("/")}


def _words(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("’", "'").replace("'s ", " "))
    return [w for w in words if w not in _STOP and len(w) > 1]


def terms(text: str) -> list[str]:
    """Stemmed content words of `text`, in order."""
    return [_stem(w) for w in _words(text)]


@functools.lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """How much a shared word says: rare in English at large (wordfreq's Zipf scale) says more.

    A prior that works from the first item on, where document frequencies over a young window
    cannot tell "Barrett" from "year" yet.
    """
    return max(1.0, _ZIPF_CEILING - zipf_frequency(word, "en"))


def milestones(title: str) -> frozenset[str]:
    """The process steps a headline names, synonyms as one step."""
    return frozenset(_MILESTONE_STEPS[t] for t in terms(title) if t in _MILESTONE_STEPS)


def _figure_terms(figures: Iterable[Figure]) -> list[str]:
    out = []
    for f in figures:
        value = f.value[0] if isinstance(f.value, tuple) else f.value
        out.append(f"fig_{value:g}_{_stem((f.unit or '').split()[-1].lower()) if f.unit else ''}")
    return out


@dataclass
class _Member:
    item: StoryItem
    story: str
    row: int
    kind: int  # SHORT, SUMMARY or LONG (see _kind)
    milestones: frozenset[str]
    at: datetime | None


@dataclass
class StoryGrouper:
    """The open stories of one window. Feed items in arrival order with `add`."""

    config: StoryConfig = field(default_factory=StoryConfig)
    embed: Embedder | None = None
    _members: list[_Member] = field(default_factory=list)
    _rows: list[sp.csr_matrix] = field(default_factory=list)
    _matrix: sp.csr_matrix | None = None
    _vectors: list[np.ndarray] = field(default_factory=list)
    _df: np.ndarray = field(default_factory=lambda: np.zeros(_N_FEATURES, dtype=np.float32))
    _docs: int = 0
    _lsh: MinHashLSH | None = None
    _newest: datetime | None = None
    _next_story: int = 0
    _last_embedded: tuple[str, np.ndarray] | None = None

    def __post_init__(self) -> None:
        self._hasher = FeatureHasher(n_features=_N_FEATURES, input_type="dict", alternate_sign=False)
        self._lsh = MinHashLSH(threshold=self.config.near_duplicate, num_perm=_MINHASH_PERM)

    # --- public --------------------------------------------------------------------------------
    def decide(self, item: StoryItem) -> Decision:
        """Where `item` belongs among the open stories; changes nothing."""
        self._expire(item.published)
        row = self._row(item)
        duplicate = self._near_duplicate(item)
        if duplicate is not None:
            return Decision(duplicate, 1.0, "near-duplicate")
        if not self._members:
            return Decision(None, 0.0, "new")
        scores = self._story_scores(item, row)
        if not scores:
            return Decision(None, 0.0, "new")
        story, (score, threshold) = max(scores.items(), key=lambda kv: kv[1][0] - kv[1][1])
        if score >= threshold:
            return Decision(story, score, "similar")
        return Decision(None, score, "new")

    def add(self, item: StoryItem, story: str | None = None) -> str:
        """Record `item` in `story` (replaying stored state) or where `decide` puts it; returns the story."""
        if story is None:
            story = self.decide(item).story or self._new_story(item)
        else:
            self._expire(item.published)
        row = self._row(item)
        self._df[row.indices] += 1
        self._docs += 1
        self._rows.append(row)
        self._matrix = None
        if self.embed is not None:
            self._vectors.append(self._embedding(item))
        member = _Member(
            item, story, len(self._rows) - 1, _kind(item), milestones(item.title), item.published
        )
        self._members.append(member)
        signature = _minhash(item)
        if signature is not None and self._lsh is not None:
            self._lsh.insert(f"{member.row}", signature)
        if item.published and (self._newest is None or item.published > self._newest):
            self._newest = item.published
        return story

    def group(self, items: Iterable[StoryItem]) -> dict[str, str]:
        """Every item's story, items taken in the order given (their arrival order)."""
        return {item.id: self.add(item) for item in items}

    # --- internals -----------------------------------------------------------------------------
    def _embedding(self, item: StoryItem) -> np.ndarray:
        """The item's sentence vector; `decide` then `add` embed the same item once."""
        assert self.embed is not None
        if self._last_embedded is None or self._last_embedded[0] != item.id:
            self._last_embedded = (item.id, self.embed([_sentence(item)])[0])
        return self._last_embedded[1]

    def _new_story(self, item: StoryItem) -> str:
        self._next_story += 1
        return f"s{self._next_story}:{item.id}"

    def _row(self, item: StoryItem) -> sp.csr_matrix:
        words = _words(item.title) * (self.config.title_weight if _is_long(item) else 1)
        words += _words(item.text)[: self.config.lead_words]
        # An entity adds what the item's words do not already say (a name from the article behind a
        # short summary); one they repeat would count twice a "who" that two events of a topic share.
        said = {_stem(w) for w in words}
        words += [f"ent_{w}" for e in item.entities for w in _words(e) if _stem(w) not in said]
        counts: dict[str, float] = {}
        surface: dict[str, str] = {}
        for word in words:
            stem = _stem(word)
            counts[stem] = counts.get(stem, 0.0) + 1.0
            surface.setdefault(stem, word.removeprefix("ent_"))
        prior = self.config.prior_weight
        features = {
            # sublinear tf: a word said ten times is not ten times the news
            stem: (1.0 + np.log(n)) * (prior * rarity(surface[stem]) + 1 - prior)
            for stem, n in counts.items()
        }
        features.update(dict.fromkeys(_figure_terms(item.figures), _ZIPF_CEILING))
        return self._hasher.transform([features]).tocsr()

    def _weighted(self, rows: sp.csr_matrix) -> sp.csr_matrix:
        idf = (np.log((1.0 + self._docs + 1) / (1.0 + self._df)) + 1.0) ** self.config.idf_power
        weighted = rows.copy()
        weighted.data = weighted.data * idf[weighted.indices]
        norms = np.sqrt(np.asarray(weighted.power(2).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        weighted.data = weighted.data / np.repeat(norms, np.diff(weighted.indptr))
        return weighted

    def _story_scores(self, item: StoryItem, row: sp.csr_matrix) -> dict[str, tuple[float, float]]:
        """Per open story: (score, threshold). Score mixes the best member and the story's centroid."""
        if self._matrix is None:
            self._matrix = sp.vstack(self._rows).tocsr()
        live = [m for m in self._members if m.row >= 0]
        weighted = self._weighted(self._matrix[[m.row for m in live]])
        query = self._weighted(row)
        sims = (weighted @ query.T).toarray().ravel()
        if self.embed is not None:
            semantic = np.stack([self._vectors[m.row] for m in live]) @ self._embedding(item)
            # Unrelated news still scores ~0.2 on sentence embeddings: rescale so that reads as 0,
            # keeping the mixed score on the lexical scale the thresholds were set on.
            floor = self.config.embedding_floor
            semantic = np.clip((semantic - floor) / (1 - floor), 0.0, 1.0)
            sims = (1 - self.config.embedding_weight) * sims + self.config.embedding_weight * semantic
        item_steps = milestones(item.title)
        for i, member in enumerate(live):
            if item_steps and member.milestones and not item_steps & member.milestones:
                sims[i] *= self.config.milestone_penalty
        stories = sorted({m.story for m in live})
        position = {story: i for i, story in enumerate(stories)}
        owner = np.array([position[m.story] for m in live])
        membership = sp.csr_matrix(
            (np.ones(len(live)), (owner, np.arange(len(live)))), shape=(len(stories), len(live))
        )
        centroids = membership @ weighted
        norms = np.sqrt(np.asarray(centroids.power(2).sum(axis=1)).ravel())
        central = (centroids @ query.T).toarray().ravel() / np.maximum(norms, 1e-9)
        best = np.full(len(stories), -1.0)
        np.maximum.at(best, owner, sims)
        # A story is compared in the regime of its least informative member and the new item.
        kind = np.full(len(stories), LONG)
        np.minimum.at(kind, owner, np.array([m.kind for m in live]))
        kind = np.minimum(kind, _kind(item))
        a = np.where(kind == SHORT, self.config.short_single_link, self.config.single_link)
        # The centroid never outvotes the best member: a story's shared background words are not the event.
        scores = a * best + (1 - a) * (np.minimum(central, best) if self.config.cap_centroid else central)
        # More open stories, more chances that an unrelated one shares a word or two by luck.
        crowd = self.config.crowding * np.log10(1 + len(stories))
        thresholds = {
            SHORT: self.config.short_threshold + crowd,
            SUMMARY: self.config.summary_threshold + crowd,
            LONG: self.config.long_threshold,
        }
        return {story: (float(scores[i]), thresholds[int(kind[i])]) for i, story in enumerate(stories)}

    def _near_duplicate(self, item: StoryItem) -> str | None:
        signature = _minhash(item)
        if signature is None or self._lsh is None:
            return None
        for key in self._lsh.query(signature):
            member = self._member_by_row(int(key))
            if member is not None:
                return member.story
        return None

    def _member_by_row(self, row: int) -> _Member | None:
        for member in self._members:
            if member.row == row:
                return member
        return None

    def _expire(self, now: datetime | None) -> None:
        """Forget members older than the window before `now`: their stories are closed to newcomers."""
        if now is None or not self._members:
            return
        horizon = now - self.config.window
        stale = [m for m in self._members if m.at is not None and m.at < horizon]
        if not stale:
            return
        for member in stale:
            if self._lsh is not None and f"{member.row}" in self._lsh.keys:
                self._lsh.remove(f"{member.row}")
            member.row = -1
        self._members = [m for m in self._members if m.row >= 0]


def _is_long(item: StoryItem) -> bool:
    return len(item.text.split()) >= _LONG_TEXT_WORDS


def _kind(item: StoryItem) -> int:
    words = len(item.text.split())
    return LONG if words >= _LONG_TEXT_WORDS else SUMMARY if words >= _SUMMARY_WORDS else SHORT


def _sentence(item: StoryItem) -> str:
    return f"{item.title}. {item.text[:1000]}".strip(". ")


def _minhash(item: StoryItem) -> MinHash | None:
    words = _WORD.findall(item.text.lower())
    if len(words) < 40:
        return None
    signature = MinHash(num_perm=_MINHASH_PERM, seed=7)
    signature.update_batch(
        [" ".join(words[i : i + _SHINGLE]).encode() for i in range(len(words) - _SHINGLE + 1)]
    )
    return signature


def group_items(
    items: Sequence[StoryItem], config: StoryConfig | None = None, embed: Embedder | None = None
) -> dict[str, str]:
    """Group `items` as the bot would have, in arrival order (published time, then given order)."""
    grouper = StoryGrouper(config or StoryConfig(), embed)
    ordered = sorted(
        enumerate(items), key=lambda p: (p[1].published is None, p[1].published or datetime.min, p[0])
    )
    return grouper.group(item for _, item in ordered)
