from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from paperwire.digests.models import Delivery, DeliveryStatus, Edition
from tests.digests.conftest import make_subscriber

pytestmark = pytest.mark.django_db


def test_it_shows_each_editions_delivery_counts(client):
    edition = Edition.objects.create(
        frequency="daily", issue_date="2026-11-25", period_start="2026-11-24", period_end="2026-11-25"
    )
    statuses = ["pending", "sent", "sent", "sent", "retrying", "retrying", "failed", "bounced", "bounced"]
    for n, status in enumerate(statuses):
        Delivery.objects.create(
            subscription=make_subscriber(f"r{n}@example.com"),
            edition=edition,
            status=status,
            next_attempt_at=timezone.now(),
        )
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", None)
    client.force_login(admin)

    page = client.get("/admin/digests/edition/").content.decode()

    cells = {
        name: re.search(rf'<td class="field-{name}">(\d+)</td>', page).group(1)
        for name in ["pending", "sent", "retrying", "failed", "bounced"]
    }
    assert cells == {"pending": "1", "sent": "3", "retrying": "2", "failed": "1", "bounced": "2"}
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 3
