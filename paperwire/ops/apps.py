from datetime import timedelta

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "paperwire.ops"
    label = "ops"

    def ready(self) -> None:
        from paperwire.ops.schedule import register_periodic
        from paperwire.ops.tasks import heartbeat_task

        register_periodic("ops.heartbeat", every=timedelta(minutes=1), task=heartbeat_task)

        from paperwire.ops import builtin_metrics

        builtin_metrics.register()
