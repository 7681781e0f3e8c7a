from __future__ import annotations

import pytest

from paperwire.digests import interests
from paperwire.digests.models import Subscription
from paperwire.digests.sending import send_due_digests
from paperwire.digests.subscriptions import Preferences, update_preferences
from tests.digests.conftest import SEND_TIME, make_paper, make_subscriber
from tests.digests.fake_embedder import vectors_for

pytestmark = pytest.mark.django_db

FAKE = "tests.digests.fake_embedder.KeywordEmbedder"


@pytest.fixture
def papers():
    return [
        make_paper("Graph networks at scale", upvotes=50, abstract="Message passing on graphs."),
        make_paper("Low-bit quantization of LLMs", upvotes=20, abstract="4-bit quantization."),
        make_paper("Reinforcement learning for LLM reasoning", upvotes=5, abstract="RL with verifiers."),
    ]


def prefs(text: str) -> Preferences:
    return Preferences(frequency="daily", weekday=0, skip_weekends=False, paper_count=10, categories=[], interests=text)


def with_interests(email: str, text: str) -> Subscription:
    return update_preferences(make_subscriber(email), prefs(text))


def titles(text: str) -> list[str]:
    return [line.split(". ", 1)[1] for line in text.splitlines() if line[:1].isdigit() and ". " in line]


def test_it_reorders_by_interest_and_says_why(settings, monkeypatch, papers, smtp_server):
    settings.EMBEDDER = FAKE
    monkeypatch.setattr(interests, "paper_vectors", lambda ids: vectors_for(papers))
    with_interests("rl@example.com", "RL for LLM reasoning with reinforcement learning")
    make_subscriber("plain@example.com")

    send_due_digests(SEND_TIME)

    personal = smtp_server.sink.to("rl@example.com")[0]
    assert titles(personal.text())[0] == "Reinforcement learning for LLM reasoning"
    assert "Why you see this: Matches your interest “RL for LLM reasoning with reinforcement learning”" in (
        personal.text()
    )
    assert "Why you see this" in personal.html()
    plain = smtp_server.sink.to("plain@example.com")[0]
    assert titles(plain.text()) == [
        "Graph networks at scale",
        "Low-bit quantization of LLMs",
        "Reinforcement learning for LLM reasoning",
    ]
    assert "Why you see this" not in plain.text()


def test_it_falls_back_to_trending_order_without_paper_vectors(settings, monkeypatch, papers, smtp_server):
    settings.EMBEDDER = FAKE
    monkeypatch.setattr(interests, "paper_vectors", lambda ids: {})
    with_interests("rl@example.com", "reinforcement learning")

    send_due_digests(SEND_TIME)

    text = smtp_server.messages[0].text()
    assert titles(text)[0] == "Graph networks at scale"
    assert "Why you see this" not in text


def test_it_saves_interests_and_sends_when_no_embedder_is_available(settings, papers, smtp_server):
    settings.EMBEDDER = "tests.digests.fake_embedder.DoesNotExist"
    subscription = with_interests("rl@example.com", "reinforcement learning")

    assert subscription.interests == "reinforcement learning" and subscription.interest_vectors is None
    assert send_due_digests(SEND_TIME) == 1
    assert titles(smtp_server.messages[0].text())[0] == "Graph networks at scale"


def test_it_ignores_interest_vectors_from_another_embedder(settings, monkeypatch, papers, smtp_server):
    settings.EMBEDDER = FAKE
    with_interests("rl@example.com", "reinforcement learning")
    settings.EMBEDDER = "some.other.Embedder"
    monkeypatch.setattr(interests, "paper_vectors", lambda ids: vectors_for(papers))

    send_due_digests(SEND_TIME)

    assert titles(smtp_server.messages[0].text())[0] == "Graph networks at scale"


def test_it_reorders_with_the_search_apps_embedder_and_stored_vectors(settings, papers, smtp_server):
    """End to end with the search app: its hashing embedder and its vector table."""
    from paperwire.search.embedder import get_embedder
    from paperwire.search.models import PaperVector

    settings.EMBEDDER = "paperwire.search.embedder.HashingEmbedder"
    embedder = get_embedder()
    vectors = embedder.embed([f"{p.title}. {p.abstract}" for p in papers])
    for paper, vector in zip(papers, vectors, strict=True):
        PaperVector.objects.create(paper=paper, vector=vector, embedder=embedder.name)
    with_interests("quant@example.com", "low-bit quantization of LLMs")

    send_due_digests(SEND_TIME)

    text = smtp_server.messages[0].text()
    assert titles(text)[0] == "Low-bit quantization of LLMs"
    assert "Why you see this: Matches your interest “low-bit quantization of LLMs”" in text
