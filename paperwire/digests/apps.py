from datetime import timedelta

from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "paperwire.digests"
    label = "digests"
    verbose_name = "Digests"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which
        # Django can load only once every app is registered.
        from paperwire.digests.metrics import register_metrics
        from paperwire.digests.tasks import send_due_digests_task
        from paperwire.ops.schedule import register_periodic

        # Every five minutes: editions go out at DIGEST_SEND_HOUR, and
        # retries whose backoff has passed are picked up on the next run.
        register_periodic("digests.send_due", every=timedelta(minutes=5), task=send_due_digests_task)
        register_metrics()
