from django.apps import AppConfig


class LibConfig(AppConfig):
    """paperwire.lib is an app only for the tables its helpers keep (rate-limit counters)."""

    name = "paperwire.lib"
    label = "lib"
    verbose_name = "paperwire shared helpers"
