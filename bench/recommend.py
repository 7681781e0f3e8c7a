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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
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
    author: str
    shelf: np.ndarray  # the library: rows, oldest first
    candidates: np.ndarray  # bool mask over rows
    relevant: set[int]


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


def ndcg(ranked: list[int], relevant: set[int], k: int = NDCG_AT) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, row in enumerate(ranked[:k]) if row in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal


def recall(ranked: list[int], relevant: set[int], k: int = RECALL_AT) -> float:
    return sum(1 for row in ranked[:k] if row in relevant) / len(relevant)


def top_rows(scores: np.ndarray, mask: np.ndarray, k: int = RECALL_AT) -> list[int]:
    masked = np.where(mask, scores, -np.inf)
    count = min(k, int(mask.sum()))
    top = np.argpartition(-masked, count - 1)[:count]
    return [int(row) for row in top[np.lexsort((top, -masked[top]))]]


Ranker = Callable[[Task], list[int]]


def paperwire_ranker(corpus: Corpus, vectors: np.ndarray, author_key: Callable[[str], str], weights: Any = None):
    from paperwire.library.recommend import DEFAULT_WEIGHTS, CandidateIndex, Item
    from paperwire.search.indexing import document_text

    items = [
        Item(row, document_text(corpus.titles[row], corpus.abstracts[row]), tuple(corpus.authors[row]), vectors[row])
        for row in range(len(corpus.ids))
    ]
    index = CandidateIndex(items, corpus.upvotes, author_key, dim=vectors.shape[1])
    chosen = weights or DEFAULT_WEIGHTS

    def rank(task: Task) -> list[int]:
        # Newest first, as the For-you page hands a person's positives over.
        positives = [items[row] for row in task.shelf[::-1]]
        found = index.rank(positives, mask=task.candidates, limit=RECALL_AT, weights=chosen, explain=False)
        return [r.key for r in found]

    return rank, index, items


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


def upvotes_ranker(corpus: Corpus) -> Ranker:
    return lambda task: top_rows(corpus.upvotes, task.candidates)


def random_ranker(size: int) -> Ranker:
    def rank(task: Task) -> list[int]:
        seed = int.from_bytes(hashlib.blake2b(task.author.encode(), digest_size=4).digest(), "little")
        return top_rows(np.random.default_rng(seed).random(size), task.candidates)

    return rank


def in_tuning_half(author: str) -> bool:
    return author[:1] <= "m"


def evaluate(rank: Ranker, tasks: list[Task]) -> dict[str, dict[str, float]]:
    halves: dict[str, list[tuple[float, float]]] = {"a-m": [], "n-z": []}
    for task in tasks:
        ranked = rank(task)
        halves["a-m" if in_tuning_half(task.author) else "n-z"].append(
            (ndcg(ranked, task.relevant), recall(ranked, task.relevant))
        )
    return {
        half: {
            "authors": len(values),
            f"ndcg@{NDCG_AT}": float(np.mean([v[0] for v in values])) if values else 0.0,
            f"recall@{RECALL_AT}": float(np.mean([v[1] for v in values])) if values else 0.0,
        }
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", type=Path, default=ROOT.parent / "shared" / "data" / "hf-daily")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "paperwire-bench-recommend")
    parser.add_argument("--authors", type=int, default=0, help="use only every k-th author (0: all) for quick runs")
    parser.add_argument("--only", default="", help="comma-separated methods to run (default: all)")
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
    tasks = author_tasks(corpus, author_key)
    if args.authors:
        tasks = tasks[:: args.authors]
    print(f"{len(tasks)} authors with at least {MIN_PAPERS} papers and a later paper", file=sys.stderr)

    paperwire, index, items = paperwire_ranker(corpus, vectors, author_key)
    methods: dict[str, Callable[[], Ranker]] = {
        "paperwire": lambda: paperwire,
        "arxiv-sanity-lite": lambda: arxiv_sanity_ranker(corpus),
        "zotero-arxiv-daily": lambda: zotero_ranker(vectors),
        "most upvoted": lambda: upvotes_ranker(corpus),
        "random": lambda: random_ranker(len(corpus.ids)),
    }
    wanted = [m for m in args.only.split(",") if m in methods] if args.only else list(methods)
    results: dict[str, Any] = {}
    for name in wanted:
        start = time.monotonic()
        results[name] = evaluate(methods[name](), tasks)
        results[name]["seconds"] = round(time.monotonic() - start, 1)
        print(f"  {name}: {results[name]['seconds']} s", file=sys.stderr, flush=True)
    timing = latency(index, items)

    ndcg_key, recall_key = f"ndcg@{NDCG_AT}", f"recall@{RECALL_AT}"
    print(f"\n{'method':<20} {'nDCG@20 n-z':>12} {'recall@50 n-z':>14} {'nDCG@20 a-m':>12} {'recall@50 a-m':>14}")
    for name, result in results.items():
        print(
            f"{name:<20} {result['n-z'][ndcg_key]:>12.3f} {result['n-z'][recall_key]:>14.3f}"
            f" {result['a-m'][ndcg_key]:>12.3f} {result['a-m'][recall_key]:>14.3f}"
        )
    baselines = [results[m]["n-z"][ndcg_key] for m in ("arxiv-sanity-lite", "zotero-arxiv-daily") if m in results]
    if "paperwire" in results and baselines and max(baselines) > 0:
        ratio = results["paperwire"]["n-z"][ndcg_key] / max(baselines)
        print(f"\npaperwire / best baseline, nDCG@20 on n-z: {ratio:.2f}x (target >= 1.2x)")
        results["ratio_vs_best_baseline_nz"] = ratio
    print(
        f"ranking latency over {timing['candidates']:,} candidates: "
        f"p50 {timing['p50_ms']:.1f} ms, p95 {timing['p95_ms']:.1f} ms (target <= 100 ms); "
        f"CPU time p95 {timing['cpu_p95_ms']:.1f} ms"
    )
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"uptime: {load}")
    counts = {"n-z": sum(1 for t in tasks if not in_tuning_half(t.author))}
    counts["a-m"] = len(tasks) - counts["n-z"]
    if args.json:
        args.json.write_text(
            json.dumps(
                {"papers": len(corpus.ids), "authors": counts, "methods": results, "latency": timing, "uptime": load},
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
