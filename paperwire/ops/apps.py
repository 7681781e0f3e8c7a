from datetime import timedelta

from django.apps import AppConfig

from paperwire.ops.metrics import register_gauge


class OpsConfig(AppConfig):
    name = "paperwire.ops"
    label = "ops"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which
        # Django can load only once every app is registered.
        from paperwire.ops.queue import queue_depth, queue_depths
        from paperwire.ops.schedule import register_periodic
        from paperwire.ops.tasks import heartbeat_task

        register_periodic("ops.heartbeat", every=timedelta(minutes=1), task=heartbeat_task)
        register_gauge("paperwire_task_queue_depth", "Tasks waiting for a worker.", queue_depth)
        register_gauge(
            "paperwire_task_queue_depth_by_class", "Tasks waiting for a worker, by work class.", queue_depths, "queue"
        )
