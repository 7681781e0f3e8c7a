"""A local arXiv over real HTTP: recorded query-API and OAI-PMH answers for tests.

The ``arxiv_server`` fixture starts ``http.server`` in a thread and points
``settings.ARXIV_API_URL`` / ``ARXIV_OAI_URL`` at it (and sets
``ARXIV_REQUEST_INTERVAL`` to 0). Answers come from ../shared/data/arxiv:

- Query API (``/api/query?id_list=…``): the recorded file for those ids
  (``atom/id_<ids>_s0_m100_<hash>.xml``; versions are ignored when matching,
  so ``2104.12255`` finds ``id_2104.12255v1_…``), else arXiv's recorded
  "Error" feed with HTTP 400, as arXiv answers a bad id. Override with
  ``arxiv_server.answer_api("2401.01234", "id_1605.08386_s0_m100_199195aa31ad.xml")``.
- OAI-PMH (``/oai``): ``arxiv_server.serve_oai_pages("arxiv-physics-hep-ex.xml",
  "arxiv-physics-hep-th.xml")`` answers page 1 for a fresh request and page
  N+1 for the resumption token injected into page N. The recorded records are
  served unchanged; only the ``resumptionToken`` element is rewritten.
- Any id list: ``arxiv_server.synthesize_api(unknown={"2401.00002"})`` answers
  every ``id_list`` without a recording with one entry per id, built from a
  recorded entry (``SYNTH_RECORDING``) with the id in place and the ids in
  ``unknown`` left out, as arXiv leaves out ids it does not know;
  ``arxiv_server.synth_changes["2401.00001"] = {"version": 3, "doi": "10.1/x"}``
  changes one id's version, DOI, journal reference or updated date.
- Faults: ``arxiv_server.fail_next(503, times=2, retry_after=0)``.
- ``arxiv_server.requests`` lists every (path, query) received, ``arrivals`` when.
"""

from __future__ import annotations

import copy
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.loopback import serve_on_loopback

ERROR_FEED = "id_abc_s0_m100_b79c8dcf6bc3.xml"
# The recorded answer whose entry synthesized answers are built from (math.CO, two authors, a comment).
SYNTH_RECORDING = "id_1605.08386_s0_m100_199195aa31ad.xml"
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_NEW_ID = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$")
_TOKEN = re.compile(rb"<resumptionToken[^>]*>[^<]*</resumptionToken>|<resumptionToken[^>]*/>")
_LIST_END = b"</ListRecords>"


def _versionless(arxiv_id: str) -> str:
    return re.sub(r"v\d+$", "", arxiv_id.strip().lower())


def ids_of_recording(name: str) -> tuple[str, ...] | None:
    """``id_astro-ph_0601001_1707.08567v1_s0_m100_x.xml`` → ("astro-ph/0601001", "1707.08567")."""
    match = re.match(r"^id_(.+)_s\d+_m\d+_[0-9a-f]+\.xml$", name)
    if not match:
        return None
    tokens, ids = match.group(1).split("_"), []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if _NEW_ID.match(token) or index + 1 >= len(tokens):
            ids.append(token)
            index += 1
        else:
            ids.append(f"{token}/{tokens[index + 1]}")
            index += 2
    return tuple(_versionless(i) for i in ids)


@dataclass
class Fault:
    status: int
    retry_after: float | None = None


