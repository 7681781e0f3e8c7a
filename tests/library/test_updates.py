"""Updates to saved papers (new arXiv version, DOI, journal reference) on the For-you page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from paperwire.library.saving import save_paper
from paperwire.library.updates import library_updates
from paperwire.papers.models import PaperEvent
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_shows_updates_to_saved_papers_in_the_for_you_updates_box() -> None:
    user = get_user_model().objects.create_user("reader", "reader@example.com", "pw-123456789")
    saved = make_paper(title="A paper I saved", published=timezone.now() - dt.timedelta(days=90))
    other = make_paper(title="A paper I never saved")
    save_paper(user, saved)
    PaperEvent.objects.create(paper=saved, kind=PaperEvent.Kind.DOI, new_value="10.1000/xyz & <b>")
    PaperEvent.objects.create(paper=other, kind=PaperEvent.Kind.NEW_VERSION, new_value="v2")
    client = Client()
    client.force_login(user)

    page = client.get("/for-you").content.decode()

    assert "Updates to your library" in page
    assert "A paper I saved" in page and "Now has a DOI: 10.1000/xyz &amp; &lt;b&gt;" in page
    assert "A paper I never saved" not in page


def test_it_leaves_out_news_from_before_the_save() -> None:
    user = get_user_model().objects.create_user("reader", "reader@example.com", "pw-123456789")
    paper = make_paper(title="Saved after its DOI")
    event = PaperEvent.objects.create(paper=paper, kind=PaperEvent.Kind.DOI, new_value="10.1/a")
    PaperEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    save_paper(user, paper)

    assert library_updates(user) == []
    assert "Updates to your library" not in Client().get("/for-you").content.decode()
