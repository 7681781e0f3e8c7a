"""Placeholder until the search app lands: importers call request_indexing()."""


def request_indexing() -> None:
    """Ask the background worker to index papers that have no vector yet."""
