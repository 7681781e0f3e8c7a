"""arXiv's category taxonomy: which codes exist, their names, and checking what people type.

The list ships with paperwire (``data/arxiv_categories.json``) so checking a
code never needs the network. A code is a category (``cs.LG``, ``hep-th``)
or an archive that groups several (``cs``, ``math``, ``physics``).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType


class UnknownCategories(ValueError):
    """Some codes are not arXiv categories; the message names each, with a close match when there is one."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        described = []
        for code in codes:
            shown = code if len(code) <= 40 else code[:40] + "…"
            suggestion = _closest(code)
            described.append(f"{shown} (did you mean {suggestion}?)" if suggestion else shown)
        noun = "an arXiv category" if len(codes) == 1 else "arXiv categories"
        super().__init__(f"Not {noun}: {', '.join(described)}. Codes look like cs.LG, math.PR, hep-th, or cs.")


@cache
def _taxonomy() -> tuple[Mapping[str, str], Mapping[str, str]]:
    data = json.loads(files("paperwire.papers").joinpath("data/arxiv_categories.json").read_text(encoding="utf-8"))
    return MappingProxyType(data["categories"]), MappingProxyType(data["archives"])


def arxiv_categories() -> Mapping[str, str]:
    """Every current arXiv category code with its name, e.g. ``{"cs.LG": "Machine Learning", …}``."""
    return _taxonomy()[0]


def arxiv_archives() -> Mapping[str, str]:
    """The archives that group several categories, e.g. ``{"cs": "Computer Science", …}``."""
    return _taxonomy()[1]


@cache
def _by_lowercase() -> Mapping[str, str]:
    categories, archives = _taxonomy()
    return MappingProxyType({code.lower(): code for code in (*categories, *archives)})


def category_name(code: str) -> str | None:
    categories, archives = _taxonomy()
    return categories.get(code) or archives.get(code)


def _closest(code: str) -> str | None:
    # Compared in lower case: "CS.LGX" is as close to "cs.LG" as "cs.LGX" is.
    matches = difflib.get_close_matches(code.lower(), list(_by_lowercase()), n=1, cutoff=0.75)
    return _by_lowercase()[matches[0]] if matches else None


def canonical_categories(codes: Iterable[str]) -> list[str]:
    """The codes in arXiv's spelling ("cs.lg" → "cs.LG"), in order, without repeats.

    Raises ``UnknownCategories`` naming every code that is not in the taxonomy:
    digests match categories exactly, so an unknown code would silently select
    nothing.
    """
    known = _by_lowercase()
    result: list[str] = []
    unknown: list[str] = []
    for raw in codes:
        code = raw.strip()
        if not code:
            continue
        canonical = known.get(code.lower())
        if canonical is None:
            if code not in unknown:
                unknown.append(code)
        elif canonical not in result:
            result.append(canonical)
    if unknown:
        raise UnknownCategories(unknown)
    return result
