"""Hostile text stays text; every form needs its CSRF token; GET changes nothing."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client

from paperwire.accounts.models import ApiToken
from paperwire.accounts.tokens import create_token
from paperwire.community.comments import add_comment
from paperwire.community.models import Comment, Report, Upvote
from paperwire.community.votes import set_upvote
from paperwire.papers.models import DailyEntry
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

MATH = r"$a < b$ & $c > d$ and $$\sum_{i<n} x_i \geq 0$$"
TITLE = "<script>alert('title')</script> Bounds where " + MATH
ABSTRACT = "We show <img src=x onerror=alert('abstract')> that " + MATH + ' <a href="javascript:alert(1)">x</a>'
COMMENT = (
    "<script>alert('comment')</script>\n\n<img src=x onerror=alert('comment')>\n\n"
    "[click me](javascript:alert('comment')) and [ok](https://example.org)\n\n" + MATH
)


class PageInspector(HTMLParser):
    """Collects what a browser would execute, and the text it would show."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.script_urls: list[str] = []
        self.text: list[str] = []
        self.math: list[str] = []  # what KaTeX reads: the text of each <span class="math …">
        self._in_script = False
        self._in_math = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and "math" in (dict(attrs).get("class") or "").split():
            self._in_math = True
            self.math.append("")
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.script_urls.append(value or "")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "span":
            self._in_math = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_scripts.append(data)
        else:
            self.text.append(data)
        if self._in_math:
            self.math[-1] += data


def _inspect(html: str) -> PageInspector:
    inspector = PageInspector()
    inspector.feed(html)
    return inspector


def _assert_inert_and_readable(html: str, *, math_marked: bool) -> None:
    page = _inspect(html)
    assert not any("alert" in script for script in page.inline_scripts), page.inline_scripts
    assert page.handlers == []
    assert page.script_urls == []
    if math_marked:
        # What KaTeX will read: the exact formulas, with < and > as characters.
        assert {"a < b", "c > d", r"\sum_{i<n} x_i \geq 0"} <= set(page.math), page.math
    else:
        # No typesetting on this page: the formulas read as their source.
        text = " ".join(" ".join(page.text).split())
        assert "$a < b$ & $c > d$" in text


@pytest.fixture
def hostile(django_user_model):
    author = django_user_model.objects.create_user("mallory", "m@example.org", "a-long-password-1")
    paper = make_paper(title=TITLE, abstract=ABSTRACT)
    DailyEntry.objects.create(paper=paper, list_date=date(2025, 1, 2), submitter=author, source="local")
    add_comment(paper, author, COMMENT)
    set_upvote(author, paper.pk, on=True)
    return paper


def test_it_keeps_payloads_inert_on_the_daily_list(client: Client, hostile):
    html = client.get("/papers/date/2025-01-02").content.decode()
    assert "alert(&#x27;title&#x27;)" in html  # shown as text, so the title is there
    _assert_inert_and_readable(html, math_marked=False)


def test_it_keeps_payloads_inert_on_the_paper_page(client: Client, hostile, django_user_model):
    reader = django_user_model.objects.create_user("reader", "r@example.org", "a-long-password-2")
    client.force_login(reader)  # signed in: reply, report forms are rendered too
    html = client.get(hostile.get_absolute_url()).content.decode()
    _assert_inert_and_readable(html, math_marked=True)
    assert '<a href="https://example.org" rel="nofollow ugc noopener noreferrer">ok</a>' in html


def test_it_keeps_payloads_inert_on_profiles(client: Client, hostile):
    html = client.get("/u/mallory").content.decode()
    _assert_inert_and_readable(html, math_marked=True)


def test_it_escapes_hostile_usernames_and_token_names(client: Client, django_user_model):
    person = django_user_model.objects.create_user("x<b>y", "x@example.org", "a-long-password-1")
    create_token(person, "<script>alert('token')</script>")
    client.force_login(person)
    html = client.get("/u/x%3Cb%3Ey").content.decode()
    page = _inspect(html)
    assert not any("alert" in script for script in page.inline_scripts)
    assert "x&lt;b&gt;y" in html


@pytest.fixture
def world(django_user_model):
    alice = django_user_model.objects.create_user("alice", "alice@example.org", "a-long-password-1")
    bob = django_user_model.objects.create_user("bob", "bob@example.org", "a-long-password-2")
    paper = make_paper(list_date=date(2025, 1, 2))
    own = add_comment(paper, alice, "mine")
    other = add_comment(paper, bob, "theirs")
    token, _ = create_token(alice, "laptop")
    return {"alice": alice, "paper": paper, "own": own, "other": other, "token": token}


def _state() -> tuple[int, ...]:
    return (
        Upvote.objects.count(),
        Comment.objects.count(),
        Report.objects.count(),
        ApiToken.objects.count(),
        DailyEntry.objects.count(),
        Comment.objects.exclude(edited_at=None).count(),
    )


def _forms(world: dict) -> list[tuple[str, dict[str, str]]]:
    paper, own, other, token = world["paper"], world["own"], world["other"], world["token"]
    return [
        (f"/vote/{paper.pk}", {"vote": "up"}),
        (f"/comments/new/{paper.pk}", {"body": "hi"}),
        (f"/comments/{own.pk}/edit", {"body": "changed"}),
        (f"/comments/{own.pk}/delete", {"confirmed": "1"}),
        (f"/comments/preview/{paper.pk}", {"body": "hi"}),
        (f"/comments/{other.pk}/report", {"reason": "spam"}),
        ("/submit", {"arxiv": "2104.12255"}),
        ("/tokens/new", {"name": "new"}),
        (f"/tokens/{token.pk}/revoke", {}),
        ("/subscribe", {"email": "x@example.org"}),
    ]


def test_it_refuses_every_form_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["alice"])
    before = _state()
    for url, data in _forms(world):
        assert client.post(url, data).status_code == 403, url
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post("/accounts/login/", {"login": "a@example.org", "password": "x"}).status_code == 403
    assert anonymous.post("/accounts/signup/", {"email": "a@example.org"}).status_code == 403
    assert _state() == before


def test_it_changes_nothing_on_get(client: Client, world):
    client.force_login(world["alice"])
    before = _state()
    for url, data in _forms(world):
        response = client.get(url, data)
        assert response.status_code in (200, 404, 405), url
    assert _state() == before
