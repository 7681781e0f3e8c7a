"""paperwire: a self-hostable trending-papers platform."""

__version__ = "0.1.0"
