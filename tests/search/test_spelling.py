"""Typos corrected to what the reader meant, shown as words, and correct queries left alone."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from paperwire.papers.models import Paper
from paperwire.search.indexing import index_pending
from paperwire.search.service import search
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

TITLES = {
    "speculative": ("Fast inference from transformers via speculative decoding", "A draft model proposes tokens."),
    "speculative_trees": ("Speculative decoding with draft trees", "Tree attention verifies many drafts at once."),
    "spectromotion": (
        "SpectroMotion: dynamic 3D reconstruction of specular scenes",
        "Specular reflections of moving objects, reconstructed.",
    ),
    "specular": ("Specular highlights in neural rendering", "A specular lobe for radiance fields."),
    "splatting": ("3D Gaussian splatting for real-time radiance field rendering", "Anisotropic Gaussians."),
    "splatting_video": ("Gaussian splatting for dynamic scenes", "Splatting moving Gaussians over time."),
    "experts": ("Mixture of experts language models", "Sparse experts route each token."),
    "experts_vision": ("Scaling vision with a sparse mixture of experts", "Experts for image patches."),
    "flora": ("FLoRA: low-rank adapters are secretly gradient compressors", "Random projections of gradients."),
}
# A word fifty times as common as "flora", one edit from it: a neighbour the old corrector could not resist.
LORA_PAPERS = 55


@pytest.fixture
def papers() -> dict[str, Paper]:
    made = {name: make_paper(title=title, abstract=abstract) for name, (title, abstract) in TITLES.items()}
    for number in range(LORA_PAPERS):
        make_paper(title=f"Adapters for task {number}", abstract="LoRA adapters fine-tune a frozen model.")
    index_pending()
    return made


def test_a_typo_is_corrected_towards_the_words_the_other_words_go_with(papers: dict[str, Paper]) -> None:
    results = search("speculatve decodng")
    assert results.corrected_query == "speculative decoding"
    assert results.items[0].paper in (papers["speculative"], papers["speculative_trees"])
    assert papers["spectromotion"] not in [hit.paper for hit in results.items]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("speculatve decodng", "speculative decoding"),
        ("gaussian splattng", "gaussian splatting"),
        ("mixture of exprts", "mixture of experts"),
        ("Speculatve Decodng", "Speculative Decoding"),
    ],
)
def test_the_notice_shows_whole_words_not_stems(
    client: Client, papers: dict[str, Paper], typed: str, shown: str
) -> None:
    html = client.get("/search", {"q": typed}).content.decode()
    notice = re.search(r'class="search-correction"[^>]*>Showing results for <a [^>]*><strong>([^<]*)</strong>', html)
    assert notice is not None and notice.group(1) == shown


@pytest.mark.parametrize(
    ("typed", "name"), [(title, name) for name, (title, _) in TITLES.items()] + [("FLoRA low-rank adapters", "flora")]
)
def test_a_correct_query_is_never_corrected(papers: dict[str, Paper], typed: str, name: str) -> None:
    results = search(typed)
    assert (results.corrected_query, results.suggestion) == ("", "")
    assert results.items[0].paper == papers[name]
