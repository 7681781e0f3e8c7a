from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from paperwire.papers.models import DailyEntry, Paper

pytestmark = pytest.mark.django_db


def test_it_loads_the_shipped_demo_corpus_once():
    first, second = StringIO(), StringIO()
    call_command("ingest", "demo", stdout=first, stderr=StringIO())
    call_command("ingest", "demo", quiet=True, stdout=second, stderr=StringIO())

    papers = Paper.objects.count()
    added = int(first.getvalue().split(",")[0].removeprefix("added "))
    assert added == papers > 1500
    assert first.getvalue().strip().endswith("rejected 0")
    assert second.getvalue().startswith("added 0, updated 0, unchanged ")
    # Seed papers that are on no daily list live in the reserved 0000.000xx range.
    seeds = Paper.objects.filter(arxiv_id__startswith="0000.000")
    assert seeds.count() == 56
    assert not DailyEntry.objects.filter(paper__in=seeds).exists()
    assert DailyEntry.objects.count() == papers - 56
    latest = DailyEntry.objects.order_by("-list_date").first()
    assert latest is not None and latest.list_date.isoformat() == "2026-06-30"
