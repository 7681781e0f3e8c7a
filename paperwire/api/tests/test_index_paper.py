"""POST /api/papers/index against a local stand-in for arXiv serving a recorded answer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from paperwire.accounts.tokens import create_token
from paperwire.papers.models import Paper

pytestmark = pytest.mark.django_db

RECORDED = "arxiv/atom/id_1605.08386_s0_m100_199195aa31ad.xml"


@pytest.fixture
def arxiv(shared_data: Path, settings: Any) -> Iterator[list[str]]:
    """An HTTP server on 127.0.0.1 answering every query with a recorded arXiv feed; yields the paths asked."""
    feed = (shared_data / RECORDED).read_bytes()
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.end_headers()
            self.wfile.write(feed)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.ARXIV_API_URL = f"http://127.0.0.1:{server.server_address[1]}/api/query"
    settings.ARXIV_REQUEST_INTERVAL = 0
    try:
        yield asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def auth() -> dict[str, str]:
    user = get_user_model().objects.create_user("indexer", "indexer@example.org", "a-long-password-1")
    return {"Authorization": f"Bearer {create_token(user, 'script')[1]}"}


def test_it_adds_a_paper_from_arxiv_once(arxiv: list[str], auth: dict[str, str]) -> None:
    client = Client()

    created = client.post("/api/papers/index", {"arxivId": "1605.08386"}, content_type="application/json", headers=auth)
    again = client.post(
        "/api/papers/index", {"arxivId": "arXiv:1605.08386v1"}, content_type="application/json", headers=auth
    )

    assert created.status_code == 201
    assert created.json()["title"] == "Heat-bath random walks with Markov bases"
    assert again.status_code == 200 and again.json()["id"] == "1605.08386"
    assert len(arxiv) == 1, "a paper already in the catalogue is not fetched again"
    assert "id_list=1605.08386" in arxiv[0]
    assert Paper.objects.filter(arxiv_id="1605.08386").count() == 1


def test_it_answers_503_when_arxiv_cannot_be_reached(settings: Any, auth: dict[str, str]) -> None:
    settings.ARXIV_API_URL = "http://127.0.0.1:9/api/query"  # nothing listens on the discard port
    settings.ARXIV_REQUEST_INTERVAL = 0

    response = Client().post(
        "/api/papers/index", {"arxivId": "1605.08386"}, content_type="application/json", headers=auth
    )

    assert response.status_code == 503
    assert response.json()["error"] == "upstream_unavailable"
    assert not Paper.objects.exists()


def test_it_refuses_to_submit_an_old_paper_with_a_400(arxiv: list[str], auth: dict[str, str]) -> None:
    response = Client().post(
        "/api/v1/submissions", {"arxiv_id": "1605.08386"}, content_type="application/json", headers=auth
    )

    assert response.status_code == 400
    assert response.json()["error"] == "submission_refused"
    assert "first published on 2016-" in response.json()["detail"]
