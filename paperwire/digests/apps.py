from datetime import timedelta
from typing import Any

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
        _retire_feedback_links_when_sign_ins_are_reset()


def _retire_feedback_links_when_sign_ins_are_reset() -> None:
    """A changed or reset password ends every other session; the 👍/👎 links in old emails go with them."""
    from allauth.account.signals import password_changed, password_reset

    from paperwire.digests.feedback import retire_feedback_links

    def retire(sender: object, user: Any, **kwargs: object) -> None:
        retire_feedback_links(user.pk)

    password_changed.connect(retire, dispatch_uid="digests.retire_feedback_links.changed", weak=False)
    password_reset.connect(retire, dispatch_uid="digests.retire_feedback_links.reset", weak=False)
