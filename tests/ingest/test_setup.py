"""``paperwire setup``: migrate, and load the demo corpus only into an empty catalogue."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from paperwire.papers.models import Paper
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def setup(*args: str) -> str:
    out = StringIO()
    call_command("setup", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_loads_the_demo_corpus_into_an_empty_catalogue_and_not_again() -> None:
    first = setup()
    papers = Paper.objects.count()
    second = setup()

    assert "empty catalogue, loading the demo corpus" in first
    assert papers > 1500
    assert f"catalogue has {papers:,} papers; demo corpus not needed" in second
    assert Paper.objects.count() == papers


def test_it_leaves_the_catalogue_empty_with_no_demo() -> None:
    output = setup("--no-demo")

    assert output.strip() == "paperwire: database is up to date"
    assert not Paper.objects.exists()


def test_it_leaves_an_existing_catalogue_alone() -> None:
    make_paper(title="Already here")

    assert "catalogue has 1 papers; demo corpus not needed" in setup()
    assert list(Paper.objects.values_list("title", flat=True)) == ["Already here"]
