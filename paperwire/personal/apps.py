from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "paperwire.personal"
    label = "library"
    verbose_name = "Personal library"
