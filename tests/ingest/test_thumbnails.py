"""Thumbnails that never break: fetched once from a local image server, checked, resized, served by paperwire."""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from paperwire.ingest.thumbnails import fetch_due_thumbnails
from paperwire.papers.models import Paper
from tests.papers.factories import make_paper


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


class ImageServer:
    """An image CDN on 127.0.0.1 that counts what it is asked for."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, bytes]] = {
            "/good.png": ("image/png", _png(1200, 630)),
            "/broken.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"not really" * 50),
            "/huge.png": ("image/png", b"\x00" * 300_000),
            "/page.html": ("text/html", b"<html>no</html>"),
        }
        self.hits: Counter[str] = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits[self.path] += 1
                kind, body = server.files.get(self.path, ("text/plain", b""))
                self.send_response(200 if self.path in server.files else 404)
                self.send_header("Content-Type", kind)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


@pytest.fixture
def images(settings: Any, tmp_path: Path) -> Iterator[ImageServer]:
    server = ImageServer()
    settings.REMOTE_IMAGES = False
    settings.REMOTE_IMAGE_HOSTS = [server.host]
    settings.THUMBNAIL_DIR = tmp_path / "thumbnails"
    settings.THUMBNAIL_MAX_BYTES = 200_000
    yield server
    server.httpd.shutdown()


@pytest.mark.django_db
def test_it_fetches_each_thumbnail_once_and_refuses_broken_huge_and_foreign_ones(
    images: ImageServer, client: Client
) -> None:
    day = date(2026, 6, 1)
    good = make_paper(list_date=day, title="Good picture", thumbnail=images.url("/good.png"))
    for name in ("broken.png", "huge.png", "page.html", "missing.png"):
        make_paper(list_date=day, title=f"Paper with {name}", thumbnail=images.url(f"/{name}"))
    make_paper(list_date=day, title="Elsewhere", thumbnail="https://tracker.example/pixel.png")

    assert fetch_due_thumbnails() == (1, 5)
    assert fetch_due_thumbnails() == (0, 0)  # each thumbnail is fetched once
    assert set(images.hits.values()) == {1} and len(images.hits) == 5  # and never from another host

    good.refresh_from_db()
    assert good.thumbnail_stored
    assert Paper.objects.filter(thumbnail_stored=True).count() == 1
    sizes = {}
    for size in ("card", "hero"):
        answer = client.get(f"/thumbnails/{good.pk}/{size}.jpg")
        assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
        assert "max-age=31536000" in answer["Cache-Control"]
        sizes[size] = Image.open(io.BytesIO(b"".join(answer.streaming_content))).size
    assert sizes == {"card": (320, 168), "hero": (1200, 630)}  # down to the card's size; never enlarged

    page = client.get(f"/papers/date/{day}").content.decode()
    assert page.count('<img class="paper-thumbnail" src="/thumbnails/') == 1
    assert page.count("thumbnail-placeholder") == 5  # pending or refused: a placeholder, never a broken image
    assert images.host not in page and "tracker.example" not in page
    assert client.get(f"/thumbnails/{good.pk + 1}/card.jpg").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_never_show_a_broken_image_and_fit_a_phone(images: ImageServer, live_server: Any, chromium: Any) -> None:
    day = date(2026, 6, 1)
    good = make_paper(
        arxiv_id="2606.00001", list_date=day, title="Good picture", thumbnail=images.url("/good.png"),
        keywords=["a rather long keyword phrase"] * 6,
    )  # fmt: skip
    make_paper(arxiv_id="2606.00002", list_date=day, title="Broken picture", thumbnail=images.url("/broken.png"))
    make_paper(arxiv_id="2606.00003", list_date=day, title="Not fetched yet", thumbnail=images.url("/page.html"))
    fetch_due_thumbnails(limit=2)

    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        for path in (f"/papers/date/{day}", good.get_absolute_url(), "/papers/2606.00002", "/"):
            page.goto(f"{live_server.url}{path}", wait_until="load")
            page.evaluate("Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
            broken = page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length")
            assert broken == 0, path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width} px wide on a 390 px phone"
        assert page.locator(".paper-hero").count() == 0  # "/" shows the day list; the hero was checked on the paper
    finally:
        context.close()
