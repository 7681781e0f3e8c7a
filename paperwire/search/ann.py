"""The embedded mode's approximate-nearest-neighbour index (usearch HNSW on disk).

The database is the source of truth: every vector is a ``PaperVector`` row
whose id only grows. The index folder holds

* ``vectors-<watermark>.usearch``: an HNSW graph of every row with
  ``id <= watermark``, written to a temporary name and renamed into place;
* ``manifest.json``: which file is current, its watermark, its number of
  vectors and its size in bytes, also written atomically.

A crash at any moment leaves the manifest pointing at a complete file that
describes a prefix of the table. Loading checks the manifest against the file
and the database (size, row count up to the watermark) and rebuilds from the
database when anything disagrees; rows above the watermark are then added
("catch-up"). So the index a process searches always equals the table, however
the last writer died. Web processes catch up on every search with one indexed
``max(id)`` query; only indexers write files.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Max
from usearch.index import Index

from paperwire.search.fields import to_array
from paperwire.search.models import VECTOR_DIMENSIONS, PaperVector

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
# Rows are read from the database in slices this big when (re)building.
READ_CHUNK = 20_000
# HNSW parameters (docs/search.md, benchmarks.md). expansion_search sweep
# (recall@10 against exact search, bench/search_latency.py's realistic
# synthetic vectors): at 1M 128 -> 0.84, 256 -> 0.93, 512 -> 0.963,
# 1024 -> 0.980; 512 is the smallest that meets 0.95 (~5 ms under load).
# f16 halves memory.
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 512
DTYPE = "f16"


@dataclass(frozen=True)
class Manifest:
    file: str
    watermark: int
    count: int
    size_bytes: int

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        try:
            data = json.loads((folder / MANIFEST).read_text())
            return cls(str(data["file"]), int(data["watermark"]), int(data["count"]), int(data["size_bytes"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        _atomic_write(folder / MANIFEST, json.dumps(self.__dict__).encode())


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_index(ndim: int = VECTOR_DIMENSIONS) -> Index:
    return Index(
        ndim=ndim,
        metric="ip",
        dtype=DTYPE,
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


def vector_rows_after(watermark: int, upto: int | None = None) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
    """(paper ids, vectors, last row id) slices of the table above ``watermark``."""
    last = watermark
    while True:
        rows = PaperVector.objects.filter(id__gt=last)
        if upto is not None:
            rows = rows.filter(id__lte=upto)
        chunk = list(rows.order_by("id").values_list("id", "paper_id", "vector")[:READ_CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        keys = np.array([paper_id for _, paper_id, _ in chunk], dtype=np.uint64)
        vectors = np.vstack([np.asarray(to_array(vector)) for _, _, vector in chunk]).astype(np.float32)
        yield keys, vectors, last


class VectorIndex:
    """One process's view of the on-disk index in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index: Index | None = None
        self.watermark = 0
        self.saved_watermark = -1
        self._lock = threading.RLock()

    # -- loading and repair -------------------------------------------------

    def _load_from_disk(self) -> tuple[Index, int] | None:
        manifest = Manifest.read(self.folder)
        if manifest is None:
            return None
        path = self.folder / manifest.file
        try:
            if path.stat().st_size != manifest.size_bytes:
                logger.warning("vector index %s has the wrong size; rebuilding", path)
                return None
            index = Index.restore(str(path))
            if index is not None:
                # Not stored in the file: restore() comes back with usearch's default (64).
                index.expansion_search = EXPANSION_SEARCH  # type: ignore[misc]  # has a setter at run time
        except (OSError, ValueError, RuntimeError) as exc:
            logger.warning("vector index %s is unreadable (%s); rebuilding", path, exc)
            return None
        if index is None or index.ndim != VECTOR_DIMENSIONS or len(index) != manifest.count:
            logger.warning("vector index %s does not match its manifest; rebuilding", path)
            return None
        in_db = PaperVector.objects.filter(id__lte=manifest.watermark).count()
        if in_db != manifest.count:
            logger.warning(
                "vector index %s holds %d vectors but the database has %d up to row %d; rebuilding",
                path,
                manifest.count,
                in_db,
                manifest.watermark,
            )
            return None
        return index, manifest.watermark

    def load(self) -> None:
        """Load the saved index, or rebuild it from the database, then catch up."""
        with self._lock:
            loaded = self._load_from_disk()
            if loaded is None:
                self.index, self.watermark = new_index(), 0
                self.saved_watermark = -1
            else:
                self.index, self.watermark = loaded
                self.saved_watermark = self.watermark
            self._catch_up()

    def _catch_up(self, upto: int | None = None) -> int:
        assert self.index is not None
        added = 0
        for keys, vectors, last in vector_rows_after(self.watermark, upto):
            # A re-embedded paper gets a new row; drop its old vector first.
            stale = [int(key) for key in keys if self.index.contains(int(key))]
            for key in stale:
                self.index.remove(key)
            self.index.add(keys, vectors)
            self.watermark = last
            added += len(keys)
        return added

    def ensure_current(self) -> None:
        """Make this process's index equal the table (cheap when it already does)."""
        with self._lock:
            if self.index is None:
                self.load()
                return
            newest = PaperVector.objects.aggregate(newest=Max("id"))["newest"] or 0
            if newest < self.watermark:
                # Rows vanished (a rebuild, or a test database rolled back).
                self.load_fresh()
            elif newest > self.watermark:
                self._catch_up()

    def load_fresh(self) -> None:
        with self._lock:
            self.index, self.watermark, self.saved_watermark = new_index(), 0, -1
            self._catch_up()

    # -- writing ------------------------------------------------------------

    @contextlib.contextmanager
    def _writer_lock(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / ".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def save(self) -> Manifest | None:
        """Write the index and then the manifest; never leaves a half-written current file."""
        with self._lock, self._writer_lock():
            self.ensure_current()
            assert self.index is not None
            if self.watermark == self.saved_watermark:
                return Manifest.read(self.folder)
            name = f"vectors-{self.watermark}-{os.getpid()}-{time.monotonic_ns()}.usearch"
            temporary = self.folder / f".{name}.tmp"
            self.index.save(str(temporary))
            with temporary.open("rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(temporary, self.folder / name)
            manifest = Manifest(name, self.watermark, len(self.index), (self.folder / name).stat().st_size)
            manifest.write(self.folder)
            self.saved_watermark = self.watermark
            self._remove_stale_files(keep=name)
            return manifest

    def _remove_stale_files(self, keep: str) -> None:
        for path in self.folder.iterdir():
            if path.name not in (keep, MANIFEST, ".lock") and (path.suffix in (".usearch", ".tmp")):
                with contextlib.suppress(OSError):
                    path.unlink()

    def delete_files(self) -> None:
        with self._lock, self._writer_lock():
            for path in self.folder.iterdir():
                if path.name != ".lock":
                    with contextlib.suppress(OSError):
                        path.unlink()
            self.index, self.watermark, self.saved_watermark = None, 0, -1

    # -- reading ------------------------------------------------------------

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(paper id, cosine similarity) of the ``k`` nearest vectors, best first."""
        self.ensure_current()
        with self._lock:
            assert self.index is not None
            if len(self.index) == 0 or k <= 0:
                return []
            matches = self.index.search(np.asarray(vector, dtype=np.float32), min(k, len(self.index)))
            return [
                (int(key), 1.0 - float(distance)) for key, distance in zip(matches.keys, matches.distances, strict=True)
            ]

    def status(self) -> dict[str, object]:
        manifest = Manifest.read(self.folder)
        return {
            "folder": str(self.folder),
            "saved_file": manifest.file if manifest else None,
            "saved_watermark": manifest.watermark if manifest else None,
            "saved_vectors": manifest.count if manifest else 0,
            "saved_bytes": manifest.size_bytes if manifest else 0,
        }


_indexes: dict[Path, VectorIndex] = {}
_indexes_lock = threading.Lock()


def get_vector_index() -> VectorIndex:
    """This process's index for the configured folder (SQLite mode only)."""
    # One folder per database file, so the test database never reads the
    # development database's index (or the other way round).
    database = Path(str(connection.settings_dict.get("NAME") or "default")).stem or "default"
    folder = Path(settings.SEARCH_INDEX_DIR).resolve() / database
    with _indexes_lock:
        if folder not in _indexes:
            _indexes[folder] = VectorIndex(folder)
        return _indexes[folder]


def forget_loaded_indexes() -> None:
    """Drop every in-memory index (tests switch folders and databases)."""
    with _indexes_lock:
        _indexes.clear()
