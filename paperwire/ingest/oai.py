"""An OAI-PMH harvester of arXiv (``metadataPrefix=arXiv``).

Each page is one transaction together with the resumption token for the
next page, stored in an ``ImportCheckpoint``: a killed harvest resumes with
that token. ``status="deleted"`` records mark known papers withdrawn.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

import requests
from django.conf import settings

from paperwire.ingest import arxiv_client
from paperwire.ingest.latex_names import latex_to_unicode
from paperwire.ingest.records import canonical_id, categories_from, parse_datetime_value, source_text
from paperwire.ingest.runner import Counts, ImportRun, Position
from paperwire.papers.records import BadRecord, PaperRecord, clean_text


class OaiError(Exception):
    """The harvest cannot go on; the message says why and what to do."""


@dataclass
class OaiPage:
    records: list[PaperRecord]
    rejected: list[tuple[str, str]]
    token: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if _local(child.tag) == name)


def _written(element: ET.Element | None, name: str) -> str:
    found = _child(element, name) if element is not None else None
    return source_text(found.text) if found is not None else ""


def _text(element: ET.Element | None, name: str) -> str:
    if element is None:
        return ""
    found = _child(element, name)
    return clean_text(found.text) if found is not None and found.text else ""


def record_from_oai(record: ET.Element) -> PaperRecord:
    header = _child(record, "header")
    if header is None:
        raise BadRecord("record without header")
    identifier = _text(header, "identifier").removeprefix("oai:arXiv.org:")
    if header.get("status") == "deleted":
        arxiv_id, _ = canonical_id(identifier)
        return PaperRecord(arxiv_id=arxiv_id, withdrawn=True, origin=f"OAI {identifier}")
    metadata = _child(record, "metadata")
    arxiv = next(iter(metadata), None) if metadata is not None else None
    if arxiv is None or _local(arxiv.tag) != "arXiv":
        raise BadRecord(f"{identifier}: no arXiv metadata (harvest with metadataPrefix=arXiv)")
    arxiv_id, version = canonical_id(_text(arxiv, "id") or identifier)
    authors: list[str] = []
    authors_el = _child(arxiv, "authors")
    for author in _children(authors_el, "author") if authors_el is not None else ():
        name = " ".join(
            part for part in (_text(author, "forenames"), _text(author, "keyname"), _text(author, "suffix")) if part
        )
        # Skip debris such as a lone ":" that some records carry as a "name".
        if any(char.isalnum() for char in name):
            authors.append(latex_to_unicode(name))
    categories = categories_from(_text(arxiv, "categories"))
    created = parse_datetime_value(_text(arxiv, "created"), "created")
    updated = parse_datetime_value(_text(arxiv, "updated"), "updated") or created
    title = _text(arxiv, "title")
    if not title:
        raise BadRecord(f"{arxiv_id}: missing title")
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        meta={
            "title": title,
            # As arXiv wrote it: line breaks and indentation mark its paragraphs.
            "abstract": _written(arxiv, "abstract"),
            "authors": authors,
            "categories": categories,
            "primary_category": categories[0][:32] if categories else "",
            "published": created,
            "updated": updated,
            "comments": _text(arxiv, "comments"),
            "journal_ref": _text(arxiv, "journal-ref"),
            "doi": _text(arxiv, "doi")[:255],
            "license": _text(arxiv, "license")[:255],
        },
        origin=f"OAI {arxiv_id}",
    )


def parse_page(content: bytes) -> OaiPage:
    try:
        root = ET.fromstring(content)  # noqa: S314 - see the import
    except ET.ParseError as exc:
        raise OaiError(f"the OAI-PMH server answered with broken XML ({exc})") from None
    error = _child(root, "error")
    if error is not None:
        code = error.get("code", "")
        if code == "noRecordsMatch":
            return OaiPage([], [], "")
        if code == "badResumptionToken":
            raise OaiError(
                "the server no longer accepts the saved resumption token (tokens expire); "
                "run again with --restart to start this harvest over"
            )
        raise OaiError(f"the OAI-PMH server says {code}: {clean_text(error.text)}")
    list_records = _child(root, "ListRecords")
    if list_records is None:
        list_records = _child(root, "GetRecord")
    if list_records is None:
        raise OaiError("the answer has no ListRecords element")
    records: list[PaperRecord] = []
    rejected: list[tuple[str, str]] = []
    for index, element in enumerate(_children(list_records, "record"), start=1):
        try:
            records.append(record_from_oai(element))
        except BadRecord as exc:
            rejected.append((f"record {index}", str(exc)))
    token_el = _child(list_records, "resumptionToken")
    token = (token_el.text or "").strip() if token_el is not None else ""
    return OaiPage(records, rejected, token)


def fetch_page(params: dict[str, str]) -> bytes:
    """One OAI-PMH page; ``arxiv_client`` retries network errors and 429 / 5xx, waiting out Retry-After."""
    try:
        response = arxiv_client.get(settings.ARXIV_OAI_URL, params)
    except requests.RequestException as exc:
        raise OaiError(
            f"gave up on the OAI-PMH server: network error ({exc.__class__.__name__}); "
            "run the same command again to resume"
        ) from None
    if response.status_code == 200:
        return response.content
    if response.status_code in arxiv_client.RETRY_STATUSES:
        raise OaiError(
            f"gave up after {arxiv_client.HARVEST_ATTEMPTS} attempts: HTTP {response.status_code}; "
            "run the same command again to resume"
        )
    raise OaiError(f"the OAI-PMH server answered HTTP {response.status_code}")


def harvest_key(date_from: str | None, date_until: str | None, set_spec: str | None) -> str:
    return f"{settings.ARXIV_OAI_URL}|from={date_from or ''}|until={date_until or ''}|set={set_spec or ''}"


def harvest_oai(run: ImportRun, date_from: str | None, date_until: str | None, set_spec: str | None) -> Counts:
    """Harvest until the server sends no resumption token; resumes from ``run``'s checkpoint."""
    resume = run.resume_point()
    token = resume.token if resume is not None else ""
    pages = resume.position if resume is not None else 0
    if resume is not None and not token:
        pages = 0
    while True:
        if token:
            params = {"verb": "ListRecords", "resumptionToken": token}
        else:
            params = {"verb": "ListRecords", "metadataPrefix": "arXiv"}
            if date_from:
                params["from"] = date_from
            if date_until:
                params["until"] = date_until
            if set_spec:
                params["set"] = set_spec
        page = parse_page(fetch_page(params))
        pages += 1
        for origin, message in page.rejected:
            run.reject(f"page {pages}, {origin}", message)
        run.queue(page.records)
        run.flush(Position("", pages, 0, page.token))
        if not page.token:
            return run.finish()
        token = page.token
