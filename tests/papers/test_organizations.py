"""The organization index: built from Hugging Face items as they came, kept in step, rebuilt at will."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from paperwire.papers.models import Organization, PaperOrganization, SourceRecord
from paperwire.papers.organizations import (
    organization_in,
    organization_papers,
    organizations_by_papers,
    sync_organization_index,
)
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db
NVIDIA = {"_id": "1", "name": "nvidia", "fullname": "NVIDIA", "avatar": "https://cdn.example/nv.png"}


def _item(organization: dict | None, *, nested: bool = False) -> dict:
    paper = {"id": "x", "title": "t"}
    item: dict = {"paper": paper, "title": "t"}
    if organization is not None:
        (paper if nested else item)["organization"] = organization
    return item


def _record(paper, item: dict, *, at: datetime | None = None, source: str = "hf-daily") -> None:
    SourceRecord.objects.update_or_create(
        paper=paper, source=source, defaults={"data": item, "fetched_at": at or timezone.now()}
    )


def test_it_reads_the_organization_at_either_place_hf_puts_it() -> None:
    assert organization_in(_item(NVIDIA)).name == "nvidia"
    assert organization_in(_item(NVIDIA, nested=True)).fullname == "NVIDIA"


@pytest.mark.parametrize(
    "organization",
    [None, "nvidia", {"name": ""}, {"name": "../admin"}, {"name": "a b"}, {"name": 3}, {"fullname": "No handle"}],
)
def test_it_ignores_what_is_not_a_usable_organization(organization) -> None:
    assert organization_in(_item(organization)) is None


def test_an_avatar_that_is_not_a_web_address_is_dropped() -> None:
    assert organization_in(_item({**NVIDIA, "avatar": "javascript:alert(1)"})).avatar == ""


def test_it_indexes_papers_under_their_latest_organization_and_follows_changes() -> None:
    first, second, other = make_paper(), make_paper(), make_paper()
    _record(first, _item(NVIDIA))
    _record(second, _item({"name": "google", "fullname": "Google"}, nested=True))
    _record(other, _item(None))

    assert sync_organization_index() == 2
    assert [paper.pk for paper in organization_papers("nvidia")] == [first.pk]

    # The upstream moves a paper to another organization and renames one: a later sync follows.
    later = timezone.now() + timedelta(seconds=5)
    _record(first, _item({"name": "google", "fullname": "Google Research"}), at=later)
    sync_organization_index()
    assert sorted(paper.pk for paper in organization_papers("google")) == sorted([first.pk, second.pk])
    assert Organization.objects.get(name="google").fullname == "Google Research"
    assert not organization_papers("nvidia").exists()


def test_a_sync_with_nothing_new_writes_nothing() -> None:
    _record(make_paper(), _item(NVIDIA), at=timezone.now() - timedelta(hours=1))
    sync_organization_index()
    before = list(PaperOrganization.objects.values_list("pk", flat=True))
    assert sync_organization_index() <= 1  # at most the overlap second again
    assert PaperOrganization.objects.count() == len(before)


def test_the_index_lists_organizations_by_visible_papers() -> None:
    for number in range(3):
        _record(make_paper(), _item({"name": "big", "fullname": f"Big {number}"}))
    _record(make_paper(), _item({"name": "small"}))
    _record(make_paper(hidden=True), _item({"name": "small"}))
    _record(make_paper(hidden=True), _item({"name": "gone"}))
    sync_organization_index()

    listed = [(row.name, row.paper_count) for row in organizations_by_papers()]

    assert listed == [("big", 3), ("small", 1)]


@pytest.mark.django_db(transaction=True)
def test_an_import_of_the_shared_dump_gives_its_organizations_pages(shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "hf-daily"
    days = sorted(folder.glob("2026-06-*.json"))[-5:]
    expected = {
        item["organization"]["name"]
        for day in days
        for item in json.loads(day.read_text())
        if isinstance(item.get("organization"), dict)
    }
    lists = tmp_path / "lists"
    lists.mkdir()
    for day in days:
        (lists / day.name).write_text(day.read_text())
    call_command("ingest", "hf-daily", str(lists), "--quiet")

    sync_organization_index()

    assert expected and set(Organization.objects.values_list("name", flat=True)) == expected
    assert all(organization_papers(name).exists() for name in expected)
