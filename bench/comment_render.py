"""Render time of the worst-shaped comments of the largest allowed size.

Run on purpose, not in the test suite:

    .venv/bin/python bench/comment_render.py

Each shape is repeated up to ``MAX_COMMENT_LENGTH`` characters and rendered
with ``render_markdown`` (Markdown → sanitised HTML with math marked), the
same call a comment's save makes. Prints wall-clock and CPU milliseconds
(best of ``--repeat``), so a busy machine shows up as the gap between them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")

import django

django.setup()

from paperwire.community.comments import MAX_COMMENT_LENGTH  # noqa: E402
from paperwire.lib.markdown_render import render_markdown  # noqa: E402

SHAPES: dict[str, str] = {
    "[": "[",
    "![": "![",
    "<": "<",
    "*": "*",
    "*a": "*a",
    "**_": "**_",
    "`": "`",
    "`a": "`a",
    "$": "$",
    "$a": "$a",
    ">": ">",
    "\\(": "\\(",
    "[a](": "[a](",
    "- a⏎ (2 500 list items)": "- a\n",
    "nested lists": "".join("  " * depth + "- item\n" for depth in range(60)),
    "a⏎ (hard breaks)": "a\n",
    "one long line of words": "word ",
    "typical comment": (
        "Nice result! The bound $\\mathcal{O}(n \\log n)$ beats **prior work** when $k < n$.\n\n"
        "- see [the code](https://github.com/example/repo)\n- and `python train.py --fast`\n\n$$\\sum_i x_i^2$$\n\n"
    ),
}


def body_of(unit: str) -> str:
    return (unit * (MAX_COMMENT_LENGTH // len(unit) + 1))[:MAX_COMMENT_LENGTH]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'shape':28} {'wall ms':>9} {'cpu ms':>9}")
    for name, unit in SHAPES.items():
        body = body_of(unit)
        walls, cpus = [], []
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.thread_time()
            render_markdown(body)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.thread_time() - cpu)
            if walls[-1] > 2:  # minutes per shape tell nothing more
                break
        print(f"{name:28} {min(walls) * 1000:9.1f} {min(cpus) * 1000:9.1f}", flush=True)
    # The same pure-Python loop on another machine says how to scale these numbers.
    calibration = min(timeit.repeat("sum(range(10**6))", number=1, repeat=5))
    print(f"calibration: sum(range(10**6)) takes {calibration * 1000:.1f} ms here")
    print(os.popen("uptime").read().strip())  # noqa: S605 - fixed command, for the record


if __name__ == "__main__":
    main()
