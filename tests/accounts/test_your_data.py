"""Your data: the download carries every row paperwire holds about you; deleting the account leaves none.

Both are checked row by row against Django's model registry: every foreign
key to a person, in every app, must have a row here (``ROWS``), an entry in
the export (``EXPORTED``) and a checked fate on deletion. A model added
later with a key to people fails ``test_every_key_to_a_person_is_covered``
until it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paperwire.accounts.deletion import DELETED_ACCOUNT, delete_account
from paperwire.accounts.tokens import create_token
from paperwire.accounts.your_data import EXPORTED, personal_data
from paperwire.channels.models import Destination
from paperwire.community.claims import decide_claims, make_claim
from paperwire.community.comments import add_comment, report_comment
from paperwire.community.models import AuthorClaim, Comment, Report, Submission
from paperwire.community.votes import set_upvote
from paperwire.digests.models import SentUpdate, Subscription
from paperwire.digests.subscriptions import subscribe_user
from paperwire.library.follows import follow
from paperwire.library.models import Follow, PendingImport, ZoteroLink
from paperwire.library.saving import set_not_interested, set_note
from paperwire.library.tags import set_tags
from paperwire.papers.models import DailyEntry, Paper, PaperEvent
from paperwire.search.models import SavedSearch
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-42"
NOTE = "Check the proof of Lemma 3."


def keys_to_people() -> set[str]:
    """``<model label>.<field>`` of every foreign key to the user model, in every installed app."""
    person = get_user_model()
    return {
        f"{model._meta.label}.{fk.name}"
        for model in apps.get_models(include_auto_created=True)
        for fk in model._meta.get_fields()
        if fk.is_relation and fk.concrete and fk.related_model is person
    }


def rows_of(key: str, user_id: int) -> int:
    label, name = key.rsplit(".", 1)
    return apps.get_model(label).objects.filter(**{f"{name}_id": user_id}).count()


@dataclass
class World:
    leaver: User
    stayer: User
    paper: Paper
    listed: Paper
    kept_comment: Comment
    stayer_reply: Comment
    stayer_comment: Comment
    moderated_report: Report
    extra: dict[str, Any] = field(default_factory=dict)


def _person(name: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=f"{name}@example.org", verified=True, primary=True)
    return user


# One builder per key to a person: each gives ``who`` at least one row under that key.
def _groups(world: World, who: User) -> None:
    who.groups.add(Group.objects.get_or_create(name="readers")[0])


def _permissions(world: World, who: User) -> None:
    who.user_permissions.add(Permission.objects.get(codename="view_paper"))


def _email_addresses(world: World, who: User) -> None:
    # A second, older address: its digest subscription (by address only) is theirs too.
    EmailAddress.objects.create(user=who, email=f"old-{who.username}@example.org", verified=True, primary=False)
    Subscription.objects.create(email=f"old-{who.username}@example.org", status="active")


def _tokens(world: World, who: User) -> None:
    create_token(who, "my script")


def _admin_log(world: World, who: User) -> None:
    LogEntry.objects.create(
        user=who,
        content_type=ContentType.objects.get_for_model(Paper),
        object_id=str(world.paper.pk),
        object_repr="a paper",
        action_flag=ADDITION,
    )


def _listed(world: World, who: User) -> None:
    if who == world.leaver:
        DailyEntry.objects.filter(paper=world.listed).update(submitter=who)


def _saved_search(world: World, who: User) -> None:
    SavedSearch.objects.create(owner=who, query_string="q=graphs")


def _upvote(world: World, who: User) -> None:
    set_upvote(who, world.paper.pk, on=True)


def _comments(world: World, who: User) -> None:
    if who == world.leaver:
        add_comment(world.paper, who, "A comment nobody answered.")
        add_comment(world.paper, who, "My reply to the stayer.", parent=world.stayer_comment)


def _report(world: World, who: User) -> None:
    report_comment(world.stayer_reply if who == world.leaver else world.kept_comment, who, "off topic")


def _resolved(world: World, who: User) -> None:
    if who == world.leaver:
        Report.objects.filter(pk=world.moderated_report.pk).update(resolved_by=who)


def _claim(world: World, who: User) -> None:
    claim = make_claim(who, world.paper, "Ada Lovelace")
    decide_claims(AuthorClaim.objects.filter(pk=claim.pk), None, approve=True)


def _claim_decided(world: World, who: User) -> None:
    # The leaver, a moderator, approved the stayer's claim (built once the stayer has one).
    if who == world.stayer:
        AuthorClaim.objects.filter(claimant=world.stayer).update(decided_by=world.leaver)


def _submission(world: World, who: User) -> None:
    Submission.objects.create(arxiv_id="2501.99999", submitter=who, requested_at=timezone.now())


def _library(world: World, who: User) -> None:
    set_tags(who, world.paper, ["graphs", "to read"])
    set_note(who, world.paper, NOTE)


def _not_interested(world: World, who: User) -> None:
    set_not_interested(who, world.listed)


def _follow(world: World, who: User) -> None:
    follow(who, Follow.Kind.AUTHOR, "Ada Lovelace", email=Follow.Email.DAILY)


def _pending(world: World, who: User) -> None:
    PendingImport.objects.create(user=who, arxiv_id="2501.88888", note="fetch me")


def _zotero(world: World, who: User) -> None:
    ZoteroLink.objects.create(owner=who, library_id="12345", api_key=f"{who.username}zoterosecretkey", masked_key="ab…")


def _subscription(world: World, who: User) -> None:
    subscribe_user(who)


def _sent_update(world: World, who: User) -> None:
    event = PaperEvent.objects.create(paper=world.paper, kind=PaperEvent.Kind.NEW_VERSION, new_value="2")
    SentUpdate.objects.create(user=who, event=event)


def _destination(world: World, who: User) -> None:
    Destination.objects.create(owner=who, url=f"json://hooks.example.org/{who.username}-secret", masked_url="json://h…")


ROWS: dict[str, Callable[[World, User], None]] = {
    "auth.User_groups.user": _groups,
    "auth.User_user_permissions.user": _permissions,
    "account.EmailAddress.user": _email_addresses,
    "accounts.ApiToken.user": _tokens,
    "admin.LogEntry.user": _admin_log,
    "papers.DailyEntry.submitter": _listed,
    "search.SavedSearch.owner": _saved_search,
    "community.Upvote.user": _upvote,
    "community.Comment.author": _comments,
    "community.Report.reporter": _report,
    "community.Report.resolved_by": _resolved,
    "community.Submission.submitter": _submission,
    "community.AuthorClaim.claimant": _claim,
    "community.AuthorClaim.decided_by": _claim_decided,
    "library.SavedPaper.user": _library,
    "library.Tag.user": _library,
    "library.NotInterested.user": _not_interested,
    "library.Follow.user": _follow,
    "library.PendingImport.user": _pending,
    "library.ZoteroLink.owner": _zotero,
    "digests.Subscription.user": _subscription,
    "digests.SentUpdate.user": _sent_update,
    "channels.Destination.owner": _destination,
}


@pytest.fixture
def world() -> World:
    leaver, stayer = _person("leaver"), _person("stayer")
    paper = make_paper(title="Graph networks")
    listed = make_paper(title="On the list", list_date=date(2025, 3, 3))
    kept = add_comment(paper, leaver, "A comment someone answered.")
    reply = add_comment(paper, stayer, "An answer to the leaver.", parent=kept)
    stayer_comment = add_comment(paper, stayer, "The stayer's own comment.")
    report = Report.objects.create(comment=stayer_comment, reporter=stayer, resolved=True, resolved_at=timezone.now())
    made = World(leaver, stayer, paper, listed, kept, reply, stayer_comment, report)
    for who in (leaver, stayer):
        for build in dict.fromkeys(ROWS.values()):
            build(made, who)
    return made


def test_every_key_to_a_person_is_covered() -> None:
    keys = keys_to_people()
    assert set(ROWS) == keys, "a model has a key to people: give it a row here, an export entry and a fate"
    assert set(EXPORTED) == keys


def test_the_world_gives_the_leaver_a_row_under_every_key(world: World) -> None:
    assert {key for key in ROWS if rows_of(key, world.leaver.pk) == 0} == set()


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_download_carries_every_kind_of_row_and_no_secret(world: World) -> None:
    response = _signed_in(world.leaver).get("/account/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="paperwire-data-')
    text = response.content.decode()
    data = json.loads(text)

    assert {key for key, section in EXPORTED.items() if not data[section]} == set()
    assert data["account"]["username"] == "leaver"
    [saved] = data["library"]
    assert saved["note"] == NOTE and sorted(saved["tags"]) == ["graphs", "to read"]
    assert {row["email"] for row in data["digest_subscriptions"]} == {"leaver@example.org", "old-leaver@example.org"}
    assert "A comment nobody answered." in text and "An answer to the leaver." not in text
    assert "The stayer" not in text and "stayer@example.org" not in text
    assert f"annote = {{{NOTE}}}" in data["library_bibtex"] and "keywords = {graphs, to read}" in data["library_bibtex"]
    # Secrets are not personal data to carry around: no token hash, no private feed address.
    assert [set(token) for token in data["api_tokens"]] == [{"name", "prefix", "created_at", "last_used_at"}]
    feed_token = Follow.objects.get(user=world.leaver).feed_token
    assert feed_token not in text and "token_hash" not in text
    assert "leaver-secret" not in text  # a chat destination is shown masked only
    assert "leaverzoterosecretkey" not in text and data["zotero_libraries"][0]["masked_key"] == "ab…"


def test_deleting_the_account_leaves_no_row_of_the_person(world: World) -> None:
    leaver_id, stayer_id = world.leaver.pk, world.stayer.pk
    stayer_before = {key: rows_of(key, stayer_id) for key in ROWS}
    upvotes_before = Paper.objects.get(pk=world.paper.pk).upvote_count

    delete_account(world.leaver)

    assert not User.objects.filter(pk=leaver_id).exists()
    assert {key: rows_of(key, leaver_id) for key in ROWS} == dict.fromkeys(ROWS, 0)
    # Rows that stay, without the person.
    assert DailyEntry.objects.get(paper=world.listed).submitter_id is None
    moderated = Report.objects.get(pk=world.moderated_report.pk)
    assert moderated.resolved and moderated.resolved_by_id is None
    # The address-keyed digest rows go too, not only the account-keyed ones.
    assert not Subscription.objects.filter(email__in=["leaver@example.org", "old-leaver@example.org"]).exists()
    assert not EmailAddress.objects.filter(email__icontains="leaver").exists()
    # Comments: only the one others replied to stays, emptied, under the placeholder.
    kept = Comment.objects.get(pk=world.kept_comment.pk)
    assert (kept.author.username, kept.deleted, kept.body, kept.body_html) == (DELETED_ACCOUNT, True, "", "")
    assert not kept.author.has_usable_password() and kept.author.email == ""
    assert Comment.objects.filter(author__username=DELETED_ACCOUNT).count() == 1
    assert Comment.objects.get(pk=world.stayer_reply.pk).body == "An answer to the leaver."
    paper = Paper.objects.get(pk=world.paper.pk)
    assert paper.upvote_count == upvotes_before - 1
    # Everyone else keeps everything (their report on the leaver's kept comment included).
    assert {key: rows_of(key, stayer_id) for key in ROWS} == stayer_before


def test_the_paper_page_shows_the_thread_under_a_deleted_account(world: World) -> None:
    delete_account(world.leaver)
    page = Client().get(world.paper.get_absolute_url()).content.decode()
    assert "[deleted account]" in page and "An answer to the leaver." in page
    assert "A comment someone answered." not in page and "A comment nobody answered." not in page
    paper = Paper.objects.get(pk=world.paper.pk)
    assert paper.comment_count == Comment.objects.visible().filter(paper=paper).count() == 2
    assert Client().get(f"/u/{DELETED_ACCOUNT}").status_code == 404


def test_deleting_asks_for_the_password_over_a_post_with_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.leaver)
    page = client.get("/account/data")
    assert page.status_code == 200 and 'action="/account/delete"' in page.content.decode()
    assert client.get("/account/delete").status_code == 405
    assert client.post("/account/delete", {"password": PASSWORD}).status_code == 403  # no CSRF token

    token = client.cookies["csrftoken"].value
    wrong = client.post("/account/delete", {"password": "not it", "csrfmiddlewaretoken": token})
    assert wrong.status_code == 400 and "That is not your password." in wrong.content.decode()
    assert User.objects.filter(pk=world.leaver.pk).exists()

    done = client.post("/account/delete", {"password": PASSWORD, "csrfmiddlewaretoken": token})
    assert done.status_code == 200 and "Account deleted" in done.content.decode()
    assert not User.objects.filter(username="leaver").exists()
    assert "_auth_user_id" not in client.session


def test_an_account_without_a_password_confirms_with_its_user_name(world: World) -> None:
    world.leaver.set_unusable_password()
    world.leaver.save()
    client = _signed_in(world.leaver)
    assert client.post("/account/delete", {"username": "Leaver"}).status_code == 400
    assert client.post("/account/delete", {"username": "leaver"}).status_code == 200
    assert not User.objects.filter(username="leaver").exists()


def test_the_profile_links_to_your_data_and_strangers_are_sent_to_log_in(world: World) -> None:
    assert 'href="/account/data"' in _signed_in(world.leaver).get("/u/leaver").content.decode()
    for path in ("/account/data", "/account/data.json"):
        assert Client().get(path)["Location"].startswith("/accounts/login/")
    assert Client().post("/account/delete", {"password": PASSWORD}).status_code == 302
    assert User.objects.filter(pk=world.leaver.pk).exists()


def test_the_download_reads_a_fixed_number_of_queries_whatever_the_library_size(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            personal_data(world.leaver)
        return len(captured)

    small = queries()
    for number in range(30):
        set_tags(world.leaver, make_paper(title=f"More {number}"), ["more", f"tag {number}"])
        set_upvote(world.leaver, Paper.objects.latest("pk").pk, on=True)
    assert queries() == small
