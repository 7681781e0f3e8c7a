"""Hybrid keyword + semantic search.

onnxruntime must be loaded before usearch: the other way round, onnxruntime
1.32's native library crashes the process (SIGSEGV) at import. Every module
of this package is imported after this file, so loading it here fixes the
order for the site, the worker and the benchmarks.
"""

import onnxruntime  # noqa: F401  (import order matters, see above)
