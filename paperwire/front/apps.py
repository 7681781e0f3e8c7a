from django.apps import AppConfig


class FrontConfig(AppConfig):
    """The reader's pages, composed from every domain app; no domain app imports it."""

    name = "paperwire.front"
    label = "front"
    verbose_name = "Pages"

    def ready(self) -> None:
        from paperwire.lib.pages import register_page

        # The pages that domain apps link to by kind (feeds, cards, form redirects): see lib/pages.py.
        for kind, url_name in (
            ("latest", "front:latest"),
            ("daily", "front:daily"),
            ("trending", "front:trending"),
            ("category_list", "front:category_list"),
            ("author", "front:author"),
            ("organization", "front:organization"),
            ("profile", "front:profile"),
            ("library", "front:library"),
            ("library_import", "front:library_import"),
            ("follows", "front:follows"),
            ("for_you", "front:for_you"),
        ):
            register_page(kind, url_name)
