"""arXiv identifiers: parse anything a person pastes, store one canonical form.

Canonical ids carry no version: new style ``2401.01234`` (or ``0704.0001``),
old style ``hep-th/9901001``. The version is kept separately as an int.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NEW = r"(?P<new>\d{4}\.\d{4,5})"
_OLD = r"(?P<old>[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7})"
_VERSION = r"(?:v(?P<version>\d+))?"
_ID_RE = re.compile(rf"^(?:arxiv:)?(?:{_NEW}|{_OLD}){_VERSION}$", re.IGNORECASE)
# Only the address's start is matched by a pattern; its query, fragment,
# ".pdf" and trailing slash are cut with string methods. (The old single
# pattern, ``(?P<rest>.+?)(?:\.pdf)?/?(?:[?#].*)?$``, backtracked over every
# split of a run of "?" or "#" followed by a newline: quadratic.)
_URL_START = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org|huggingface\.co|hf\.co)/(?:abs|pdf|papers|html|format)/",
    re.IGNORECASE,
)
# The longest id or paper address worth reading: an old-style id with its
# archive and version in an export.arxiv.org URL with a query is well under
# this. Anything longer is refused before a pattern sees it.
MAX_LENGTH = 300


class InvalidArxivId(ValueError):
    """The text is not an arXiv id or an arXiv / Hugging Face paper URL."""


@dataclass(frozen=True)
class ArxivId:
    id: str
    version: int | None = None

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"


def parse_arxiv_id(text: str) -> ArxivId:
    """Parse an id or URL; raise InvalidArxivId with a message a person can act on."""
    candidate = (text or "").strip()
    if not candidate:
        raise InvalidArxivId("Enter an arXiv id such as 2401.01234 or an arXiv URL.")
    if len(candidate) > MAX_LENGTH:
        raise InvalidArxivId(f"That is {len(candidate)} characters long: an arXiv id or URL has at most {MAX_LENGTH}.")
    candidate = _strip_url(candidate)
    match = _ID_RE.match(candidate)
    if not match:
        shown = candidate if len(candidate) <= 60 else candidate[:57] + "..."
        raise InvalidArxivId(
            f"{shown!r} is not an arXiv id. Use a form like 2401.01234, 2401.01234v2, "
            "hep-th/9901001 or an arxiv.org/abs/… link."
        )
    if match.group("new"):
        canonical = match.group("new")
    else:
        archive, number = match.group("old").split("/")
        canonical = f"{archive.lower()}/{number}"
    version = match.group("version")
    return ArxivId(canonical, int(version) if version else None)


def _strip_url(text: str) -> str:
    """The id part of an arXiv or Hugging Face paper address; ``text`` itself when it is none."""
    start = _URL_START.match(text)
    if start is None:
        return text
    rest = text[start.end() :]
    for mark in "?#":
        rest = rest.split(mark, 1)[0]
    rest = rest.removesuffix("/")
    return rest[:-4] if rest.lower().endswith(".pdf") else rest


def normalise_arxiv_id(text: str) -> str:
    """The canonical versionless id of ``text`` (raises InvalidArxivId)."""
    return parse_arxiv_id(text).id


def split_version(text: str) -> tuple[str, int | None]:
    parsed = parse_arxiv_id(text)
    return parsed.id, parsed.version
