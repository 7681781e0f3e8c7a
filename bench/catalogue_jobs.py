"""Jobs that walk the catalogue: time per 1,000 papers at two catalogue sizes, and the longest slice.

    python bench/catalogue_jobs.py [--sizes 10000,100000] [--added 1000] [--data ../shared/data] [--json OUT]

A job whose cost grows faster than the catalogue shows up as a time per
1,000 papers that rises with the size (``search_latency.py`` once keyed
titles in 12 s at 100,000 papers and 427 s at 1,000,000: 3.5 times the cost
per paper). For each size the synthetic catalogue of ``search_latency.py``
(raw inserts: no post_save, like a bulk import) is grown, then every job is
run the way the worker runs it, one slice (``PAPERWIRE_JOB_SLICE_SECONDS``)
after the other, and timed:

* ``title keys``, ``author index``: keying / indexing every paper the
  catalogue grew by (the first run after a big import);
* ``... after import``: the same jobs after ``--added`` more papers (what
  every ordinary import costs: should not grow with the catalogue);
* ``vector walk``: the embedding job's full walk for papers without a vector,
  none missing (it runs every 10 minutes per worker process); the ANN
  index's own catch-up is not part of it.

It prints seconds, milliseconds per 1,000 papers handled, the longest
slice (the longest a worker goes without looking for urgent work), and the
ratio of the per-1,000 cost between the two sizes (1.0: linear).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_latency import CorpusShape, grow_catalogue, real_texts, setup_django  # noqa: E402

Step = Callable[[float, Any], tuple[int, Any]]


def run_in_slices(step: Step) -> dict[str, float]:
    """Run ``step(deadline, state)`` slice after slice until it says it is done, as the worker's task chain does."""
    from paperwire.ops.slices import slice_deadline

    started = time.perf_counter()
    longest = 0.0
    slices = 0
    state: Any = None
    while True:
        slice_started = time.perf_counter()
        _, state = step(slice_deadline(), state)
        longest = max(longest, time.perf_counter() - slice_started)
        slices += 1
        if state is None:
            break
    return {"seconds": time.perf_counter() - started, "longest_slice_s": longest, "slices": slices}


def timed_jobs(label: str, papers: int) -> list[dict[str, Any]]:
    from paperwire.papers.authors import sync_author_index_until
    from paperwire.search.title_keys import sync_title_keys_until

    rows = []
    for name, step in (("title keys", sync_title_keys_until), ("author index", sync_author_index_until)):
        result = run_in_slices(step)
        rows.append({"job": f"{name}{label}", "papers": papers, **result})
    return rows


def vector_walk(catalogue: int) -> dict[str, Any]:
    """The embedding job's full walk for papers without a vector (none missing): one claim from id 0."""
    from paperwire.search.indexing import index_batch

    started = time.perf_counter()
    index_batch(after_id=0)
    seconds = time.perf_counter() - started
    return {"job": "vector walk", "papers": catalogue, "seconds": seconds, "longest_slice_s": seconds, "slices": 1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--added", type=int, default=1000, help="papers of the ordinary import after each size")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="paperwire-catalogue-jobs-"))
    setup_django(workdir)
    from paperwire.papers.models import Paper

    shape = CorpusShape(real_texts(args.data))
    # Vectors only have to exist (the walk finds none missing): random unit vectors will do.
    centres = np.random.default_rng(3).normal(size=(64, 384)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vector_walk(0)  # loads the model and the vector index once, outside the timings
    start_load = os.getloadavg()
    rows: list[dict[str, Any]] = []
    for size in (int(s) for s in args.sizes.split(",")):
        before = Paper.objects.count()
        grow_catalogue(shape, centres, size, 0.5)
        rows += [{**row, "catalogue": size} for row in timed_jobs("", size - before)]
        grow_catalogue(shape, centres, size + args.added, 0.5)
        rows += [{**row, "catalogue": size + args.added} for row in timed_jobs(" after import", args.added)]
        rows.append({**vector_walk(size + args.added), "catalogue": size + args.added})
    for row in rows:
        row["ms_per_1000"] = 1000 * row["seconds"] / max(1, row["papers"]) * 1000

    load = os.getloadavg()
    print(
        f"\nload average at the start {start_load[0]:.1f} {start_load[1]:.1f} {start_load[2]:.1f}, "
        f"at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, on {os.cpu_count()} cores"
    )
    header = (
        f"{'job':<26} | {'catalogue':>9} | {'papers':>8} | {'s':>7} | {'ms/1000':>8} | "
        f"{'longest slice s':>15} | {'slices':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['job']:<26} | {row['catalogue']:>9,} | {row['papers']:>8,} | {row['seconds']:>7.2f} | "
            f"{row['ms_per_1000']:>8.1f} | {row['longest_slice_s']:>15.2f} | {row['slices']:>6}"
        )
    sizes = sorted({row["catalogue"] for row in rows if row["job"] == "title keys"})
    if len(sizes) >= 2:
        print(f"\nper-1,000 cost at {sizes[-1]:,} vs {sizes[0]:,} papers (1.0 = linear):")
        for job in dict.fromkeys(row["job"] for row in rows):
            costs = [row["ms_per_1000"] for row in rows if row["job"] == job]
            print(f"  {job:<26} {costs[-1] / costs[0]:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "load": load}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
