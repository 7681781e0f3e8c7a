"""Models of the digests app."""
