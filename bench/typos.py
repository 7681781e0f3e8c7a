"""Spelling correction on real titles typed with typos, through the site's own search().

    python bench/typos.py [--hf-daily ../shared/data/hf-daily] [--sample 200] [--seed 21] [--json OUT]

Imports the shared Hugging Face dump (about 8,900 papers) into a throw-away
SQLite database with the real importer, indexes it as the worker does
(keyword index, hashing-embedder vectors: corrections come from the keyword
index's vocabulary, and MiniLM would only slow the set-up) and keys its
titles. Then, for a fixed sample of titles (``--seed``):

* **title, 2 typos**: the title with two of its words (5+ letters, not
  function words) misspelt by one edit each (a letter dropped, added,
  changed or two neighbours swapped; never the first letter);
* **3 words, 2 typos**: the title's first three such words, two of them
  misspelt the same way: a short query, where no title look-up can help;
* **title, as typed** and **3 words, as typed**: the same queries without
  typos, which must never be corrected.

For each set it prints how often a correction was made (applied or
offered), how often the query searched (corrected, else as typed) has the
stems of the words meant, the index's own reading of them, how often the paper came
first, and the median and 95th-percentile time of a search. The typed-with-
typos target (issue 21): the paper first in at least 95 % of titles, and
0 corrections of a correct query.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HASHING = "paperwire.search.embedder.HashingEmbedder"
MIN_TYPO_LENGTH = 5
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Case:
    paper_id: int
    typed: str
    meant: str


def setup_django(data_dir: str) -> None:
    os.environ["PAPERWIRE_DATA_DIR"] = data_dir
    os.environ.pop("PAPERWIRE_DATABASE_URL", None)
    os.environ["PAPERWIRE_EMBEDDER"] = HASHING
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    os.environ.setdefault("PAPERWIRE_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_catalogue(hf_daily: Path) -> list[tuple[int, str]]:
    """The dump imported and indexed as the worker would; (id, title) of every visible paper."""
    from io import StringIO

    from django.core.management import call_command

    from paperwire.search.indexing import index_pending
    from paperwire.search.title_keys import sync_title_keys

    call_command("ingest", "hf-daily", str(hf_daily), "--quiet", stdout=StringIO())
    index_pending()
    sync_title_keys()
    return read_catalogue()


def read_catalogue() -> list[tuple[int, str]]:
    from paperwire.papers.models import Paper

    return list(Paper.objects.visible().order_by("id").values_list("id", "title"))


def misspell(word: str, rng: random.Random) -> str:
    """``word`` with one edit that changes it, never at its first letter."""
    while True:
        at = rng.randrange(1, len(word))
        kind = rng.choice(("drop", "add", "change", "swap"))
        if kind == "drop":
            typo = word[:at] + word[at + 1 :]
        elif kind == "add":
            typo = word[:at] + rng.choice(LETTERS) + word[at:]
        elif kind == "change":
            typo = word[:at] + rng.choice(LETTERS.replace(word[at].lower(), "")) + word[at + 1 :]
        else:
            at = min(at, len(word) - 2)
            typo = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        if typo.lower() != word.lower():
            return typo


def typo_words(title: str) -> list[str]:
    from paperwire.search.query import STOPWORDS

    words = re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", title)
    eligible = [word for word in words if len(word) >= MIN_TYPO_LENGTH and word.lower() not in STOPWORDS]
    return list(dict.fromkeys(eligible))


def with_typos(text: str, words: list[str], rng: random.Random) -> str:
    for word in words:
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", misspell(word, rng), text, count=1)
    return text


def build_cases(catalogue: list[tuple[int, str]], sample: int, seed: int) -> dict[str, list[Case]]:
    rng = random.Random(seed)
    usable = [(paper_id, title) for paper_id, title in catalogue if len(typo_words(title)) >= 3]
    chosen = rng.sample(usable, sample)
    sets: dict[str, list[Case]] = {name: [] for name in ("title, 2 typos", "3 words, 2 typos")}
    sets |= {"title, as typed": [], "3 words, as typed": []}
    for paper_id, title in chosen:
        eligible = typo_words(title)
        short = " ".join(eligible[:3])
        sets["title, 2 typos"].append(Case(paper_id, with_typos(title, rng.sample(eligible, 2), rng), title))
        sets["3 words, 2 typos"].append(Case(paper_id, with_typos(short, rng.sample(eligible[:3], 2), rng), short))
        sets["title, as typed"].append(Case(paper_id, title, title))
        sets["3 words, as typed"].append(Case(paper_id, short, short))
    return sets


def stems(text: str) -> list[str]:
    """``text`` as the keyword index reads it: a typo that stems like its word ("Larg") searches the same."""
    import snowballstemmer
    from anyascii import anyascii

    from paperwire.search.query import words_of

    # The benchmark runs on SQLite, whose index stems with porter.
    stem = snowballstemmer.stemmer("porter").stemWord
    return [stem(anyascii(word).lower()) for word in words_of(text)]


def measure(cases: list[Case]) -> dict[str, Any]:
    from paperwire.search.service import search

    corrected = as_meant = first = 0
    seconds: list[float] = []
    wrong: list[str] = []
    for case in cases:
        started = time.perf_counter()
        results = search(case.typed, per_page=5)
        seconds.append(time.perf_counter() - started)
        changed = results.corrected_query or results.suggestion
        corrected += bool(changed)
        searched = changed or case.typed
        as_meant += stems(searched) == stems(case.meant)
        first += bool(results.items) and results.items[0].paper.pk == case.paper_id
        if stems(searched) != stems(case.meant):
            wrong.append(f"{case.typed!r} -> {searched!r}")
    count = len(cases)
    return {
        "queries": count,
        "corrected %": round(100 * corrected / count, 1),
        "searched as meant %": round(100 * as_meant / count, 1),
        "paper first %": round(100 * first / count, 1),
        "p50 ms": round(1000 * statistics.median(seconds), 1),
        "p95 ms": round(1000 * sorted(seconds)[int(0.95 * (count - 1))], 1),
        "wrong corrections": wrong[:8],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hf-daily", type=Path, default=ROOT.parent / "shared" / "data" / "hf-daily")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="a data folder to import into once and reuse on later runs")
    args = parser.parse_args()
    if not args.hf_daily.is_dir():
        sys.exit(f"no Hugging Face dump at {args.hf_daily} (--hf-daily)")
    with tempfile.TemporaryDirectory(prefix="paperwire-typos-") as scratch:
        data_dir = args.keep or Path(scratch)
        imported = (data_dir / "paperwire.sqlite3").exists()
        setup_django(str(data_dir))
        started = time.perf_counter()
        catalogue = read_catalogue() if imported else load_catalogue(args.hf_daily)
        print(f"{len(catalogue)} papers imported and indexed in {time.perf_counter() - started:.0f} s")
        sets = build_cases(catalogue, args.sample, args.seed)
        measured = {name: measure(cases) for name, cases in sets.items()}
    columns = ("queries", "corrected %", "searched as meant %", "paper first %", "p50 ms", "p95 ms")
    print(f"\n| set | {' | '.join(columns)} |\n|---|{'---:|' * len(columns)}")
    for name, row in measured.items():
        print(f"| {name} | {' | '.join(str(row[column]) for column in columns)} |")
    for name, row in measured.items():
        for line in row["wrong corrections"]:
            print(f"  {name}: {line}")
    if args.json:
        args.json.write_text(json.dumps(measured, indent=2))


if __name__ == "__main__":
    main()
