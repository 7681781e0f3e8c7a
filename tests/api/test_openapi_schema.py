"""The OpenAPI document parses for strict readers too (Swagger UI reads it with a YAML parser)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client


def refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates, f"duplicate keys {duplicates} in {keys}"
    return dict(pairs)


@pytest.mark.django_db
def test_it_serves_a_schema_without_duplicate_keys(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    json.loads(response.content, object_pairs_hook=refuse_duplicate_keys)
