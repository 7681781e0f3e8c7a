"""What a card says about authors: links, escaping, the author a search matched."""

from __future__ import annotations

from paperwire.papers.templatetags.paper_cards import card_authors, matched_authors

AUTHORS = ["Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Ada Lovelace"]


def test_it_shows_a_later_author_whose_family_name_was_searched() -> None:
    assert matched_authors(AUTHORS, "lovelace engines") == ["Ada Lovelace"]
    assert matched_authors(AUTHORS, "turing") == []  # already among the first three
    html = card_authors(AUTHORS, "LOVELACE")
    assert '<a class="matched-author" href="/authors/Ada%20Lovelace"><mark>Ada Lovelace</mark></a>' in html


def test_it_escapes_names_and_quotes_their_links() -> None:
    html = card_authors(['<img src=x onerror="alert(1)">', "A/B Tester"])
    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert 'href="/authors/A%2FB%20Tester"' in html
    assert "<details" not in html
