"""What the hf-daily importer accepts from Hugging Face: its shape, new keys included, and what it skips."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from paperwire.ingest.hf_daily import validate_item
from paperwire.papers.models import Paper

pytestmark = pytest.mark.django_db


def ingest(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", "hf-daily", str(path), stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def item(arxiv_id: str, **paper: Any) -> dict[str, Any]:
    return {
        "paper": {
            "id": arxiv_id,
            "title": f"Paper {arxiv_id}",
            "summary": "An abstract.",
            "authors": [{"_id": "a1", "name": "Ada Lovelace", "hidden": False}],
            "publishedAt": "2026-06-25T00:00:00.000Z",
            "upvotes": 7,
            **paper,
        },
        "numComments": 1,
    }


def test_it_imports_items_with_keys_it_does_not_know_and_keeps_them(tmp_path: Path) -> None:
    newer = item("2606.00001", mediaUrls=["https://example.org/a.png"], authors=[{"name": "Ada", "orcid": "0000"}])
    newer["organization"] = {"name": "paperwire-lab", "fullname": "paperwire lab"}
    (tmp_path / "2026-06-30.json").write_text(json.dumps([newer]))

    out, err = ingest(tmp_path)

    assert out == "added 1, updated 0, unchanged 0, rejected 0", err
    assert Paper.objects.get(arxiv_id="2606.00001").authors == ["Ada"]
    shaped = validate_item(newer)
    assert shaped.model_extra == {"organization": {"name": "paperwire-lab", "fullname": "paperwire lab"}}
    assert shaped.paper.model_extra == {"mediaUrls": ["https://example.org/a.png"]}
    assert shaped.paper.authors == [{"name": "Ada", "orcid": "0000"}]


def test_it_skips_items_of_the_wrong_shape_and_says_which_field(tmp_path: Path) -> None:
    items = [
        item("2606.00001"),
        item("2606.00002", upvotes=-3),
        item("2606.00003", authors="Ada Lovelace, Charles Babbage"),
        item("2606.00004", publishedAt="last Tuesday"),
        item("2606.00005", githubStars="many"),
        {"paper": ["2606.00006"]},
        item("2606.0007x"),
    ]
    (tmp_path / "2026-06-30.json").write_text("[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]")

    out, err = ingest(tmp_path)

    assert out == "added 1, updated 0, unchanged 0, rejected 6"
    assert "rejected 2026-06-30.json:3: paper.upvotes: must be a whole number ≥ 0, got -3" in err
    assert "rejected 2026-06-30.json:4: paper.authors: expected a list, got str" in err
    assert "rejected 2026-06-30.json:5: paper.publishedAt: 'last Tuesday' is not a valid date" in err
    assert "rejected 2026-06-30.json:6: paper.githubStars: must be a whole number ≥ 0, got 'many'" in err
    assert "rejected 2026-06-30.json:7: the item has no 'paper' object" in err
    assert "rejected 2026-06-30.json:8: paper.id: '2606.0007x' is not an arXiv id" in err
    assert "Traceback" not in err
    assert list(Paper.objects.values_list("arxiv_id", flat=True)) == ["2606.00001"]
