"""Search speed at 10k, 100k and 1M papers, end to end and index by index, in one run.

    python bench/search_latency.py [--sizes 10000,100000,1000000] [--queries 200] [--data ../shared/data]
                                   [--workdir DIR] [--json OUT]

The corpus is synthetic but shaped like the real one: titles and abstracts
are drawn from the word frequencies and the length distribution of real
abstracts (hf-daily, the arXiv sample, SciFact). Vectors are synthetic too
(so 1M papers need not be embedded for hours): each is a real MiniLM vector
of a SciFact abstract plus noise shaped like real embeddings (a Gaussian mix
of real vectors' deviations from their mean, times ``--spread``), re-normalised.
Noise along the real covariance keeps the vectors where real embeddings live
and spread like them (random pairs ~0.1, nearest neighbours ~0.7-0.8 cosine,
printed at start); the earlier isotropic N(0, 0.03) noise in all 384
dimensions made ~200 copies of each abstract sit at near-identical distances
from one another, a tie-breaking test no real catalogue sets. Queries are 2-4 word keyword queries
and real SciFact claims, embedded with the real MiniLM on every request.

For each size it reports p50/p95/p99 of

* ``view``: GET /search.json through Django's test client (hybrid: query
  embedding, FTS5 bm25, usearch, fusion, hydration, JSON), SQLite mode;
* ``embed``, ``fts``, ``ann``: the query embedding (the query embedder the
  view uses), keyword_search() and the raw usearch call alone, in the same run;
* ``repeat``: the view again for the same queries afterwards, their vectors
  now cached (paging, a second sort, a shared link);

plus ANN recall@10 against exact search, the index build time and the
process's peak RSS. Finally it compares the indexing pipeline's CPU time per
abstract with a bare loop over the ONNX model (``--throughput`` abstracts in
``--throughput-rounds`` runs), interleaved to cancel out load noise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHUNK = 20_000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_texts(data: Path) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for path in sorted((data / "hf-daily").glob("*.json")):
        for item in json.loads(path.read_text()):
            paper = item.get("paper", {})
            texts.append((paper.get("title", ""), paper.get("summary", "")))
    with (data / "arxiv" / "snapshot" / "arxiv-metadata-sample-2000.jsonl").open() as handle:
        for line in handle:
            row = json.loads(line)
            texts.append((row["title"], row["abstract"]))
    with (data / "beir-scifact" / "corpus.jsonl").open() as handle:
        for line in handle:
            row = json.loads(line)
            texts.append((row.get("title", ""), row.get("text", "")))
    return [(t, a) for t, a in texts if t and a]


class CorpusShape:
    """Word frequencies and title/abstract lengths of real papers, for sampling look-alikes."""

    def __init__(self, texts: list[tuple[str, str]], seed: int = 7) -> None:
        words: Counter[str] = Counter()
        self.title_lengths: list[int] = []
        self.abstract_lengths: list[int] = []
        for title, abstract in texts:
            title_words = re.findall(r"\S+", title)
            abstract_words = re.findall(r"\S+", abstract)
            words.update(w.strip(".,;:()[]\"'").lower() for w in title_words + abstract_words)
            self.title_lengths.append(len(title_words))
            self.abstract_lengths.append(len(abstract_words))
        words.pop("", None)
        self.vocabulary = np.array(list(words.keys()))
        self.vocabulary_list = [str(word) for word in self.vocabulary]
        counts = np.array(list(words.values()), dtype=np.float64)
        self.probabilities = counts / counts.sum()
        self.counts = dict(words)
        self.rng = np.random.default_rng(seed)

    def documents(self, n: int) -> list[tuple[str, str]]:
        titles = self.rng.choice(self.title_lengths, n)
        abstracts = self.rng.choice(self.abstract_lengths, n)
        flat = self.rng.choice(len(self.vocabulary), int(titles.sum() + abstracts.sum()), p=self.probabilities)
        words = [self.vocabulary_list[i] for i in flat.tolist()]
        out: list[tuple[str, str]] = []
        position = 0
        for title_length, abstract_length in zip(titles, abstracts, strict=True):
            title = " ".join(words[position : position + title_length]).capitalize()
            position += title_length
            abstract = " ".join(words[position : position + abstract_length]).capitalize() + "."
            position += abstract_length
            out.append((title, abstract))
        return out

    def keyword_queries(self, n: int) -> list[str]:
        # Words people search for: informative, neither rare typos nor "the".
        mid = [w for w, c in self.counts.items() if 50 <= c <= 5000 and w.isalpha() and len(w) > 3]
        picks = self.rng.choice(mid, (n, 4))
        lengths = self.rng.integers(2, 5, n)
        return [" ".join(row[:length]) for row, length in zip(picks, lengths, strict=True)]


def setup_django(workdir: Path) -> None:
    os.environ["PAPERWIRE_DATA_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    os.environ.setdefault("PAPERWIRE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("PAPERWIRE_RATELIMIT_ENABLED", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def synthetic_vectors(centres: np.ndarray, n: int, spread: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` unit vectors: a real vector plus ``spread`` times real-shaped noise.

    The noise is a sum of 64 random real deviations from the mean with N(0, 1)
    weights / 8, i.e. Gaussian with the real vectors' covariance.
    """
    deviations = centres - centres.mean(axis=0)
    noise = np.zeros((n, centres.shape[1]), dtype=np.float32)
    for _ in range(64):
        noise += rng.normal(0, 1, (n, 1)).astype(np.float32) * deviations[rng.integers(0, len(centres), n)]
    vectors = centres[rng.integers(0, len(centres), n)] + spread * noise / 8
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def similarity_profile(centres: np.ndarray, vectors: np.ndarray) -> str:
    """Median cosine of random pairs and of each sample's nearest neighbour, for the log."""
    rng = np.random.default_rng(3)
    pairs = rng.integers(0, len(vectors), (2000, 2))
    random_pairs = np.sum(vectors[pairs[:, 0]] * vectors[pairs[:, 1]], axis=1)
    sample = vectors[:300] @ vectors.T
    nearest = np.sort(sample, axis=1)[:, -2]
    return f"random pairs median {np.median(random_pairs):.2f}, nearest neighbour median {np.median(nearest):.2f}"


