"""A handful of papers with known words, authors, categories and dates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from paperwire.papers.models import Paper
from tests.papers.factories import make_paper


def add_papers() -> dict[str, Paper]:
    specs: dict[str, dict[str, Any]] = {
        "diffusion": dict(
            title="Latent diffusion models for image editing",
            abstract="We edit photographs with a denoising model conditioned on text prompts.",
            authors=["Robin Rombach", "Björn Ommer"],
            categories=["cs.CV", "cs.LG"],
            primary_category="cs.CV",
            published=datetime(2025, 3, 1, tzinfo=UTC),
            upvotes=40,
        ),
        "video": dict(
            title="Video diffusion at scale",
            abstract="Diffusion for video generation with temporal attention and image editing tricks.",
            authors=["Tim Brooks"],
            categories=["cs.CV"],
            primary_category="cs.CV",
            published=datetime(2025, 6, 1, tzinfo=UTC),
            upvotes=90,
        ),
        "abstract_only": dict(
            title="A study of denoising schedules",
            abstract="Schedules matter for diffusion sampling; we compare twelve of them.",
            authors=["Ada Lovelace"],
            categories=["stat.ML"],
            primary_category="stat.ML",
            published=datetime(2024, 11, 1, tzinfo=UTC),
            upvotes=5,
        ),
        "graphs": dict(
            title="Graph neural networks for molecules",
            abstract="Message passing over molecular graphs predicts chemical properties.",
            authors=["Geoffrey E. Hinton", "Yann LeCun"],
            categories=["cs.LG", "q-bio.BM"],
            primary_category="cs.LG",
            published=datetime(2025, 1, 15, tzinfo=UTC),
            upvotes=12,
        ),
        "hidden": dict(
            title="Diffusion spam about image editing",
            abstract="Buy diffusion image editing now.",
            categories=["cs.CV"],
            primary_category="cs.CV",
            hidden=True,
            upvotes=1000,
        ),
    }
    return {name: make_paper(**fields) for name, fields in specs.items()}
