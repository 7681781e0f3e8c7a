"""The shipped arXiv taxonomy: every current category, checked as people type them."""

from __future__ import annotations

import re

import pytest

from paperwire.papers.categories import (
    UnknownCategories,
    arxiv_archives,
    arxiv_categories,
    canonical_categories,
    category_name,
)


def test_it_ships_every_current_arxiv_category_with_its_name() -> None:
    categories = arxiv_categories()

    assert len(categories) == 155
    assert category_name("cs.LG") == "Machine Learning"
    assert category_name("hep-th") == "High Energy Physics - Theory"
    assert category_name("cond-mat.stat-mech") == "Statistical Mechanics"
    assert category_name("econ.EM") == "Econometrics" and category_name("eess.IV") == "Image and Video Processing"
    assert category_name("cs") == "Computer Science"
    assert all(re.fullmatch(r"[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?", code) for code in categories)
    # Every archive groups categories that exist.
    assert all(any(code.startswith(archive + ".") for code in categories) for archive in arxiv_archives())


def test_it_spells_known_codes_as_arxiv_does_once_each() -> None:
    assert canonical_categories(["cs.lg", " CS.CL ", "", "cs.LG", "MATH", "physics.optics"]) == [
        "cs.LG",
        "cs.CL",
        "math",
        "physics.optics",
    ]


def test_it_names_every_unknown_code_with_a_close_match() -> None:
    with pytest.raises(UnknownCategories) as refused:
        canonical_categories(["cs.LGX", "foo", "cs.CL", "hep-thx", "x" * 300])

    assert refused.value.codes == ["cs.LGX", "foo", "hep-thx", "x" * 300]
    message = str(refused.value)
    assert message.startswith("Not arXiv categories: cs.LGX (did you mean cs.LG?), foo, hep-thx (did you mean hep-th?)")
    assert "x" * 41 not in message
