"""A tiny deterministic embedder for tests: one dimension per keyword."""

from __future__ import annotations

import numpy as np

KEYWORDS = ["reinforcement", "quantization", "diffusion", "graph", "speech", "robot"]


class KeywordEmbedder:
    name = "keyword-test"
    dim = len(KEYWORDS) + 1

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            lowered = text.lower()
            for j, word in enumerate(KEYWORDS):
                if word in lowered or word[:5] in lowered:
                    rows[i, j] = 1.0
            rows[i, -1] = 0.1  # keeps every row non-zero
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def vectors_for(papers: list) -> dict[int, np.ndarray]:
    """What the search app would hold for these papers with this embedder."""
    matrix = KeywordEmbedder().embed([f"{p.title}. {p.abstract}" for p in papers])
    return {p.pk: matrix[i] for i, p in enumerate(papers)}
