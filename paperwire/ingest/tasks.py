"""Background tasks of the ingest app (bodies hold no logic)."""

from __future__ import annotations

from django_tasks import task

from paperwire.ingest.enrich import enrich_periodically
from paperwire.ingest.follow import follow_all
from paperwire.ingest.harvest import harvest_recent
from paperwire.ingest.hub_citations import refresh_periodically
from paperwire.ingest.thumbnails import fetch_due_thumbnails


@task()
def harvest_recent_task() -> str:
    counts = harvest_recent()
    return counts.summary() if counts is not None else "no PAPERWIRE_ARXIV_HARVEST_SETS configured"


@task()
def follow_upstreams_task() -> str:
    return "\n".join(follow_all()) or "no PAPERWIRE_FOLLOW configured"


@task()
def fetch_thumbnails_task() -> str:
    stored, refused = fetch_due_thumbnails()
    return f"thumbnails: {stored} stored, {refused} refused"


@task()
def enrich_papers_task() -> str:
    result = enrich_periodically()
    return result.summary() if result is not None else "arXiv enrichment is off (PAPERWIRE_ARXIV_ENRICH=0)"


@task()
def refresh_hub_citations_task() -> str:
    run = refresh_periodically()
    return run.summary() if run is not None else "no PAPERWIRE_HF_HUB configured"
