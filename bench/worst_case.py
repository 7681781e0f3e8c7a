"""The most expensive input every public route accepts, timed in process (CPU) and over HTTP (wall).

    python bench/worst_case.py [--papers 20000] [--only SUBSTRING] [--skip-http] [--json OUT]

Builds a throwaway SQLite paperwire: the demo corpus plus synthetic papers
(with vectors, keyed and indexed) up to ``--papers``, one heavy reader (2,000
saved papers, 100 tags, 50 follows, an API token, 300 comments on one paper)
and one prolific author (1,000 papers). Then, for every case below (one or
more per route: pages, forms, both APIs, feeds), it sends the largest and most
adversarial input the route accepts (longest fields, worst regular-expression
shapes, widest windows, deepest pages) with the cache cleared first:

* ``cpu s``: the request through Django's test client in this process,
  CPU time of the process (every thread: the embedder runs its own), what
  one request costs a web process;
* ``wall s``: the same request over HTTP to ``paperwire serve --prod``
  (one gunicorn process, debug off).

Targets: no anonymous request over 1 s of CPU, no signed-in request over
3 s; background jobs (not here: ``bench/catalogue_jobs.py`` prints the
longest slice) no step over 1 s between yields. It prints the table sorted
by CPU, the worst route, the cases over their target, and the URL patterns
no case covers (admin, allauth and token-bound links aside).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import numpy as np
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ANONYMOUS_CPU_TARGET = 1.0
SIGNED_IN_CPU_TARGET = 3.0
SECRET_KEY = secrets.token_urlsafe(50)  # one run, loopback only
PASSWORD = "a-long-password-123"  # noqa: S105 - throwaway accounts in a throwaway database
# Regular-expression worst shapes: long runs of a special character, then a newline.
QUESTION_RUN = "https://arxiv.org/abs/" + "?" * 40_000 + "\n"
BRACKETS = "[" * 1000
# As long as a URL may be: gunicorn answers 414 above 4,094 bytes of request line.
LONG_QUERY = " ".join(["transformer", "diffusion", "graph", "reinforcement", "language", "vision"] * 40)


@dataclass
class Case:
    name: str
    pattern: str  # the URL pattern it exercises (coverage report)
    method: str
    path: str
    who: str = "anonymous"  # anonymous | session | token
    data: dict[str, Any] | None = None
    body: str | None = None  # a raw JSON body
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@dataclass
class World:
    paper: str  # arXiv id of the paper with 300 comments
    paper_pk: int
    author: str
    user: str
    token: str
    day: str
    week: str
    month: str
    category: str
    follow_token: str
    known_ids: list[str]
    import_ids: list[str]


def setup_django(workdir: Path) -> None:
    os.environ.setdefault("PAPERWIRE_LOG_LEVEL", "ERROR")
    os.environ["PAPERWIRE_ARXIV_ENRICH"] = "false"
    # The server's key: a session made here is valid there (its auth hash is keyed with it).
    os.environ["PAPERWIRE_SECRET_KEY"] = SECRET_KEY
    # arXiv is never contacted: a fetch a route queues stays queued (no worker runs).
    os.environ["PAPERWIRE_ARXIV_API_URL"] = "http://127.0.0.1:9/api/query"
    import search_latency

    search_latency.setup_django(workdir)  # a fresh SQLite database in workdir, migrated


def build_world(papers: int, data: Path) -> World:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from search_latency import CorpusShape, grow_catalogue, real_texts

    from paperwire.accounts.tokens import create_token
    from paperwire.community.models import Comment
    from paperwire.library.follows import follow
    from paperwire.library.models import Follow, SavedPaper, Tag, TagMembership
    from paperwire.papers.authors import sync_author_index
    from paperwire.papers.models import DailyEntry, Paper
    from paperwire.search.models import SavedSearch
    from paperwire.search.title_keys import sync_title_keys

    print("loading the demo corpus and growing the catalogue…", file=sys.stderr, flush=True)
    call_command("ingest", "demo", "--quiet")
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(64, 384)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    give_vectors(centres)  # the demo papers: synthetic vectors instead of minutes of embedding
    grow_catalogue(CorpusShape(real_texts(data)), centres, papers, 0.5)
    author = "Prolific Person"
    prolific = list(Paper.objects.order_by("-pk").values_list("pk", flat=True)[:1000])
    papers_by_them = list(Paper.objects.filter(pk__in=prolific).only("pk", "authors"))
    for paper in papers_by_them:
        paper.authors = [author, *paper.authors[:2]]
    Paper.objects.bulk_update(papers_by_them, ["authors"], batch_size=500)  # indexed by the sync below
    sync_author_index()
    sync_title_keys()

    user = get_user_model().objects.create_user("heavy", "heavy@example.org", PASSWORD)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    saved = SavedPaper.objects.bulk_create(
        SavedPaper(user=user, paper_id=pk) for pk in Paper.objects.values_list("pk", flat=True)[:2000]
    )
    tags = Tag.objects.bulk_create(Tag(user=user, name=f"tag {n}") for n in range(100))
    TagMembership.objects.bulk_create(TagMembership(tag=tags[n % 100], saved=entry) for n, entry in enumerate(saved))
    follows = [follow(user, Follow.Kind.AUTHOR, f"Author {n}") for n in range(40)]
    follows += [follow(user, Follow.Kind.CATEGORY, category) for category in ("cs.LG", "cs.CV", "cs.CL")]
    follows += [follow(user, Follow.Kind.TAG, str(tag.pk)) for tag in tags[:4]]
    searches = [
        SavedSearch.objects.create(owner=user, query_string=urlencode({"q": f"topic {n} {LONG_QUERY[:200]}"}))
        for n in range(3)
    ]
    follows += [follow(user, Follow.Kind.SAVED_SEARCH, str(search.pk)) for search in searches]
    busy = Paper.objects.filter(daily_entry__isnull=False).order_by("-daily_entry__list_date").first()
    assert busy is not None
    Comment.objects.bulk_create(
        Comment(paper=busy, author=user, body=f"Comment {n}: **bold** $x^2$ [link](https://example.org)")
        for n in range(300)
    )
    _, token = create_token(user, "bench")
    days = DailyEntry.objects.values_list("list_date", flat=True).order_by("-list_date")
    day = days.first()
    assert day is not None
    iso = day.isocalendar()
    return World(
        paper=busy.arxiv_id,
        paper_pk=busy.pk,
        author=author,
        user=user.username,
        token=token,
        day=day.isoformat(),
        week=f"{iso[0]}-W{iso[1]:02d}",
        month=day.strftime("%Y-%m"),
        category="cs.LG",
        follow_token=follows[0].feed_token,
        known_ids=list(Paper.objects.order_by("-pk").values_list("arxiv_id", flat=True)[:1000]),
        import_ids=list(Paper.objects.order_by("pk").values_list("arxiv_id", flat=True)[:5000]),
    )


def give_vectors(centres: np.ndarray) -> None:
    """A synthetic vector for every paper without one (raw inserts, like search_latency.py's)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from search_latency import synthetic_vectors

    from paperwire.papers.models import Paper
    from paperwire.search.models import PaperVector

    missing = list(Paper.objects.filter(search_vector__isnull=True).values_list("pk", flat=True))
    vectors = synthetic_vectors(centres, len(missing), 0.5, np.random.default_rng(2))
    table = PaperVector._meta.db_table
    now = timezone.now().isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (paper_id, vector, embedder, created_at) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [(pk, vectors[n].tobytes(), "synthetic", now) for n, pk in enumerate(missing)],
        )


