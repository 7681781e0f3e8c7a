"""Every text a person types is checked by one rule, the same on SQLite and PostgreSQL.

Issue 20: on PostgreSQL ``a\\x00b`` answered 500 for tags, a new tag, a note,
following an author, a new comment and an import; the forms stored ESC,
U+200B and U+202E in tag names. Now NUL and control characters are refused
with a message everywhere, and invisible characters in names. Run this file
on PostgreSQL too: ``python -m tests.support.pg_run python -m pytest FILE``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from paperwire.community.models import Comment
from paperwire.library.models import Follow, PendingImport, SavedPaper, Tag
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def paper() -> Paper:
    return make_paper(arxiv_id="2401.01234", title="Graph neural networks")


def _stored_nothing(user: User) -> bool:
    return not (
        Tag.objects.filter(user=user).exists()
        or SavedPaper.objects.filter(user=user).exclude(note="").exists()
        or Follow.objects.filter(user=user).exists()
        or Comment.objects.filter(author=user).exists()
        or PendingImport.objects.filter(user=user).exists()
    )


def _messages(client: Client, response: Any) -> str:
    """The page the person lands on, with the message the form left."""
    assert response.status_code in (302, 400, 413), response.status_code
    if response.status_code == 302:
        return client.get(response["Location"]).content.decode()
    return response.content.decode()


@pytest.mark.parametrize("bad", [NUL, "a\x1bb", "a\x7fb"])
def test_forms_refuse_control_characters_with_a_message_and_store_nothing(
    client: Client, alice: User, paper: Paper, bad: str
) -> None:
    answers = {
        "tags": client.post(f"/library/tags/{paper.pk}", {"tags": f"fine, {bad}"}, **JSON),
        "note": client.post(f"/library/note/{paper.pk}", {"note": bad}, **JSON),
        "follow": client.post("/library/follow", {"kind": "author", "target": bad}, **JSON),
    }
    pages = {
        "new tag": _messages(client, client.post("/library/tag/new", {"name": bad})),
        "follow author": _messages(client, client.post("/library/follow/author", {"author": bad})),
        "comment": _messages(client, client.post(f"/comments/new/{paper.pk}", {"body": bad})),
        "import": _messages(client, client.post("/library/import", {"text": f"2401.01234\n{bad}"})),
        "import tag": _messages(client, client.post("/library/import", {"text": "2401.01234", "tag": bad})),
    }

    for name, answer in answers.items():
        assert answer.status_code == 400, name
        assert "control character" in answer.json()["message"], name
    for name, page in pages.items():
        assert "control character" in page, name
    assert _stored_nothing(alice)


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\u2066", "\ufeff"])
def test_tag_names_and_follows_refuse_invisible_characters(
    client: Client, alice: User, paper: Paper, hidden: str
) -> None:
    name = f"gnn{hidden}s"

    new_tag = _messages(client, client.post("/library/tag/new", {"name": name}))
    on_paper = client.post(f"/library/tags/{paper.pk}", {"tags": name}, **JSON)
    follow = client.post("/library/follow", {"kind": "author", "target": f"Grace{hidden} Hopper"}, **JSON)

    assert "invisible character" in new_tag
    assert on_paper.status_code == 400 and "invisible character" in on_paper.json()["message"]
    assert follow.status_code == 400 and "invisible character" in follow.json()["message"]
    assert not Tag.objects.filter(user=alice).exists()
    assert not Follow.objects.filter(user=alice).exists()


def test_a_note_keeps_its_line_breaks_and_tabs(client: Client, alice: User, paper: Paper) -> None:
    answer = client.post(f"/library/note/{paper.pk}", {"note": "first line\n\tindented"}, **JSON)

    assert answer.status_code == 200
    assert SavedPaper.objects.get(user=alice, paper=paper).note == "first line\n\tindented"


def test_the_api_answers_the_same_rule_for_notes(alice: User, paper: Paper) -> None:
    from paperwire.accounts.tokens import create_token

    _, token = create_token(alice, "script")
    api = Client(headers={"Authorization": f"Bearer {token}"})

    answer = api.put(
        f"/api/v1/me/library/{paper.arxiv_id}", {"note": "a\x1bb"}, content_type="application/json"
    )

    assert answer.status_code == 400
    assert "control character" in answer.json()["detail"]
    assert not SavedPaper.objects.filter(user=alice).exists()
