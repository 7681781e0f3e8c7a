from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "paperwire.ops"
    label = "ops"
