"""A vector column that is pgvector's ``vector(n)`` on PostgreSQL and a float32 BLOB on SQLite."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db import models


class EmbeddingField(models.Field):
    description = "A float32 embedding vector"
    empty_strings_allowed = False

    def __init__(self, *args: Any, dimensions: int, **kwargs: Any) -> None:
        self.dimensions = dimensions
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[Any, Any, Any, Any]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["dimensions"] = self.dimensions
        return name, path, args, kwargs

    def db_type(self, connection: Any) -> str:
        if connection.vendor == "postgresql":
            return f"vector({self.dimensions})"
        return "blob"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        array = np.asarray(value, dtype=np.float32).reshape(-1)
        if array.shape[0] != self.dimensions:
            raise ValueError(f"expected a vector of {self.dimensions} numbers, got {array.shape[0]}")
        if connection.vendor == "postgresql":
            # pgvector's text form; psycopg sends str untyped, so PostgreSQL
            # casts it to the column's vector type.
            return "[" + ",".join(repr(float(x)) for x in array) + "]"
        return array.tobytes()

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> np.ndarray | None:
        return to_array(value)

    def to_python(self, value: Any) -> np.ndarray | None:
        return to_array(value)


def to_array(value: Any) -> np.ndarray | None:
    """A stored vector (BLOB, pgvector text, or array) as a float32 numpy row."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return np.frombuffer(bytes(value), dtype=np.float32).copy()
    if isinstance(value, str):
        return np.array([float(x) for x in value.strip("[]").split(",") if x], dtype=np.float32)
    return np.asarray(value, dtype=np.float32)
