"""Hugging Face ``GET /api/daily_papers`` answers → paper records.

One file is one day's answer: a JSON list of items (see ../shared/data/README.md
for the shape, which grew over time). A file that is not valid JSON, or not a
list, is rejected whole: it is a broken download, not a day with fewer
papers. Inside a valid file, an item that cannot be used is skipped and
reported with its line number; the others are imported.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from paperwire.ingest.records import (
    BadRecord,
    DailyRecord,
    PaperRecord,
    canonical_id,
    clean_text,
    parse_datetime_value,
)
from paperwire.ingest.runner import Parsed, Position, Rejected

HF_URL = "https://huggingface.co"
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_decoder = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class BadFile(ValueError):
    """A whole input file is unusable."""


def list_files(path: Path) -> list[Path]:
    """The answer files under ``path`` (a file, or a folder of ``*.json`` / ``*.json.gz``), by name."""
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(
            (p for p in path.iterdir() if p.is_file() and (p.name.endswith(".json") or p.name.endswith(".json.gz"))),
            key=lambda p: p.name,
        )
    raise FileNotFoundError(f"{path} does not exist")


def signature_of(files: list[Path]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for file in files:
        digest.update(f"{file.name}:{file.stat().st_size}\n".encode())
    return f"{len(files)}:{digest.hexdigest()}"


def file_date(path: Path) -> date | None:
    match = _FILE_DATE.search(path.name)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def iter_json_array(text: str) -> Iterator[tuple[int, Any]]:
    """Items of a JSON list with the line each starts on; raises BadFile on anything else."""
    index = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    if index >= len(text):
        raise BadFile("the file is empty")
    if text[index] != "[":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadFile(f"line {exc.lineno}: invalid JSON ({exc.msg})") from None
        kind = "an object" if isinstance(value, dict) else type(value).__name__
        raise BadFile(f"expected a JSON list of daily papers, got {kind}")
    # Validate the whole document first: a truncated file is rejected whole.
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadFile(f"line {exc.lineno}: invalid JSON ({exc.msg})") from None
    index += 1
    line = text.count("\n", 0, index) + 1
    counted_to = index
    while True:
        index = _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]
        if text[index] == "]":
            return
        line += text.count("\n", counted_to, index)
        counted_to = index
        value, index = _decoder.raw_decode(text, index)
        yield line, value
        index = _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]
        if text[index] == ",":
            index += 1


def read_text(path: Path) -> str:
    try:
        raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise BadFile(f"cannot read the file ({exc})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadFile(f"not UTF-8 text (byte {exc.start})") from None


def _absolute(url: Any) -> str:
    if not isinstance(url, str) or not url:
        return ""
    return f"{HF_URL}{url}" if url.startswith("/") else url


def _count(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadRecord(f"{what} must be a whole number ≥ 0, got {value!r}")
    return value


def _url(value: Any) -> str:
    if isinstance(value, str) and value.startswith(("http://", "https://")) and len(value) <= 500:
        return value
    return ""


def record_from_item(item: Any, list_date_default: date | None) -> PaperRecord:
    """Map one daily-papers item; raises BadRecord with a reason a person can act on."""
    if not isinstance(item, dict):
        raise BadRecord(f"expected an object, got {type(item).__name__}")
    paper = item.get("paper")
    if not isinstance(paper, dict):
        raise BadRecord("the item has no 'paper' object")
    arxiv_id, version = canonical_id(paper.get("id"))
    title = clean_text(paper.get("title") or item.get("title"))
    if not title:
        raise BadRecord(f"{arxiv_id}: missing title")
    authors_raw = paper.get("authors") or []
    if not isinstance(authors_raw, list):
        raise BadRecord(f"{arxiv_id}: authors must be a list")
    authors: list[str] = []
    for author in authors_raw:
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip():
            authors.append(clean_text(name))

    keywords_raw = paper.get("ai_keywords") or []
    keywords = [clean_text(k) for k in keywords_raw if isinstance(k, str)] if isinstance(keywords_raw, list) else []

    on_daily_at = parse_datetime_value(paper.get("submittedOnDailyAt"), "submittedOnDailyAt")
    listed_at = on_daily_at or parse_datetime_value(item.get("publishedAt"), "publishedAt")
    list_date = on_daily_at.date() if on_daily_at else list_date_default
    daily = None
    if list_date is not None:
        by = paper.get("submittedOnDailyBy")
        if isinstance(by, dict):
            name, fullname, avatar = by.get("user") or by.get("name"), by.get("fullname"), by.get("avatarUrl")
        else:
            by = item.get("submittedBy")
            by = by if isinstance(by, dict) else {}
            name, fullname, avatar = by.get("name") or by.get("user"), by.get("fullname"), by.get("avatarUrl")
        daily = DailyRecord(
            list_date=list_date,
            submitted_at=listed_at,
            submitter_name=name if isinstance(name, str) else "",
            submitter_fullname=fullname if isinstance(fullname, str) else "",
            submitter_avatar=_absolute(avatar),
        )
    stars = _count(paper.get("githubStars"), "githubStars")
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        meta={
            "title": title,
            "abstract": clean_text(paper.get("summary") or item.get("summary")),
            "authors": authors,
            "published": parse_datetime_value(paper.get("publishedAt"), "paper.publishedAt"),
        },
        extra={
            "github_repo": _url(paper.get("githubRepo")),
            "project_page": _url(paper.get("projectPage")),
            "keywords": keywords,
            "ai_summary": clean_text(paper.get("ai_summary")) if isinstance(paper.get("ai_summary"), str) else "",
        },
        github_stars=stars,
        upvotes=_count(paper.get("upvotes"), "upvotes"),
        num_comments=_count(item.get("numComments"), "numComments"),
        daily=daily,
    )


def iter_events(files: list[Path], resume: Position | None) -> Iterator[Parsed | Rejected]:
    for path in files:
        if resume is not None and resume.cursor_file and path.name < resume.cursor_file:
            continue
        skip = resume.position if resume is not None and path.name == resume.cursor_file else 0
        default_date = file_date(path)
        try:
            items = list(iter_json_array(read_text(path)))
        except BadFile as exc:
            yield Rejected(path.name, str(exc), Position(path.name, 0))
            continue
        for index, (line, item) in enumerate(items):
            if index < skip:
                continue
            after = Position(path.name, index + 1)
            origin = f"{path.name}:{line}"
            try:
                record = record_from_item(item, default_date)
            except BadRecord as exc:
                yield Rejected(origin, str(exc), after)
                continue
            if record.daily is None:
                yield Rejected(origin, "no list date: no submittedOnDailyAt and no date in the file name", after)
                continue
            record.origin = origin
            yield Parsed(record, after)
