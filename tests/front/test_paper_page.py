from datetime import date

import pytest
from django.test import Client

from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db


def test_it_shows_everything_a_reader_needs(client: Client) -> None:
    make_paper(
        arxiv_id="2502.12345",
        list_date=date(2025, 2, 27),
        title="Scaling Laws for Everything",
        authors=["A. Author", "B. Author", "C. Author", "D. Author"],
        abstract="We study $x^2$ scaling.",
        github_repo="https://github.com/example/scaling",
        project_page="https://example.org/scaling",
        categories=["cs.LG", "stat.ML"],
        upvotes=17,
        submitter_name="akhaliq",
    )

    body = client.get("/papers/2502.12345").content.decode()

    for expected in (
        "Scaling Laws for Everything",
        "D. Author",  # all authors, not the shortened list
        "https://arxiv.org/abs/2502.12345",
        "https://arxiv.org/pdf/2502.12345",
        "https://github.com/example/scaling",
        "https://example.org/scaling",
        "stat.ML",
        'href="/papers/date/2025-02-27"',
        'href="/papers/week/2025-W09"',
        "17 imported from Hugging Face",
        "Similar papers",
        "vendor/katex/katex.min.js",
    ):
        assert expected in body, expected


def test_it_redirects_versioned_ids_to_the_paper(client: Client) -> None:
    make_paper(arxiv_id="2502.12345")

    response = client.get("/papers/2502.12345v3")

    assert response.status_code == 301
    assert response["Location"] == "/papers/2502.12345"


def test_it_serves_old_style_ids(client: Client) -> None:
    make_paper(arxiv_id="hep-th/9901001", title="An old-style paper")

    assert "An old-style paper" in client.get("/papers/hep-th/9901001").content.decode()


def test_it_answers_unknown_and_hidden_papers_with_404(client: Client) -> None:
    make_paper(arxiv_id="2502.00001", hidden=True)

    assert client.get("/papers/2502.00001").status_code == 404
    unknown = client.get("/papers/2502.99999")
    assert unknown.status_code == 404
    assert "No paper 2502.99999 here yet" in unknown.content.decode()


def test_it_escapes_markup_in_titles_and_abstracts(client: Client) -> None:
    make_paper(
        arxiv_id="2502.66666",
        title="<script>alert(1)</script> Attack",
        abstract="<img src=x onerror=alert(2)> and $a < b \\& c > d$",
    )

    body = client.get("/papers/2502.66666").content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # The math survives, escaped, marked for KaTeX to read.
    assert '<span class="math inline">a &lt; b \\&amp; c &gt; d</span>' in body


def test_it_counts_in_the_comments_heading_only_the_comments_shown_below(client: Client) -> None:
    make_paper(arxiv_id="2502.22222", list_date=date(2025, 2, 27), comments_imported=2, comment_count=2)

    body = client.get("/papers/2502.22222").content.decode()
    section = body.split('id="comments"')[1]

    assert "<h2>Comments</h2>" in section  # not "Comments (2, 2 on Hugging Face)" above an empty list
    assert "No comments here yet. 2 comments on Hugging Face" in section
