"""What one person pastes, uploads or imports costs a bounded amount of work, and a refusal says why.

Issue 20, items 1 and 3: a 40,000-character paste on anonymous /for-you took
15 s; a 200 KB @string used by 60 entries took 5.9 s; ``"[" * 1000`` answered
500; a 200 MB upload was read (and written to disk) before any check.
"""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from paperwire.library.imports import MAX_ENTRIES

ROOT = Path(__file__).resolve().parents[2]


def _bibtex_with_url(run: int) -> str:
    # The review's shape: an arXiv address, a run of "?", a line break inside the field.
    return "@misc{key, url = {https://arxiv.org/abs/" + "?" * run + "\nx}}\n"


def _seconds_to_answer(client: Client, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        response = client.post("/for-you", {"papers": text})
        best = min(best, time.perf_counter() - started)
        assert response.status_code == 200
    return best


@pytest.mark.django_db
def test_for_you_reads_the_reviews_40000_character_paste_in_time_proportional_to_it(client: Client) -> None:
    quarter = _seconds_to_answer(client, _bibtex_with_url(10_000))
    full = _seconds_to_answer(client, _bibtex_with_url(40_000))

    # Four times the text: linear work takes four times as long at most (the page's own cost
    # does not grow), quadratic work sixteen times (the review measured 15.1 s at 40,000).
    assert full <= 6 * quarter + 0.05, (quarter, full)


def _string_bomb(references: int) -> str:
    return "@string{big = \"" + "x" * 200_000 + "\"}\n" + "".join(
        f"@misc{{k{number}, note = big, url = big, journal = big}}\n" for number in range(references)
    )


@pytest.mark.django_db
def test_an_expanding_string_is_refused_with_a_413_that_says_why(client: Client, alice: Any) -> None:
    for_you = Client().post("/for-you", {"papers": _string_bomb(60)})
    imported = client.post("/library/import", {"text": _string_bomb(60)})

    for response in (for_you, imported):
        assert response.status_code == 413
        assert "@string definitions expand this file" in response.content.decode()


@pytest.mark.django_db
def test_deeply_nested_json_is_a_400_that_says_why_not_a_500(client: Client, alice: Any) -> None:
    for_you = Client().post("/for-you", {"papers": "[" * 1000})
    imported = client.post("/library/import", {"text": "[" * 1000})
    uploaded = client.post("/library/import", {"file": SimpleUploadedFile("deep.json", b"[" * 100_000)})

    for response in (for_you, imported, uploaded):
        assert response.status_code == 400
        assert "nested far too deeply" in response.content.decode()


@pytest.mark.django_db
def test_more_entries_than_one_import_reads_are_refused_before_parsing(client: Client, alice: Any) -> None:
    many = "".join(f"@misc{{k{number}, eprint = {{2401.{number:05d}}}}}\n" for number in range(2 * MAX_ENTRIES + 1))

    response = client.post("/library/import", {"text": many})

    assert response.status_code == 413
    assert f"one import reads at most {MAX_ENTRIES}" in response.content.decode()


@pytest.mark.django_db
def test_an_import_file_over_the_upload_limit_is_refused_before_it_is_read(client: Client, alice: Any) -> None:
    big = SimpleUploadedFile("library.bib", b"%" * (settings.MAX_BODY_BYTES + 1))

    response = client.post("/library/import", {"file": big})

    assert response.status_code == 413
    assert f"over the {settings.MAX_UPLOAD_MB} MB limit" in response.content.decode()


def _answer_to_a_huge_declared_body(host: str, port: int) -> bytes:
    """Send the headers of a 200 MB upload and 64 KB of it; return what the server says meanwhile."""
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(
            b"POST /for-you HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 200000000\r\n\r\n"
            b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bib\"\r\n\r\n" + b"x" * 65_536
        )
        try:
            return connection.recv(4096)
        except TimeoutError:
            return b"(no answer: the server is still reading the body)"


@pytest.mark.django_db(transaction=True)
def test_a_200_mb_upload_is_answered_413_before_the_server_reads_it(live_server: Any) -> None:
    host, port = re.match(r"http://([^:]+):(\d+)", live_server.url).groups()  # type: ignore[union-attr]

    answer = _answer_to_a_huge_declared_body(host, int(port))

    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_the_reverse_proxy_example_takes_the_largest_upload() -> None:
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    [megabytes] = re.findall(r"client_max_body_size\s+(\d+)m;", deploy)

    assert int(megabytes) * 2**20 >= settings.MAX_BODY_BYTES
