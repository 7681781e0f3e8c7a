from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "paperwire.feeds"
    label = "feeds"