def amplified_bibtex() -> str:
    """A 200 KB @string referenced by as many entries as fit in the 500 KB paste limit."""
    string = '@string{big = "' + "x" * 200_000 + '"}\n'
    entries = "".join(f"@article{{k{n}, title = big, eprint = {{2401.{n:05d}}}}}\n" for n in range(900))
    return (string + entries)[:500_000]


def large_csl_json(arxiv_ids: list[str]) -> bytes:
    """5,000 papers of the catalogue with 30 unique keywords each: the largest library import (5 MB cap).

    Known papers are saved and tagged at once (unknown ones would only be
    queued for arXiv, 200 at most), so this is the import that writes most.
    """
    items = [
        {"id": f"i{n}", "type": "article", "title": f"Item {n}", "URL": f"https://arxiv.org/abs/{arxiv_id}",
         "keyword": ", ".join(f"kw{n}-{k}" for k in range(30))}
        for n, arxiv_id in enumerate(arxiv_ids[:5000])
    ]  # fmt: skip
    return json.dumps(items).encode()[: 5 * 1024 * 1024]


def cases(world: World) -> list[Case]:
    w = world
    url_field = f"@misc{{a, url = {{{QUESTION_RUN}}}}}"
    known_ids = json.dumps({"positive": w.known_ids[:500], "negative": w.known_ids[500:1000]})
    api_positive = json.dumps({"positive": [QUESTION_RUN] * 5 + [f"2401.{n:05d}" for n in range(495)]})
    return [
        Case("home", "", "GET", "/"),
        Case("latest", "papers", "GET", "/papers"),
        Case("day list", "papers/date/<str:day>", "GET", f"/papers/date/{w.day}"),
        Case("week list", "papers/week/<str:week>", "GET", f"/papers/week/{w.week}"),
        Case("month list", "papers/month/<str:month>", "GET", f"/papers/month/{w.month}"),
        Case("trending month", "papers/trending", "GET", "/papers/trending?window=month"),
        Case("paper, 300 comments", "^papers/", "GET", f"/papers/{w.paper}"),
        Case("author, 1,000 papers", "authors/<path:name>", "GET", f"/authors/{w.author}?page=34"),
        Case("unknown author", "authors/<path:name>", "GET", "/authors/" + "Nobody " * 40),
        Case("category, last page", "list/<str:category>", "GET", f"/list/{w.category}?page=9999"),
        Case("categories", "list", "GET", "/list"),
        Case("stats", "stats", "GET", "/stats"),
        Case("about", "about", "GET", "/about"),
        Case("profile", "u/<str:username>", "GET", f"/u/{w.user}"),
        Case("search page, long query", "search", "GET", f"/search?q={LONG_QUERY}&sort=new&page=50"),
        Case("search json", "search.json", "GET", f"/search.json?q={LONG_QUERY}"),
        Case("related, 20,000 chars", "related", "POST", "/related", data={"text": LONG_QUERY * 12}),
        Case("for-you GET", "for-you", "GET", "/for-you"),
        Case("for-you @string x900", "for-you", "POST", "/for-you", data={"papers": amplified_bibtex()}),
        Case("for-you [ x1000", "for-you", "POST", "/for-you", data={"papers": BRACKETS}),
        Case(
            "for-you url ?x40000",
            "for-you",
            "POST",
            "/for-you",
            data={"papers": url_field},
        ),
        Case("subscribe long email", "subscribe", "POST", "/subscribe", data={"email": "a" * 5000 + "@example.org"}),
        Case("daily rss", "papers/feed.rss", "GET", "/papers/feed.rss"),
        Case("trending atom", "papers/trending/feed.atom", "GET", "/papers/trending/feed.atom"),
        Case(
            "category rss", "papers/category/<str:category>/feed.rss", "GET", f"/papers/category/{w.category}/feed.rss"
        ),
        Case("listing atom", "list/<str:category>/feed.atom", "GET", f"/list/{w.category}/feed.atom"),
        Case("author feed", "authors/<path:name>/feed.rss", "GET", f"/authors/{w.author}/feed.rss"),
        Case("search feed, long query", "search/feed.rss", "GET", f"/search/feed.rss?q={LONG_QUERY}"),
        Case("hf daily, max limit", "api/daily_papers", "GET", f"/api/daily_papers?date={w.day}&limit=100"),
        Case("hf search, long query", "api/papers/search", "GET", f"/api/papers/search?q={LONG_QUERY}&limit=120"),
        Case("hf papers", "api/papers", "GET", "/api/papers?limit=100"),
        Case(
            "hf index",
            "api/papers/index",
            "POST",
            "/api/papers/index",
            who="token",
            body=json.dumps({"arxivId": "2401.00001"}),
        ),
        Case("hf paper", "api/papers/<path:arxiv_id>", "GET", f"/api/papers/{w.paper}"),
        Case("v1 papers", "api/v1/papers", "GET", "/api/v1/papers?limit=100"),
        Case("v1 paper", "api/v1/papers/<path:arxiv_id>", "GET", f"/api/v1/papers/{w.paper}"),
        Case("v1 comments", "api/v1/papers/<path:arxiv_id>/comments", "GET", f"/api/v1/papers/{w.paper}/comments"),
        Case(
            "v1 similar", "api/v1/papers/<path:arxiv_id>/similar", "GET", f"/api/v1/papers/{w.paper}/similar?limit=50"
        ),
        Case("v1 month list", "api/v1/lists/<period>", "GET", f"/api/v1/lists/{w.month}?limit=100"),
        Case("v1 trending month", "api/v1/trending", "GET", "/api/v1/trending?window=month&limit=100"),
        Case("v1 search, long query", "api/v1/search", "GET", f"/api/v1/search?q={LONG_QUERY}&limit=100"),
        Case("v1 recommendations", "api/v1/recommendations", "POST", "/api/v1/recommendations", body=api_positive),
        Case("v1 recommendations 500+500", "api/v1/recommendations", "POST", "/api/v1/recommendations", body=known_ids),
        Case("v1 search, 300 chars", "api/v1/search", "GET", f"/api/v1/search?q={LONG_QUERY[:300]}&limit=100"),
        Case("hf search, 300 chars", "api/papers/search", "GET", f"/api/papers/search?q={LONG_QUERY[:300]}"),
        Case("openapi", "api/openapi.json", "GET", "/api/openapi.json"),
        Case("api docs", "api/docs", "GET", "/api/docs"),
        Case("api root", "api/", "GET", "/api/"),
        Case("healthz", "healthz", "GET", "/healthz"),
        # Signed in.
        Case("library", "library", "GET", "/library?sort=title", who="session"),
        Case("for-you 365 days", "for-you", "GET", "/for-you?days=365", who="session"),
        Case(
            "library import 5,000x30 kw",
            "library/import",
            "POST",
            "/library/import",
            who="session",
            data={"keywords": "on"},
            files={"file": ("big.json", large_csl_json(w.import_ids))},
        ),
        Case("library export", "library/export.bib", "GET", "/library/export.bib", who="session"),
        Case("cite", "library/cite/<int:paper_id>.bib", "GET", f"/library/cite/{w.paper_pk}.bib", who="session"),
        Case("follows", "library/follows", "GET", "/library/follows", who="session"),
        Case(
            "comment preview [ x10000",
            "comments/preview/<int:paper_id>",
            "POST",
            f"/comments/preview/{w.paper_pk}",
            who="session",
            data={"body": "[" * 10_000},
        ),
        Case("submit ?x40000", "submit", "POST", "/submit", who="session", data={"arxiv_id": QUESTION_RUN}),
        Case("save search, long", "search/saved", "POST", "/search/saved", who="session", data={"q": LONG_QUERY}),
        Case("preferences", "subscribe/preferences", "GET", "/subscribe/preferences", who="session"),
        Case("follow feed", "feeds/follow/<str:token>.rss", "GET", f"/feeds/follow/{w.follow_token}.rss"),
        Case("v1 me", "api/v1/me", "GET", "/api/v1/me", who="token"),
        Case("v1 my library", "api/v1/me/library", "GET", "/api/v1/me/library?limit=100", who="token"),
        Case("v1 my library.bib", "api/v1/me/library.bib", "GET", "/api/v1/me/library.bib", who="token"),
        Case("v1 my tags", "api/v1/me/tags", "GET", "/api/v1/me/tags", who="token"),
        Case(
            "v1 submit ?x40000",
            "api/v1/submissions",
            "POST",
            "/api/v1/submissions",
            who="token",
            body=json.dumps({"arxiv_id": QUESTION_RUN}),
        ),
        Case(
            "v1 recommendations signed",
            "api/v1/recommendations",
            "POST",
            "/api/v1/recommendations",
            who="token",
            body=api_positive,
        ),
    ]


