"""The API framework (DESIGN.md): tokens, the router assembled from the apps' `api.py`, schema, throttling,
idempotency and webhooks. Endpoints call the same selectors and services as the pages."""
