from django.apps import AppConfig


class FrontConfig(AppConfig):
    """The reader's pages, composed from every domain app; no domain app imports it."""

    name = "paperwire.front"
    label = "front"
    verbose_name = "Pages"