def in_process(case: Case, clients: dict[str, Any], world: World) -> tuple[float, int]:
    from django.core.cache import cache

    cache.clear()
    client = clients["session" if case.who == "session" else "anonymous"]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.token}"} if case.who == "token" else {}
    started = time.process_time()
    if case.body is not None:
        response = client.generic(case.method, case.path, case.body, content_type="application/json", **headers)
    elif case.method == "POST":
        from django.core.files.uploadedfile import SimpleUploadedFile

        payload = dict(case.data or {})
        payload.update({key: SimpleUploadedFile(name, content) for key, (name, content) in case.files.items()})
        response = client.post(case.path, payload, **headers)
    else:
        response = client.get(case.path, **headers)
    return time.process_time() - started, response.status_code


def over_http(case: Case, base: str, session_cookie: str, world: World) -> tuple[float, int]:
    session = requests.Session()
    headers: dict[str, str] = {}
    if case.who == "session":
        session.cookies.set("sessionid", session_cookie)
        session.get(f"{base}/library", timeout=120)  # the CSRF cookie
        headers["X-CSRFToken"] = session.cookies.get("csrftoken", "")
        headers["Referer"] = base + "/"
    elif case.who == "token":
        headers["Authorization"] = f"Bearer {world.token}"
    elif case.method == "POST" and case.body is None:
        session.get(f"{base}/for-you", timeout=120)
        headers["X-CSRFToken"] = session.cookies.get("csrftoken", "")
        headers["Referer"] = base + "/"
    started = time.perf_counter()
    try:
        if case.body is not None:
            headers["Content-Type"] = "application/json"
            response = session.request(
                case.method, base + case.path, data=case.body, headers=headers, timeout=300, allow_redirects=False
            )
        else:
            response = session.request(
                case.method,
                base + case.path,
                data=case.data,
                files=case.files or None,
                headers=headers,
                timeout=300,
                allow_redirects=False,  # a sign-in redirect shows as 302, not as the sign-in page's 200
            )
        status = response.status_code
    except requests.RequestException:
        status = 0
    return time.perf_counter() - started, status


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tests.support.cluster import wait_for_http
    from tests.support.smtp import free_port

    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PAPERWIRE_DEBUG": "false",
        "PAPERWIRE_SECRET_KEY": SECRET_KEY,
        "PAPERWIRE_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "paperwire.cli", "serve", "--prod", "--workers", "1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "serve.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    wait_for_http(f"{base}/healthz", timeout=120)
    return process, base


