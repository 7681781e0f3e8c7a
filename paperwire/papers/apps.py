from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "paperwire.papers"
    label = "papers"

    def ready(self) -> None:
        # Imported here, not at the top: it imports models, which Django can
        # load only once every app is registered.
        from paperwire.papers.metrics import register_metrics

        register_metrics()
