"""BibTeX entries for papers, with the fields arXiv's own export gives.

``@misc`` with ``eprint``, ``archivePrefix = {arXiv}``, ``primaryClass`` and
the abs URL, plus the DOI and journal reference when the catalogue knows
them, so reference managers recognise the arXiv preprint. A library export
adds the person's tags (``keywords``) and private note (``annote``, the
field Zotero, JabRef and BibDesk use for annotations).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import bibtexparser
from bibtexparser.middlewares.parsestack import default_unparse_stack
from bibtexparser.model import Entry, Field

from paperwire.library.models import SavedPaper
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


# A backslash before a brace makes parsers skip that brace when they count.
_ESCAPED_BRACE = re.compile(r"\\+(?=[{}])")


def _braced(text: str, *, one_line: bool = True) -> str:
    """Text safe inside ``{…}``: nothing in it may close the field early and add fields after it.

    Unbalanced braces go; so do backslashes before braces (``\\}`` is not
    counted by parsers, which would make our count and theirs differ) and at
    the end (it would escape the closing brace).
    """
    text = " ".join(text.split()) if one_line else "\n".join(line.rstrip() for line in text.strip().splitlines())
    text = _ESCAPED_BRACE.sub("", text)
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", "").replace("}", "")
    return text.rstrip("\\")


def paper_entry(paper: Paper, key: str | None = None, *, tags: Sequence[str] = (), note: str = "") -> Entry:
    """One paper's entry; ``tags`` go in ``keywords`` and ``note`` in ``annote`` (a library export)."""
    fields = [("title", paper.title), ("author", " and ".join(paper.authors or []))]
    if paper.published:
        fields.append(("year", str(paper.published.year)))
    fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
    if paper.primary_category:
        fields.append(("primaryClass", paper.primary_category))
    if paper.doi:
        fields.append(("doi", paper.doi))
    if paper.journal_ref:
        fields.append(("journal", paper.journal_ref))
    fields.append(("url", paper.abs_url))
    if tags:
        fields.append(("keywords", ", ".join(tags)))
    # Every value goes through _braced: none may close its braces and add a field.
    escaped = [Field(name, _braced(value)) for name, value in fields]
    if note.strip():
        escaped.append(Field("annote", _braced(note, one_line=False)))
    return Entry("misc", key or citation_key(paper), escaped)


def bibtex_for(papers: Iterable[Paper]) -> str:
    """One BibTeX file for ``papers``; keys made unique with a, b, c… as LaTeX users expect."""
    return _write((paper, (), "") for paper in papers)


def library_bibtex(saved: Iterable[SavedPaper]) -> str:
    """A person's saved papers with their tags (``keywords``) and private notes (``annote``).

    Importing the file back (keywords kept as tags) restores both.
    """
    return _write((entry.paper, [tag.name for tag in entry.tags.all()], entry.note) for entry in saved)


def _write(rows: Iterable[tuple[Paper, Sequence[str], str]]) -> str:
    library = bibtexparser.Library()
    seen: dict[str, int] = {}
    for paper, tags, note in rows:
        key = citation_key(paper)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key = f"{key}{_suffix(count)}"
        library.add(paper_entry(paper, key, tags=tags, note=note))
    if not library.entries:
        return ""
    # The library is ours and thrown away after writing: the writer may change its
    # entries in place instead of deep-copying each one (most of the time of a large export).
    return bibtexparser.write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True))


def _suffix(count: int) -> str:
    letters = ""
    while count:
        count, rest = divmod(count - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
