"""Imports lose nothing: the raw item is kept, the abstract stays as written, re-listed papers move."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from paperwire.ingest.arxiv_api import parse_feed
from paperwire.ingest.hf_daily import record_from_item
from paperwire.papers.models import Paper, SourceRecord
from paperwire.papers.writes import upsert_papers

pytestmark = pytest.mark.django_db

ABSTRACT = "We study scaling across\nmany models.\n  A second paragraph,\nindented as arXiv marks it.\n"


@pytest.fixture
def arxiv_feed_entry() -> str:
    return """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/2506.01234v2</id>
    <updated>2025-06-05T10:00:00Z</updated>
    <published>2025-06-01T17:59:53Z</published>
    <title>A Title</title>
    <summary>  We study scaling.
  A second paragraph.
</summary>
    <author><name>Ada Lovelace</name></author>
    <arxiv:comment>12 pages, a comment no column keeps</arxiv:comment>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG"/>
  </entry>
</feed>"""


def hf_item(day: str, upvotes: int = 3) -> dict[str, Any]:
    return {
        "paper": {
            "id": "2506.01234",
            "authors": [{"_id": "6650f0a1", "name": "Ada Lovelace", "hidden": False}],
            "publishedAt": "2025-06-01T17:59:53.000Z",
            "submittedOnDailyAt": f"{day}T08:00:00.000Z",
            "title": "A Title\n  Wrapped by arXiv",
            "summary": ABSTRACT,
            "upvotes": upvotes,
            "githubRepoAddedBy": {"user": "someone", "type": "user"},
            "ai_summary_model": "Qwen/Qwen3-235B",
            "organization": {"_id": "61", "name": "example-lab", "fullname": "Example Lab"},
        },
        "publishedAt": f"{day}T08:00:00.000Z",
        "title": "A Title\n  Wrapped by arXiv",
        "thumbnail": "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2506.01234.png",
        "mediaUrls": ["https://cdn-uploads.huggingface.co/production/uploads/x/demo.mp4"],
        "numComments": 1,
        "aNewKeyHuggingFaceAddsOneDay": {"nested": [1, 2]},
    }


def test_it_keeps_the_whole_item_and_the_abstract_as_written() -> None:
    item = hf_item("2025-06-03")
    upsert_papers([record_from_item(copy.deepcopy(item), None)])

    paper = Paper.objects.get()
    assert paper.abstract == ABSTRACT
    assert paper.title == "A Title Wrapped by arXiv"  # one line for pages, feeds and mail
    assert paper.thumbnail == item["thumbnail"]
    stored = SourceRecord.objects.get(paper=paper)
    assert (stored.source, stored.data) == ("hf-daily", item)


def test_it_follows_a_relisting_and_keeps_the_latest_listings_record() -> None:
    upsert_papers([record_from_item(hf_item("2025-06-03", upvotes=3), None)])
    upsert_papers([record_from_item(hf_item("2025-06-09", upvotes=9), None)])
    older_again = upsert_papers([record_from_item(hf_item("2025-06-03", upvotes=3), None)])

    paper = Paper.objects.get()
    assert paper.daily_entry.list_date == date(2025, 6, 9)
    assert SourceRecord.objects.get().data["publishedAt"].startswith("2025-06-09")
    assert older_again.unchanged == 1


def test_it_gives_a_flattened_abstract_its_written_form_once() -> None:
    Paper.objects.create(arxiv_id="2506.01234", title="T", abstract=" ".join(ABSTRACT.split()))

    first = upsert_papers([record_from_item(hf_item("2025-06-03"), None)])
    again = upsert_papers([record_from_item(hf_item("2025-06-03"), None)])

    assert Paper.objects.get().abstract == ABSTRACT
    assert (first.updated, again.unchanged) == (1, 1)


def test_it_keeps_the_arxiv_entry_as_it_came(arxiv_feed_entry: str) -> None:
    [record] = parse_feed(arxiv_feed_entry.encode())
    upsert_papers([record])

    stored = SourceRecord.objects.get(source="arxiv-api")
    entry = ET.fromstring(stored.data["atom"])  # noqa: S314 - our own fixture text
    assert entry.findtext("{http://arxiv.org/schemas/atom}comment") == "12 pages, a comment no column keeps"
