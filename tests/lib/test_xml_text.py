"""Text for feeds: the characters XML 1.0 forbids are dropped, everything else is kept for the writer to escape."""

from __future__ import annotations

from xml.dom.minidom import parseString

from paperwire.lib.xml_text import xml_safe


def test_it_drops_what_xml_forbids_and_keeps_the_rest() -> None:
    assert xml_safe("a\x00b\x08c\x0bd\x1fe\ufffef") == "abcdef"
    kept = "tab\tnew\nline\r <&> é 𝔼 ∑"
    assert xml_safe(kept) == kept


def test_what_it_keeps_makes_a_well_formed_document() -> None:
    text = xml_safe("".join(chr(code) for code in range(0x20)) + "title \ud800 end")
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    assert parseString(f"<t>{escaped}</t>").documentElement.tagName == "t"  # noqa: S318 - our own text
