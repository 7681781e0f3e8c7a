"""The one address every absolute link of this instance starts with.

``PAPERWIRE_SITE_URL`` wins when set. Otherwise ``paperwire serve`` records
the address it was started on in the data directory, so every process that
renders a link (the web server, the worker, a ``paperwire digest send`` typed
in another shell) reads the same one, not a default port nobody listens on.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
_RECORD_NAME = "site-url"
# An address is a short line; a larger file is not one serve wrote.
_MAX_RECORD = 2000


def recorded_site_url(data_dir: Path) -> str | None:
    """The address ``paperwire serve`` last recorded in ``data_dir``; None when it never ran there."""
    try:
        with (data_dir / _RECORD_NAME).open(encoding="utf-8") as record:
            text = record.read(_MAX_RECORD).strip()
    except OSError:
        return None
    return text if text.startswith(("http://", "https://")) else None


def record_site_url(data_dir: Path, address: str) -> None:
    """Remember ``address`` for the other processes of this data directory."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / _RECORD_NAME).write_text(address + "\n", encoding="utf-8")


def site_url(explicit: str | None, data_dir: Path) -> str:
    """The setting's value: the variable, else serve's record, else the default port."""
    return (explicit or recorded_site_url(data_dir) or DEFAULT_SITE_URL).rstrip("/")
