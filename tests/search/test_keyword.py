"""Keyword search: BM25 on both databases, and its bounded scan for words that match much of the catalogue."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.conf import settings

from paperwire.search.keyword import keyword_search
from paperwire.search.query import parse_query
from paperwire.search.ranking import DEFAULT_RANKING
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


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


def test_it_ranks_a_paper_with_the_rare_word_above_one_with_the_common_word() -> None:
    common = [make_paper(title=f"Graph study {i}", abstract="We study a graph.") for i in range(6)]
    rare = make_paper(title="Zebrafish study", abstract="We study a zebrafish.")
    ranked = [paper_id for paper_id, _ in keyword_search(parse_query("graph zebrafish"), 10)]
    assert ranked[0] == rare.id and set(ranked[1:]) == {paper.id for paper in common}


def test_it_ranks_a_short_abstract_above_a_long_one_with_the_word_as_often() -> None:
    long = make_paper(title="A study", abstract="Enzymes " + "and other things we looked at " * 30)
    short = make_paper(title="A study", abstract="Enzymes in brief.")
    make_paper(title="Unrelated", abstract="Nothing here.")
    assert [paper_id for paper_id, _ in keyword_search(parse_query("enzymes"), 10)] == [short.id, long.id]


def test_it_ranks_a_title_word_above_the_same_word_in_the_abstract() -> None:
    in_abstract = make_paper(title="A study of cells", abstract="Telomerase in cells.")
    in_title = make_paper(title="Telomerase", abstract="A study of cells in cells.")
    assert [paper_id for paper_id, _ in keyword_search(parse_query("telomerase"), 10)] == [in_title.id, in_abstract.id]


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="stored term statistics are PostgreSQL's")
def test_it_scores_papers_added_after_the_last_statistics_refresh_exactly_as_after_one() -> None:
    from paperwire.search.bm25 import refresh_term_statistics
    from paperwire.search.models import CorpusStatistic

    make_paper(title="Protein folding", abstract="Proteins fold.")
    refresh_term_statistics(full=True)
    # Now "folding" becomes common; nobody has refreshed the statistics yet.
    for i in range(5):
        make_paper(title=f"Folding paper {i}", abstract="Folding again.")
    before = keyword_search(parse_query("protein folding"), 10)
    assert refresh_term_statistics() == 5
    assert CorpusStatistic.objects.get().documents == 6
    assert keyword_search(parse_query("protein folding"), 10) == before
    assert refresh_term_statistics(full=True) == 6
    assert keyword_search(parse_query("protein folding"), 10) == before
