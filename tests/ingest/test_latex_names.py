from __future__ import annotations

import pytest

from paperwire.ingest.latex_names import latex_to_unicode


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("C. Bal\\'azs", "C. Balázs"),
        ('{\\"O}zg{\\"u}r', "Özgür"),
        ("\\c{C}a\\u{g}lar", "Çağlar"),
        ("Erd\\H{o}s", "Erdős"),
        ("\\v{S}koda", "Škoda"),
        ("{\\o}ksendal", "øksendal"),
        ("Stra{\\ss}e", "Straße"),
        ("Plain Name", "Plain Name"),
    ],
)
def test_it_turns_tex_accents_in_author_names_into_letters(tex: str, text: str):
    assert latex_to_unicode(tex) == text
