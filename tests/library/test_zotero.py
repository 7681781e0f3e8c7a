"""A connected Zotero library, synced against a local replay of Zotero's web API (tests.support.zotero_server)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from paperwire.library.models import PendingImport, SavedPaper, ZoteroItem, ZoteroLink
from paperwire.library.saving import save_paper
from paperwire.library.zotero_sync import sync_due_links, sync_link
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper
from tests.support.zotero_server import USER_ID, VALID_KEY, ZoteroServer

pytestmark = pytest.mark.django_db


def connect(client: Client, key: str = VALID_KEY) -> ZoteroLink:
    answer = client.post(
        "/library/zotero/connect",
        {"library_type": "user", "library_id": USER_ID, "api_key": key, "next": "/library/import"},
    )
    assert answer.status_code == 302 and answer["Location"] == "/library/import"
    return ZoteroLink.objects.get(library_id=USER_ID)


def saved_ids(user: User) -> set[str]:
    return set(SavedPaper.objects.filter(user=user).values_list("paper__arxiv_id", flat=True))


def tags_of(user: User, arxiv_id: str) -> set[str]:
    return {tag.name for tag in SavedPaper.objects.get(user=user, paper__arxiv_id=arxiv_id).tags.all()}


@pytest.fixture
def papers() -> dict[str, Paper]:
    return {arxiv_id: make_paper(arxiv_id=arxiv_id) for arxiv_id in ("2501.00011", "2501.00012", "2501.00013")}


@pytest.fixture
def library(zotero_server: ZoteroServer, papers: dict[str, Paper]) -> ZoteroServer:
    """A Zotero library naming papers every way Zotero stores an arXiv id, plus items that are not papers."""
    zotero_server.add_collection("COLL0001", "Reading group")
    zotero_server.add_item("ITEM0001", archiveID="arXiv:2501.00011", tags=("transformers",))
    zotero_server.add_item("ITEM0002", url="https://arxiv.org/abs/2501.00012v2", collections=("COLL0001",))
    zotero_server.add_item("ITEM0003", item_type="journalArticle", DOI="10.48550/arXiv.2501.00013")
    zotero_server.add_item("ITEM0004", extra="arXiv: 1605.08386\ntex.ids: heat", title="Not in the catalogue")
    zotero_server.add_item("ITEM0005", item_type="book", title="A book without an arXiv id")
    zotero_server.add_item("NOTE0001", item_type="note", note="<p>arXiv:2501.00013 is good</p>")
    return zotero_server


def test_connecting_and_the_first_sync_save_papers_queue_missing_ones_and_keep_tags(
    client: Client, alice: User, library: ZoteroServer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        link = connect(client)
    assert len(callbacks) == 1  # the first sync is queued at once, not left for the schedule
    assert library.requests == []  # the request itself never waits for Zotero

    with django_capture_on_commit_callbacks(execute=False) as fetches:
        sync_link(link.pk)

    assert saved_ids(alice) == {"2501.00011", "2501.00012", "2501.00013"}
    assert tags_of(alice, "2501.00011") == {"transformers"}
    assert tags_of(alice, "2501.00012") == {"Reading group"}  # a collection becomes a tag
    [pending] = PendingImport.objects.filter(user=alice)  # the import's own queue to arXiv
    assert pending.arxiv_id == "1605.08386" and len(fetches) == 1
    link.refresh_from_db()
    assert link.last_outcome == ZoteroLink.Outcome.SYNCED and link.library_version == library.version
    first = library.requests[0]
    assert first.path == f"/users/{USER_ID}/items"
    assert first.query == {"since": "0", "start": "0", "limit": "100", "format": "json"}
    assert first.headers["zotero-api-version"] == "3" and first.headers["zotero-api-key"] == VALID_KEY
    assert "deleted" not in library.paths()  # nothing can have been deleted before the first sync


def test_an_incremental_sync_asks_since_the_last_version_and_moves_only_the_changes(
    client: Client, alice: User, library: ZoteroServer
) -> None:
    link = connect(client)
    sync_link(link.pk)
    version = library.version
    added = make_paper(arxiv_id="2501.00099")
    library.add_item("ITEM0099", url="https://arxiv.org/pdf/2501.00099", tags=("new",))
    library.requests.clear()

    sync_link(link.pk)

    items = library.requests[0]
    assert items.query["since"] == str(version) and items.headers["if-modified-since-version"] == str(version)
    assert library.paths() == ["items", "deleted"]
    link.refresh_from_db()
    assert link.last_changes == 1 and link.library_version == version + 1
    assert added.arxiv_id in saved_ids(alice) and tags_of(alice, added.arxiv_id) == {"new"}


def test_an_unchanged_library_answers_304_and_nothing_else_is_asked(
    client: Client, alice: User, library: ZoteroServer
) -> None:
    link = connect(client)
    sync_link(link.pk)
    before = saved_ids(alice)
    library.requests.clear()

    sync_link(link.pk)

    assert library.paths() == ["items"]
    link.refresh_from_db()
    assert link.last_outcome == ZoteroLink.Outcome.UNCHANGED and saved_ids(alice) == before
    assert "No changes in Zotero" in client.get("/library/import").content.decode()


def test_a_deleted_item_is_unsaved_but_a_save_made_on_paperwire_stays(
    client: Client, alice: User, library: ZoteroServer, papers: dict[str, Paper]
) -> None:
    own = make_paper(arxiv_id="2501.00050")
    save_paper(alice, own)  # saved only on paperwire
    save_paper(alice, papers["2501.00012"])  # saved on paperwire before Zotero named it too
    link = connect(client)
    sync_link(link.pk)

    library.delete_item("ITEM0001")
    library.delete_item("ITEM0002")
    library.add_item("ITEM0003", item_type="journalArticle", DOI="10.48550/arXiv.2501.00013", deleted=1)  # trash
    sync_link(link.pk)

    assert saved_ids(alice) == {"2501.00050", "2501.00012"}
    assert not ZoteroItem.objects.filter(link=link, key__in=["ITEM0001", "ITEM0002", "ITEM0003"]).exists()
    assert library.requests[-1].path.endswith("/deleted") and library.requests[-1].query["since"] != "0"


def test_a_bad_key_is_reported_on_the_page_and_never_shown_whole(
    client: Client, alice: User, zotero_server: ZoteroServer
) -> None:
    wrong = "WrongKey0000000000000000"
    link = connect(client, key=wrong)
    sync_link(link.pk)

    link.refresh_from_db()
    assert link.last_outcome == ZoteroLink.Outcome.FAILED and link.library_version == 0
    page = client.get("/library/import").content.decode()
    assert "Zotero refused the API key (403)" in page
    assert wrong not in page and "Wron…" in page


def test_a_429_is_honoured_no_request_is_sent_before_retry_after(
    client: Client, alice: User, library: ZoteroServer
) -> None:
    link = connect(client)
    library.fail_next(429, retry_after=120)
    now = timezone.now()

    sync_link(link.pk, now=now)

    link.refresh_from_db()
    assert link.last_outcome == ZoteroLink.Outcome.WAITING
    assert link.next_allowed_at == now + dt.timedelta(seconds=120)
    assert "Zotero asked us to slow down (429)" in client.get("/library/import").content.decode()
    sent = len(library.requests)
    sync_link(link.pk, now=now + dt.timedelta(seconds=119))  # "Sync now" too early
    sync_due_links(now=now + dt.timedelta(seconds=119))  # the schedule too early
    assert len(library.requests) == sent and saved_ids(alice) == set()

    sync_due_links(now=now + dt.timedelta(seconds=121))
    link.refresh_from_db()
    assert link.last_outcome == ZoteroLink.Outcome.SYNCED and len(saved_ids(alice)) == 3


def test_a_backoff_header_delays_the_next_sync(client: Client, alice: User, library: ZoteroServer) -> None:
    link = connect(client)
    library.backoff = 30
    now = timezone.now()
    sync_link(link.pk, now=now)
    link.refresh_from_db()
    assert link.last_outcome == ZoteroLink.Outcome.SYNCED
    assert link.next_allowed_at == now + dt.timedelta(seconds=30)
    sent = len(library.requests)
    assert sync_due_links(now=now + dt.timedelta(seconds=29)) == [] and len(library.requests) == sent


def test_items_arrive_page_by_page_and_for_you_ranks_right_after_the_first_sync(
    client: Client, alice: User, zotero_server: ZoteroServer, settings: Any
) -> None:
    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"
    recent = timezone.now() - dt.timedelta(days=2)
    for number in range(200):
        paper = make_paper(
            arxiv_id=f"2502.{number:05d}",
            title=f"Sparse attention study {number}",
            authors=["Nora Quist"],
            published=recent,
        )
        zotero_server.add_item(f"K{number:07d}", url=f"https://arxiv.org/abs/{paper.arxiv_id}")
    unseen = make_paper(title="Sparse attention kernels", authors=["Nora Quist", "Bo Li"], published=recent)
    link = connect(client)

    sync_link(link.pk)

    starts = [request.query["start"] for request in zotero_server.requests if request.path.endswith("/items")]
    assert starts == ["0", "100"]
    assert len(saved_ids(alice)) == 200
    page = client.get("/for-you")
    assert [item.paper for item in page.context["recommendations"]][:1] == [unseen]


def test_the_forms_need_csrf_and_only_the_owner_may_sync_or_disconnect(
    client: Client, alice: User, zotero_server: ZoteroServer
) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post("/library/zotero/connect", {"library_id": USER_ID, "api_key": VALID_KEY}).status_code == 403
    assert client.get("/library/zotero/connect").status_code == 405
    link = connect(client)
    other = Client()
    other.force_login(User.objects.create_user("bob", "bob@example.org", "pw"))
    assert other.post(f"/library/zotero/{link.pk}/disconnect").status_code == 404
    assert client.post(f"/library/zotero/{link.pk}/disconnect").status_code == 302
    assert not ZoteroLink.objects.exists()


def test_the_admin_shows_only_the_masked_key(client: Client, alice: User, zotero_server: ZoteroServer) -> None:
    link = connect(client)
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    for url in ("/admin/library/zoterolink/", f"/admin/library/zoterolink/{link.pk}/change/"):
        page = admin.get(url)
        assert page.status_code == 200
        assert VALID_KEY not in page.content.decode() and VALID_KEY[:4] + "…" in page.content.decode()


def test_papers_paperwire_lacks_trickle_into_the_fetch_queue(
    client: Client, alice: User, zotero_server: ZoteroServer, settings: Any
) -> None:
    settings.ARXIV_FETCHES_PER_PERSON = 2
    for number in range(3):
        zotero_server.add_item(f"MISS{number:04d}", archiveID=f"arXiv:2509.0000{number}", tags=("later",))
    link = connect(client)

    sync_link(link.pk)
    queued = PendingImport.objects.filter(user=alice, status=PendingImport.Status.QUEUED)
    assert sorted(queued.values_list("arxiv_id", flat=True)) == ["2509.00000", "2509.00001"]
    assert list(queued.values_list("tag_names", flat=True)) == [["later"], ["later"]]

    sync_link(link.pk)  # Zotero unchanged (304), the queue still full: nothing more handed over
    assert PendingImport.objects.filter(user=alice).count() == 2
    PendingImport.objects.filter(user=alice).update(status=PendingImport.Status.DONE)  # the worker fetched them
    sync_link(link.pk)
    assert queued.get().arxiv_id == "2509.00002"


def test_sync_now_queues_a_sync_unless_zotero_asked_to_wait(
    client: Client, alice: User, zotero_server: ZoteroServer, django_capture_on_commit_callbacks: Any
) -> None:
    link = connect(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = client.post(f"/library/zotero/{link.pk}/sync", {"next": "/library/import"}, follow=True)
    assert len(callbacks) == 1 and "Sync queued" in answer.content.decode()
    ZoteroLink.objects.filter(pk=link.pk).update(next_allowed_at=timezone.now() + dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = client.post(f"/library/zotero/{link.pk}/sync", {"next": "/library/import"}, follow=True)
    page = answer.content.decode()
    assert callbacks == [] and "Zotero asked paperwire to wait" in page and "next request after" in page
