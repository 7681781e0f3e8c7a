"""Domain apps link to a reader's page by its kind; the pages app says which URL serves each kind."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from paperwire.lib.pages import PAGE_KINDS, page_url, register_page


def test_every_kind_is_served_once_the_pages_app_is_ready() -> None:
    for kind in PAGE_KINDS - {"author", "organization", "profile", "category_list", "daily"}:
        assert page_url(kind).startswith("/")
    assert page_url("author", "Ion Stoica") == "/authors/Ion%20Stoica"
    assert page_url("profile", "ada") == "/u/ada"
    assert page_url("organization", "ByteDance-Seed") == "/orgs/ByteDance-Seed"
    assert page_url("category_list", "cs.LG") == "/list/cs.LG"
    assert page_url("daily", "2026-11-24") == "/papers/date/2026-11-24"


def test_templates_of_domain_apps_link_by_kind() -> None:
    rendered = Template('{% load pages %}<a href="{% page_url "profile" name %}">').render(Context({"name": "ada"}))
    assert rendered == '<a href="/u/ada">'


def test_an_unknown_kind_is_refused_when_registered_and_when_asked_for() -> None:
    with pytest.raises(ValueError, match="unknown kind of page 'inbox'"):
        register_page("inbox", "front:home")
    with pytest.raises(LookupError, match="no page serves 'inbox'"):
        page_url("inbox")
