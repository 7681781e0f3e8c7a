"""Search quality on BEIR SciFact through the site's own code path (paperwire.search.service.search).

    python bench/search_quality.py --beir ../shared/data/beir-scifact [--database postgresql]
        [--json OUT] [--split test] [--tune]

Loads the 5,183 abstracts as papers into a throw-away SQLite database (or,
with ``--database postgresql``, the PostgreSQL of PAPERWIRE_DATABASE_URL or
else a throw-away PostgreSQL 16 + pgvector started with pgserver), embeds them with the configured
embedder (MiniLM by default; ~2.5 min on a free 2-core machine, cached under
/tmp for reruns of this benchmark only), then runs every query of the split
keyword-only, semantic-only and hybrid and prints nDCG@10 and recall@100.

Every setting is a ``paperwire.search.ranking.Ranking`` value handed to the
public search functions: keyword-only is the shipped ranking with the
semantic weight at 0, and so on. Nothing here patches a module.

``--tune`` grid-searches the fusion constants on qrels/train.tsv only (never
on the test queries) and prints the best settings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paperwire.search.ranking import Ranking

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("PAPERWIRE_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    os.environ.setdefault("PAPERWIRE_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open() as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with path.open() as handle:
        next(handle)
        for line in handle:
            query_id, doc_id, score = line.rstrip("\n").split("\t")
            qrels[query_id][doc_id] = int(score)
    return dict(qrels)


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    dcg = sum(relevant.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(score / math.log2(i + 2) for i, score in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], relevant: dict[str, int], k: int = 100) -> float:
    hits = sum(1 for doc in ranked[:k] if relevant.get(doc, 0) > 0)
    positives = sum(1 for score in relevant.values() if score > 0)
    return hits / positives if positives else 0.0


def load_corpus(corpus: list[dict[str, Any]], cache_file: Path) -> float:
    """Papers in the database and their vectors; returns seconds spent embedding (0 if cached)."""
    import numpy as np

    from paperwire.papers.models import Paper
    from paperwire.search.embedder import embedder_name, get_embedder
    from paperwire.search.indexing import index_pending
    from paperwire.search.models import PaperVector

    Paper.objects.bulk_create(
        [
            Paper(arxiv_id=f"scifact-{doc['_id']}", title=doc.get("title", ""), abstract=doc.get("text", ""))
            for doc in corpus
        ],
        batch_size=1000,
    )
    ids = dict(Paper.objects.values_list("arxiv_id", "id"))
    # PostgreSQL: count the papers into the BM25 statistics, as the worker
    # does after an import (without it every query counts them itself).
    from paperwire.search.bm25 import refresh_term_statistics

    refresh_term_statistics(full=True)
    if cache_file.exists():
        vectors = np.load(cache_file)
        name = embedder_name(get_embedder())
        PaperVector.objects.bulk_create(
            [
                PaperVector(paper_id=ids[f"scifact-{doc['_id']}"], vector=vectors[i], embedder=name)
                for i, doc in enumerate(corpus)
            ],
            batch_size=1000,
        )
        return 0.0
    started = time.perf_counter()
    from tqdm import tqdm

    with tqdm(total=len(corpus), unit="abstract", file=sys.stderr) as bar:
        index_pending(progress=bar.update)
    seconds = time.perf_counter() - started
    by_paper = dict(PaperVector.objects.values_list("paper_id", "vector"))
    from paperwire.search.fields import to_array

    matrix = np.vstack([to_array(by_paper[ids[f"scifact-{doc['_id']}"]]) for doc in corpus])
    np.save(cache_file, matrix)
    return seconds


def rankings() -> dict[str, Ranking]:
    """The three rows of the table: each list alone, then the shipped fusion."""
    from paperwire.search.ranking import DEFAULT_RANKING

    return {
        "keyword": replace(DEFAULT_RANKING, semantic_weight=0.0),
        "semantic": replace(DEFAULT_RANKING, keyword_weight=0.0),
        "hybrid": DEFAULT_RANKING,
    }


def evaluate(queries: dict[str, str], qrels: dict[str, dict[str, int]], ranking: Ranking) -> dict[str, float]:
    from paperwire.search.service import search

    ndcgs, recalls = [], []
    started = time.perf_counter()
    for query_id, relevant in qrels.items():
        results = search(queries[query_id], per_page=100, ranking=ranking)
        ranked = [hit.paper.arxiv_id.removeprefix("scifact-") for hit in results.items]
        ndcgs.append(ndcg_at(ranked, relevant))
        recalls.append(recall_at(ranked, relevant))
    elapsed = time.perf_counter() - started
    return {
        "ndcg@10": sum(ndcgs) / len(ndcgs),
        "recall@100": sum(recalls) / len(recalls),
        "queries": len(ndcgs),
        "ms_per_query": 1000 * elapsed / len(ndcgs),
    }


def tune(queries: dict[str, str], qrels: dict[str, dict[str, int]]) -> list[dict[str, float]]:
    """Grid search on train: bm25 title weight, similarity floor, RRF k, semantic weight.

    Each candidate list is fetched once per setting that changes it and
    re-fused for the rest, through the same public stages search() runs.
    """
    from paperwire.search.candidates import keyword_candidates, semantic_candidates
    from paperwire.search.fusion import fuse
    from paperwire.search.ranking import DEFAULT_RANKING
    from paperwire.search.service import parse_search

    parsed = {query_id: parse_search(queries[query_id]) for query_id in qrels}
    floors = (0.0, 0.25)
    semantic = {
        floor: {
            query_id: semantic_candidates(query, replace(DEFAULT_RANKING, semantic_min_similarity=floor))
            for query_id, query in parsed.items()
        }
        for floor in floors
    }
    trials: list[dict[str, float]] = []
    for title_weight in (1.0, 2.0, 4.0):
        weighted = replace(DEFAULT_RANKING, bm25_weights=(title_weight, 1.5, 1.0))
        keyword = {query_id: keyword_candidates(query, weighted) for query_id, query in parsed.items()}
        for floor in floors:
            for k in (10, 30, 60):
                for semantic_weight in (0.6, 0.8, 1.0, 1.2, 1.5):
                    ranking = replace(weighted, semantic_min_similarity=floor, rrf_k=k, semantic_weight=semantic_weight)
                    ndcgs, recalls = [], []
                    for query_id, relevant in qrels.items():
                        fused = fuse(keyword[query_id], semantic[floor][query_id], ranking)
                        ranked = [_doc_id(paper_id) for paper_id, _ in fused[:100]]
                        ndcgs.append(ndcg_at(ranked, relevant))
                        recalls.append(recall_at(ranked, relevant))
                    trials.append(
                        {
                            "title_weight": title_weight,
                            "floor": floor,
                            "rrf_k": k,
                            "semantic_weight": semantic_weight,
                            "ndcg@10": sum(ndcgs) / len(ndcgs),
                            "recall@100": sum(recalls) / len(recalls),
                        }
                    )
    return sorted(trials, key=lambda trial: -trial["ndcg@10"])


_doc_ids: dict[int, str] = {}


def _doc_id(paper_id: int) -> str:
    if not _doc_ids:
        from paperwire.papers.models import Paper

        _doc_ids.update(
            {pk: arxiv_id.removeprefix("scifact-") for pk, arxiv_id in Paper.objects.values_list("id", "arxiv_id")}
        )
    return _doc_ids[paper_id]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--beir", type=Path, required=True, help="a BEIR folder (corpus.jsonl, queries.jsonl, qrels/)")
    parser.add_argument("--split", default="test", choices=["test", "train"])
    parser.add_argument("--json", type=Path, help="write the numbers here too")
    parser.add_argument("--tune", action="store_true", help="grid-search fusion constants on qrels/train.tsv")
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "paperwire-bench-cache")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default=None, help="default: the environment's")
    args = parser.parse_args()
    if args.database == "sqlite":
        os.environ.pop("PAPERWIRE_DATABASE_URL", None)
    elif args.database == "postgresql" and not os.environ.get("PAPERWIRE_DATABASE_URL"):
        from tests.support.pg_run import pgserver_database

        with pgserver_database() as url:
            os.environ["PAPERWIRE_DATABASE_URL"] = url
            return run(args)
    return run(args)


def run(args: argparse.Namespace) -> int:
    data_dir = tempfile.mkdtemp(prefix="paperwire-quality-")
    setup_django(data_dir)
    from django.conf import settings

    corpus = read_jsonl(args.beir / "corpus.jsonl")
    queries = {str(row["_id"]): row["text"] for row in read_jsonl(args.beir / "queries.jsonl")}
    corpus_hash = hashlib.sha256((args.beir / "corpus.jsonl").read_bytes()).hexdigest()[:16]
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    cache_file = args.cache_dir / f"scifact-{corpus_hash}-{settings.EMBEDDER.rsplit('.', 1)[-1]}.npy"
    embed_seconds = load_corpus(corpus, cache_file)
    if embed_seconds:
        print(f"embedded {len(corpus)} abstracts in {embed_seconds:.0f} s ({len(corpus) / embed_seconds:.1f}/s)")

    if args.tune:
        trials = tune(queries, read_qrels(args.beir / "qrels" / "train.tsv"))
        print("best fusion settings on qrels/train.tsv (nDCG@10):")
        print(f"{'title w':>8} {'floor':>6} {'rrf k':>6} {'sem w':>6} {'nDCG@10':>8} {'R@100':>7}")
        for trial in trials[:10]:
            print(
                f"{trial['title_weight']:>8.1f} {trial['floor']:>6.2f} {trial['rrf_k']:>6.0f} "
                f"{trial['semantic_weight']:>6.1f} {trial['ndcg@10']:>8.4f} {trial['recall@100']:>7.4f}"
            )
        return 0

    qrels = read_qrels(args.beir / "qrels" / f"{args.split}.tsv")
    rows = {name: evaluate(queries, qrels, ranking) for name, ranking in rankings().items()}
    database = "PostgreSQL" if settings.USING_POSTGRES else "SQLite"
    print(f"BEIR SciFact {args.split} ({len(qrels)} queries, {len(corpus)} abstracts), {database}, {settings.EMBEDDER}")
    print(f"{'mode':<10} {'nDCG@10':>8} {'recall@100':>11} {'ms/query':>9}")
    for mode, row in rows.items():
        print(f"{mode:<10} {row['ndcg@10']:>8.4f} {row['recall@100']:>11.4f} {row['ms_per_query']:>9.1f}")
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, "database": database, "modes": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
