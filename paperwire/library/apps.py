from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "paperwire.library"
    label = "library"
    verbose_name = "Personal library"
