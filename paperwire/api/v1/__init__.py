"""paperwire's own API under ``/api/v1/``: routes by topic, and their shapes."""
