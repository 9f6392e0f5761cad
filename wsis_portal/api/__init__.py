"""Plumbing shared by every app's REST API, written once.

- ``viewsets``: base viewsets that restrict every queryset by the app's visibility rule,
  stream CSV for list requests and re-read written objects through that same rule.
- ``pagination``: page-number pagination (``page``, ``page_size`` ≤ 500, larger → 400) and a
  keyset (cursor) pagination for harvesting large sets.
- ``renderers``: the CSV renderer (``?format=csv``); multi-valued cells are joined with "; ".
- ``parsers``: DRF's JSON parser refusing bodies nested over 32 levels or holding a lone
  surrogate (400 parse errors, not server errors).
- ``exceptions``: every whole-request error as ``{"detail", "code"}``; Django
  ``ValidationError`` from services → 400 naming the field; conflicts (stale page version,
  transition not allowed from the current state) → 409.
- ``throttling``: anonymous and authenticated rates read from settings at request time.
- ``schema``: the OpenAPI ``AutoSchema`` (CSV responses, the ``format`` parameter).
"""
