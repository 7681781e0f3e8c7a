"""Models of the feeds app."""
