"""The models, datasets and Spaces on a Hugging Face Hub that cite each recent paper.

Off unless ``PAPERWIRE_HF_HUB`` names a Hub (``https://huggingface.co`` or
a compatible one). The worker's periodic job then asks it about a bounded
number of recent papers a run (``papers.citations.recent_papers_due``:
never-asked first, then oldest-asked), the way ``huggingface_hub``'s
``HfApi.list_models(filter="arxiv:<id>")`` does::

    GET /api/models?filter=arxiv:2401.00001&sort=likes&direction=-1&limit=100
    GET /api/datasets?filter=arxiv:…   GET /api/spaces?filter=arxiv:…

following ``Link: <…>; rel="next"`` while the Hub pages its answer, up to
``MAX_PAGES`` pages a kind. So a paper costs three requests, more only when
over ``PAGE_SIZE`` repositories of one kind cite it. Requests go through
``hf_client.Upstream``: one at a time, ``PAPERWIRE_HF_HUB_REQUEST_INTERVAL``
apart, 429/503 waiting out ``Retry-After``, other failures backing off.
Each paper's answer commits on its own (``store_citations``); when the Hub
stays unavailable the run stops, and the next run starts with that paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from paperwire.ingest.hf_client import Upstream, UpstreamError
from paperwire.papers.citations import CitationSeen, Kind, recent_papers_due, store_citations

EVERY = timedelta(hours=1)
# Papers asked about per run: with three requests each, a run stays short.
PAPERS_PER_RUN = 50
# A paper's citations are asked again after this long.
REFRESH_AFTER = timedelta(days=1)
PAGE_SIZE = 100
# Pages read per kind and paper: the most-liked 500 repositories are kept.
MAX_PAGES = 5
TIMEOUT_SECONDS = 30.0
# Repository ids on the Hub are "owner/name", letters, digits, "-", "_" and "."; anything else is not kept.
_REPO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}")

PATHS = {Kind.MODEL: "/api/models", Kind.DATASET: "/api/datasets", Kind.SPACE: "/api/spaces"}


@dataclass
class CitationRun:
    papers: int = 0
    requests: int = 0
    cited: int = 0
    error: str = ""

    def summary(self) -> str:
        line = f"asked the Hub about {self.papers} papers in {self.requests} requests: {self.cited} cited"
        return f"{line}; stopped: {self.error}" if self.error else line


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def citation_in(item: Any) -> CitationSeen | None:
    """One repository of a Hub listing, if it is a public one with a usable id."""
    if not isinstance(item, dict) or item.get("private") is True:
        return None
    repo_id = item.get("id")
    if not isinstance(repo_id, str) or not _REPO_ID.fullmatch(repo_id):
        return None
    changed = item.get("lastModified") or item.get("createdAt")
    return CitationSeen(
        repo_id=repo_id,
        likes=_count(item.get("likes")) or 0,
        downloads=_count(item.get("downloads")),
        last_modified=parse_datetime(changed) if isinstance(changed, str) else None,
    )


def cited_by(hub: Upstream, arxiv_id: str, kind: str) -> list[CitationSeen]:
    """The repositories of one kind citing ``arxiv_id``, most-liked first, page by page."""
    params = {"filter": f"arxiv:{arxiv_id}", "sort": "likes", "direction": "-1", "limit": str(PAGE_SIZE)}
    url: str | None = f"{hub.base_url}{PATHS[Kind(kind)]}"
    found: list[CitationSeen] = []
    for _ in range(MAX_PAGES):
        if url is None:
            break
        page = hub.get_page(url, params)
        if page is None:  # a Hub without this kind of repository
            break
        if not isinstance(page.data, list):
            raise UpstreamError(f"{url}: the answer is not a JSON list")
        found += [seen for seen in map(citation_in, page.data) if seen is not None]
        # The next link carries every parameter already.
        url, params = page.next_url, {}
    return found


def refresh_citations(hub_url: str, *, max_papers: int = PAPERS_PER_RUN, now: datetime | None = None) -> CitationRun:
    """Ask the Hub about up to ``max_papers`` due papers, storing each paper's answer as it comes."""
    started = now or timezone.now()
    run = CitationRun()
    hub = Upstream(hub_url, interval=float(settings.HF_HUB_REQUEST_INTERVAL), timeout=TIMEOUT_SECONDS)
    try:
        due = list(recent_papers_due(started, REFRESH_AFTER).values_list("pk", "arxiv_id")[:max_papers])
        for paper_id, arxiv_id in due:
            try:
                found = {kind: cited_by(hub, arxiv_id, kind) for kind in Kind.values}
            except UpstreamError as exc:
                run.error = str(exc)
                break
            store_citations(paper_id, found, timezone.now())
            run.papers += 1
            run.cited += any(found.values())
    finally:
        run.requests = hub.stats.requests
        hub.close()
    return run


def refresh_periodically() -> CitationRun | None:
    """The worker's job: one bounded run; None (and no request) when ``PAPERWIRE_HF_HUB`` is unset."""
    if not settings.HF_HUB:
        return None
    return refresh_citations(settings.HF_HUB)
