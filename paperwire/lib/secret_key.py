"""The secret key: refuse one that can be guessed, and make one for an instance that has none.

Sessions, password resets and every email link (unsubscribe, preferences,
👍/👎) are signed with it, so whoever knows it can forge them. A key is
refused when it is short or repeats itself ("a" * 50, a word padded with
x's); an instance started without one gets a random key made on first start
and kept in its data directory, so no two instances share a key and none
uses a key that is printed anywhere.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

MIN_LENGTH = 50
# A random key of 50 characters from hex digits or a larger alphabet has at least this many
# different characters and few repeated triples: none of 300,000 random hex keys fell short,
# while a stricter 12 and 90 % refused about one in 10,000 (a test drawing 500 failed).
MIN_DISTINCT_CHARACTERS = 8
MIN_DISTINCT_TRIPLES = 0.75
KEY_FILE = "secret_key"
HOW_TO_MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def key_weakness(key: str) -> str | None:
    """Why ``key`` can be guessed, or None when it looks random enough."""
    if len(key) < MIN_LENGTH:
        return f"is only {len(key)} characters; use at least {MIN_LENGTH} random ones"
    triples = [key[start : start + 3] for start in range(len(key) - 2)]
    if len(set(key)) < MIN_DISTINCT_CHARACTERS or len(set(triples)) < MIN_DISTINCT_TRIPLES * len(triples):
        return "repeats itself, so it can be guessed; use random characters"
    return None


def stored_key(data_dir: Path) -> str:
    """The key kept in ``data_dir``, made (randomly, readable by this user only) on first use.

    Several processes may start at once (web workers and the worker): each
    writes a candidate to its own file and links it into place; the first link
    wins and everyone reads the winner.
    """
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        candidate = data_dir / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(MIN_LENGTH) + "\n")
        try:
            os.link(candidate, path)
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return path.read_text().strip()