def grow_catalogue(shape: CorpusShape, centres: np.ndarray, target: int, spread: float) -> float:
    """Add synthetic papers (with vectors) until the catalogue has ``target``; returns seconds.

    Rows go in with executemany (a million ORM objects would take longer than
    the benchmark itself); the FTS5 triggers still fire for every paper, and
    every other column gets the model's own default, prepared by Django once.
    """
    from datetime import UTC, datetime, timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from paperwire.papers.models import Paper
    from paperwire.search.models import PaperVector

    started = time.perf_counter()
    have = Paper.objects.count()
    rng = np.random.default_rng(have)
    categories = ["cs.LG", "cs.CV", "cs.CL", "stat.ML", "q-bio.BM", "hep-th", "math.CO", "astro-ph.GA"]
    base = datetime(2015, 1, 1, tzinfo=UTC)
    template = Paper(title="", abstract="", created_at=timezone.now(), modified_at=timezone.now())
    fields = [f for f in Paper._meta.concrete_fields if not f.primary_key]
    varying = [
        "arxiv_id",
        "title",
        "abstract",
        "authors",
        "categories",
        "primary_category",
        "published",
        "upvote_count",
    ]
    columns = [f.column for f in fields]
    fixed = {f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields}
    by_name = {f.attname: f for f in fields}
    placeholders = ", ".join(["%s"] * len(columns))
    paper_sql = f"INSERT INTO {Paper._meta.db_table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    vector_sql = (
        f"INSERT INTO {PaperVector._meta.db_table} (paper_id, vector, embedder, created_at) VALUES (%s, %s, %s, %s)"  # noqa: S608
    )
    now = fixed["created_at"]
    while have < target:
        n = min(CHUNK, target - have)
        docs = shape.documents(n)
        rows = []
        for i, (title, abstract) in enumerate(docs):
            number = have + i
            values = dict(fixed)
            category = categories[number % len(categories)]
            for name, value in (
                ("arxiv_id", f"{1000 + number // 100_000}.{number % 100_000:05d}"),  # a valid new-style id
                ("title", title),
                ("abstract", abstract),
                ("authors", [f"Author {int(x)}" for x in rng.integers(0, 50_000, 3)]),
                ("categories", [category]),
                ("primary_category", category),
                ("published", base + timedelta(minutes=5 * number)),
                ("upvote_count", int(rng.integers(0, 200))),
            ):
                values[name] = by_name[name].get_db_prep_save(value, connection)
            rows.append([values[f.attname] for f in fields])
        assert set(varying) <= set(by_name)
        vectors = synthetic_vectors(centres, n, spread, rng)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(paper_sql, rows)
            cursor.execute(f"SELECT max(id) FROM {Paper._meta.db_table}")  # noqa: S608
            last = cursor.fetchone()[0]
            first = last - n + 1  # one writer, AUTOINCREMENT: the chunk's ids are contiguous
            cursor.executemany(vector_sql, [(first + i, vectors[i].tobytes(), "synthetic", now) for i in range(n)])
        have += n
        print(f"  catalogue: {have:,} papers ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    return time.perf_counter() - started


def key_titles() -> float:
    """Key the titles grow_catalogue() inserted (raw SQL fires no post_save); returns seconds.

    Exact-title look-ups probe the keys and search the full-text index only
    above the highest keyed paper: an unkeyed catalogue would measure that
    fallback instead of what a synced site serves.
    """
    from paperwire.search.title_keys import sync_title_keys

    started = time.perf_counter()
    keyed = sync_title_keys()
    seconds = time.perf_counter() - started
    print(f"  title keys: {keyed:,} papers keyed ({seconds:.0f} s)", file=sys.stderr, flush=True)
    return seconds


def exact_top10(query_vectors: np.ndarray) -> list[set[int]]:
    """Brute-force top-10 over every stored vector, streamed from the database."""
    from paperwire.search.ann import vector_rows_after

    best_scores = np.full((len(query_vectors), 10), -np.inf)
    best_ids = np.zeros((len(query_vectors), 10), dtype=np.int64)
    for _, keys, vectors in vector_rows_after(0):
        scores = query_vectors @ vectors.T
        all_scores = np.concatenate([best_scores, scores], axis=1)
        all_ids = np.concatenate([best_ids, np.broadcast_to(keys.astype(np.int64), scores.shape)], axis=1)
        top = np.argsort(-all_scores, axis=1)[:, :10]
        best_scores = np.take_along_axis(all_scores, top, axis=1)
        best_ids = np.take_along_axis(all_ids, top, axis=1)
    return [set(row.tolist()) for row in best_ids]


def measure(queries: list[str], warmup: list[str], size: int) -> dict[str, Any]:
    from django.test import Client

    from paperwire.search.ann import get_vector_index
    from paperwire.search.candidates import SEMANTIC_OVERFETCH, keyword_candidates
    from paperwire.search.embedder import get_query_embedder
    from paperwire.search.ranking import DEFAULT_RANKING
    from paperwire.search.service import parse_search

    started = time.perf_counter()
    vector_index = get_vector_index()
    vector_index.ensure_current()
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    vector_index.save()
    save_seconds = time.perf_counter() - started

    client = Client()
    embedder = get_query_embedder()
    # Warm the model, SQLite's pages and the per-process caches with other
    # queries: a measured query must not find its own vector cached.
    for query in warmup:
        client.get("/search.json", {"q": query})
    timings: dict[str, list[float]] = {"view": [], "embed": [], "fts": [], "ann": [], "repeat": []}
    query_vectors = []
    for query in queries:
        # Interleaved per query so load spikes hit every column alike.
        t0 = time.perf_counter()
        response = client.get("/search.json", {"q": query})
        t1 = time.perf_counter()
        assert response.status_code == 200, response.status_code
        vector = embedder.embed([query])[0]
        t2 = time.perf_counter()
        keyword_candidates(parse_search(query), DEFAULT_RANKING)
        t3 = time.perf_counter()
        assert vector_index.index is not None
        vector_index.index.search(vector, DEFAULT_RANKING.semantic_candidates + SEMANTIC_OVERFETCH)
        t4 = time.perf_counter()
        timings["view"].append(t1 - t0)
        timings["embed"].append(t2 - t1)
        timings["fts"].append(t3 - t2)
        timings["ann"].append(t4 - t3)
        query_vectors.append(vector)
    for query in queries:
        # The same queries again: what paging, a second sort or a shared link
        # costs once the query's vector is cached.
        t0 = time.perf_counter()
        client.get("/search.json", {"q": query})
        timings["repeat"].append(time.perf_counter() - t0)
    rss = peak_rss_mib()

    matrix = np.vstack(query_vectors).astype(np.float32)
    truth = exact_top10(matrix)
    recalls = []
    for vector, expected in zip(matrix, truth, strict=True):
        found = {int(key) for key in vector_index.index.search(vector, 10).keys}
        # Keys are paper ids; the exact search returned paper ids too.
        recalls.append(len(found & expected) / 10)
    # The expansion_search sweep behind the constant in ann.py.
    shipped = vector_index.index.expansion_search
    sweep = {}
    for expansion in (128, 256, 512, 1024):
        vector_index.index.expansion_search = expansion  # type: ignore[misc]
        t0 = time.perf_counter()
        found_rows = [{int(key) for key in vector_index.index.search(vector, 10).keys} for vector in matrix]
        per_query_ms = 1000 * (time.perf_counter() - t0) / len(matrix)
        recall = np.mean([len(f & e) / 10 for f, e in zip(found_rows, truth, strict=True)])
        sweep[expansion] = {"recall@10": round(float(recall), 4), "ms": round(per_query_ms, 2)}
    vector_index.index.expansion_search = shipped  # type: ignore[misc]
    return {
        "papers": size,
        "queries": len(queries),
        **{
            f"{name}_ms": {p: round(1000 * percentile(values, p), 2) for p in (50, 95, 99)}
            for name, values in timings.items()
        },
        "ann_recall@10": round(float(np.mean(recalls)), 4),
        "expansion_sweep": sweep,
        "ann_build_s": round(build_seconds, 1),
        "ann_save_s": round(save_seconds, 1),
        "peak_rss_mib": round(rss),
    }


def embedding_throughput(texts: list[tuple[str, str]], n: int, rounds: int = 4) -> dict[str, float]:
    """The indexer's abstracts per CPU second against a bare tokenizer+ONNX loop, interleaved in rounds.

    Each round is one ``index_pending()`` run of ``n // rounds`` abstracts
    (a small run pays any fixed per-run cost, such as saving the ANN index,
    over few papers). CPU time of this process (every thread, user and
    system), not wall time: the machine is shared, and other people's load
    stretches wall time but not the work done here. Wall time is reported too.
    """
    from paperwire.papers.models import Paper
    from paperwire.search.ann import get_vector_index
    from paperwire.search.embedder import get_embedder
    from paperwire.search.indexing import document_text, index_pending

    embedder = get_embedder()
    bare_cpu = pipeline_cpu = bare_wall = pipeline_wall = 0.0
    done = 0
    per_round = max(1, n // rounds)
    # A worker's first run in a process walks the whole catalogue for papers
    # without a vector (then once every FULL_WALK_EVERY_SECONDS): ~0.5 s of
    # CPU at a million papers, which a long-lived worker spreads over ten
    # minutes of runs. Pay it here, unmeasured, on a paper of its own.
    warm_title, warm_abstract = texts[-1]
    Paper.objects.create(
        arxiv_id=f"9912.{Paper.objects.filter(arxiv_id__startswith='9912.').count():05d}",
        title=warm_title,
        abstract=warm_abstract,
    )
    index_pending()
    for round_number in range(rounds):
        sample = texts[round_number * per_round : (round_number + 1) * per_round]
        docs = [document_text(t, a) for t, a in sample]
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(0, len(docs), 4):  # the bare loop: batches of 4, nothing else
            embedder.embed(docs[i : i + 4])
        bare_cpu += time.process_time() - cpu
        bare_wall += time.perf_counter() - wall
        # Valid ids (the view links them), unique across reruns on one work folder.
        prefix = f"{9900 + round_number}."
        offset = Paper.objects.filter(arxiv_id__startswith=prefix).count()
        Paper.objects.bulk_create(
            [Paper(arxiv_id=f"{prefix}{offset + i:05d}", title=t, abstract=a) for i, (t, a) in enumerate(sample)]
        )
        cpu, wall = time.process_time(), time.perf_counter()
        done += index_pending()
        pipeline_cpu += time.process_time() - cpu
        pipeline_wall += time.perf_counter() - wall
    # Runs soon after a save leave theirs to a later one (indexing.SAVE_EVERY_SECONDS):
    # that save, with the graph insertions it catches up on, is the pipeline's work too.
    cpu, wall = time.process_time(), time.perf_counter()
    get_vector_index().save()
    pipeline_cpu += time.process_time() - cpu
    pipeline_wall += time.perf_counter() - wall
    total = rounds * per_round
    return {
        "abstracts": total,
        "per_run": per_round,
        "bare_cpu_ms_per_abstract": round(1000 * bare_cpu / total, 1),
        "pipeline_cpu_ms_per_abstract": round(1000 * pipeline_cpu / done, 1),
        "cpu_ratio": round((bare_cpu / total) / (pipeline_cpu / done), 3),
        "bare_per_s": round(total / bare_wall, 2),
        "pipeline_per_s": round(done / pipeline_wall, 2),
        "ratio": round((done / pipeline_wall) / (total / bare_wall), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workdir", type=Path, help="reuse a catalogue built by an earlier run")
    parser.add_argument("--spread", type=float, default=0.8, help="scale of the real-shaped noise around real vectors")
    parser.add_argument("--throughput", type=int, default=64, help="abstracts for the pipeline/bare comparison")
    parser.add_argument("--throughput-rounds", type=int, default=4, help="index_pending() runs they are split into")
    parser.add_argument("--centres", type=Path, help="a .npy of real unit vectors to scatter synthetic ones around")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="paperwire-latency-"))
    workdir.mkdir(parents=True, exist_ok=True)
    setup_django(workdir)
    print(f"work folder: {workdir}", file=sys.stderr)

    texts = real_texts(args.data)
    shape = CorpusShape(texts)
    from paperwire.search.embedder import get_embedder

    embedder = get_embedder()
    cache = [args.centres] if args.centres else []
    cache += sorted((Path(tempfile.gettempdir()) / "paperwire-bench-cache").glob("scifact-*-MiniLMEmbedder.npy"))
    if cache:
        centres = np.load(cache[0]).astype(np.float32)
    else:
        # No cache from search_quality.py: embed a few hundred real abstracts now.
        sample = texts[:: max(1, len(texts) // 400)][:400]
        centres = np.vstack([embedder.embed([f"{t}. {a}"]) for t, a in sample]).astype(np.float32)
    profile = similarity_profile(centres, synthetic_vectors(centres, 100_000, args.spread, np.random.default_rng(5)))
    vectors_note = (
        f"synthetic: real MiniLM vectors of {len(centres)} real abstracts + {args.spread} x noise with the real "
        f"vectors' covariance ({profile} at 100k; real SciFact: {similarity_profile(centres, centres)})"
    )
    print(f"vectors: {vectors_note}", file=sys.stderr)

    scifact_queries = [
        json.loads(line)["text"] for line in (args.data / "beir-scifact" / "queries.jsonl").open() if line.strip()
    ]
    half = args.queries // 2
    queries = shape.keyword_queries(args.queries - half) + scifact_queries[:half]
    warmup = shape.keyword_queries(10) + scifact_queries[-10:]

    start_load = os.getloadavg()
    print(f"load average at the start: {start_load[0]:.1f} {start_load[1]:.1f} {start_load[2]:.1f}", file=sys.stderr)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        insert_seconds = grow_catalogue(shape, centres, size, args.spread)
        keys_seconds = key_titles()
        row = measure(queries, warmup, size)
        row["insert_s"] = round(insert_seconds, 1)
        row["title_keys_s"] = round(keys_seconds, 1)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)

    throughput = embedding_throughput(texts[:: max(1, len(texts) // 1000)], args.throughput, args.throughput_rounds)

    load = os.getloadavg()
    print(f"\nSQLite mode, {args.queries} queries per size (half 2-4 keywords, half SciFact claims)")
    print(f"vectors: {vectors_note}")
    print(
        f"load average at the start: {start_load[0]:.1f} {start_load[1]:.1f} {start_load[2]:.1f}, at the end: "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
    )
    header = (
        f"{'papers':>9} | {'view p50/p95/p99 ms':>22} | {'embed p50/p99':>14} | {'fts p50/p99':>14} | "
        f"{'ann p50/p99':>12} | {'repeat p50/p99':>14} | {'recall@10':>9} | {'RSS MiB':>7} | {'ANN build s':>11}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        view, embed, fts, ann, repeat = (row[f"{n}_ms"] for n in ("view", "embed", "fts", "ann", "repeat"))
        print(
            f"{row['papers']:>9,} | {view[50]:>6.1f} /{view[95]:>6.1f} /{view[99]:>6.1f} | "
            f"{embed[50]:>5.1f} /{embed[99]:>6.1f} | {fts[50]:>5.1f} /{fts[99]:>6.1f} | "
            f"{ann[50]:>4.2f} /{ann[99]:>5.2f} | {repeat[50]:>5.1f} /{repeat[99]:>6.1f} | "
            f"{row['ann_recall@10']:>9.3f} | {row['peak_rss_mib']:>7} | "
            f"{row['ann_build_s']:>11.1f}"
        )
    for row in rows:
        sweep = ", ".join(f"{e}: {v['recall@10']:.3f} ({v['ms']:.2f} ms)" for e, v in row["expansion_sweep"].items())
        print(f"expansion_search sweep at {row['papers']:,}: {sweep}")
    print(
        f"\nembedding, CPU time: pipeline {throughput['pipeline_cpu_ms_per_abstract']} ms/abstract vs bare model loop "
        f"{throughput['bare_cpu_ms_per_abstract']} ms/abstract = {100 * throughput['cpu_ratio']:.0f} % "
        f"({throughput['abstracts']} abstracts in runs of {throughput['per_run']}, interleaved); wall: "
        f"{throughput['pipeline_per_s']}/s vs {throughput['bare_per_s']}/s = {100 * throughput['ratio']:.0f} %"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"rows": rows, "throughput": throughput, "vectors": vectors_note, "load": load}, indent=2)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
