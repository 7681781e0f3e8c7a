"""The real MiniLM model, end to end: index papers, then find one by meaning alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from paperwire.search.embedder import MiniLMEmbedder, ModelFileError
from paperwire.search.indexing import index_pending
from paperwire.search.service import search
from tests.papers.factories import make_paper

MINILM = "paperwire.search.embedder.MiniLMEmbedder"


@pytest.mark.django_db
def test_it_finds_a_paper_by_meaning_with_the_real_model(settings) -> None:
    settings.EMBEDDER = MINILM
    make_paper(
        title="Forecasting rainfall with recurrent networks",
        abstract="We predict precipitation from weather station time series using LSTMs.",
    )
    make_paper(title="A proof of the four colour theorem", abstract="Planar maps need at most four colours.")
    make_paper(title="Protein folding with attention", abstract="Transformers predict 3D structures of proteins.")
    assert index_pending() == 3

    # None of these words is in the rainfall paper: only the embedding can find it.
    results = search("meteorology deep learning predicting storms", mode="semantic")
    assert results.items[0].paper.title == "Forecasting rainfall with recurrent networks"
    assert results.items[0].matched_by == ("semantic",)
    hybrid = search("meteorology deep learning predicting storms")
    assert hybrid.items[0].paper.title == "Forecasting rainfall with recurrent networks"


def test_it_embeds_unit_vectors_and_refuses_a_model_file_that_is_not_the_pinned_one(tmp_path: Path) -> None:
    vectors = MiniLMEmbedder().embed(["graph neural networks", "a graph network for molecules", "a cake recipe"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3

    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not the model")
    with pytest.raises(ModelFileError, match="sha256"):
        MiniLMEmbedder(model_path=fake)
