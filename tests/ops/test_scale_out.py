"""Scale-out mode end to end: PostgreSQL + Redis, two web processes, two workers.

Runs once, in the PostgreSQL pass of the suite (it starts its own pgserver
and redis-server either way, so running it twice would only cost time).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from tests.support.cluster import REDIS_SERVER, Cluster, scale_out_cluster
from tests.support.smtp import SMTPServer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("PAPERWIRE_DATABASE_URL"), reason="runs in the PostgreSQL pass of scripts/test.sh"
    ),
    pytest.mark.skipif(not Path(REDIS_SERVER).exists(), reason="redis-server is not installed"),
]

HF_FILES = ["2025-06-02.json", "2025-06-03.json"]
VOTERS = 6
SUBSCRIBERS = 25
QUERIES = ["reinforcement learning reasoning", "video generation diffusion", "multimodal benchmark", "agents"]


def _wait_until(predicate, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.5)


def _search_ids(base_url: str, query: str) -> list[str]:
    response = requests.get(f"{base_url}/api/papers/search", params={"q": query, "limit": "10"}, timeout=30)
    response.raise_for_status()
    return [item["paper"]["id"] if "paper" in item else item["id"] for item in response.json()]


def test_it_behaves_the_same_across_processes_and_machines_worth_of_workers(shared_data, tmp_path) -> None:
    smtp = SMTPServer()
    smtp.start()
    lists = tmp_path / "hf-daily"
    lists.mkdir()
    for name in HF_FILES:
        shutil.copy(shared_data / "hf-daily" / name, lists / name)
    try:
        with scale_out_cluster(
            PAPERWIRE_SMTP_HOST="127.0.0.1",
            PAPERWIRE_SMTP_PORT=str(smtp.port),
            PAPERWIRE_DIGEST_SEND_HOUR="0",
            PAPERWIRE_RATELIMIT_ENABLED="false",
        ) as cluster:
            cluster.paperwire("ingest", "hf-daily", str(lists), "--quiet")
            tokens = cluster.add_people(voters=VOTERS, subscribers=SUBSCRIBERS, recent_days=len(HF_FILES))
            web_a = cluster.start_web(workers=1)
            web_b = cluster.start_web(workers=1)
            cluster.start_worker("worker-1")
            cluster.start_worker("worker-2")

            # Index: the workers embed every imported paper.
            cluster.wait_for_index(timeout=240)

            # Upvote through both web processes at once.
            papers = requests.get(f"{web_a}/api/daily_papers", params={"limit": 5}, timeout=30).json()
            paper_ids = [item["paper"]["id"] for item in papers]
            before = {item["paper"]["id"]: item["paper"]["upvotes"] for item in papers}
            errors: list[str] = []

            def vote(number: int, token: str) -> None:
                session = requests.Session()
                session.headers["Authorization"] = f"Bearer {token}"
                for index, arxiv_id in enumerate(paper_ids):
                    base = web_a if (number + index) % 2 else web_b
                    response = session.post(f"{base}/api/v1/papers/{arxiv_id}/upvote", timeout=30)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {response.text[:200]}")

            threads = [threading.Thread(target=vote, args=(n, t)) for n, t in enumerate(tokens)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert errors == []
            for base in (web_a, web_b):
                for arxiv_id in paper_ids:
                    info = requests.get(f"{base}/api/papers/{arxiv_id}", timeout=30).json()
                    assert info["upvotes"] == before[arxiv_id] + VOTERS, (base, arxiv_id)

            # Digests: several send tasks race on two workers; each reader gets one copy.
            cluster.enqueue_digests()
            _wait_until(lambda: len(smtp.messages) >= SUBSCRIBERS, 180, "the digest edition was not delivered")
            time.sleep(3)  # a duplicate would arrive now
            per_reader = Counter(rcpt for message in smtp.messages for rcpt in message.recipients)
            assert len(per_reader) == SUBSCRIBERS
            assert max(per_reader.values()) == 1, per_reader.most_common(3)

            cluster_results = {query: _search_ids(web_a, query) for query in QUERIES}
            assert cluster_results == {query: _search_ids(web_b, query) for query in QUERIES}
    finally:
        smtp.stop()

    # The embedded mode on the same data answers the same searches.
    embedded_dir = tmp_path / "embedded"
    embedded_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PAPERWIRE_DATABASE_URL", "PAPERWIRE_SQLITE_PATH")}
    env["PAPERWIRE_DATA_DIR"] = str(embedded_dir)
    env["PAPERWIRE_RATELIMIT_ENABLED"] = "false"
    embedded = Cluster(env=env, data_dir=embedded_dir)
    try:
        embedded.paperwire("setup", "--no-demo")
        embedded.paperwire("ingest", "hf-daily", str(lists), "--quiet")
        embedded.paperwire("index", "rebuild")
        url = embedded.start_web(prod=False)
        embedded_results = {query: _search_ids(url, query) for query in QUERIES}
    finally:
        embedded.stop()
        shutil.rmtree(embedded_dir, ignore_errors=True)
    # Both modes share the embedder, the fusion and the filters, but not the
    # keyword ranker (FTS5 bm25 on SQLite, ts_rank_cd on PostgreSQL), so the
    # lists agree at the top and may swap neighbours further down.
    for query in QUERIES:
        embedded_top, cluster_top = embedded_results[query], cluster_results[query]
        overlap = len(set(embedded_top) & set(cluster_top)) / max(1, len(cluster_top))
        print(f"{query!r}: top-10 overlap {overlap:.0%}, same first hit: {embedded_top[:1] == cluster_top[:1]}")
        assert embedded_top[0] in cluster_top[:3] and cluster_top[0] in embedded_top[:3], query
        assert overlap >= 0.7, (query, embedded_top, cluster_top)
