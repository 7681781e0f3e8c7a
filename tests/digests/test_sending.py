from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from paperwire.digests.models import Delivery, DeliveryStatus, Edition, Frequency, Weekday
from paperwire.digests.sending import send_due_digests
from tests.digests.conftest import SEND_TIME, make_paper, make_subscriber

pytestmark = pytest.mark.django_db


def test_it_sends_a_multipart_digest_with_list_headers(smtp_server):
    make_paper("Attention & <everything>", upvotes=50, github_repo="https://github.com/a/b")
    make_paper("Second best", upvotes=10)
    make_subscriber("reader@example.com")

    assert send_due_digests(SEND_TIME) == 1

    [received] = smtp_server.messages
    message = received.message
    assert received.recipients == ["reader@example.com"]
    assert message["From"] == "paperwire <digest@papers.example.org>"
    assert message["Reply-To"] == "editors@papers.example.org"
    assert message["Date"] and message["Message-ID"].endswith("@papers.example.org>")
    assert "digest.papers.example.org" in message["List-Id"]
    assert message["List-Unsubscribe"].strip().startswith("<https://papers.example.org/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Subject"] == "Today's trending papers: Attention & <everything>"
    text, html = received.text(), received.html()
    # Best first, escaped in HTML, links absolute, code link present.
    assert text.index("Attention & <everything>") < text.index("Second best")
    assert "Attention &amp; &lt;everything&gt;" in html
    assert "https://papers.example.org/papers/" in html
    assert "https://github.com/a/b" in html and "https://arxiv.org/abs/" in text
    assert "style=" in html  # CSS inlined
    assert "prefers-color-scheme: dark" in html
    assert "/subscribe/preferences/" in text and "/unsubscribe/" in text
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.message_id == message["Message-ID"]


def test_it_sends_nothing_before_the_send_hour_and_once_per_edition(smtp_server):
    make_paper(upvotes=3)
    make_subscriber("reader@example.com")

    assert send_due_digests(SEND_TIME.replace(hour=6)) == 0
    assert send_due_digests(SEND_TIME) == 1
    assert send_due_digests(SEND_TIME + timedelta(hours=3)) == 0
    assert len(smtp_server.messages) == 1
    assert Edition.objects.filter(issue_date=SEND_TIME.date()).count() == 2


def test_it_never_sends_to_pending_unsubscribed_or_bouncing_addresses(smtp_server):
    make_paper(upvotes=3)
    make_subscriber("pending@example.com", status="pending")
    make_subscriber("gone@example.com", status="unsubscribed")
    make_subscriber("bouncing@example.com", status="bouncing")
    make_subscriber("ok@example.com")

    send_due_digests(SEND_TIME)

    assert [m.recipients for m in smtp_server.messages] == [["ok@example.com"]]


def test_it_sends_no_empty_digest(smtp_server):
    make_paper(upvotes=3, categories=["math.AG"])
    make_subscriber("ml@example.com", categories=["cs.LG"])
    make_subscriber("nothing-at-all@example.com", frequency=Frequency.WEEKLY, weekday=Weekday.WEDNESDAY)
    Delivery.objects.all().delete()

    assert send_due_digests(SEND_TIME) == 1  # only the weekly one: the daily has no cs.LG paper
    assert [m.recipients for m in smtp_server.messages] == [["nothing-at-all@example.com"]]
    assert Delivery.objects.get(subscription__email="ml@example.com").status == DeliveryStatus.SKIPPED


def test_it_never_sends_a_paper_twice_to_the_same_person(smtp_server):
    old = make_paper("Old favourite", upvotes=100, list_date=SEND_TIME.date() - timedelta(days=3))
    make_subscriber("daily@example.com")
    # Monday's daily edition covers the weekend too, so "Old favourite" is sent then...
    monday = SEND_TIME - timedelta(days=2)
    assert send_due_digests(monday) == 1
    assert "Old favourite" in smtp_server.messages[0].text()
    # ...and the weekly switch on Wednesday must not repeat it.
    make_paper("Fresh one", upvotes=1)
    from paperwire.digests.models import Subscription

    Subscription.objects.update(frequency=Frequency.WEEKLY, weekday=Weekday.WEDNESDAY)
    assert send_due_digests(SEND_TIME) == 1
    second = smtp_server.messages[1].text()
    assert "Fresh one" in second and "Old favourite" not in second
    assert old.pk not in Delivery.objects.order_by("pk").last().paper_ids


def test_it_sends_weekly_digests_on_the_chosen_weekday_only(smtp_server):
    make_paper(upvotes=3)
    make_subscriber("wed@example.com", frequency=Frequency.WEEKLY, weekday=Weekday.WEDNESDAY)
    make_subscriber("fri@example.com", frequency=Frequency.WEEKLY, weekday=Weekday.FRIDAY)

    send_due_digests(SEND_TIME)

    assert [m.recipients for m in smtp_server.messages] == [["wed@example.com"]]
    assert smtp_server.messages[0].subject.startswith("This week's trending papers")


def test_it_skips_weekends_for_those_who_asked(smtp_server):
    saturday = SEND_TIME + timedelta(days=3)
    assert saturday.date() == date(2026, 11, 28)
    make_paper(upvotes=3, list_date=date(2026, 11, 27))
    make_subscriber("weekdays@example.com", skip_weekends=True)
    make_subscriber("always@example.com")

    send_due_digests(saturday)

    assert [m.recipients for m in smtp_server.messages] == [["always@example.com"]]


def test_it_limits_papers_and_filters_categories(smtp_server):
    for n in range(5):
        make_paper(f"Learning paper {n}", upvotes=10 - n, categories=["cs.LG", "stat.ML"])
    make_paper("Language paper", upvotes=1, categories=["cs.CL"])
    make_paper("Algebra paper", upvotes=99, categories=["math.AG"])
    make_subscriber("three@example.com", paper_count=3, categories=["cs"])

    send_due_digests(SEND_TIME)

    text = smtp_server.messages[0].text()
    assert "Learning paper 0" in text and "Learning paper 2" in text
    assert "Learning paper 3" not in text and "Algebra paper" not in text


def test_it_goes_through_the_configured_email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_paper(upvotes=3)
    make_subscriber("reader@example.com")

    assert send_due_digests(SEND_TIME) == 1
    assert mail.outbox[0].to == ["reader@example.com"]


def test_it_uses_a_bounded_number_of_queries_per_batch(smtp_server, django_assert_max_num_queries, settings):
    settings.DIGEST_BATCH_SIZE = 50
    for n in range(12):
        make_paper(upvotes=n)
    for n in range(20):
        make_subscriber(f"reader{n}@example.com")
    # Planning, claiming and loading content cost a constant; each message one UPDATE.
    with django_assert_max_num_queries(20 + 32):
        assert send_due_digests(SEND_TIME) == 20


def test_it_plans_each_edition_once_however_often_planning_runs():
    from paperwire.digests.editions import plan_due_editions, plan_edition

    make_paper(upvotes=3)
    for n in range(5):
        make_subscriber(f"reader{n}@example.com")
    make_subscriber("pending@example.com", status="pending")

    [daily, _weekly] = plan_due_editions(SEND_TIME)
    assert plan_edition(daily, SEND_TIME) == 0  # a second planner (another worker) adds nothing

    assert Delivery.objects.filter(edition=daily).count() == 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
