from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "paperwire.papers"
    label = "papers"
