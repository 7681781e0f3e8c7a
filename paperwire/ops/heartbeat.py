"""A periodic job that proves the workers are alive and the queue moves."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from paperwire.ops.models import Heartbeat

WORKER_HEARTBEAT = "worker"


def record_heartbeat(now: datetime | None = None) -> datetime:
    beat_at = now or timezone.now()
    Heartbeat.objects.update_or_create(name=WORKER_HEARTBEAT, defaults={"beat_at": beat_at})
    return beat_at


def last_heartbeat() -> datetime | None:
    return Heartbeat.objects.filter(name=WORKER_HEARTBEAT).values_list("beat_at", flat=True).first()
