from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "paperwire.community"
    label = "community"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which
        # Django can load only once every app is registered.
        from paperwire.community.submit import submission_queued
        from paperwire.community.tasks import wake_for_submission

        submission_queued.connect(wake_for_submission, dispatch_uid="community.wake_for_submission")