@dataclass
class ArxivServer:
    data: Path
    base_url: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    # When each request arrived (time.monotonic()), in the order of ``requests``.
    arrivals: list[float] = field(default_factory=list)
    api_answers: dict[tuple[str, ...], tuple[int, bytes]] = field(default_factory=dict)
    oai_pages: list[bytes] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    synthesizing: bool = False
    unknown_ids: set[str] = field(default_factory=set)
    synth_changes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/query"

    @property
    def oai_url(self) -> str:
        return f"{self.base_url}/oai"

    def __post_init__(self) -> None:
        for path in sorted((self.data / "atom").glob("id_*.xml")):
            ids = ids_of_recording(path.name)
            if ids is not None:
                status = 400 if path.name == ERROR_FEED else 200
                self.api_answers.setdefault(ids, (status, path.read_bytes()))

    # --- what tests call ------------------------------------------------

    def answer_api(self, id_list: str, recording: str, status: int = 200) -> None:
        key = tuple(_versionless(i) for i in id_list.split(","))
        self.api_answers[key] = (status, (self.data / "atom" / recording).read_bytes())

    def serve_oai_pages(self, *pages: str | bytes) -> None:
        """Recorded ListRecords files (names in oai/ or raw bytes) served as consecutive pages."""
        contents = [p if isinstance(p, bytes) else (self.data / "oai" / p).read_bytes() for p in pages]
        self.oai_pages = []
        for number, content in enumerate(contents, start=1):
            body = _TOKEN.sub(b"", content)
            token = f"paperwire-test-page-{number + 1}" if number < len(contents) else ""
            element = f'<resumptionToken cursor="{number}">{token}</resumptionToken>'.encode()
            body = body.replace(_LIST_END, element + _LIST_END, 1)
            self.oai_pages.append(body)

    def synthesize_api(self, *, unknown: set[str] | frozenset[str] = frozenset()) -> None:
        self.synthesizing = True
        self.unknown_ids = {_versionless(i) for i in unknown}

    def fail_next(self, status: int, *, times: int = 1, retry_after: float | None = None) -> None:
        with self.lock:
            self.faults.extend(Fault(status, retry_after) for _ in range(times))

    # --- answering ------------------------------------------------------

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests.append((path, query))
            self.arrivals.append(time.monotonic())
            fault = self.faults.pop(0) if self.faults else None
        if fault is not None:
            headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            return fault.status, headers, b"<html><body>Service unavailable</body></html>"
        xml = {"Content-Type": "application/atom+xml; charset=utf-8"}
        if path == "/api/query":
            key = tuple(_versionless(i) for i in query.get("id_list", "").split(",") if i)
            answer = self.api_answers.get(key)
            if answer is None and self.synthesizing and all(_ID.match(i) for i in key):
                return 200, xml, self.synthesized_feed(list(key))
            status, body = answer or self.api_answers[("abc",)]
            return status, xml, body
        if path == "/oai":
            xml = {"Content-Type": "text/xml; charset=utf-8"}
            token = query.get("resumptionToken", "")
            if not token:
                index = 0
            elif token.startswith("paperwire-test-page-"):
                index = int(token.rsplit("-", 1)[1]) - 1
            else:
                index = len(self.oai_pages)
            if index >= len(self.oai_pages):
                return 200, xml, _oai_error("badResumptionToken", "unknown token")
            return 200, xml, self.oai_pages[index]
        return 404, {}, b"not found"

    def synthesized_feed(self, ids: list[str]) -> bytes:
        """An Atom answer with one entry per known id, in the order asked, like arXiv's."""
        root = ET.fromstring((self.data / "atom" / SYNTH_RECORDING).read_bytes())  # noqa: S314 - our own recording
        template = root.find(f"{_ATOM}entry")
        assert template is not None
        root.remove(template)
        found = 0
        for arxiv_id in ids:
            if arxiv_id in self.unknown_ids:
                continue
            found += 1
            root.append(_entry_for(template, arxiv_id, self.synth_changes.get(arxiv_id, {})))
        total = root.find("{http://a9.com/-/spec/opensearch/1.1/}totalResults")
        if total is not None:
            total.text = str(found)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)


_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[a-z]{2})?/\d{7})$", re.IGNORECASE)


def _entry_for(template: ET.Element, arxiv_id: str, changes: dict[str, Any]) -> ET.Element:
    entry = copy.deepcopy(template)
    version = int(changes.get("version", 1))
    _set(entry, f"{_ATOM}id", f"http://arxiv.org/abs/{arxiv_id}v{version}")
    _set(entry, f"{_ATOM}title", f"Heat-bath random walks with Markov bases ({arxiv_id})")
    if "updated" in changes:
        _set(entry, f"{_ATOM}updated", str(changes["updated"]))
    for name in ("doi", "journal_ref"):
        if name in changes:
            _set(entry, f"{_ARXIV}{name}", str(changes[name]))
    return entry


def _set(entry: ET.Element, tag: str, text: str) -> None:
    element = entry.find(tag)
    if element is None:
        element = ET.SubElement(entry, tag)
    element.text = text


def _oai_error(code: str, text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        f'<responseDate>2026-01-01T00:00:00Z</responseDate><error code="{code}">{text}</error></OAI-PMH>'
    ).encode()


def _handler(server: ArxivServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            status, headers, body = server.answer(parts.path, query)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client was killed mid-answer (kill tests and benchmarks do that)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve_arxiv(data: Path) -> Iterator[ArxivServer]:
    """A local arXiv on 127.0.0.1 serving ``data`` (../shared/data/arxiv) until the block ends."""
    state = ArxivServer(data=data)
    with serve_on_loopback(_handler(state), "arxiv-server") as base_url:
        state.base_url = base_url
        yield state


@pytest.fixture
def arxiv_server(shared_data: Path, settings: Any) -> Iterator[ArxivServer]:
    """A local arXiv (query API + OAI-PMH) on 127.0.0.1, wired into settings."""
    with serve_arxiv(shared_data / "arxiv") as state:
        settings.ARXIV_API_URL = state.api_url
        settings.ARXIV_OAI_URL = state.oai_url
        settings.ARXIV_REQUEST_INTERVAL = 0.0
        yield state
