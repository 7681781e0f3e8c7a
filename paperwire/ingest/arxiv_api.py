"""The arXiv query API (Atom) by id: the submit flow's way to add a paper.

Two fixed entry points, for the community app, the API and the command::

    fetch_paper("2401.01234") -> Paper
    fetch_and_store(["2401.01234", "hep-th/9901001v2"]) -> [Paper, Paper]

Both raise ``ArxivUnavailable`` (network error, timeout, 5xx, nonsense
answer) or ``ArxivNotFound`` (an id arXiv does not know, or arXiv's error
feed, e.g. for a malformed id). Both messages can be shown to a person.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from paperwire.ingest import arxiv_client
from paperwire.ingest.arxiv_metadata import store_answer
from paperwire.ingest.records import canonical_id, parse_datetime_value, source_text
from paperwire.ingest.unknown_ids import forget_unknown, remember_unknown
from paperwire.lib.arxiv_ids import InvalidArxivId, parse_arxiv_id
from paperwire.papers.models import Paper
from paperwire.papers.records import BadRecord, PaperRecord, clean_text
from paperwire.papers.writes import UpsertResult

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
# arXiv answers at most this many ids per call comfortably.
IDS_PER_REQUEST = 100


class ArxivUnavailable(Exception):
    """arXiv cannot be reached or answered with a server error."""

    def __init__(self, message: str = "arXiv cannot be reached right now, try again in a few minutes.") -> None:
        super().__init__(message)


class ArxivNotFound(Exception):
    """arXiv does not know the id (or rejected it as malformed)."""


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    return clean_text(found.text) if found is not None and found.text else ""


def _license(entry: ET.Element) -> str:
    """The licence URL, when the answer carries one (``arxiv:license`` or an Atom ``rel="license"`` link)."""
    text = _text(entry, f"{ARXIV}license")
    if not text:
        link = next((el for el in entry.findall(f"{ATOM}link") if el.get("rel") == "license"), None)
        text = clean_text(link.get("href", "")) if link is not None else ""
    return text[:255]


def record_from_entry(entry: ET.Element) -> PaperRecord:
    arxiv_id, version = canonical_id(_text(entry, f"{ATOM}id"))
    categories = [c.get("term", "") for c in entry.findall(f"{ATOM}category") if c.get("term")]
    primary_el = entry.find(f"{ARXIV}primary_category")
    primary = primary_el.get("term", "") if primary_el is not None else (categories[0] if categories else "")
    if primary and primary in categories:
        categories.remove(primary)
    if primary:
        categories.insert(0, primary)
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        meta={
            "title": _text(entry, f"{ATOM}title"),
            # As arXiv wrote it: line breaks and indentation mark its paragraphs.
            "abstract": source_text(entry.findtext(f"{ATOM}summary")),
            "authors": [_text(a, f"{ATOM}name") for a in entry.findall(f"{ATOM}author") if _text(a, f"{ATOM}name")],
            "categories": categories,
            "primary_category": primary[:32],
            "published": parse_datetime_value(_text(entry, f"{ATOM}published"), "published"),
            "updated": parse_datetime_value(_text(entry, f"{ATOM}updated"), "updated"),
            "comments": _text(entry, f"{ARXIV}comment"),
            "journal_ref": _text(entry, f"{ARXIV}journal_ref"),
            "doi": _text(entry, f"{ARXIV}doi")[:255],
            "license": _license(entry),
        },
        origin=f"arXiv API {arxiv_id}",
        # The entry as arXiv sent it (Atom XML in a JSON object): fields not mapped above are kept too.
        raw={"atom": ET.tostring(entry, encoding="unicode")},
        raw_source="arxiv-api",
    )


def parse_feed(content: bytes) -> list[PaperRecord]:
    """Entries of an Atom answer; raises ArxivNotFound for arXiv's error feed."""
    try:
        root = ET.fromstring(content)  # noqa: S314 - see the import
    except ET.ParseError:
        raise ArxivUnavailable("arXiv answered with something that is not an Atom feed; try again later.") from None
    records = []
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = _text(entry, f"{ATOM}id")
        if _text(entry, f"{ATOM}title") == "Error" or "/api/errors" in entry_id:
            raise ArxivNotFound(f"arXiv says: {_text(entry, f'{ATOM}summary') or 'error'}")
        try:
            records.append(record_from_entry(entry))
        except BadRecord as exc:
            raise ArxivUnavailable(f"arXiv answered with an entry paperwire cannot read ({exc}).") from None
    return records


