"""The For-you ranking: candidate papers scored for one person from their positives and negatives.

Four signals, all precomputed per candidate so a person's ranking is a few
matrix-vector products (100,000 candidates in tens of milliseconds):

- **authors**: the share of the person's positives each author appears on;
  a candidate scores the best of its authors (plus a little for each other
  shared author). People follow groups: in the author-continuation bench
  this is the strongest signal by far.
- **meaning**: MiniLM cosine similarity to the positives, both to their
  centroid (the person's overall taste) and to the closest single positive
  (a narrow interest among broad ones is not averaged away);
- **words**: TF-IDF cosine similarity to the positives' centroid, which
  catches the rare technical terms a small embedding model blurs;
- **popularity**: log upvotes, only enough to order otherwise equal papers.

Negatives ("not interested") subtract their closest similarity, so papers
like a dismissed one sink without hiding a whole topic.

This module is pure numpy/scipy: it knows nothing about the database, so
the benchmark runs the same code as the pages and the API
(``paperwire/library/candidates.py`` builds the index from the catalogue).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

# Only this many positives (the most recent) take part in the "closest
# positive" term: it costs one candidates × positives product, and a person's
# newest interests are the ones recommendations should follow.
MAX_POSITIVES_FOR_NEAREST = 48
MAX_NEGATIVES = 48
MAX_PROFILE_TERMS = 256
# Cosine similarity below which a paper is not "like" a dismissed one.
NEGATIVE_FLOOR = 0.3
# At most this many of any ten recommendations come from one source (an
# author, a follow, a tag), chosen from this many times the
# papers asked for.
MAX_PER_SOURCE_IN_TEN = 3
POOL_FACTOR = 4


@dataclass(frozen=True)
class Weights:
    """How much each signal counts; tuned on the a-m halves of the author and topical benches together.

    Subjects are carried by rare shared words, groups by authors: the words
    term leads (its cosines are small, hence the large weight), the author
    term still lifts a frequent co-author's new paper, and meaning (MiniLM)
    fills in papers that say the same thing in other words.
    """

    author: float = 0.6
    # Extra credit for each additional shared author beyond the best one.
    author_extra: float = 0.15
    centroid: float = 0.2
    nearest: float = 0.2
    words: float = 4.0
    popularity: float = 0.02
    negative: float = 0.5


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Item:
    """What the ranking knows about one paper (a positive, a negative or a candidate)."""

    key: int
    text: str
    authors: tuple[str, ...]
    vector: np.ndarray | None
    # For a positive: the group it came from ("follow:<author>", "tag:<name>"), or "" for
    # a paper chosen on its own. Recommendations drawn from one group are spread out.
    source: str = ""


@dataclass(frozen=True)
class Recommendation:
    key: int
    score: float
    # Keys of the positives that contributed most to this paper's score, best first.
    because: tuple[int, ...]


class SortedKeys:
    """Author key → column, read from a sorted array (a prepared index on disk, memory-mapped).

    Looks up the few authors of a person's positives without unpickling a
    dictionary of every author in the catalogue.
    """

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = keys

    def get(self, key: str, default: int | None = None) -> int | None:
        encoded = key.encode("utf-8")
        column = int(np.searchsorted(self.keys, encoded))
        if column < len(self.keys) and self.keys[column] == encoded:
            return column
        return default

    def __len__(self) -> int:
        return int(self.keys.shape[0])


def text_vectorizer() -> TfidfVectorizer:
    """Words and word pairs, common terms dropped; sublinear tf so one repeated term does not dominate."""
    return TfidfVectorizer(
        ngram_range=(1, 2),
        max_features=50_000,
        sublinear_tf=True,
        min_df=2,
        max_df=0.2,
        stop_words="english",
        strip_accents="unicode",
        dtype=np.float32,
    )


class CandidateIndex:
    """Everything about the candidates that does not depend on the person, computed once."""

    def __init__(
        self,
        items: Sequence[Item],
        upvotes: Sequence[float],
        author_key: Callable[[str], str],
        dim: int,
        vectorizer: TfidfVectorizer | None = None,
        days: Sequence[int] | None = None,
        categories: Sequence[str] | None = None,
    ) -> None:
        """``days``: each candidate's publication day (days since 1970), newest first, for windows."""
        self.keys = np.array([item.key for item in items], dtype=np.int64)
        self.days = np.asarray(days if days is not None else np.zeros(len(items)), dtype=np.int32)
        names = sorted(set(categories or ()))
        self.category_names = names
        code_of = {name: code for code, name in enumerate(names)}
        self.category_codes = np.array([code_of[c] for c in categories or ()], dtype=np.int32)
        self.row_of = {int(key): row for row, key in enumerate(self.keys)}
        # Positives repeat across requests and the folding is pure: remember it.
        self.author_key = lru_cache(maxsize=200_000)(author_key)
        self.dim = dim
        self.vectors = _stack_vectors([item.vector for item in items], dim)
        texts = [item.text for item in items]
        if vectorizer is None:
            vectorizer = text_vectorizer()
            if len(texts) < 20:
                # Too few documents for document-frequency limits to mean anything.
                vectorizer.set_params(min_df=1, max_df=1.0)
            try:
                vectorizer.fit(texts)
            except ValueError:
                # Every word is a stop word (or there are no texts): words stay silent.
                vectorizer = None
            else:
                # Every term the limits dropped, kept "for introspection" only:
                # millions of word pairs that would be pickled with the index.
                vectorizer.stop_words_ = set()
        self.vectorizer = vectorizer
        self.words = self._transform(texts)
        self.word_rows = self.words.tocsc()
        # Columns in the order of the sorted author keys, so a prepared index
        # on disk finds a column by binary search (SortedKeys).
        names = sorted({key for item in items for key in map(self.author_key, item.authors) if key})
        self.author_ids = SortedKeys(np.array([name.encode("utf-8") for name in names], dtype=bytes))
        self.authors = self._author_matrix([item.authors for item in items], {n: c for c, n in enumerate(names)})
        self.author_rows = self.authors.tocsc()
        upvote_array = np.log1p(np.maximum(np.asarray(upvotes, dtype=np.float32), 0))
        top = float(upvote_array.max()) if upvote_array.size else 0.0
        self.popularity = upvote_array / top if top > 0 else np.zeros_like(upvote_array)

    def __len__(self) -> int:
        return int(self.keys.shape[0])

    def _transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        if self.vectorizer is None:
            return sp.csr_matrix((len(texts), 1), dtype=np.float32)
        return sp.csr_matrix(self.vectorizer.transform(list(texts)), dtype=np.float32)

    def _author_matrix(
        self, author_lists: Sequence[Sequence[str]], column_of: Mapping[str, int] | SortedKeys | None = None
    ) -> sp.csr_matrix:
        """A papers × authors 0/1 matrix; names the index has never seen get no column."""
        columns_by_key = self.author_ids if column_of is None else column_of
        indptr = [0]
        indices: list[int] = []
        for names in author_lists:
            columns: set[int] = set()
            for name in names:
                key = self.author_key(name)
                if not key:
                    continue
                column = columns_by_key.get(key)
                if column is not None:
                    columns.add(column)
            indices.extend(sorted(columns))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        return sp.csr_matrix((data, indices, indptr), shape=(len(author_lists), max(1, len(self.author_ids))))

    def window_rows(self, first_day: int | None = None, last_day: int | None = None) -> tuple[int, int]:
        """The rows [start, stop) published between the two days (inclusive); rows run newest first."""
        newest_first = -self.days  # ascending, for searchsorted
        start = 0 if last_day is None else int(np.searchsorted(newest_first, -last_day, side="left"))
        stop = len(self) if first_day is None else int(np.searchsorted(newest_first, -first_day, side="right"))
        return start, max(start, stop)

    def category_mask(self, category: str) -> np.ndarray:
        """True on the rows whose primary category is ``category``."""
        if category not in self.category_names:
            return np.zeros(len(self), dtype=bool)
        return self.category_codes == self.category_names.index(category)

    def rank(
        self,
        positives: Sequence[Item],
        negatives: Sequence[Item] = (),
        mask: np.ndarray | None = None,
        limit: int = 50,
        weights: Weights = DEFAULT_WEIGHTS,
        explain: bool = True,
        rows: tuple[int, int] | None = None,
        exclude: Collection[int] = (),
        spread: int | None = MAX_PER_SOURCE_IN_TEN,
    ) -> list[Recommendation]:
        """The best ``limit`` candidates (where ``mask`` is true, within ``rows``), positives and negatives left out.

        ``exclude``: more keys never to recommend (e.g. everything the person
        saved). ``spread``: at most this many of any ten consecutive results
        share a source (an author of the positives, a positive, a follow or a
        tag); None ranks by score alone.
        """
        if not positives or not len(self):
            return []
        start, stop = rows if rows is not None else (0, len(self))
        scores = self.scores(positives, negatives, weights, rows=(start, stop))
        allowed = np.ones(stop - start, dtype=bool) if mask is None else mask[start:stop].copy()
        for key in (*(item.key for item in (*positives, *negatives)), *exclude):
            row = self.row_of.get(int(key))
            if row is not None and start <= row < stop:
                allowed[row - start] = False
        scores = np.where(allowed, scores, -np.inf)
        pool_size = limit * POOL_FACTOR if spread else limit
        count = min(pool_size, int(allowed.sum()))
        if count <= 0:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.lexsort((self.keys[start + top], -scores[top]))] + start
        scores_of = {int(row): float(scores[row - start]) for row in top}
        because = self.explain(top, positives, weights) if explain or spread else [() for _ in top]
        found = [
            Recommendation(key=int(self.keys[row]), score=scores_of[int(row)], because=reasons)
            for row, reasons in zip(top, because, strict=True)
        ]
        if spread:
            found = spread_out(found, self._sources(top, found, positives), spread, limit)
        found = found[:limit]
        if not explain:
            found = [Recommendation(r.key, r.score, ()) for r in found]
        return found

    def scores(
        self,
        positives: Sequence[Item],
        negatives: Sequence[Item],
        weights: Weights,
        rows: tuple[int, int] | None = None,
    ) -> np.ndarray:
        """One score per candidate of ``rows`` (all by default); higher is better."""
        start, stop = rows if rows is not None else (0, len(self))
        score = np.zeros(stop - start, dtype=np.float32)
        if weights.author:
            score += weights.author * self._author_scores(positives, weights)[start:stop]
        positive_vectors = _stack_vectors([item.vector for item in positives], self.dim)
        recent = positive_vectors[:MAX_POSITIVES_FOR_NEAREST]
        negative_vectors = _stack_vectors([item.vector for item in negatives[:MAX_NEGATIVES]], self.dim)
        centroid = positive_vectors.mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        centroid = centroid / norm if norm > 0 else centroid
        # One product for every vector term: reading the candidates' vectors
        # (150 MB at 100,000 papers) once is what the time goes on; a window
        # reads only its own rows.
        similarity = self.vectors[start:stop] @ np.vstack([centroid[None, :], recent, negative_vectors]).T
        score += weights.centroid * similarity[:, 0]
        score += weights.nearest * similarity[:, 1 : 1 + len(recent)].max(axis=1)
        if weights.words and self.vectorizer is not None:
            score += weights.words * self._word_scores(positives)[start:stop]
        if weights.popularity:
            score += weights.popularity * self.popularity[start:stop]
        if weights.negative and negative_vectors.shape[0]:
            closest = similarity[:, 1 + len(recent) :].max(axis=1)
            # Only real likeness to a dismissed paper counts: every paper is a
            # little similar to everything, and that must not reorder the rest.
            score -= weights.negative * np.clip(closest - NEGATIVE_FLOOR, 0, None) / (1 - NEGATIVE_FLOOR)
        return score

    def _sources(self, rows: np.ndarray, found: Sequence[Recommendation], positives: Sequence[Item]) -> list[set[str]]:
        """What each candidate was drawn from: the positives' authors it shares, and its closest positive's group."""
        positive_columns = {
            column
            for item in positives
            for column in (self.author_ids.get(self.author_key(name)) for name in item.authors)
            if column is not None
        }
        source_of = {item.key: item.source for item in positives}
        indptr, indices = self.authors.indptr, self.authors.indices
        result = []
        for row, recommendation in zip(rows, found, strict=True):
            columns = set(indices[indptr[row] : indptr[row + 1]].tolist()) & positive_columns
            labels = {f"author:{column}" for column in columns}
            # The closest positive's group (a follow, a tag); a single saved
            # paper is no group: a library of three papers may fill the list.
            if recommendation.because and source_of.get(recommendation.because[0]):
                labels.add(source_of[recommendation.because[0]])
            result.append(labels)
        return result

    def _word_scores(self, positives: Sequence[Item]) -> np.ndarray:
        """TF-IDF cosine to the positives' centroid, cut to its strongest terms.

        The cut keeps what is distinctive about the person (a few hundred
        terms carry nearly all of the centroid's weight) and makes the cost
        follow those terms' papers rather than the whole vocabulary.
        """
        centroid = np.asarray(self._transform([item.text for item in positives]).mean(axis=0)).ravel()
        terms = np.flatnonzero(centroid)
        if terms.size > MAX_PROFILE_TERMS:
            terms = terms[np.argpartition(-centroid[terms], MAX_PROFILE_TERMS - 1)[:MAX_PROFILE_TERMS]]
        norm = float(np.linalg.norm(centroid[terms]))
        if norm == 0:
            return np.zeros(len(self), dtype=np.float32)
        return np.asarray(self.word_rows[:, terms] @ (centroid[terms] / norm), dtype=np.float32).ravel()

    def _author_weights(self, positives: Sequence[Item]) -> dict[str, float]:
        """Each author's share of the positives: on every positive, 1.0."""
        counts: Counter[str] = Counter()
        for item in positives:
            counts.update({key for key in (self.author_key(name) for name in item.authors) if key})
        return {key: count / len(positives) for key, count in counts.items()}

    def _author_scores(self, positives: Sequence[Item], weights: Weights) -> np.ndarray:
        best = np.zeros(len(self), dtype=np.float32)
        total = np.zeros(len(self), dtype=np.float32)
        # Column by column over the positives' authors only (a few dozen), so
        # the cost follows their papers, not the size of the catalogue.
        for key, share in self._author_weights(positives).items():
            column = self.author_ids.get(key)
            if column is None:
                continue
            rows = self.author_rows.indices[self.author_rows.indptr[column] : self.author_rows.indptr[column + 1]]
            best[rows] = np.maximum(best[rows], share)
            total[rows] += share
        return best + weights.author_extra * (total - best)

    def explain(self, rows: np.ndarray, positives: Sequence[Item], weights: Weights) -> list[tuple[int, ...]]:
        """For each row, the (up to two) positives that added most to its score."""
        if not len(rows):
            return []
        vectors = _stack_vectors([item.vector for item in positives], self.dim)
        contribution = np.zeros((len(rows), len(positives)), dtype=np.float32)
        if vectors.shape[0]:
            contribution += (weights.centroid + weights.nearest) * (self.vectors[rows] @ vectors.T)
        if weights.words and self.vectorizer is not None:
            positive_words = self._transform([item.text for item in positives])
            contribution += weights.words * np.asarray((self.words[rows] @ positive_words.T).todense())
        positive_authors = self._author_matrix([item.authors for item in positives])
        shared = np.asarray((self.authors[rows] @ positive_authors.T).todense())
        contribution += weights.author * shared
        result: list[tuple[int, ...]] = []
        for line in contribution:
            order = np.argsort(-line, kind="stable")[:2]
            result.append(tuple(int(positives[j].key) for j in order if line[j] > 0))
        return result


