"""BibTeX entries for papers, with the fields arXiv's own export gives.

``@misc`` with ``eprint``, ``archivePrefix = {arXiv}``, ``primaryClass`` and
the abs URL, plus the DOI and journal reference when the catalogue knows
them, so reference managers recognise the arXiv preprint.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import bibtexparser
from bibtexparser.model import Entry, Field

from paperwire.papers.models import Paper

_STOP_WORDS = frozenset("a an the on of for in to and with from by at is are towards toward".split())


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def citation_key(paper: Paper) -> str:
    """arXiv's style: first author's surname, year, first significant title word (``vaswani2017attention``)."""
    authors = list(paper.authors or [])
    surname = _ascii_word(authors[0].split()[-1]) if authors and authors[0].split() else ""
    year = str(paper.published.year) if paper.published else ""
    words = [_ascii_word(word) for word in re.split(r"[\s\-:]+", paper.title or "")]
    word = next((w for w in words if w and w not in _STOP_WORDS), "")
    key = f"{surname}{year}{word}"
    return key or "arxiv" + re.sub(r"[^0-9a-z]", "", paper.arxiv_id.lower())


def _braced(text: str) -> str:
    """Text safe inside ``{…}``: unbalanced braces would end the field early, so they go."""
    text = " ".join(text.split())
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", "").replace("}", "")
    return text


def paper_entry(paper: Paper, key: str | None = None) -> Entry:
    fields = [
        Field("title", _braced(paper.title)),
        Field("author", _braced(" and ".join(paper.authors or []))),
    ]
    if paper.published:
        fields.append(Field("year", str(paper.published.year)))
    fields += [
        Field("eprint", paper.arxiv_id),
        Field("archivePrefix", "arXiv"),
    ]
    if paper.primary_category:
        fields.append(Field("primaryClass", paper.primary_category))
    if paper.doi:
        fields.append(Field("doi", _braced(paper.doi)))
    if paper.journal_ref:
        fields.append(Field("journal", _braced(paper.journal_ref)))
    fields.append(Field("url", paper.abs_url))
    return Entry("misc", key or citation_key(paper), fields)


def bibtex_for(papers: Iterable[Paper]) -> str:
    """One BibTeX file for ``papers``; keys made unique with a, b, c… as LaTeX users expect."""
    library = bibtexparser.Library()
    seen: dict[str, int] = {}
    for paper in papers:
        key = citation_key(paper)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key = f"{key}{_suffix(count)}"
        library.add(paper_entry(paper, key))
    return bibtexparser.write_string(library) if library.entries else ""


def _suffix(count: int) -> str:
    letters = ""
    while count:
        count, rest = divmod(count - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
