"""An abstract's paragraphs: an indented or empty line starts one, a plain line break is a space."""

from __future__ import annotations

from paperwire.lib.paragraphs import paragraphs


def test_a_hard_wrap_reads_as_a_space() -> None:
    assert paragraphs("We study\nlarge models\r\nat  scale.") == ["We study large models at scale."]


def test_an_indented_line_or_an_empty_line_starts_a_paragraph() -> None:
    text = "  First part\nwrapped.\n  Second part.\n\n\nThird\npart."
    assert paragraphs(text) == ["First part wrapped.", "Second part.", "Third part."]


def test_blank_text_has_no_paragraphs() -> None:
    assert paragraphs("") == []
    assert paragraphs(" \n\t\n ") == []
