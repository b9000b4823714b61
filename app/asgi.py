"""``uvicorn app.asgi:app`` — the only module that builds the application at import time."""

import gc

from app.web import create_app

app = create_app()

# Everything built at start-up (modules, catálogo, templates, keys: ~200,000 objects) lives as long as the
# process. Left in the collector's oldest generation, each full collection walked them all: 90-130 ms, the whole
# p99 of the verification page under load. Frozen, they are never scanned again; what requests allocate still is.
gc.collect()
gc.freeze()
