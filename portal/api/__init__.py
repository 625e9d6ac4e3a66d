"""Guichet's REST API, version 1 (/api/v1/): the shared base (errors, pagination,
authentication, throttling, schema) and the portal's endpoints (briques, tokens, status).
Other apps add their endpoints in their own `api` package and register them in `urls.py`."""
