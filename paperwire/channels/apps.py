from datetime import timedelta

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "paperwire.channels"
    label = "channels"
    verbose_name = "Chat channels"

    def ready(self) -> None:
        # Imported here: these modules import models, which Django can load
        # only once every app is registered.
        from paperwire.channels.metrics import register_metrics
        from paperwire.channels.tasks import send_due_channels_task
        from paperwire.ops.schedule import register_periodic

        # Every minute: a settled list is posted within a minute or two, and
        # retries whose back-off has passed are picked up on the next run.
        register_periodic("channels.send_due", every=timedelta(minutes=1), task=send_due_channels_task)
        register_metrics()
