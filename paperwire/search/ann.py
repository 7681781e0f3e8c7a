"""The embedded mode's approximate-nearest-neighbour index (usearch HNSW on disk).

The database is the source of truth: every vector is a ``PaperVector`` row
whose id only grows. The index folder holds

* ``vectors-<watermark>….usearch``: the base, an HNSW graph of every row
  with ``id <= base watermark``, written to a temporary name and renamed
  into place;
* ``delta-<from>-<to>….npz``: the (paper id, vector) pairs of the rows a
  later save added, one small file per save, written the same way;
* ``manifest.json``: the base file and the deltas in order, each with its
  watermark, number of vectors and size in bytes, and the watermark and
  vector count of the whole, also written atomically.

Saving is incremental: a save writes only the rows added since the last one
as a new delta, so an indexing run of 10 papers writes 10 vectors, not the
0.9 GB graph of a million. Once the deltas hold more than
``DELTA_SHARE`` of the base (at least ``DELTA_MIN`` vectors) or there are
``MAX_DELTAS`` of them, the next save rewrites the base with everything and
drops them: the whole-file cost is paid once per 0.2 % of growth (about a
day of arXiv at a million papers), and loading adds at most that many vectors
to the restored graph (each process re-inserts them: ~2,000 at a million,
seconds, which is why the share is not larger).

A crash at any moment leaves the manifest pointing at complete files that
describe a prefix of the table. Loading checks the manifest against the files
and the database (sizes, vector counts, row count up to the watermark) and
rebuilds from the database when anything disagrees; rows above the watermark
are then added ("catch-up"). So the index a process searches always equals the table, however
the last writer died. Web processes catch up on every search with one indexed
``max(id)`` query; only indexers write files.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
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
# at 1M papers (recall@10 against exact search, bench/search_latency.py's
# 200 queries on its synthetic vectors, idle machine): 512 -> 0.934 (2.2 ms),
# 1024 -> 0.965 (4.3 ms), 1280 -> 0.970, 1536 -> 0.977 (6.2 ms), 2048 ->
# 0.983 (8.6 ms); 1536 is the smallest with a margin over 0.97. The misses
# are all short keyword queries, whose neighbours sit at near-equal
# similarity; real claims are found at 0.998 from 512 on. Connectivity 32
# would give 0.973 at 1024 (5.5 ms) for a 40 % slower build and 50 % more
# memory. f16 halves memory and is faster than f32 here (f32: 4.5 ms at 512
# on 200k vectors against 2.6 ms), at the same recall.
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 1536
DTYPE = "f16"
# Incremental saves (see the module docstring): the base is rewritten once
# the deltas exceed this share of it, at least DELTA_MIN vectors, or once
# there are MAX_DELTAS files.
DELTA_SHARE = 0.002
DELTA_MIN = 1_000
MAX_DELTAS = 100


@dataclass(frozen=True)
class Delta:
    """One incremental save: the vectors of the rows in (previous watermark, ``watermark``]."""

    file: str
    watermark: int
    count: int
    size_bytes: int


@dataclass(frozen=True)
class Manifest:
    # The base graph file, and its size.
    file: str
    # The whole (base and deltas): the highest row id, and the vectors in it.
    watermark: int
    count: int
    size_bytes: int
    base_watermark: int = 0
    base_count: int = 0
    deltas: tuple[Delta, ...] = ()

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        try:
            data = json.loads((folder / MANIFEST).read_text())
            watermark, count = int(data["watermark"]), int(data["count"])
            return cls(
                str(data["file"]),
                watermark,
                count,
                int(data["size_bytes"]),
                # Manifests written before deltas existed describe the base alone.
                int(data.get("base_watermark", watermark)),
                int(data.get("base_count", count)),
                tuple(
                    Delta(str(d["file"]), int(d["watermark"]), int(d["count"]), int(d["size_bytes"]))
                    for d in data.get("deltas", [])
                ),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        data = {**self.__dict__, "deltas": [delta.__dict__ for delta in self.deltas]}
        _atomic_write(folder / MANIFEST, json.dumps(data).encode())

    @property
    def files(self) -> set[str]:
        return {self.file, *(delta.file for delta in self.deltas)}

    @property
    def delta_count(self) -> int:
        return sum(delta.count for delta in self.deltas)


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    _fsync_dir(path.parent)


def _write_delta(path: Path, keys: np.ndarray, vectors: np.ndarray) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, keys=keys.astype(np.uint64), vectors=vectors.astype(np.float16))
    _atomic_write(path, buffer.getvalue())


def _read_delta(path: Path) -> tuple[np.ndarray, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return np.asarray(data["keys"], dtype=np.uint64), np.asarray(data["vectors"], dtype=np.float32)


def _add_replacing(index: Index, keys: np.ndarray, vectors: np.ndarray) -> None:
    # A re-embedded paper gets a new row; drop its old vector first.
    for key in keys:
        if index.contains(int(key)):
            index.remove(int(key))
    index.add(keys, vectors)


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


def vector_rows_after(watermark: int, upto: int | None = None) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(row ids, paper ids, vectors) slices of the table above ``watermark``, in row order."""
    last = watermark
    while True:
        rows = PaperVector.objects.filter(id__gt=last)
        if upto is not None:
            rows = rows.filter(id__lte=upto)
        chunk = list(rows.order_by("id").values_list("id", "paper_id", "vector")[:READ_CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        row_ids = np.array([row_id for row_id, _, _ in chunk], dtype=np.int64)
        keys = np.array([paper_id for _, paper_id, _ in chunk], dtype=np.uint64)
        vectors = np.vstack([np.asarray(to_array(vector)) for _, _, vector in chunk]).astype(np.float32)
        yield row_ids, keys, vectors


class VectorIndex:
    """One process's view of the on-disk index in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index: Index | None = None
        self.watermark = 0
        self.saved_watermark = -1
        # When this process last wrote the files (time.monotonic()), None: never.
        self.saved_at: float | None = None
        # Rows added since the last save (row ids, paper ids, vectors), for
        # the next delta; None once they outgrow a delta (the next save is whole).
        self._unsaved: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None
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
        if index is None or index.ndim != VECTOR_DIMENSIONS or len(index) != manifest.base_count:
            logger.warning("vector index %s does not match its manifest; rebuilding", path)
            return None
        for delta in manifest.deltas:
            delta_path = self.folder / delta.file
            try:
                if delta_path.stat().st_size != delta.size_bytes:
                    raise ValueError("wrong size")
                keys, vectors = _read_delta(delta_path)
            except (OSError, ValueError, KeyError) as exc:
                logger.warning("vector index delta %s is unusable (%s); rebuilding", delta_path, exc)
                return None
            if len(keys) != delta.count or vectors.shape != (delta.count, VECTOR_DIMENSIONS):
                logger.warning("vector index delta %s does not match its manifest; rebuilding", delta_path)
                return None
            _add_replacing(index, keys, vectors)
        if len(index) != manifest.count:
            logger.warning("vector index %s and its deltas do not match the manifest; rebuilding", path)
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
                self._unsaved = None
            else:
                self.index, self.watermark = loaded
                self.saved_watermark = self.watermark
                self._unsaved = []
            self._catch_up()

    def _catch_up(self, upto: int | None = None) -> int:
        assert self.index is not None
        added = 0
        for rows, keys, vectors in vector_rows_after(self.watermark, upto):
            _add_replacing(self.index, keys, vectors)
            self.watermark = int(rows[-1])
            added += len(keys)
            if self._unsaved is not None:
                self._unsaved.append((rows, keys, vectors))
                if sum(len(r) for r, _, _ in self._unsaved) > self._delta_limit():
                    self._unsaved = None  # too many for a delta: the next save rewrites the base
        return added

    def _delta_limit(self) -> int:
        return max(DELTA_MIN, int(DELTA_SHARE * (len(self.index) if self.index is not None else 0)))

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
            self._unsaved = None
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
        """Write what changed since the last save, then the manifest; never leaves a half-written current file.

        A delta of the new rows when the saved files already hold everything
        before them and the deltas are still small; otherwise the whole base.
        """
        with self._lock, self._writer_lock():
            self.ensure_current()
            assert self.index is not None
            if self.watermark == self.saved_watermark:
                return Manifest.read(self.folder)
            on_disk = Manifest.read(self.folder)
            if on_disk is not None and on_disk.watermark == self.watermark and on_disk.count == len(self.index):
                # Another indexer already saved exactly these rows.
                self.saved_watermark, self._unsaved = self.watermark, []
                return on_disk
            manifest = self._save_delta(on_disk) if on_disk is not None else None
            if manifest is None:
                manifest = self._save_base()
            manifest.write(self.folder)
            self.saved_watermark = self.watermark
            self.saved_at = time.monotonic()
            self._unsaved = []
            self._remove_stale_files(keep=manifest.files)
            return manifest

    def _save_delta(self, on_disk: Manifest) -> Manifest | None:
        """The manifest with one more delta (its file written), or None when a whole save is due."""
        assert self.index is not None
        # Another indexer may have saved rows this process also holds; the
        # delta starts after the files' watermark, which must not be below
        # this process's own last save (then it has every row in between).
        if self._unsaved is None or not (self.saved_watermark <= on_disk.watermark <= self.watermark):
            return None
        new = [
            (rows > on_disk.watermark, keys, vectors)
            for rows, keys, vectors in self._unsaved
            if len(rows) and rows[-1] > on_disk.watermark
        ]
        if not new:
            return None
        keys = np.concatenate([keys[mask] for mask, keys, _ in new])
        count = on_disk.delta_count + len(keys)
        if len(on_disk.deltas) >= MAX_DELTAS or count > max(DELTA_MIN, int(DELTA_SHARE * on_disk.base_count)):
            return None
        vectors = np.concatenate([vectors[mask] for mask, _, vectors in new])
        name = f"delta-{on_disk.watermark}-{self.watermark}-{os.getpid()}-{time.monotonic_ns()}.npz"
        _write_delta(self.folder / name, keys, vectors)
        delta = Delta(name, self.watermark, len(keys), (self.folder / name).stat().st_size)
        return replace(on_disk, watermark=self.watermark, count=len(self.index), deltas=(*on_disk.deltas, delta))

    def _save_base(self) -> Manifest:
        assert self.index is not None
        name = f"vectors-{self.watermark}-{os.getpid()}-{time.monotonic_ns()}.usearch"
        temporary = self.folder / f".{name}.tmp"
        self.index.save(str(temporary))
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, self.folder / name)
        _fsync_dir(self.folder)
        count = len(self.index)
        return Manifest(name, self.watermark, count, (self.folder / name).stat().st_size, self.watermark, count)

    def _remove_stale_files(self, keep: set[str]) -> None:
        for path in self.folder.iterdir():
            if path.name not in (*keep, MANIFEST, ".lock") and (path.suffix in (".usearch", ".npz", ".tmp")):
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

    def search(self, vector: np.ndarray, k: int, *, refresh: bool = True) -> list[tuple[int, float]]:
        """(paper id, cosine similarity) of the ``k`` nearest vectors, best first.

        ``refresh=False`` searches the index as this process holds it, with no
        database query: for a helper thread, after ``ensure_current()`` ran on
        the request's own.
        """
        if refresh:
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
