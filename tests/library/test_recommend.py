"""The For-you ranking on small hand-made libraries (hashing embedder: fast, deterministic)."""

from __future__ import annotations

import numpy as np

from paperwire.library.recommend import CandidateIndex, Item
from paperwire.papers.authors import author_key
from paperwire.search.embedder import HashingEmbedder

EMBEDDER = HashingEmbedder()

PAPERS = {
    1: ("Sparse attention for long documents", "Long-context transformers with sparse attention.", ("Nora Quist",)),
    2: ("Sparse attention kernels on GPUs", "Fast kernels for sparse attention patterns.", ("Nora Quist", "Bo Li")),
    3: ("Protein folding with diffusion", "Diffusion models predict protein structures.", ("Carla Diaz",)),
    4: ("Galaxy surveys and dark matter", "Weak lensing maps of dark matter halos.", ("Omar Haddad",)),
    5: ("Retrieval for long documents", "Sparse retrieval over long documents.", ("Nora Quist", "Eve Park")),
    6: ("Crop yields from satellite images", "Remote sensing predicts crop yields.", ("Ian Moss",)),
    7: ("Sparse attention with linear cost", "Linear-cost sparse attention for long-context models.", ("Tom Berg",)),
    8: ("Dense attention for long documents", "Long-context transformers with dense attention.", ("Uma Sethi",)),
}


def item(key: int) -> Item:
    title, abstract, authors = PAPERS[key]
    text = f"{title}. {abstract}"
    return Item(key, text, authors, EMBEDDER.embed([text])[0])


def index() -> CandidateIndex:
    return CandidateIndex([item(k) for k in PAPERS], [0] * len(PAPERS), author_key, dim=EMBEDDER.dim)


def test_it_ranks_an_authors_later_papers_above_unrelated_ones() -> None:
    ranked = [r.key for r in index().rank([item(1), item(2)], limit=6)]
    assert ranked.index(5) < 3  # Nora Quist's later paper, among the papers sharing the library's words
    assert ranked.index(5) < ranked.index(4) and ranked.index(5) < ranked.index(6)
    assert 1 not in ranked and 2 not in ranked  # the library itself is never recommended


def test_it_pushes_papers_like_a_not_interested_one_down() -> None:
    candidates = index()
    before = [r.key for r in candidates.rank([item(1)], limit=7)]
    after = [r.key for r in candidates.rank([item(1)], [item(8)], limit=7)]
    assert 8 not in after
    assert after.index(7) <= before.index(7)
    scores_before = {r.key: r.score for r in candidates.rank([item(1)], limit=7)}
    scores_after = {r.key: r.score for r in candidates.rank([item(1)], [item(7)], limit=7)}
    # Dismissing one sparse-attention paper lowers what resembles it (dense attention on long documents)...
    assert scores_after[8] < scores_before[8]
    # ...and leaves unrelated papers where they were.
    assert scores_after[4] == scores_before[4]


def test_it_explains_each_recommendation_with_real_positives() -> None:
    positives = [item(1), item(3)]
    for recommendation in index().rank(positives, limit=6):
        assert set(recommendation.because) <= {1, 3}
        if recommendation.score > 0.1:
            assert recommendation.because, recommendation
    by_key = {r.key: r for r in index().rank(positives, limit=6)}
    assert by_key[5].because[0] == 1  # same author and words as paper 1, nothing like the protein paper


def test_it_ranks_only_where_the_mask_allows() -> None:
    candidates = index()
    mask = np.zeros(len(candidates), dtype=bool)
    mask[[3, 5]] = True  # rows of papers 4 and 6
    assert {r.key for r in candidates.rank([item(1)], mask=mask)} == {4, 6}


def test_no_source_fills_more_than_three_of_any_ten() -> None:
    # A prolific author: 12 later papers that all outscore everyone else's.
    papers: dict[int, tuple[str, str, tuple[str, ...]]] = {
        100 + n: (f"Sparse attention trick {n}", "Sparse attention for long documents.", ("Nora Quist",))
        for n in range(12)
    }
    papers |= {
        200 + n: (f"Long documents study {n}", "Sparse retrieval of long documents.", (f"Author {n}",))
        for n in range(40)
    }
    papers[1] = PAPERS[1]
    items = [Item(k, f"{t}. {a}", au, EMBEDDER.embed([f"{t}. {a}"])[0]) for k, (t, a, au) in papers.items()]
    candidates = CandidateIndex(items, [0] * len(items), author_key, dim=EMBEDDER.dim)
    positive = [i for i in items if i.key == 1]
    plain = [r.key for r in candidates.rank(positive, limit=20, spread=None)]
    assert sum(1 for key in plain[:10] if key < 200) > 3  # by score alone the author takes the top
    spread = [r.key for r in candidates.rank(positive, limit=20)]
    for start in range(len(spread) - 9):
        assert sum(1 for key in spread[start : start + 10] if 100 <= key < 200) <= 3, spread
    assert spread[0] == plain[0]  # the best paper still leads


def test_papers_drawn_from_one_follow_are_spread_out() -> None:
    def paper(key: int, text: str, author: str, source: str = "") -> Item:
        return Item(key, text, (author,), EMBEDDER.embed([text])[0], source)

    followed = paper(1, "Sparse attention for long documents.", "Nora Quist", "follow:Nora Quist")
    saved = paper(3, "Protein folding with diffusion.", "Carla Diaz")
    papers = [paper(100 + n, f"Sparse attention {n} for long documents.", f"A{n}") for n in range(10)]
    papers += [paper(200 + n, f"Protein folding {n}.", f"B{n}") for n in range(10)]
    candidates = CandidateIndex(papers, [0] * len(papers), author_key, dim=EMBEDDER.dim)
    plain = candidates.rank([followed, saved], limit=10, spread=None)
    assert sum(1 for r in plain if r.because and r.because[0] == 1) > 3
    ranked = candidates.rank([followed, saved], limit=10)
    assert sum(1 for r in ranked if r.because and r.because[0] == 1) <= 3
    assert len(ranked) == 10
