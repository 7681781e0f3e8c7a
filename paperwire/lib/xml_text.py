"""Text that can go into an XML document (feeds, sitemaps)."""

from __future__ import annotations

import re

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 up,
# except the surrogates and U+FFFE/U+FFFF. Imported titles and abstracts
# sometimes carry form feeds or vertical tabs from PDF extraction; one such
# character makes a whole feed unreadable, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (escaping is the writer's job)."""
    return _NOT_XML.sub("", text)
