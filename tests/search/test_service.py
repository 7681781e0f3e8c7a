"""search(): hybrid ranking, filters, sorting and paging, on the real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from paperwire.search.fusion import fuse
from paperwire.search.indexing import index_pending
from paperwire.search.ranking import DEFAULT_RANKING, Ranking
from paperwire.search.service import search
from tests.search.corpus import add_papers

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers():
    papers = add_papers()
    index_pending()
    return papers


def titles(results) -> list[str]:
    return [hit.paper.title for hit in results.items]


def test_it_ranks_a_title_match_above_an_abstract_match(papers) -> None:
    results = search("denoising")
    assert titles(results)[0] == "A study of denoising schedules"
    assert "Latent diffusion models for image editing" in titles(results)


def test_it_finds_papers_by_author_name_typed_as_words(papers) -> None:
    assert titles(search("lecun"))[0] == "Graph neural networks for molecules"


def test_it_never_shows_hidden_papers(papers) -> None:
    for query in ("diffusion spam", "buy", "cat:cs.CV", "image editing"):
        assert "Diffusion spam about image editing" not in titles(search(query)), query


def test_it_requires_phrases_and_drops_excluded_words(papers) -> None:
    assert set(titles(search('"image editing"'))) == {
        "Latent diffusion models for image editing",
        "Video diffusion at scale",
    }
    assert titles(search('"image editing" -video')) == ["Latent diffusion models for image editing"]
    assert "Video diffusion at scale" not in titles(search("diffusion -temporal"))


def test_it_filters_by_category_author_and_dates(papers) -> None:
    assert set(titles(search("diffusion cat:stat.ML"))) == {"A study of denoising schedules"}
    assert set(titles(search("diffusion", category="cs.CV"))) == {
        "Latent diffusion models for image editing",
        "Video diffusion at scale",
    }
    assert titles(search("diffusion author:ommer")) == ["Latent diffusion models for image editing"]
    assert titles(search("diffusion", author="Tim Brooks")) == ["Video diffusion at scale"]
    assert titles(search('author:"Geoffrey Hinton"')) == ["Graph neural networks for molecules"]
    assert titles(search("diffusion after:2025-04-01")) == ["Video diffusion at scale"]
    assert titles(search("diffusion", before=date(2024, 12, 31))) == ["A study of denoising schedules"]
    # A whole archive: cat:cs covers cs.CV and cs.LG.
    assert "A study of denoising schedules" not in titles(search("diffusion cat:cs"))


def test_it_lists_filter_only_queries_newest_first(papers) -> None:
    assert titles(search("cat:cs.CV")) == ["Video diffusion at scale", "Latent diffusion models for image editing"]


def test_it_sorts_by_newest_and_by_upvotes(papers) -> None:
    newest = titles(search("diffusion", sort="newest"))
    assert newest[:2] == ["Video diffusion at scale", "Latent diffusion models for image editing"]
    upvoted = [hit.paper.upvote_count for hit in search("diffusion", sort="upvotes").items]
    assert upvoted == sorted(upvoted, reverse=True)


def test_it_pages_through_results(papers) -> None:
    first = search("diffusion", per_page=2, page=1)
    second = search("diffusion", per_page=2, page=2)
    assert first.total == second.total == 3
    assert first.has_next and not second.has_next
    assert not set(first.ids) & set(second.ids)


def test_it_highlights_matches_and_escapes_markup() -> None:
    from tests.papers.factories import make_paper

    make_paper(title="Bounds for <b>graphs</b> & $O(n < m)$", abstract="We bound graphs when a < b & c > d.")
    hit = search("graphs").items[0]
    assert str(hit.title_html) == "Bounds for &lt;b&gt;<mark>graphs</mark>&lt;/b&gt; &amp; $O(n &lt; m)$"
    assert "<mark>graphs</mark> when a &lt; b &amp; c &gt; d" in str(hit.snippet_html)


def test_it_finds_papers_without_a_vector_by_keywords_and_counts_them() -> None:
    add_papers()
    results = search("molecules")
    assert titles(results) == ["Graph neural networks for molecules"]
    assert results.items[0].matched_by == ("keyword",)
    assert results.pending_index_count == 4  # the hidden paper does not count


def test_it_adds_meaning_matches_once_papers_are_indexed(papers) -> None:
    results = search("molecules")
    assert results.pending_index_count == 0
    assert results.items[0].matched_by == ("keyword", "semantic")


def test_it_fuses_ranked_lists_by_reciprocal_rank() -> None:
    fused = [paper_id for paper_id, _ in fuse([(1, 9.0), (2, 8.0), (3, 7.0)], [(3, 0.9), (4, 0.8)])]
    # 3 is in both lists, so it beats 1, which is first in only one.
    assert fused[0] == 3
    assert set(fused) == {1, 2, 3, 4}


def test_it_ranks_with_the_weights_it_is_given(papers) -> None:
    keyword_only = replace(DEFAULT_RANKING, semantic_weight=0.0)
    assert titles(search("denoising", ranking=keyword_only))[0] == "A study of denoising schedules"
    # Abstracts weighted far above titles: the paper with the word in its abstract wins.
    abstracts_first = replace(keyword_only, bm25_weights=(0.01, 0.1, 10.0), ts_rank_weights=(0.0, 1.0, 0.1, 0.01))
    assert titles(search("denoising", ranking=abstracts_first))[0] == "Latent diffusion models for image editing"


def test_it_leaves_out_a_list_whose_weight_is_zero(papers) -> None:
    keyword_only = search("diffusion image", ranking=replace(DEFAULT_RANKING, semantic_weight=0.0))
    assert keyword_only.items and all(hit.matched_by == ("keyword",) for hit in keyword_only.items)
    semantic_only = search("diffusion image", ranking=replace(DEFAULT_RANKING, keyword_weight=0.0))
    assert semantic_only.items and all(hit.matched_by == ("semantic",) for hit in semantic_only.items)
    assert fuse([(1, 9.0)], [(2, 0.9)], replace(DEFAULT_RANKING, semantic_weight=0.0)) == [(1, 1 / 11)]


def test_it_refuses_a_ranking_with_negative_or_missing_weights() -> None:
    with pytest.raises(ValueError):
        replace(DEFAULT_RANKING, semantic_weight=-1.0)
    with pytest.raises(ValueError):
        replace(DEFAULT_RANKING, bm25_weights=(1.0, 1.0))  # type: ignore[arg-type]  # what an untyped caller could pass
    assert isinstance(replace(DEFAULT_RANKING, rrf_k=60), Ranking)


def test_it_says_nothing_when_nothing_matches(papers) -> None:
    assert search("zzzqqqxxy").items == []
    assert search("").items == []
