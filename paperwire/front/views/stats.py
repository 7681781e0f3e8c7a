"""/stats: charts of the 90 days up to the latest list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from paperwire.lib.svg_charts import Bar, bar_chart, column_chart
from paperwire.papers.stats import PERIOD_DAYS, RECENT_DAYS, SiteStats, site_stats


def _charts(stats: SiteStats) -> dict[str, Any]:
    span = f"{stats.first_day:%-d %b %Y} to {stats.last_day:%-d %b %Y}"
    papers = [Bar(f"{d.day:%-d %b}", d.papers, f"{d.day:%a %-d %b %Y}: {d.papers} papers") for d in stats.days]
    upvotes = [Bar(f"{d.day:%-d %b}", d.upvotes, f"{d.day:%a %-d %b %Y}: {d.upvotes} upvotes") for d in stats.days]
    busiest = max(stats.days, key=lambda d: (d.papers, d.day))
    charts: dict[str, Any] = {
        "papers_chart": column_chart(
            papers,
            title="Papers per list day",
            description=(
                f"{stats.total_papers} papers were listed from {span}; the busiest day was "
                f"{busiest.day:%-d %B %Y} with {busiest.papers}."
            ),
            x_label="List day",
            y_label="Papers",
        ),
        "upvotes_chart": column_chart(
            upvotes,
            title="Upvotes per list day",
            description=f"{stats.total_upvotes} upvotes so far on the papers listed from {span}.",
            x_label="List day",
            y_label="Upvotes",
        ),
        "rising_chart": None,
    }
    if stats.rising:
        charts["rising_chart"] = bar_chart(
            [
                Bar(
                    r.label,
                    round(r.growth, 1),
                    f"{r.label}: {r.recent} papers in the last {RECENT_DAYS} days, {r.before} in the "
                    f"{PERIOD_DAYS - RECENT_DAYS} days before",
                )
                for r in stats.rising
            ],
            title="Rising " + ("categories" if stats.rising_source == "categories" else "keywords"),
            description=(
                f"How much more often each label appeared in the last {RECENT_DAYS} days than in the "
                f"{PERIOD_DAYS - RECENT_DAYS} days before, per day; top: {stats.rising[0].label}."
            ),
            x_label=f"Growth: papers per day in the last {RECENT_DAYS} days ÷ papers per day before",
        )
    return charts


def stats_page(request: HttpRequest) -> HttpResponse:
    stats = site_stats(timezone.now().date())
    context: dict[str, Any] = {
        "nav": "stats",
        "stats": stats,
        "period_days": PERIOD_DAYS,
        "recent_days": RECENT_DAYS,
        "earlier_days": PERIOD_DAYS - RECENT_DAYS,
        **_charts(stats),
    }
    return render(request, "front/stats.html", context)
