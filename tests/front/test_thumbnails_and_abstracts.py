"""Upstream thumbnails on cards and paper pages, and abstracts shown in the paragraphs their source wrote."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.papers.factories import make_paper

pytestmark = pytest.mark.django_db

THUMBNAIL = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2502.12345.png"
ROOT = Path(__file__).resolve().parents[2]


def test_it_hot_links_the_upstream_thumbnail_when_the_instance_prefers_it(client: Client, settings: Any) -> None:
    settings.REMOTE_IMAGES = True
    make_paper(arxiv_id="2502.12345", list_date=date(2025, 2, 27), title="Scaling Laws", thumbnail=THUMBNAIL)
    make_paper(arxiv_id="2502.12346", list_date=date(2025, 2, 27), title="No Picture")

    day = client.get("/papers/date/2025-02-27").content.decode()
    page = client.get("/papers/2502.12345").content.decode()

    assert day.count('class="paper-thumbnail"') == 1
    start = day.index('<img class="paper-thumbnail"')
    card_image = day[start : day.index(">", start)]
    for expected in (
        f'src="{THUMBNAIL}"',
        'width="160"',
        'height="84"',
        'loading="lazy"',
        'alt=""',  # the title beside it says what it shows; a missing image spills no text
    ):
        assert expected in card_image, expected
    assert f'src="{THUMBNAIL}"' in page and 'loading="lazy"' in page and 'width="640"' in page


def test_it_shows_no_remote_image_by_default(client: Client) -> None:
    make_paper(arxiv_id="2502.12345", list_date=date(2025, 2, 27), thumbnail=THUMBNAIL)

    assert THUMBNAIL not in client.get("/papers/date/2025-02-27").content.decode()
    assert THUMBNAIL not in client.get("/papers/2502.12345").content.decode()


def test_it_shows_no_image_from_a_host_the_policy_does_not_allow(client: Client, settings: Any) -> None:
    settings.REMOTE_IMAGES = True
    # The browser would refuse it anyway (CSP img-src): no broken image, no request.
    make_paper(arxiv_id="2502.12345", list_date=date(2025, 2, 27), thumbnail="https://tracker.example/pixel.png")

    assert "tracker.example" not in client.get("/papers/2502.12345").content.decode()


def test_it_allows_exactly_the_configured_image_hosts_in_the_content_security_policy(client: Client) -> None:
    make_paper(arxiv_id="2502.12345")
    policy = client.get("/papers/2502.12345")["Content-Security-Policy"]
    img_src = next(part.split()[1:] for part in policy.split(";") if part.split()[:1] == ["img-src"])
    assert img_src == ["'self'"]  # paperwire serves its own copies of thumbnails

    def configured(**env: str) -> str:
        code = (
            "from django.conf import settings; "
            "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
        )
        run_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "paperwire.settings", **env}
        done = subprocess.run(
            [sys.executable, "-c", code], env=run_env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        return done.stdout.strip() or done.stderr.strip().splitlines()[-1]

    assert configured(PAPERWIRE_REMOTE_IMAGES="1") == "'self' https://cdn-thumbnails.huggingface.co"
    assert configured(PAPERWIRE_REMOTE_IMAGES="1", PAPERWIRE_REMOTE_IMAGE_HOSTS="img.example.org,cdn.example.net") == (
        "'self' https://img.example.org https://cdn.example.net"
    )
    assert "not a host name" in configured(PAPERWIRE_REMOTE_IMAGE_HOSTS="https://img.example.org/x")


def test_it_shows_an_abstract_in_the_paragraphs_its_source_wrote(client: Client) -> None:
    abstract = (
        "We study $x^2$ scaling across\nmany models.\n  A second paragraph, indented\nas arXiv marks it.\n\n"
        "A third one after an empty line."
    )
    make_paper(arxiv_id="2502.12345", abstract=abstract)

    body = client.get("/papers/2502.12345").content.decode()
    block = body[body.index('<div class="abstract">') : body.index("</div>", body.index('<div class="abstract">'))]

    assert block.count("<p>") == 3
    assert "scaling across many models.</p>" in block
    assert "<p>A second paragraph, indented as arXiv marks it.</p>" in block
    assert 'class="math' in block  # formulas are still marked for KaTeX