def uncovered_patterns(covered: set[str]) -> list[str]:
    from django.urls import get_resolver

    def walk(patterns: list[Any], prefix: str = "") -> Any:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    skipped = ("admin/", "accounts/", "dev/", "metrics", "tokens/", "static")
    return sorted(
        route
        for route in set(walk(get_resolver().url_patterns))
        if not route.startswith(skipped)
        and not any(route == c or (c.startswith("^") and route.startswith(c)) for c in covered)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--who", default="", help="run only anonymous, session or token cases")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="paperwire-worst-case-"))
    setup_django(workdir)
    from django.contrib.auth import get_user_model
    from django.test import Client

    world = build_world(args.papers, args.data)
    # A view's exception becomes a 500 in the table, as over HTTP, instead of stopping the bench.
    clients = {"anonymous": Client(raise_request_exception=False), "session": Client(raise_request_exception=False)}
    clients["session"].force_login(get_user_model().objects.get(username=world.user))
    session_cookie = clients["session"].cookies["sessionid"].value
    chosen = [case for case in cases(world) if args.only in case.name and args.who in case.who]
    server: subprocess.Popen[bytes] | None = None
    base = ""
    if not args.skip_http:
        server, base = start_server(workdir)
    rows = []
    start_load = os.getloadavg()
    try:
        for case in chosen:
            cpu, status = in_process(case, clients, world)
            wall, http_status = over_http(case, base, session_cookie, world) if server else (float("nan"), 0)
            target = ANONYMOUS_CPU_TARGET if case.who == "anonymous" else SIGNED_IN_CPU_TARGET
            rows.append(
                {
                    "case": case.name,
                    "who": case.who,
                    "cpu_s": cpu,
                    "status": status,
                    "wall_s": wall,
                    "http_status": http_status,
                    "target_s": target,
                    "pattern": case.pattern,
                }
            )
            print(f"  {case.name}: {cpu:.3f} s CPU, {wall:.3f} s wall ({status}/{http_status})", file=sys.stderr)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
    report(rows, start_load, args)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0 if all(row["cpu_s"] <= row["target_s"] for row in rows) else 1


def report(rows: list[dict[str, Any]], start_load: tuple[float, float, float], args: argparse.Namespace) -> None:
    load = os.getloadavg()
    print(
        f"\n{args.papers:,} papers, SQLite; load average {start_load[0]:.1f} {start_load[1]:.1f} {start_load[2]:.1f} "
        f"at the start, {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the end, on {os.cpu_count()} cores"
    )
    header = f"{'case':<30} | {'who':<9} | {'cpu s':>7} | {'wall s':>7} | {'status':>6} | {'target':>6}"
    print(header)
    print("-" * len(header))
    ordered = sorted(rows, key=lambda row: -row["cpu_s"])
    for row in ordered:
        flag = " OVER" if row["cpu_s"] > row["target_s"] else ""
        print(
            f"{row['case']:<30} | {row['who']:<9} | {row['cpu_s']:>7.3f} | {row['wall_s']:>7.3f} | "
            f"{row['status']:>3}/{row['http_status']:<3}| {row['target_s']:>5.0f}s{flag}"
        )
    if ordered:
        worst = ordered[0]
        print(
            f"\nworst route: {worst['case']} ({worst['pattern']}): "
            f"{worst['cpu_s']:.2f} s CPU, {worst['wall_s']:.2f} s wall"
        )
    over = [row["case"] for row in ordered if row["cpu_s"] > row["target_s"]]
    print(f"over target: {', '.join(over) if over else 'none'}")
    if not args.only and not args.who:
        missing = uncovered_patterns({row["pattern"] for row in rows})
        print(f"URL patterns without a case: {', '.join(missing) if missing else 'none'}")


if __name__ == "__main__":
    raise SystemExit(main())
