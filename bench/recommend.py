"""For-you recommendations, measured by author continuation on the Hugging Face daily-papers dump.

    python bench/recommend.py [--dump ../shared/data/hf-daily] [--json OUT] [--cache DIR] [--authors N]

For every author name (folded as the author pages fold it) on at least six
papers, the earlier half of their papers (by publication date) is the
library; every paper published after the last library paper, the library
left out, is a candidate, and the author's later papers are the ones a good
ranking puts first. Mean nDCG@20 and recall@50 over authors, for:

- paperwire: ``paperwire.library.recommend`` (what the For-you page and the
  API use), over the same MiniLM vectors the search index stores;
- arxiv-sanity-lite, re-implemented: TF-IDF over title + abstract + author
  names (uni- and bigrams, 20,000 features, sublinear tf, min_df 5, max_df
  0.1, English stop words), LinearSVC C=0.01 with balanced class weights,
  every non-library paper a negative (as its serve.py trains per tag);
- zotero-arxiv-daily, re-implemented: mean cosine similarity to the library
  papers weighted by 1 / (1 + log10(rank + 1)), rank 0 the most recently
  added library paper (its ``rerank_paper``);
- most upvoted, and random.

Split: authors whose folded name starts with a-m are the tuning half (the
weights in ``recommend.Weights`` were chosen on them); n-z are the reported
half. Both are printed.

MiniLM vectors of the ~8,800 papers take ~4 minutes on a free 2-core
machine; they are cached in ``--cache`` (default: a directory under the
system's temporary directory) and reused by later runs.

Latency: one person's ranking (20 positives, 5 negatives, top 50 with
explanations) over 100,000 candidates, p95 of 40 runs; the candidates are
the dump's papers repeated with random vectors (timing only).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

# One BLAS thread, as in a web worker serving one request per thread; on a
# shared 2-core machine more threads only spin against each other.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIN_PAPERS = 6
NDCG_AT = 20
RECALL_AT = 50
PRECISION_AT = 10


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("PAPERWIRE_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    os.environ.setdefault("PAPERWIRE_LOG_LEVEL", "WARNING")
    import django

    django.setup()


@dataclass
class Corpus:
    ids: list[str]
    titles: list[str]
    abstracts: list[str]
    authors: list[list[str]]
    published: list[str]
    upvotes: np.ndarray
    keywords: list[list[str]]


def load_corpus(dump: Path) -> Corpus:
    """Every paper of the dump once (its highest upvote count), oldest first."""
    seen: dict[str, dict[str, Any]] = {}
    for path in sorted(dump.glob("*.json")):
        for entry in json.loads(path.read_text()):
            paper = entry.get("paper") or {}
            paper_id = paper.get("id")
            if not paper_id or not paper.get("publishedAt"):
                continue
            known = seen.get(paper_id)
            if known is None or int(paper.get("upvotes") or 0) > int(known.get("upvotes") or 0):
                seen[paper_id] = paper
    papers = sorted(seen.values(), key=lambda p: (p["publishedAt"], p["id"]))
    return Corpus(
        ids=[p["id"] for p in papers],
        titles=[" ".join(str(p.get("title") or "").split()) for p in papers],
        abstracts=[" ".join(str(p.get("summary") or "").split()) for p in papers],
        authors=[[str(a["name"]) for a in p.get("authors") or [] if a.get("name")] for p in papers],
        published=[p["publishedAt"] for p in papers],
        upvotes=np.array([int(p.get("upvotes") or 0) for p in papers], dtype=np.float32),
        keywords=[sorted({" ".join(str(k).lower().split()) for k in p.get("ai_keywords") or []}) for p in papers],
    )


def embed_cached(corpus: Corpus, cache_dir: Path, chunk: int = 200) -> np.ndarray:
    """MiniLM vectors of title + abstract (the search index's text), computed once per corpus.

    Saved in chunks of ``chunk`` papers, so an interrupted run resumes where it stopped.
    """
    from paperwire.search.embedder import MiniLMEmbedder
    from paperwire.search.indexing import document_text

    texts = [document_text(t, a) for t, a in zip(corpus.titles, corpus.abstracts, strict=True)]
    embedder: MiniLMEmbedder | None = None
    start = time.monotonic()
    parts = []
    cache_dir.mkdir(parents=True, exist_ok=True)
    for first in range(0, len(texts), chunk):
        batch = texts[first : first + chunk]
        digest = hashlib.sha256("\x00".join(corpus.ids[first : first + chunk] + batch).encode()).hexdigest()[:16]
        cache = cache_dir / f"minilm-{digest}.npy"
        if cache.exists():
            parts.append(np.load(cache))
            continue
        embedder = embedder or MiniLMEmbedder()
        vectors = embedder.embed(batch).astype(np.float32)
        np.save(cache, vectors)
        parts.append(vectors)
        done = first + len(batch)
        print(f"  embedded {done}/{len(texts)} in {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)
    return np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)


@dataclass
class Task:
    name: str  # the author or subject; its first letter puts it in a half
    shelf: np.ndarray  # the library: rows, oldest first
    candidates: np.ndarray  # bool mask over rows
    relevant: set[int]
    # Mixed libraries: the answer of each subject, every one of which should reach the top 20.
    groups: tuple[set[int], ...] = ()


def author_tasks(corpus: Corpus, author_key: Callable[[str], str]) -> list[Task]:
    papers_of: dict[str, set[int]] = defaultdict(set)
    for row, names in enumerate(corpus.authors):
        for name in names:
            key = author_key(name)
            if key:
                papers_of[key].add(row)
    published = np.array(corpus.published)
    tasks = []
    for author in sorted(papers_of):
        rows = sorted(papers_of[author])  # rows are in publication order already
        if len(rows) < MIN_PAPERS:
            continue
        library = np.array(rows[: len(rows) // 2])
        cutoff = corpus.published[library[-1]]
        candidates = published > cutoff
        candidates[library] = False
        relevant = {row for row in rows if candidates[row]}
        if relevant:
            tasks.append(Task(author, library, candidates, relevant))
    return tasks


# A subject: an HF AI keyword of several words on this many papers (fewer
# is no list; more is a field, not a subject).
SUBJECT_MIN_PAPERS, SUBJECT_MAX_PAPERS = 10, 60
SUBJECT_LIBRARY = 5
MIXED_LIBRARY = 3  # papers of each of the two subjects


def subjects(corpus: Corpus) -> dict[str, list[int]]:
    """Subject → its papers' rows (oldest first), from the papers' AI keywords."""
    papers_of: dict[str, list[int]] = defaultdict(list)
    for row, keywords in enumerate(corpus.keywords):
        for keyword in keywords:
            if len(keyword.split()) >= 2 and keyword[:1].isalpha():
                papers_of[keyword].append(row)
    return {k: rows for k, rows in sorted(papers_of.items()) if SUBJECT_MIN_PAPERS <= len(rows) <= SUBJECT_MAX_PAPERS}


def _continuation(name: str, published: np.ndarray, library: list[int], answer_rows: list[int]) -> Task | None:
    """A library, every paper published after its last one as a candidate, ``answer_rows`` among them the answer."""
    candidates = published > published[max(library)]
    candidates[library] = False
    relevant = {row for row in answer_rows if candidates[row]}
    return Task(name, np.array(library), candidates, relevant) if relevant else None


def topical_tasks(corpus: Corpus) -> list[Task]:
    """A subject's first papers as the library, its later papers as the answer."""
    published = np.array(corpus.published)
    tasks = []
    for subject, rows in subjects(corpus).items():
        task = _continuation(subject, published, rows[:SUBJECT_LIBRARY], rows[SUBJECT_LIBRARY:])
        if task:
            tasks.append(task)
    return tasks


def mixed_tasks(corpus: Corpus) -> list[Task]:
    """Two subjects of one half, a few papers of each in one library: both should reach the top 20."""
    published = np.array(corpus.published)
    by_half: dict[bool, list[tuple[str, list[int]]]] = defaultdict(list)
    for subject, rows in subjects(corpus).items():
        by_half[in_tuning_half(subject)].append((subject, rows))
    tasks = []
    for pairs in by_half.values():
        order = np.random.default_rng(11).permutation(len(pairs))
        for first, second in zip(order[0::2], order[1::2], strict=False):
            (name_a, rows_a), (name_b, rows_b) = pairs[first], pairs[second]
            if set(rows_a) & set(rows_b):
                continue
            library = sorted(rows_a[:MIXED_LIBRARY] + rows_b[:MIXED_LIBRARY])
            task = _continuation(f"{min(name_a, name_b)} + {max(name_a, name_b)}", published, library, rows_a + rows_b)
            if task is None:
                continue
            groups = tuple({row for row in rows if task.candidates[row]} for rows in (rows_a, rows_b))
            if all(groups):
                task.groups = groups
                tasks.append(task)
    return tasks


def ndcg(ranked: list[int], relevant: set[int], k: int = NDCG_AT) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, row in enumerate(ranked[:k]) if row in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal


def recall(ranked: list[int], relevant: set[int], k: int = RECALL_AT) -> float:
    return sum(1 for row in ranked[:k] if row in relevant) / len(relevant)


def precision(ranked: list[int], relevant: set[int], k: int = PRECISION_AT) -> float:
    return sum(1 for row in ranked[:k] if row in relevant) / k


def concentration(ranked: list[int], corpus: Corpus, author_key: Callable[[str], str], k: int = 10) -> float:
    """The share of the top ``k`` that the most frequent author is on (1.0: one author's list)."""
    counts: Counter[str] = Counter(
        key for row in ranked[:k] for key in {author_key(name) for name in corpus.authors[row]} if key
    )
    return max(counts.values()) / k if counts else 0.0


def top_rows(scores: np.ndarray, mask: np.ndarray, k: int = RECALL_AT) -> list[int]:
    masked = np.where(mask, scores, -np.inf)
    count = min(k, int(mask.sum()))
    top = np.argpartition(-masked, count - 1)[:count]
    return [int(row) for row in top[np.lexsort((top, -masked[top]))]]


Ranker = Callable[[Task], list[int]]


def paperwire_ranker(
    corpus: Corpus, vectors: np.ndarray, author_key: Callable[[str], str], weights: Any = None, spread: bool = True
):
    from paperwire.library.recommend import DEFAULT_WEIGHTS, CandidateIndex, Item
    from paperwire.search.indexing import document_text

    items = [
        Item(row, document_text(corpus.titles[row], corpus.abstracts[row]), tuple(corpus.authors[row]), vectors[row])
        for row in range(len(corpus.ids))
    ]
    index = CandidateIndex(items, corpus.upvotes, author_key, dim=vectors.shape[1])
    return _rank_with(index, items, weights or DEFAULT_WEIGHTS, spread), index, items


def arxiv_sanity_ranker(corpus: Corpus) -> Ranker:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    # arxiv-sanity-lite compute.py: the same vectorizer settings and document text.
    vectorizer = TfidfVectorizer(
        input="content",
        encoding="utf-8",
        decode_error="replace",
        strip_accents="unicode",
        lowercase=True,
        analyzer="word",
        stop_words="english",
        token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b",  # noqa: S106 - a regex, not a password
        ngram_range=(1, 2),
        max_features=20_000,
        norm="l2",
        use_idf=True,
        smooth_idf=True,
        sublinear_tf=True,
        max_df=0.1,
        min_df=5,
        dtype=np.float32,
    )
    documents = [
        f"{title} {abstract} {', '.join(names)}"
        for title, abstract, names in zip(corpus.titles, corpus.abstracts, corpus.authors, strict=True)
    ]
    features = sp.csr_matrix(vectorizer.fit_transform(documents))

    def rank(task: Task) -> list[int]:
        labels = np.zeros(features.shape[0], dtype=np.int8)
        labels[task.shelf] = 1
        # serve.py svm_rank: every paper not in the tag is a negative.
        model = LinearSVC(class_weight="balanced", verbose=0, max_iter=10_000, tol=1e-6, C=0.01)
        model.fit(features, labels)
        return top_rows(model.decision_function(features), task.candidates)

    return rank


def zotero_ranker(vectors: np.ndarray) -> Ranker:
    def rank(task: Task) -> list[int]:
        library = vectors[task.shelf[::-1]]  # rank 0: the most recently added
        weights = 1 / (1 + np.log10(np.arange(len(library)) + 1))
        weights = weights / weights.sum()
        scores = (vectors @ library.T) @ weights * 10
        return top_rows(scores, task.candidates)

    return rank


def tfidf_centroid_ranker(corpus: Corpus) -> Ranker:
    """Cosine to the library's TF-IDF centroid (title + abstract): the plainest topical ranking."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2, max_df=0.2, dtype=np.float32)
    features = sp.csr_matrix(
        vectorizer.fit_transform([f"{t} {a}" for t, a in zip(corpus.titles, corpus.abstracts, strict=True)])
    )

    def rank(task: Task) -> list[int]:
        centroid = np.asarray(features[task.shelf].mean(axis=0)).ravel()
        return top_rows(np.asarray(features @ centroid).ravel(), task.candidates)

    return rank


def upvotes_ranker(corpus: Corpus) -> Ranker:
    return lambda task: top_rows(corpus.upvotes, task.candidates)


def random_ranker(size: int) -> Ranker:
    def rank(task: Task) -> list[int]:
        seed = int.from_bytes(hashlib.blake2b(task.name.encode(), digest_size=4).digest(), "little")
        return top_rows(np.random.default_rng(seed).random(size), task.candidates)

    return rank


def in_tuning_half(name: str) -> bool:
    return name[:1] <= "m"


def score_task(ranked: list[int], task: Task) -> dict[str, float]:
    scores = {
        f"ndcg@{NDCG_AT}": ndcg(ranked, task.relevant),
        f"p@{PRECISION_AT}": precision(ranked, task.relevant),
        f"recall@{RECALL_AT}": recall(ranked, task.relevant),
    }
    if task.groups:
        top = set(ranked[:NDCG_AT])
        scores["both@20"] = float(all(top & group for group in task.groups))
    return scores


def evaluate(
    rank: Ranker, tasks: list[Task], extra: Callable[[list[int]], float] | None = None
) -> dict[str, dict[str, float]]:
    """Mean scores per half; ``extra`` adds one more figure per ranking (the concentration)."""
    halves: dict[str, list[dict[str, float]]] = {"a-m": [], "n-z": []}
    for task in tasks:
        ranked = rank(task)
        scores = score_task(ranked, task)
        if extra:
            scores["concentration@10"] = extra(ranked)
        halves["a-m" if in_tuning_half(task.name) else "n-z"].append(scores)
    return {
        half: {"tasks": len(values), **{key: float(np.mean([v[key] for v in values])) for key in values[0]}}
        if values
        else {"tasks": 0}
        for half, values in halves.items()
    }


def latency(index: Any, items: list[Any], candidates: int = 100_000, runs: int = 40) -> dict[str, float]:
    """p50/p95 of one person's ranking over ``candidates`` papers (repeated rows, random vectors)."""
    from paperwire.library.recommend import Item

    rng = np.random.default_rng(7)
    repeats = math.ceil(candidates / len(index))
    big = copy.copy(index)
    big.keys = np.arange(candidates, dtype=np.int64)
    big.row_of = {}
    vectors = rng.standard_normal((candidates, index.dim)).astype(np.float32)
    big.vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    big.words = sp.vstack([index.words] * repeats).tocsr()[:candidates]
    big.word_rows = big.words.tocsc()
    big.authors = sp.vstack([index.authors] * repeats).tocsr()[:candidates]
    big.author_rows = big.authors.tocsc()
    big.popularity = np.tile(index.popularity, repeats)[:candidates]
    timings = []
    cpu = []
    for run in range(runs):
        chosen = rng.choice(len(items), 25, replace=False)
        people = [items[row] for row in chosen]
        positives = [Item(10**9 + i, p.text, p.authors, p.vector) for i, p in enumerate(people[:20])]
        negatives = [Item(2 * 10**9 + i, p.text, p.authors, p.vector) for i, p in enumerate(people[20:])]
        start, start_cpu = time.perf_counter(), time.process_time()
        big.rank(positives, negatives, limit=50)
        if run:  # the first run warms caches
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return {
        "candidates": candidates,
        "p50_ms": float(np.percentile(timings, 50)),
        "p95_ms": float(np.percentile(timings, 95)),
        # CPU time shows the cost apart from the machine's other load.
        "cpu_p95_ms": float(np.percentile(cpu, 95)),
    }


TASK_KINDS = ("author", "topical", "mixed")
BASELINES = ("arxiv-sanity-lite", "zotero-arxiv-daily", "tf-idf centroid")
SIGNALS = ("author", "centroid", "nearest", "words", "popularity")


def tune(index_rank: Callable[[Any], Ranker], tasks: dict[str, list[Task]], best: dict[str, float]) -> Any:
    """The weights that do best on the tuning halves of the author and topical tasks together.

    The objective is the smaller of the two ratios to each task's best
    baseline: a weighting that wins one task by losing the other is no good.
    """
    from paperwire.library.recommend import DEFAULT_WEIGHTS

    key = f"ndcg@{NDCG_AT}"
    tuning = {kind: [t for t in tasks[kind] if in_tuning_half(t.name)] for kind in ("author", "topical")}
    results = []
    for author in (0.5, 1.0):
        for words in (0.6, 1.2):
            for nearest in (0.35, 0.7):
                weights = replace(DEFAULT_WEIGHTS, author=author, words=words, nearest=nearest)
                rank = index_rank(weights)
                ratios = {
                    kind: evaluate(rank, kind_tasks)["a-m"][key] / best[kind] for kind, kind_tasks in tuning.items()
                }
                results.append((min(ratios.values()), ratios, weights))
                print(f"  tune author={author} words={words} nearest={nearest}: {ratios}", file=sys.stderr, flush=True)
    results.sort(key=lambda r: -r[0])
    return results[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path, default=ROOT.parent / "shared" / "data" / "hf-daily")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "paperwire-bench-recommend")
    parser.add_argument("--authors", type=int, default=0, help="use only every k-th author task (0: all)")
    parser.add_argument("--only", default="", help="comma-separated methods to run (default: all)")
    parser.add_argument("--tune", action="store_true", help="search the weights on the tuning halves first")
    parser.add_argument("--worth", action="store_true", help="paperwire without each signal in turn (reporting halves)")
    parser.add_argument("--no-latency", action="store_true", help="skip the ranking-latency run")
    parser.add_argument(
        "--max-papers",
        type=int,
        default=0,
        help="only the oldest N papers of the dump (0: all), e.g. on a busy machine",
    )
    parser.add_argument("--hashing", action="store_true", help="the hashing embedder instead of MiniLM (development)")
    args = parser.parse_args()

    args.cache.mkdir(parents=True, exist_ok=True)
    setup_django(str(args.cache / "data"))
    from paperwire.papers.authors import author_key

    corpus = load_corpus(args.dump)
    if args.max_papers:
        corpus = Corpus(
            *(getattr(corpus, field)[: args.max_papers] for field in ("ids", "titles", "abstracts", "authors")),
            corpus.published[: args.max_papers],
            corpus.upvotes[: args.max_papers],
            corpus.keywords[: args.max_papers],
        )
    print(
        f"{len(corpus.ids)} papers from {args.dump.name}, {corpus.published[0]} to {corpus.published[-1]}",
        file=sys.stderr,
    )
    if args.hashing:
        from paperwire.search.embedder import HashingEmbedder
        from paperwire.search.indexing import document_text

        vectors = HashingEmbedder().embed(
            [document_text(t, a) for t, a in zip(corpus.titles, corpus.abstracts, strict=True)]
        )
    else:
        vectors = embed_cached(corpus, args.cache)
    tasks = {"author": author_tasks(corpus, author_key), "topical": topical_tasks(corpus), "mixed": mixed_tasks(corpus)}
    if args.authors:
        tasks["author"] = tasks["author"][:: args.authors]
    print(", ".join(f"{len(v)} {k} tasks" for k, v in tasks.items()), file=sys.stderr)

    paperwire, index, items = paperwire_ranker(corpus, vectors, author_key)
    methods: dict[str, Callable[[], Ranker]] = {
        "paperwire": lambda: paperwire,
        "arxiv-sanity-lite": lambda: arxiv_sanity_ranker(corpus),
        "zotero-arxiv-daily": lambda: zotero_ranker(vectors),
        "tf-idf centroid": lambda: tfidf_centroid_ranker(corpus),
        "most upvoted": lambda: upvotes_ranker(corpus),
        "random": lambda: random_ranker(len(corpus.ids)),
    }
    wanted = [m for m in args.only.split(",") if m in methods] if args.only else list(methods)
    key = f"ndcg@{NDCG_AT}"
    results: dict[str, Any] = {kind: {} for kind in TASK_KINDS}
    for name in wanted:
        if name == "paperwire":
            continue
        start = time.monotonic()
        rank = methods[name]()
        for kind in TASK_KINDS:
            results[kind][name] = evaluate(rank, tasks[kind])
        print(f"  {name}: {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)
    best_tuning = {
        kind: max((results[kind][m]["a-m"].get(key, 0.0) for m in BASELINES if m in results[kind]), default=1e-9)
        for kind in TASK_KINDS
    }

    tuned = None
    if args.tune:
        tuned = tune(lambda weights: _rank_with(index, items, weights, True), tasks, best_tuning)
        print(f"best on the tuning halves: {tuned[1]} with {tuned[2]}", file=sys.stderr)
    from paperwire.library.recommend import DEFAULT_WEIGHTS

    chosen = tuned[2] if tuned else DEFAULT_WEIGHTS
    author_of = lambda ranked: concentration(ranked, corpus, author_key)  # noqa: E731
    if "paperwire" in wanted:
        for label, spread in (("paperwire", True), ("paperwire, no spreading", False)):
            rank = _rank_with(index, items, chosen, spread)
            for kind in TASK_KINDS:
                results[kind][label] = evaluate(rank, tasks[kind], extra=author_of)
    worth: dict[str, dict[str, float]] = {}
    if args.worth:
        for signal in SIGNALS:
            rank = _rank_with(index, items, replace(chosen, **{signal: 0.0}), True)
            worth[signal] = {kind: evaluate(rank, tasks[kind])["n-z"][key] for kind in TASK_KINDS}
            print(f"  without {signal}: {worth[signal]}", file=sys.stderr, flush=True)
    report(results, worth, tasks)
    timing = None if args.no_latency else latency(index, items)
    if timing:
        print(
            f"ranking latency over {timing['candidates']:,} candidates: "
            f"p50 {timing['p50_ms']:.1f} ms, p95 {timing['p95_ms']:.1f} ms; CPU time p95 {timing['cpu_p95_ms']:.1f} ms"
        )
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"weights: {chosen}")
    print(f"uptime: {load}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "papers": len(corpus.ids),
                    "tasks": {k: len(v) for k, v in tasks.items()},
                    "methods": results,
                    "worth": worth,
                    "weights": str(chosen),
                    "latency": timing,
                    "uptime": load,
                },
                indent=2,
            )
        )


