from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from paperwire.digests.models import Delivery, DeliveryStatus, Edition, Subscription


def _count(status: str) -> Count:
    return Count("deliveries", filter=Q(deliveries__status=status))


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = [
        "issue_date",
        "frequency",
        "planned_at",
        "pending",
        "sent",
        "retrying",
        "failed",
        "bounced",
        "skipped",
    ]
    list_filter = ["frequency"]
    date_hierarchy = "issue_date"
    readonly_fields = ["frequency", "issue_date", "period_start", "period_end", "created_at", "planned_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Edition]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_pending=Count(
                    "deliveries",
                    filter=Q(deliveries__status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
                ),
                n_sent=_count(DeliveryStatus.SENT),
                n_retrying=_count(DeliveryStatus.RETRYING),
                n_failed=_count(DeliveryStatus.FAILED),
                n_bounced=_count(DeliveryStatus.BOUNCED),
                n_skipped=_count(DeliveryStatus.SKIPPED),
            )
        )

    @admin.display(description="pending", ordering="n_pending")
    def pending(self, obj: Edition) -> int:
        return obj.n_pending  # type: ignore[attr-defined]

    @admin.display(description="sent", ordering="n_sent")
    def sent(self, obj: Edition) -> int:
        return obj.n_sent  # type: ignore[attr-defined]

    @admin.display(description="retrying", ordering="n_retrying")
    def retrying(self, obj: Edition) -> int:
        return obj.n_retrying  # type: ignore[attr-defined]

    @admin.display(description="failed", ordering="n_failed")
    def failed(self, obj: Edition) -> int:
        return obj.n_failed  # type: ignore[attr-defined]

    @admin.display(description="bounced", ordering="n_bounced")
    def bounced(self, obj: Edition) -> int:
        return obj.n_bounced  # type: ignore[attr-defined]

    @admin.display(description="skipped", ordering="n_skipped")
    def skipped(self, obj: Edition) -> int:
        return obj.n_skipped  # type: ignore[attr-defined]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "status",
        "frequency",
        "paper_count",
        "for_you_count",
        "follows_count",
        "bounce_count",
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["status", "frequency", "skip_weekends"]
    search_fields = ["email"]
    raw_id_fields = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["edition", "subscription", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "edition__frequency"]
    search_fields = ["subscription__email", "message_id"]
    raw_id_fields = ["subscription", "edition"]
    list_select_related = ["subscription", "edition"]
