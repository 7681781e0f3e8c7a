"""The For-you candidate set, prepared by the worker and read by every web process.

Building the index of the newest papers (reading 100,000 vectors, fitting
TF-IDF) takes a minute; ranking one person over it takes tens of
milliseconds. So the worker builds it (after each import, and on a schedule
when the catalogue has changed) and writes it to the data directory as
plain arrays; a request memory-maps them (no copy, shared by every process
through the page cache) and keeps the mapping until a newer set is
published. The windows (7 … 365 days) and the API's date and category
filters are row ranges and masks over this one set.

Layout: ``<data>/for-you/<stamp>/`` holds one ``.npy`` file per array, the
fitted vectorizer and ``meta.json``; ``<data>/for-you/current`` names the
stamp in use and is replaced atomically, so a reader never sees half a set.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.conf import settings

from paperwire.library.recommend import CandidateIndex, SortedKeys
from paperwire.papers.authors import author_key

FORMAT = 1
# Sets older than the one in use are kept this long: a process may still be mapping one.
KEEP_OLD_SECONDS = 3600

_SPARSE = ("words", "word_rows", "authors", "author_rows")
_DENSE = ("keys", "days", "category_codes", "popularity", "vectors")

_lock = threading.Lock()
_loaded: tuple[str, CandidateIndex] | None = None


def store_dir() -> Path:
    return Path(settings.DATA_DIR) / "for-you"


def current_stamp() -> str | None:
    """The stamp of the published set, or None when the worker has not prepared one yet."""
    try:
        return (store_dir() / "current").read_text().strip() or None
    except FileNotFoundError:
        return None


def save(index: CandidateIndex, fingerprint: dict[str, Any]) -> str:
    """Write ``index`` as a new set and publish it; answers its stamp."""
    root = store_dir()
    root.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.time_ns()}-{os.getpid()}"
    folder = root / stamp
    folder.mkdir()
    for name in _DENSE:
        np.save(folder / f"{name}.npy", np.ascontiguousarray(getattr(index, name)))
    for name in _SPARSE:
        matrix = getattr(index, name)
        for part in ("data", "indices", "indptr"):
            np.save(folder / f"{name}.{part}.npy", getattr(matrix, part))
    np.save(folder / "author_keys.npy", index.author_ids.keys)
    with (folder / "vectorizer.pickle").open("wb") as out:
        pickle.dump(index.vectorizer, out, protocol=pickle.HIGHEST_PROTOCOL)
    meta = {
        "format": FORMAT,
        "dim": index.dim,
        "category_names": index.category_names,
        "shapes": {name: list(getattr(index, name).shape) for name in _SPARSE},
        "fingerprint": fingerprint,
    }
    (folder / "meta.json").write_text(json.dumps(meta))
    pointer = root / f"current.{stamp}.tmp"
    pointer.write_text(stamp)
    os.replace(pointer, root / "current")
    _remove_old_sets(root, keep=stamp)
    return stamp


def fingerprint_of(stamp: str) -> dict[str, Any] | None:
    try:
        meta = json.loads((store_dir() / stamp / "meta.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
    return dict(meta.get("fingerprint") or {})


def load(stamp: str) -> CandidateIndex:
    """The set ``stamp``, memory-mapped: loading costs milliseconds whatever its size."""
    folder = store_dir() / stamp
    meta = json.loads((folder / "meta.json").read_text())
    index = CandidateIndex.__new__(CandidateIndex)
    for name in _DENSE:
        setattr(index, name, np.load(folder / f"{name}.npy", mmap_mode="r"))
    for name in _SPARSE:
        data, indices, indptr = (
            np.load(folder / f"{name}.{part}.npy", mmap_mode="r") for part in ("data", "indices", "indptr")
        )
        kind = sp.csc_matrix if name.endswith("_rows") else sp.csr_matrix
        setattr(index, name, kind((data, indices, indptr), shape=tuple(meta["shapes"][name]), copy=False))
    index.author_ids = SortedKeys(np.load(folder / "author_keys.npy", mmap_mode="r"))
    with (folder / "vectorizer.pickle").open("rb") as source:
        index.vectorizer = pickle.load(source)  # noqa: S301 - our own file, see the module's docstring
    index.dim = int(meta["dim"])
    index.category_names = list(meta["category_names"])
    index.author_key = lru_cache(maxsize=200_000)(author_key)
    index.row_of = {int(key): row for row, key in enumerate(index.keys.tolist())}
    return index


def published() -> CandidateIndex | None:
    """The published set, loaded once per process and again only when a newer one is published."""
    global _loaded
    stamp = current_stamp()
    if stamp is None:
        return None
    loaded = _loaded
    if loaded is not None and loaded[0] == stamp:
        return loaded[1]
    with _lock:
        if _loaded is None or _loaded[0] != stamp:
            try:
                _loaded = (stamp, load(stamp))
            except FileNotFoundError:
                # Replaced while we read it: the next request sees the newer one.
                return _loaded[1] if _loaded is not None else None
        return _loaded[1]


def forget_loaded() -> None:
    """Drop this process's mapping (tests, and after the data directory is cleared)."""
    global _loaded
    with _lock:
        _loaded = None


def _remove_old_sets(root: Path, keep: str) -> None:
    cutoff = time.time() - KEEP_OLD_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.name != keep and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
