"""A stored link that is not http(s) (imported before links were checked) is never clickable."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import Client

from paperwire.digests.rendering import paper_context
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

SCRIPT_URL = "javascript:alert(document.cookie)"


def test_it_shows_no_script_link_on_the_list_or_the_paper_page(client: Client) -> None:
    paper = make_paper(list_date=date(2025, 3, 12), github_repo=SCRIPT_URL, project_page=" JavaScript:alert(1)")

    for url in ("/papers/date/2025-03-12", paper.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "javascript:" not in html.lower(), url
        assert ">Code" not in html and "Project page" not in html, url


def test_it_keeps_real_links_on_the_paper_page(client: Client) -> None:
    paper = make_paper(github_repo="https://github.com/ada/engine", project_page="http://ada.example.org/")

    html = client.get(paper.get_absolute_url()).content.decode()

    assert 'href="https://github.com/ada/engine"' in html
    assert 'href="http://ada.example.org/"' in html


def test_it_leaves_a_script_link_out_of_the_digest_email() -> None:
    paper = make_paper(github_repo=SCRIPT_URL)

    html = render_to_string("digests/email/_paper.html", paper_context(paper))

    assert "javascript:" not in html and ">code<" not in html
