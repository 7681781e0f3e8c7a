"""Every item of the shared Hugging Face dump comes back from ``/api/daily_papers`` with every key it had.

The real importer reads all 520 answers (521 files with the LICENSE) once; then each day is asked for as
a newsletter bot asks (``?date=D&limit=100``) and compared with the files.
A paper Hugging Face listed twice is expected on its later day only.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Compared value for value; the rest must be present (counts and dates are paperwire's own, current ones).
SAME_ITEM_KEYS = ("title", "summary", "thumbnail", "mediaUrls", "organization")
SAME_PAPER_KEYS = ("title", "summary", "ai_summary", "ai_keywords", "githubRepo", "projectPage", "organization")


def missing_keys(original: Any, answer: Any, where: str) -> list[str]:
    """Keys of ``original`` that ``answer`` lacks, looking into nested objects and lists of objects."""
    if isinstance(original, dict):
        if not isinstance(answer, dict):
            return [where]
        found = []
        for key, value in original.items():
            if key not in answer:
                found.append(f"{where}.{key}")
            else:
                found += missing_keys(value, answer[key], f"{where}.{key}")
        return found
    if isinstance(original, list) and original and isinstance(original[0], dict):
        if not isinstance(answer, list) or len(answer) != len(original):
            return [where]
        return [
            miss
            for index, pair in enumerate(zip(original, answer, strict=True))
            for miss in missing_keys(*pair, f"{where}[{index}]")
        ]
    return []


def test_it_answers_every_item_of_the_dump_with_every_key_hugging_face_sent(shared_data: Path, settings: Any) -> None:
    settings.API_CACHE_SECONDS = 0
    files = sorted((shared_data / "hf-daily").glob("*.json"))
    days = {path.stem: json.loads(path.read_text()) for path in files}
    assert len(days) == 520  # plus the LICENSE file: 521 files
    last_day = {item["paper"]["id"]: day for day, items in days.items() for item in items}

    started = time.perf_counter()
    call_command("ingest", "hf-daily", str(shared_data / "hf-daily"), "--quiet", stdout=StringIO())
    imported = time.perf_counter()

    client = Client()
    problems: list[str] = []
    checked = moved = 0
    for day, items in days.items():
        response = client.get("/api/daily_papers", {"date": day, "limit": "100"})
        assert response.status_code == 200, day
        answered = {item["paper"]["id"]: item for item in response.json()}
        for original in items:
            paper_id = original["paper"]["id"]
            if last_day[paper_id] != day:
                moved += 1
                if paper_id in answered:
                    problems.append(f"{day} {paper_id}: still on the day Hugging Face listed it first")
                continue
            answer = answered.get(paper_id)
            if answer is None:
                problems.append(f"{day} {paper_id}: missing")
                continue
            checked += 1
            problems += [f"{day} {paper_id}: no {key}" for key in missing_keys(original, answer, "item")]
            for key in SAME_ITEM_KEYS:
                if key in original and answer.get(key) != original[key]:
                    problems.append(f"{day} {paper_id}: item.{key} differs")
            paper, theirs = answer["paper"], original["paper"]
            for key in SAME_PAPER_KEYS:
                if key in theirs and paper.get(key) != theirs[key]:
                    problems.append(f"{day} {paper_id}: paper.{key} differs")
            if [a["name"] for a in paper["authors"]] != [a["name"] for a in theirs["authors"]]:
                problems.append(f"{day} {paper_id}: authors differ")
    walked = time.perf_counter()

    kinds = Counter(problem.split(": ", 1)[1] for problem in problems)
    assert (len(problems), kinds.most_common(8), problems[:5]) == (0, [], [])
    assert (checked, moved) == (8824, 2)
    print(f"import {imported - started:.1f} s, 520 answers read back {walked - imported:.1f} s")
