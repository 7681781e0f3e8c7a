"""Hugging Face ``GET /api/daily_papers`` answers → paper records.

One file is one day's answer: a JSON list of items (see ../shared/data/README.md
for the shape, which grew over time). A file that is not valid JSON, or not a
list, is rejected whole: it is a broken download, not a day with fewer
papers. Inside a valid file, each item is checked against HF's shape
(pydantic models; keys paperwire does not know are kept, not refused) and an
item that cannot be used is skipped and reported with its line number; the
others are imported.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, with_config
from typing_extensions import TypedDict  # pydantic refuses typing's own on Python < 3.12

from paperwire.ingest.records import canonical_id, source_text
from paperwire.ingest.runner import Parsed, Position, Rejected
from paperwire.papers.records import BadRecord, DailyRecord, PaperRecord, clean_text

HF_URL = "https://huggingface.co"
# The name of this importer's raw records (``SourceRecord.source``).
RAW_SOURCE = "hf-daily"
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


def _absolute(url: str | None) -> str:
    if not url:
        return ""
    return f"{HF_URL}{url}" if url.startswith("/") else url


def _url(value: str | None) -> str:
    # HF keeps what submitters typed: a stray space (" https://…"), a URL broken
    # over two lines. No URL contains whitespace; the raw record keeps it as sent.
    value = "".join(value.split()) if value else ""
    if value.startswith(("http://", "https://")) and len(value) <= 500:
        return value
    return ""


def _date_text(value: Any) -> Any:
    # HF writes dates as ISO 8601 text; an empty one means "not known". Numbers
    # would pass pydantic as Unix times, but HF never sends them: a broken item.
    if value == "":
        return None
    if value is not None and not isinstance(value, str):
        raise BadRecord(f"expected a date, got {type(value).__name__}")
    return value


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _known_arxiv_id(value: str | None) -> str | None:
    canonical_id(value)
    return value


# Counts as HF writes them: JSON whole numbers (true, 3.0 or "3" is a broken item).
Count = Annotated[int, Field(ge=0, strict=True)]
SourceDate = Annotated[datetime | None, BeforeValidator(_date_text), AfterValidator(_as_utc)]


class HfShape(BaseModel):
    """Hugging Face's JSON as it is, under HF's own key names.

    Unknown keys are allowed and kept (``model_extra``): HF adds fields over
    time, and a new one is no reason to skip a paper.
    """

    model_config = ConfigDict(extra="allow")


# Small shapes are TypedDicts, not models: pydantic checks them in about half the time.
@with_config(ConfigDict(extra="allow"))
class HfUser(TypedDict, total=False):
    """``paper.submittedOnDailyBy`` (``user``) or the item's older ``submittedBy`` (``name``)."""

    user: str | None
    name: str | None
    fullname: str | None
    avatarUrl: str | None


@with_config(ConfigDict(extra="allow"))
class HfAuthor(TypedDict, total=False):
    name: str | None
    hidden: bool


class HfPaper(HfShape):
    id: Annotated[str | None, Field(validate_default=True), AfterValidator(_known_arxiv_id)] = None
    title: str | None = None
    summary: str | None = None
    authors: list[HfAuthor | str] | None = None
    publishedAt: SourceDate = None
    submittedOnDailyAt: SourceDate = None
    submittedOnDailyBy: HfUser | None = None
    upvotes: Count | None = None
    githubRepo: str | None = None
    githubStars: Count | None = None
    projectPage: str | None = None
    ai_summary: str | None = None
    ai_keywords: list[str] | None = None


class HfDailyItem(HfShape):
    """One item of a ``GET /api/daily_papers`` answer (see ../shared/data/README.md)."""

    paper: HfPaper
    title: str | None = None
    summary: str | None = None
    publishedAt: SourceDate = None
    numComments: Count | None = None
    submittedBy: HfUser | None = None
    thumbnail: str | None = None


# pydantic adds the member's name to a union's location ("authors.0.HfAuthor"): not a key.
_MEMBER_NAMES = {"HfAuthor", "str"}


def _where(loc: tuple[int | str, ...]) -> str:
    parts = [f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc if part not in _MEMBER_NAMES]
    return "".join(parts).lstrip(".")


