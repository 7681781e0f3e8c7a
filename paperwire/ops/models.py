"""Models of the ops app."""
