"""Keyword search's bounded scan for words that match a large part of the catalogue."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.conf import settings

from paperwire.papers.tests.factories import make_paper
from paperwire.search.keyword import keyword_search
from paperwire.search.query import parse_query
from paperwire.search.ranking import DEFAULT_RANKING

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(settings.USING_POSTGRES, reason="FTS5 scan limit is the SQLite mode's")
def test_it_ranks_only_the_newest_matches_of_a_word_too_common_to_score_in_full() -> None:
    # The best bm25 match (word in the title, short abstract) is the oldest paper.
    oldest = make_paper(title="Graph graph graph", abstract="Graph.")
    rest = [
        make_paper(title=f"Paper {i}", abstract=f"A long abstract that mentions a graph once, {i}.") for i in range(4)
    ]
    assert keyword_search(parse_query("graph"), 10)[0][0] == oldest.id

    scan_two = replace(DEFAULT_RANKING, scan_limit=2)
    found = {paper_id for paper_id, _ in keyword_search(parse_query("graph"), 10, scan_two)}
    assert found == {rest[-1].id, rest[-2].id}