def _rank_with(index: Any, items: list[Any], weights: Any, spread: bool) -> Ranker:
    from paperwire.library.recommend import MAX_PER_SOURCE_IN_TEN

    def rank(task: Task) -> list[int]:
        # Newest first, as the For-you page hands a person's positives over.
        positives = [items[row] for row in task.shelf[::-1]]
        found = index.rank(
            positives,
            mask=task.candidates,
            limit=RECALL_AT,
            weights=weights,
            explain=False,
            spread=MAX_PER_SOURCE_IN_TEN if spread else None,
        )
        return [r.key for r in found]

    return rank


def report(results: dict[str, Any], worth: dict[str, dict[str, float]], tasks: dict[str, list[Task]]) -> None:
    """One table per task (reporting half n-z, tuning half a-m in brackets), then the targets."""
    key = f"ndcg@{NDCG_AT}"
    for kind in TASK_KINDS:
        counts = {
            half: sum(1 for t in tasks[kind] if in_tuning_half(t.name) == (half == "a-m")) for half in ("n-z", "a-m")
        }
        print(f"\n{kind} ({counts['n-z']} reported n-z, {counts['a-m']} tuning a-m)")
        columns = [key, f"p@{PRECISION_AT}", f"recall@{RECALL_AT}"] + (["both@20"] if kind == "mixed" else [])
        if "paperwire" in results[kind]:
            columns.append("concentration@10")
        print(f"{'method':<26}" + "".join(f"{c + ' n-z':>22}" for c in columns) + f"{key + ' a-m':>16}")
        for name, result in results[kind].items():
            cells = "".join(f"{result['n-z'].get(c, float('nan')):>22.3f}" for c in columns)
            print(f"{name:<26}{cells}{result['a-m'].get(key, float('nan')):>16.3f}")
    print()
    for kind in ("author", "topical"):
        baselines = [results[kind][m]["n-z"][key] for m in BASELINES if m in results[kind]]
        if "paperwire" in results[kind] and baselines:
            ratio = results[kind]["paperwire"]["n-z"][key] / max(baselines)
            print(f"{kind}: paperwire / best baseline, nDCG@20 n-z: {ratio:.2f}x (target >= 1.2x)")
    if "paperwire" in results["mixed"]:
        both = results["mixed"]["paperwire"]["n-z"]["both@20"]
        print(f"mixed: both subjects in the top 20 for {both:.0%} of libraries (target >= 90 %)")
    if worth:
        print(
            "\nnDCG@20 n-z without each signal (paperwire with all: "
            + ", ".join(f"{k} {results[k]['paperwire']['n-z'][key]:.3f}" for k in TASK_KINDS)
            + ")"
        )
        for signal, values in worth.items():
            print(f"  without {signal:<11}" + ", ".join(f"{k} {v:.3f}" for k, v in values.items()))


if __name__ == "__main__":
    main()
