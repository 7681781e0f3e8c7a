"""Links in imported files: only http(s) reaches the database, whichever importer maps them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from paperwire.papers.models import Paper
from paperwire.papers.records import DailyRecord, PaperRecord

pytestmark = pytest.mark.django_db

HOSTILE = ["javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "data:text/html,x"]


def daily_item(arxiv_id: str, *, repo: str, page: str, avatar: str) -> dict[str, object]:
    return {
        "paper": {
            "id": arxiv_id,
            "title": f"Paper {arxiv_id}",
            "summary": "An abstract.",
            "authors": [{"name": "Ada Lovelace"}],
            "publishedAt": "2026-06-25T00:00:00.000Z",
            "submittedOnDailyAt": "2026-06-30T00:00:00.000Z",
            "submittedOnDailyBy": {"user": "ada", "fullname": "Ada", "avatarUrl": avatar},
            "githubRepo": repo,
            "projectPage": page,
        }
    }


def test_it_drops_script_urls_from_a_hugging_face_daily_file(tmp_path: Path) -> None:
    items = [daily_item(f"2606.0000{n}", repo=url, page=url, avatar=url) for n, url in enumerate(HOSTILE, 1)]
    items.append(
        daily_item(
            "2606.00009",
            repo="https://github.com/ada/engine",
            page="http://ada.example.org/",
            avatar="/avatars/ada.svg",
        )
    )
    (tmp_path / "2026-06-30.json").write_text(json.dumps(items))

    call_command("ingest", "hf-daily", str(tmp_path), "--quiet")

    hostile = Paper.objects.exclude(arxiv_id="2606.00009").select_related("daily_entry")
    assert len(hostile) == len(HOSTILE)
    for paper in hostile:
        assert (paper.github_repo, paper.project_page, paper.daily_entry.submitter_avatar) == ("", "", "")
    kept = Paper.objects.select_related("daily_entry").get(arxiv_id="2606.00009")
    assert kept.github_repo == "https://github.com/ada/engine"
    assert kept.project_page == "http://ada.example.org/"
    assert kept.daily_entry.submitter_avatar == "https://huggingface.co/avatars/ada.svg"
    assert kept.daily_entry.list_date == date(2026, 6, 30)


@pytest.mark.parametrize("url", HOSTILE)
def test_it_keeps_only_http_links_in_any_importers_record(url: str) -> None:
    record = PaperRecord(arxiv_id="2606.00001", extra={"github_repo": url, "project_page": url, "keywords": ["x"]})
    daily = DailyRecord(list_date=date(2026, 6, 30), submitter_avatar=url)

    assert (record.extra["github_repo"], record.extra["project_page"], daily.submitter_avatar) == ("", "", "")
    assert record.extra["keywords"] == ["x"]
