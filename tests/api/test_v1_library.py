"""The library through the API: save with note and tags, filter, tags CRUD, BibTeX export."""

from __future__ import annotations

import bibtexparser
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from paperwire.accounts.tokens import create_token
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth() -> dict[str, str]:
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-1")
    return {"Authorization": f"Bearer {create_token(user, 'script')[1]}"}


def test_it_saves_tags_filters_and_exports_through_the_api(auth: dict[str, str]) -> None:
    client = Client()
    first = make_paper(title="Graph paper", primary_category="cs.CL")
    second = make_paper(title="Other paper", arxiv_id="hep-th/9901001")
    saved = client.put(
        f"/api/v1/me/library/{first.arxiv_id}v2",
        {"note": "read §3", "tags": ["graphs", "Reading"]},
        content_type="application/json",
        headers=auth,
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["note"] == "read §3" and {t["name"] for t in saved.json()["tags"]} == {"graphs", "Reading"}
    assert client.put(f"/api/v1/me/library/{second.arxiv_id}", {}, content_type="application/json", headers=auth)
    assert [e["paper"]["id"] for e in client.get("/api/v1/me/library", headers=auth).json()] == [
        "hep-th/9901001",
        first.arxiv_id,
    ]

    tags = {t["name"]: t for t in client.get("/api/v1/me/tags", headers=auth).json()}
    assert tags["graphs"]["paper_count"] == 1
    graphs = tags["graphs"]["id"]
    filtered = client.get("/api/v1/me/library", {"tag": graphs}, headers=auth).json()
    assert [e["paper"]["id"] for e in filtered] == [first.arxiv_id]

    renamed = client.patch(f"/api/v1/me/tags/{graphs}", {"name": "GNN"}, content_type="application/json", headers=auth)
    assert renamed.json()["name"] == "GNN"
    duplicate = client.post("/api/v1/me/tags", {"name": "gnn"}, content_type="application/json", headers=auth)
    assert duplicate.status_code == 400 and duplicate.json()["error"]
    new = client.post("/api/v1/me/tags", {"name": "later"}, content_type="application/json", headers=auth)
    assert new.status_code == 201
    merged = client.post(
        f"/api/v1/me/tags/{graphs}/merge", {"into": new.json()["id"]}, content_type="application/json", headers=auth
    )
    assert merged.json() == {"id": new.json()["id"], "name": "later", "paper_count": 1}

    bib = client.get("/api/v1/me/library.bib", headers=auth)
    assert bib["Content-Type"].startswith("application/x-bibtex")
    parsed = bibtexparser.parse_string(bib.content.decode())
    assert {entry["eprint"] for entry in parsed.entries} == {first.arxiv_id, "hep-th/9901001"}
    only_tag = client.get("/api/v1/me/library.bib", {"tag": new.json()["id"]}, headers=auth).content.decode()
    assert first.arxiv_id in only_tag and "hep-th/9901001" not in only_tag

    assert client.delete(f"/api/v1/me/library/{first.arxiv_id}", headers=auth).status_code == 204
    assert client.delete(f"/api/v1/me/library/{first.arxiv_id}", headers=auth).status_code == 404
    assert client.delete(f"/api/v1/me/tags/{new.json()['id']}", headers=auth).status_code == 204
    assert client.get("/api/v1/me/tags", headers=auth).json() == [
        {"id": tags["Reading"]["id"], "name": "Reading", "paper_count": 0}
    ]


def test_it_needs_a_signed_in_person_and_hides_others_tags(auth: dict[str, str]) -> None:
    client = Client()
    assert client.get("/api/v1/me/library").status_code == 401
    other = get_user_model().objects.create_user("other", "o@example.org", "a-long-password-1")
    other_auth = {"Authorization": f"Bearer {create_token(other, 'script')[1]}"}
    tag = client.post("/api/v1/me/tags", {"name": "mine"}, content_type="application/json", headers=other_auth).json()
    assert client.delete(f"/api/v1/me/tags/{tag['id']}", headers=auth).status_code == 404
    assert client.get("/api/v1/me/library", {"tag": tag["id"]}, headers=auth).status_code == 404
