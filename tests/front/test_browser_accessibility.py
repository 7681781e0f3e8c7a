"""axe-core finds no serious or critical problem on the pages a reader meets first, in both themes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from paperwire.community.comments import add_comment
from paperwire.digests import links
from paperwire.digests.models import Subscription, SubscriptionStatus
from paperwire.search.indexing import index_pending
from tests.papers.factories import make_paper
from tests.support.axe import axe_page, blocking_violations  # noqa: F401  (axe_page is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(django_user_model: Any) -> list[str]:
    paper = make_paper(
        list_date=date(2025, 3, 12),
        title="Attention is all you need, again",
        abstract="We revisit attention. " * 40,
        authors=["Ada Lovelace", "Alan Turing"],
        upvotes=12,
        submitter_name="akhaliq",
    )
    make_paper(arxiv_id="2503.22222", list_date=date(2025, 3, 12), title="A second paper on attention")
    add_comment(paper, django_user_model.objects.create_user("bea", "bea@example.org", "pw-long-123"), "Nice *work*")
    index_pending()
    subscription = Subscription.objects.create(email="reader@example.org", status=SubscriptionStatus.ACTIVE)
    preferences = links.preferences_url(subscription).split("/subscribe/", 1)[1]
    pages = [
        "/",
        "/papers/date/2025-03-12",
        paper.get_absolute_url(),
        "/search?q=attention",
        "/accounts/signup/",
        f"/subscribe/{preferences}",
    ]
    author = "/authors/Ada%20Lovelace"
    if Client().get(author).status_code == 200:  # author pages arrive with the cards work
        pages.append(author)
    return pages


@pytest.mark.slow  # seven pages, twice, each checked by the whole axe rule set
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_it_has_no_serious_accessibility_problems(live_server: Any, axe_page: Any, django_user_model: Any, theme: str):  # noqa: F811
    axe_page.context.add_init_script(f"localStorage.setItem('paperwire-theme', '{theme}')")
    problems: dict[str, list[str]] = {}
    for path in _pages(django_user_model):
        response = axe_page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert axe_page.evaluate("document.documentElement.dataset.theme") == theme
        found = blocking_violations(axe_page)
        if found:
            problems[path] = found
    assert problems == {}, "\n".join(f"{path}: {line}" for path, lines in problems.items() for line in lines)
