"""Hugging Face-compatible endpoints at the root of ``/api/``: routes, and HF's JSON shapes."""
