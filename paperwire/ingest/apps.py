from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "paperwire.ingest"
    label = "ingest"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which
        # Django can load only once every app is registered.
        from paperwire.ingest.harvest import EVERY
        from paperwire.ingest.tasks import harvest_recent_task
        from paperwire.ops.schedule import register_periodic

        # A no-op unless PAPERWIRE_ARXIV_HARVEST_SETS names OAI sets.
        register_periodic("ingest.harvest_recent", every=EVERY, task=harvest_recent_task)
