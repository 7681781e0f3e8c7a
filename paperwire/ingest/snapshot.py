"""Kaggle's ``arxiv-metadata-oai-snapshot.json`` (JSON lines, plain or .gz) → paper records.

Two shapes are accepted: the raw file (``versions``, ``authors_parsed``,
``journal-ref``, categories as one space-separated string) and the cleaned
one (categories as a list, ``journal_ref``, no versions). A bad line is
skipped and reported with its line number; a file whose first lines are all
unusable is rejected whole (it is not a snapshot at all).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from paperwire.ingest.hf_daily import BadFile
from paperwire.ingest.latex_names import latex_to_unicode
from paperwire.ingest.records import (
    canonical_id,
    categories_from,
    parse_datetime_value,
    source_text,
    split_author_string,
)
from paperwire.ingest.runner import Parsed, Position, Rejected
from paperwire.papers.records import BadRecord, PaperRecord, clean_text

# This many unusable lines before the first good one: the file is not a snapshot.
GIVE_UP_AFTER = 20


def open_snapshot(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def signature_of(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{int(stat.st_mtime)}"


def _text_or_empty(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRecord(f"{what} must be text")
    return clean_text(value)


def _authors(data: dict[str, Any]) -> list[str]:
    """Names as the paper writes them (the ``authors`` text, TeX accents decoded).

    ``authors_parsed`` is only a fallback: it re-spaces initials ("C. -P. Yuan").
    """
    authors = data.get("authors")
    if isinstance(authors, str) and authors.strip():
        return [latex_to_unicode(name) for name in split_author_string(authors)]
    if isinstance(authors, list):
        return [latex_to_unicode(clean_text(name)) for name in authors if isinstance(name, str) and name.strip()]
    if authors is not None and not isinstance(authors, str):
        raise BadRecord("authors must be text or a list")
    parsed = data.get("authors_parsed")
    names: list[str] = []
    if isinstance(parsed, list):
        for parts in parsed:
            if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
                raise BadRecord("authors_parsed must be a list of [last, first, suffix] lists")
            last, first, suffix = ([*parts, "", "", ""])[:3]
            name = clean_text(" ".join(p for p in (first, last, suffix) if p))
            if name:
                names.append(latex_to_unicode(name))
    return names


def record_from_line(data: Any) -> PaperRecord:
    if not isinstance(data, dict):
        raise BadRecord(f"expected a JSON object, got {type(data).__name__}")
    arxiv_id, version = canonical_id(data.get("id"))
    title = _text_or_empty(data.get("title"), "title")
    if not title:
        raise BadRecord(f"{arxiv_id}: missing title")
    categories = categories_from(data.get("categories"))
    versions = data.get("versions")
    published = updated = None
    dated = True
    if versions:
        if not isinstance(versions, list) or not all(isinstance(v, dict) for v in versions):
            raise BadRecord(f"{arxiv_id}: versions must be a list of objects")
        published = parse_datetime_value(versions[0].get("created"), "versions[0].created")
        updated = parse_datetime_value(versions[-1].get("created"), "versions[-1].created")
        version = len(versions)
    else:
        # The cleaned shape has no version dates; its update_date is the closest thing.
        updated = parse_datetime_value(data.get("update_date"), "update_date")
        dated = False
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        meta={
            "title": title,
            # As arXiv wrote it: line breaks and indentation mark its paragraphs.
            "abstract": source_text(data.get("abstract")),
            "authors": _authors(data),
            "categories": categories,
            "primary_category": categories[0][:32] if categories else "",
            "published": published,
            "updated": updated,
            "comments": _text_or_empty(data.get("comments"), "comments"),
            "journal_ref": _text_or_empty(data.get("journal-ref", data.get("journal_ref")), "journal-ref"),
            "doi": _text_or_empty(data.get("doi"), "doi")[:255],
            "license": _text_or_empty(data.get("license"), "license")[:255],
        },
        dated=dated,
    )


def iter_events(path: Path, stream: IO[bytes], resume: Position | None) -> Iterator[Parsed | Rejected]:
    """Lines of ``stream`` from the resume point on; the position counts lines and bytes."""
    name = path.name
    line_number, offset = 0, 0
    if resume is not None and resume.position:
        stream.seek(resume.byte_offset)
        line_number, offset = resume.position, resume.byte_offset
    good = 0
    for raw in stream:
        line_number += 1
        offset += len(raw)
        after = Position(name, line_number, offset)
        if not raw.strip():
            continue
        origin = f"{name}:{line_number}"
        if good == 0 and raw.lstrip().startswith(b"[") and line_number == 1:
            raise BadFile(f"{name} is a JSON list (an hf-daily answer?), not JSON lines with one paper per line")
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            message = f"invalid JSON ({exc.msg})" if isinstance(exc, json.JSONDecodeError) else "not UTF-8 text"
            if good == 0 and line_number - (resume.position if resume else 0) >= GIVE_UP_AFTER:
                raise BadFile(f"{name}: none of the first {GIVE_UP_AFTER} lines is a JSON object") from None
            yield Rejected(origin, message, after)
            continue
        try:
            record = record_from_line(data)
        except BadRecord as exc:
            if good == 0 and line_number - (resume.position if resume else 0) >= GIVE_UP_AFTER:
                raise BadFile(f"{name}: none of the first {GIVE_UP_AFTER} lines is a snapshot record") from None
            yield Rejected(origin, str(exc), after)
            continue
        good += 1
        record.origin = origin
        yield Parsed(record, after)
