from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings


class IngestConfig(AppConfig):
    name = "paperwire.ingest"
    label = "ingest"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which
        # Django can load only once every app is registered.
        from paperwire.ingest.enrich import last_attempt_report
        from paperwire.ingest.harvest import EVERY
        from paperwire.ingest.hub_citations import EVERY as HUB_EVERY
        from paperwire.ingest.tasks import (
            enrich_papers_task,
            fetch_thumbnails_task,
            follow_upstreams_task,
            harvest_recent_task,
            refresh_hub_citations_task,
        )
        from paperwire.ops.schedule import register_periodic
        from paperwire.papers.coverage import register_enrichment_report

        # A no-op unless PAPERWIRE_ARXIV_HARVEST_SETS names OAI sets.
        register_periodic("ingest.harvest_recent", every=EVERY, task=harvest_recent_task)
        # A no-op unless PAPERWIRE_FOLLOW names upstreams.
        follow_every = timedelta(minutes=settings.FOLLOW_INTERVAL_MINUTES)
        register_periodic("ingest.follow_upstreams", every=follow_every, task=follow_upstreams_task)
        # A no-op when PAPERWIRE_ARXIV_ENRICH is off or every paper was asked recently.
        enrich_every = timedelta(minutes=settings.ARXIV_ENRICH_INTERVAL_MINUTES)
        register_periodic("ingest.enrich_papers", every=enrich_every, task=enrich_papers_task)
        # paperwire's own copies of thumbnails, unless the instance hot-links them.
        if not settings.REMOTE_IMAGES:
            register_periodic("ingest.fetch_thumbnails", every=timedelta(minutes=10), task=fetch_thumbnails_task)
        # Pages that count categories say how the last run went, not "running" while arXiv is unreachable.
        register_enrichment_report(last_attempt_report)
        # A no-op (no request) unless PAPERWIRE_HF_HUB names a Hub.
        register_periodic("ingest.hub_citations", every=HUB_EVERY, task=refresh_hub_citations_task)
