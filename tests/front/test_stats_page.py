"""/stats and /about: charts of the 90 days up to the latest list, rising categories, the formula in words."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from paperwire.papers.stats import rising_labels, site_stats
from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 11, 28, 12, tzinfo=UTC), tick=False):
        yield


def svgs(body: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", body, flags=re.S)]  # noqa: S314 - our own page


def test_it_charts_the_90_days_up_to_the_latest_list_and_says_so(client: Client) -> None:
    last = date(2026, 6, 30)
    make_paper(list_date=last, upvotes=7)
    make_paper(list_date=last, upvotes=5)
    make_paper(list_date=last - timedelta(days=89), upvotes=1)
    make_paper(list_date=last - timedelta(days=90), upvotes=1000)  # one day too old
    make_paper(list_date=last, upvotes=400, hidden=True)

    body = client.get("/stats").content.decode()

    assert "From 2 April 2026 to 30 June 2026." in body
    # 90 calendar days, most of them without a list: not "the last 90 list days".
    assert "<h1>The last 90 days</h1>" in body
    assert "The most recent list is from 30 June 2026" in body
    papers_chart, upvotes_chart = svgs(body)[:2]
    bars = papers_chart.findall(f"{SVG_NS}rect")
    assert len(bars) == 90
    assert bars[-1].findtext(f"{SVG_NS}title") == "Tue 30 Jun 2026: 2 papers"
    assert bars[0].findtext(f"{SVG_NS}title") == "Thu 2 Apr 2026: 1 papers"
    assert upvotes_chart.findall(f"{SVG_NS}rect")[-1].findtext(f"{SVG_NS}title") == "Tue 30 Jun 2026: 12 upvotes"
    assert ">13<" in body.split('class="stat-figures"')[1].split("</ul>")[0]  # upvotes of the 90 days
    # The same numbers as a table, for readers who cannot see the chart; days without a list are left out.
    assert '<a href="/papers/date/2026-06-30">Tue 30 Jun 2026</a></td><td>2</td><td>12</td>' in body
    assert body.count('<tr><td><a href="/papers/date/') == 2


def test_it_gives_each_chart_a_title_description_and_axis_labels(client: Client) -> None:
    make_paper(list_date=date(2026, 11, 28), upvotes=3, title="<b>bold</b>")

    body = client.get("/stats").content.decode()

    for svg in svgs(body):
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby", "").split()
        assert svg.find(f"{SVG_NS}title").get("id") == title_id  # type: ignore[union-attr]
        assert svg.find(f"{SVG_NS}desc").get("id") == desc_id  # type: ignore[union-attr]
        assert [t.text for t in svg.findall(f"{SVG_NS}text[@class='axis-label']")]
    assert "The most recent list is from" not in body  # today has a list: the period ends today


def test_it_ranks_categories_that_grew_in_the_last_30_days(client: Client) -> None:
    last = date(2026, 6, 30)
    for n in range(6):  # cs.CL: 6 recent, 2 before -> strongly rising
        make_paper(list_date=last - timedelta(days=n), categories=["cs.CL", "cs.LG"], primary_category="cs.CL")
    for n in range(2):
        make_paper(list_date=last - timedelta(days=40 + n), categories=["cs.CL"], primary_category="cs.CL")
    for n in range(12):  # cs.LG: plenty before -> not rising
        make_paper(list_date=last - timedelta(days=35 + n), categories=["cs.LG"], primary_category="cs.LG")
    for n in range(3):  # math.AG: new, 3 recent
        make_paper(list_date=last - timedelta(days=n), categories=["math.AG"], primary_category="math.AG")

    stats = site_stats(date(2026, 11, 28))
    body = client.get("/stats").content.decode()

    # Growth per day, smoothed by one paper: math.AG (0 -> 3) = 4.0, cs.CL (1 -> 6 per 30 days) = 3.5, cs.LG = 1.0.
    assert [(r.label, r.recent, r.before, r.growth) for r in stats.rising] == [
        ("math.AG", 3, 0, 4.0),
        ("cs.CL", 6, 2, 3.5),
    ]
    assert "Rising categories" in body
    assert 'href="/papers/category/cs.CL/feed.rss"' in body


def test_it_falls_back_to_keywords_for_papers_without_categories(client: Client) -> None:
    for n in range(4):
        make_paper(
            list_date=date(2026, 6, 30) - timedelta(days=n),
            categories=[],
            primary_category="",
            keywords=["Diffusion Models", "video"],
        )

    body = client.get("/stats").content.decode()

    assert "Rising keywords" in body
    assert "diffusion models" in body
    assert "carry no arXiv categories" in body


def test_it_says_there_is_no_category_data(client: Client) -> None:
    make_paper(list_date=date(2026, 6, 30), categories=[], primary_category="", keywords=[])

    body = client.get("/stats").content.decode()

    assert "No category data" in body


def test_it_renders_an_empty_instance(client: Client) -> None:
    response = client.get("/stats")

    assert response.status_code == 200
    assert "No category data" in response.content.decode()
    assert len(svgs(response.content.decode())) == 2


def test_it_needs_a_few_recent_papers_before_calling_a_label_rising() -> None:
    day = date(2026, 6, 30)
    rows: list[tuple[date, list[str]]] = [(day, ["new.topic"]), (day, ["new.topic"])]

    assert rising_labels(rows, recent_from=day) == []
    assert [r.label for r in rising_labels([*rows, (day, ["new.topic"])], recent_from=day)] == ["new.topic"]


def test_it_explains_the_trending_formula_on_the_about_page(client: Client, settings: Any) -> None:
    settings.TRENDING_GRAVITY = 1.8
    settings.TRENDING_COMMENT_WEIGHT = 2.0

    body = client.get("/about").content.decode()

    assert "score = (upvotes + 2 × comments + 1) ÷ (age in hours + 2)<sup>1.8</sup>" in body
    assert "Ties</strong> are broken by more upvotes, then more comments, then the arXiv id" in body
    assert "needs about 49 times the points" in body
    # This week and this month rank by the votes gathered, and the page says so.
    assert "score = upvotes + 2 × comments</p>" in body
    assert "rank by the votes the papers gathered, with no age term" in body
    assert "Digests" in body and "Search" in body


def test_it_says_how_many_papers_of_the_period_have_arxiv_categories(client: Client, settings) -> None:
    settings.ARXIV_ENRICH = True  # what an instance says while enrichment runs
    last = date(2026, 6, 30)
    make_paper(list_date=last)
    for _ in range(3):
        make_paper(list_date=last, categories=[], primary_category="", keywords=["robots"])

    page = client.get("/stats").content.decode()

    assert "In this period, 1 of 4 papers have arXiv categories yet; enrichment from arXiv is running." in page
    assert site_stats(last).category_coverage.with_categories == 1
