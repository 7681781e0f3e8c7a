from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "paperwire.community"
    label = "community"