def spread_out(
    ranked: Sequence[Recommendation], sources: Sequence[set[str]], per_ten: int, limit: int
) -> list[Recommendation]:
    """Greedy re-ranking: the best remaining paper whose sources are each under ``per_ten`` in the last nine.

    Maximal marginal relevance with a hard cap: no author, follow or tag
    supplies more than ``per_ten`` of any ten consecutive papers, as long
    as the pool has other papers; when it runs dry the best remaining paper
    is taken regardless, so the list never comes up short.
    """
    remaining = list(range(len(ranked)))
    chosen: list[int] = []
    while remaining and len(chosen) < limit:
        recent: Counter[str] = Counter(label for index in chosen[-9:] for label in sources[index])
        pick = next(
            (index for index in remaining if all(recent[label] < per_ten for label in sources[index])),
            remaining[0],
        )
        remaining.remove(pick)
        chosen.append(pick)
    return [ranked[index] for index in chosen]


def _stack_vectors(vectors: Sequence[np.ndarray | None], dim: int) -> np.ndarray:
    """Rows of unit vectors; a missing vector is a zero row (similar to nothing)."""
    matrix = np.zeros((len(vectors), dim), dtype=np.float32)
    for row, vector in enumerate(vectors):
        if vector is not None:
            matrix[row] = np.asarray(vector, dtype=np.float32).reshape(-1)[:dim]
    return matrix
