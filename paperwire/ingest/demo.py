"""The demo corpus shipped in the package: recent Hugging Face daily lists + the seed papers.

``paperwire/data/demo-daily.jsonl.gz`` holds one line per daily-papers item,
``{"list_date": "2026-06-30", "item": {...}}``, in the HF answer shape but
trimmed to the fields the importer reads. The 64 seed papers
(../shared/data/seed) are included: those found on a daily list by title
carry their real arXiv id and list; the others get ids in the reserved
range ``0000.00001``–``0000.00064`` (month 00 never exists on arXiv, so
these can never collide with a real paper) and no list date.

Rebuild with ``paperwire ingest build-demo ../shared/data [--lists N]``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from paperwire.ingest.hf_daily import list_files, record_from_item
from paperwire.ingest.runner import Parsed, Position, Rejected
from paperwire.papers.records import BadRecord, clean_text

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo-daily.jsonl.gz"
DEFAULT_LISTS = 60
SEED_ID_PREFIX = "0000.000"

_PAPER_KEYS = (
    "id",
    "publishedAt",
    "title",
    "summary",
    "upvotes",
    "submittedOnDailyAt",
    "ai_summary",
    "ai_keywords",
    "githubRepo",
    "githubStars",
    "projectPage",
)


def signature() -> str:
    stat = DEMO_FILE.stat()
    return f"{stat.st_size}:{int(stat.st_mtime)}"


def iter_events(resume: Position | None) -> Iterator[Parsed | Rejected]:
    skip = resume.position if resume is not None else 0
    with gzip.open(DEMO_FILE, "rt", encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if number <= skip:
                continue
            after = Position(DEMO_FILE.name, number)
            try:
                data = json.loads(line)
                listed = data.get("list_date")
                record = record_from_item(data["item"], date.fromisoformat(listed) if listed else None)
            except (ValueError, KeyError, TypeError, AttributeError, BadRecord) as exc:
                yield Rejected(f"{DEMO_FILE.name}:{number}", str(exc), after)
                continue
            record.daily = record.daily if listed else None
            yield Parsed(record, after)


def _trim(item: dict[str, Any]) -> dict[str, Any]:
    """Keep what the importer reads; drop HF's internal ids, media and organisation blobs."""
    paper = item["paper"]
    trimmed_paper: dict[str, Any] = {key: paper[key] for key in _PAPER_KEYS if key in paper}
    trimmed_paper["authors"] = [{"name": a.get("name")} for a in paper.get("authors", []) if isinstance(a, dict)]
    by = paper.get("submittedOnDailyBy")
    if isinstance(by, dict):
        trimmed_paper["submittedOnDailyBy"] = {k: by.get(k) for k in ("user", "fullname", "avatarUrl")}
    trimmed: dict[str, Any] = {"paper": trimmed_paper, "numComments": item.get("numComments", 0)}
    if item.get("publishedAt"):
        trimmed["publishedAt"] = item["publishedAt"]
    submitted_by = item.get("submittedBy")
    if isinstance(submitted_by, dict) and "submittedOnDailyBy" not in trimmed_paper:
        trimmed["submittedBy"] = {k: submitted_by.get(k) for k in ("name", "fullname", "avatarUrl")}
    return trimmed


def _title_key(text: str) -> str:
    return clean_text(text).casefold()


def build(shared_data: Path, lists: int = DEFAULT_LISTS, out: Path = DEMO_FILE) -> tuple[int, int, int]:
    """Write the demo file; returns (items, seeds found on a list, seeds given reserved ids)."""
    files = list_files(shared_data / "hf-daily")
    chosen = files[-lists:] if lists > 0 else files
    lines: list[dict[str, Any]] = []
    included: set[str] = set()
    for path in chosen:
        for item in json.loads(path.read_text("utf-8")):
            lines.append({"list_date": path.stem, "item": _trim(item)})
            included.add(item["paper"]["id"])
    by_title: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in files:
        for item in json.loads(path.read_text("utf-8")):
            by_title.setdefault(_title_key(item["paper"]["title"]), (path.stem, item))
    found = reserved = 0
    seeds = [json.loads(line) for line in (shared_data / "seed" / "seed_papers.jsonl").read_text("utf-8").splitlines()]
    for number, seed in enumerate(seeds, start=1):
        match = by_title.get(_title_key(seed["title"]))
        if match is not None:
            found += 1
            listed, item = match
            if item["paper"]["id"] not in included:
                lines.append({"list_date": listed, "item": _trim(item)})
                included.add(item["paper"]["id"])
            continue
        reserved += 1
        synthetic = {
            "paper": {"id": f"{SEED_ID_PREFIX}{number:02d}", "title": seed["title"], "summary": seed["abstract"]}
        }
        lines.append({"list_date": None, "item": synthetic})
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as stream:
        for line in lines:
            stream.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(lines), found, reserved
