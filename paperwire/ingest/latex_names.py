"""arXiv metadata writes accents in TeX (``Bal\\'azs``, ``{\\"o}``, ``\\c{c}``); people read Unicode."""

from __future__ import annotations

import re
import unicodedata

_COMBINING = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
_LETTERS = {"o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "i": "ı"}
_ACCENT = re.compile(r"""\\(['`^"~=.]|[uvHckr](?![A-Za-z]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))""")
_LETTER = re.compile(r"\\(ss|aa|AA|ae|AE|o|O|l|L|i)(?![A-Za-z])\s?")


def _accent(match: re.Match[str]) -> str:
    letter = match.group(2) or match.group(3)
    if letter == "\\i":
        letter = "i"
    return letter.lstrip("\\") + _COMBINING[match.group(1)]


def latex_to_unicode(text: str) -> str:
    """Turn TeX accents into Unicode letters; leaves anything else as it is."""
    if "\\" not in text:
        return text
    converted = _ACCENT.sub(_accent, text)
    converted = _LETTER.sub(lambda m: _LETTERS[m.group(1)], converted)
    # Braces that only grouped an accented letter: {\"o} → {ö} → ö.
    converted = re.sub(r"\{([^{}\\]*)\}", r"\1", converted)
    return unicodedata.normalize("NFC", converted)
