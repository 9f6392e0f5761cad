"""Absolute links: one rule for every link the portal writes to be followed from elsewhere.

E-mails (account confirmation, password reset, moderation, reminders), files (the CSV and Excel
``url`` column, the calendar) and feeds are read away from the request that made them, often
written by a Celery task that has no request at all: their links all start with
``settings.SITE_URL``, the portal's public address, never with the Host header of whichever
request happened to trigger them (which a client chooses). ``scripts/serve`` sets ``SITE_URL``
to the address it serves on; a deployment sets it in its environment (``.env.example``).

Pages answering a request (the language alternates in a page's head, the API's next/previous
links) keep the address they were asked at: they are read by that client, on that address.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse`` or ``get_absolute_url``) on the portal's public address."""
    return f"{settings.SITE_URL}{path}"