def fetch_records(arxiv_ids: list[str]) -> list[PaperRecord]:
    """One query API call for up to IDS_PER_REQUEST ids."""
    try:
        response = arxiv_client.get(
            settings.ARXIV_API_URL,
            {"id_list": ",".join(arxiv_ids), "start": "0", "max_results": str(len(arxiv_ids))},
        )
    except requests.RequestException:
        raise ArxivUnavailable() from None
    if response.status_code >= 500 or response.status_code == 429:
        raise ArxivUnavailable()
    if response.status_code >= 400:
        # arXiv answers malformed ids with HTTP 400 and an error feed.
        parse_feed(response.content)
        raise ArxivNotFound(f"arXiv rejected the request (HTTP {response.status_code}).")
    return parse_feed(response.content)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store(records: list[PaperRecord]) -> UpsertResult:
    # Asked now, so the enrichment job has nothing to add (see arxiv_metadata).
    with transaction.atomic():
        return store_answer(records, [record.arxiv_id for record in records], timezone.now()).result


def _wanted(arxiv_ids: list[str]) -> list[str]:
    wanted: list[str] = []
    for text in arxiv_ids:
        try:
            wanted.append(parse_arxiv_id(text).id)
        except InvalidArxivId as exc:
            raise ArxivNotFound(str(exc)) from None
    return wanted


def _fetch_and_store_found(unique: list[str], *, error_feed_means_unknown: bool = False) -> dict[str, Paper]:
    """One request per IDS_PER_REQUEST ids; the papers arXiv answered, stored, by id.

    ``error_feed_means_unknown``: arXiv's error feed (it rejects an id it
    cannot read) counts as "none of these ids" instead of raising.
    """
    records: list[PaperRecord] = []
    for chunk in _chunks(unique, IDS_PER_REQUEST):
        try:
            records.extend(fetch_records(chunk))
        except ArxivNotFound:
            if not error_feed_means_unknown:
                raise
    if not records:
        return {}
    try:
        result = _store(records)
    except IntegrityError:
        # Someone stored the same new paper between our read and our insert
        # (two people submitting it at once): now it exists, so this updates.
        result = _store(records)
    assert result.papers is not None
    return result.papers


def fetch_and_store(arxiv_ids: list[str]) -> list[Paper]:
    """Fetch ``arxiv_ids`` by id_list, upsert them, return the stored papers in input order."""
    wanted = _wanted(arxiv_ids)
    unique = list(dict.fromkeys(wanted))
    papers = _fetch_and_store_found(unique)
    missing = [arxiv_id for arxiv_id in unique if arxiv_id not in papers]
    if missing:
        raise ArxivNotFound(f"arXiv has no paper {', '.join(missing)}.")
    return [papers[arxiv_id] for arxiv_id in wanted]


def fetch_available(arxiv_ids: list[str]) -> tuple[dict[str, Paper], list[str]]:
    """Fetch and store every paper arXiv has of ``arxiv_ids`` (valid ids), 100 per request.

    Returns the stored papers by id and the ids arXiv answered without a
    paper, which are remembered (``unknown_ids``) so that importing them
    again does not ask again. Raises ``ArxivUnavailable``.
    """
    unique = list(dict.fromkeys(_wanted(arxiv_ids)))
    papers = _fetch_and_store_found(unique, error_feed_means_unknown=True)
    unknown = [arxiv_id for arxiv_id in unique if arxiv_id not in papers]
    remember_unknown(unknown)
    forget_unknown(papers)
    return papers, unknown


def fetch_paper(arxiv_id: str) -> Paper:
    """The paper ``arxiv_id`` (an id or an arXiv URL, any version), fetched from arXiv and stored.

    Always asks arXiv, so a stored paper gets arXiv's newest metadata (its
    votes and list entry are kept). Raises ``ArxivNotFound`` when ``arxiv_id``
    is not an arXiv id or arXiv has no such paper, ``ArxivUnavailable`` when
    arXiv cannot be reached.
    """
    [paper] = fetch_and_store([arxiv_id])
    return paper