_WRONG_TYPE = {
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "list_type": "a list",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def _reason(exc: ValidationError) -> str:
    """The first problem of an item, worded for the person who runs the import."""
    error = exc.errors(include_url=False)[0]
    where, kind, value = _where(error["loc"]), error["type"], error["input"]
    if where == "paper" and kind in ("missing", "model_type", "model_attributes_type"):
        return "the item has no 'paper' object"
    if kind == "value_error" and "error" in error.get("ctx", {}):
        reason = str(error["ctx"]["error"])
    elif kind in _WRONG_TYPE:
        reason = f"expected {_WRONG_TYPE[kind]}, got {type(value).__name__}"
    elif kind.startswith(("int_", "greater_than")):
        reason = f"must be a whole number ≥ 0, got {value!r}"
    elif kind.startswith(("datetime_", "date_")):
        reason = f"{str(value)[:40]!r} is not a valid date"
    elif kind == "missing":
        reason = "missing"
    else:
        reason = error["msg"]
    return f"{where}: {reason}" if where else reason


def validate_item(item: Any) -> HfDailyItem:
    """``item`` checked against HF's shape; raises BadRecord with a reason a person can act on."""
    try:
        return HfDailyItem.model_validate(item)
    except ValidationError as exc:
        raise BadRecord(_reason(exc)) from None


def record_from_item(
    item: Any,
    list_date_default: date | None,
    *,
    raw_source: str = RAW_SOURCE,
    daily_source: str = "hf",
) -> PaperRecord:
    """Map one daily-papers item (an HF answer's, or another paperwire's); raises BadRecord.

    The reason a BadRecord gives is one a person can act on. The item itself
    rides along as the record's ``raw`` (kept as the paper's ``raw_source``
    record), so every key, known or not, survives the import. The abstract is
    kept as written; titles and names are flattened to one line.
    """
    shaped = validate_item(item)
    paper = shaped.paper
    arxiv_id, version = canonical_id(paper.id)
    title = clean_text(paper.title or shaped.title)
    if not title:
        raise BadRecord(f"{arxiv_id}: missing title")
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        meta={
            "title": title,
            "abstract": source_text(paper.summary or shaped.summary),
            "authors": _author_names(paper.authors),
            "published": paper.publishedAt,
        },
        extra={
            "github_repo": _url(paper.githubRepo),
            "project_page": _url(paper.projectPage),
            "keywords": [clean_text(keyword) for keyword in paper.ai_keywords or ()],
            "ai_summary": clean_text(paper.ai_summary),
            "thumbnail": _url(shaped.thumbnail),
        },
        github_stars=paper.githubStars,
        upvotes=paper.upvotes,
        num_comments=shaped.numComments,
        daily=_daily_listing(shaped, list_date_default, daily_source),
        raw=item,
        raw_source=raw_source,
    )


def _author_names(authors: Any) -> list[str]:
    """Names in order, one line each: HF sends objects with a ``name``, older answers plain strings."""
    names: list[str] = []
    for author in authors or ():
        name = author.get("name") if isinstance(author, dict) else author
        if name and name.strip():
            names.append(clean_text(name))
    return names


def _daily_listing(shaped: HfDailyItem, list_date_default: date | None, daily_source: str) -> DailyRecord | None:
    """The list entry: the day HF listed the paper (else the file's day), and who submitted it."""
    paper = shaped.paper
    on_daily_at = paper.submittedOnDailyAt
    list_date = on_daily_at.date() if on_daily_at else list_date_default
    if list_date is None:
        return None
    if paper.submittedOnDailyBy is not None:
        by = paper.submittedOnDailyBy
        name = by.get("user") or by.get("name")
    else:
        by = shaped.submittedBy or {}
        name = by.get("name") or by.get("user")
    return DailyRecord(
        list_date=list_date,
        submitted_at=on_daily_at or shaped.publishedAt,
        submitter_name=name or "",
        submitter_fullname=by.get("fullname") or "",
        submitter_avatar=_absolute(by.get("avatarUrl")),
        source=daily_source,
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
