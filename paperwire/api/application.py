"""The NinjaAPI behind ``/api/``: HF-compatible endpoints at the root, paperwire's own under ``/v1/``."""

from __future__ import annotations

from csp.decorators import csp_update
from ninja import NinjaAPI

from paperwire.api.errors import install_error_handlers

# ninja names each operation in the schema after its view's module path, dots
# and underscores alike (paperwire_api_hf_routes_list_daily_papers): client
# generators and /api/docs anchors use these names, so a renamed module renames them.
from paperwire.api.hf import routes as hf_routes
from paperwire.api.v1 import community as v1_community
from paperwire.api.v1 import library as v1_library
from paperwire.api.v1 import recommendations as v1_recommendations
from paperwire.api.v1 import routes as v1_routes
from paperwire.api.v1 import subscriptions as v1_subscriptions

DESCRIPTION = """
Two APIs on one schema:

* **Hugging Face compatible** (`/api/daily_papers`, `/api/papers/{id}`, `/api/papers/search`, `/api/papers`,
  `POST /api/papers/index`): the JSON shapes of huggingface.co, so
  `huggingface_hub.HfApi(endpoint="<this server>")` works unchanged.
* **paperwire v1** (`/api/v1/...`): papers, lists, trending, search with filters, similar papers,
  upvotes, comments, submissions and your digest subscription.

Writes need `Authorization: Bearer <token>` (tokens are made on your profile page) or a signed-in
browser session with the `X-CSRFToken` header. Every error is `{"error": <code>, "detail": <what to fix>}`;
too many requests get `429` with `Retry-After`.
"""

api = NinjaAPI(
    title="paperwire API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI's stylesheet draws its icons as data: images; only its page allows them.
    docs_decorator=csp_update({"img-src": ["data:"]}),
    # Sections of /api/docs in reading order (routers are added in URL-matching order).
    openapi_extra={
        "tags": [
            {"name": "Hugging Face compatible", "description": "The endpoints huggingface_hub's HfApi calls."},
            {"name": "paperwire v1", "description": "Papers, lists, trending, search, similar papers."},
            {"name": "paperwire v1: community", "description": "Upvotes, comments, submissions (signed in)."},
            {"name": "paperwire v1: subscription", "description": "Your digest subscription (signed in)."},
            {"name": "paperwire v1: library", "description": "Your saved papers, notes, tags and BibTeX (signed in)."},
            {"name": "paperwire v1: recommendations", "description": "Papers ranked for papers you like (no account)."},
        ]
    },
)
install_error_handlers(api)
api.add_router("/", hf_routes.router)
# Community paths (/papers/{id}/upvote, ...) go first: the paper detail path
# accepts slashes (old-style ids like hep-th/9901001) and would swallow them.
api.add_router("/v1/", v1_community.router)
api.add_router("/v1/", v1_routes.router)
api.add_router("/v1/", v1_subscriptions.router)
api.add_router("/v1/", v1_library.router)
api.add_router("/v1/", v1_recommendations.router)
