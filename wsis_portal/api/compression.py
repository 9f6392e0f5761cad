"""gzip for the API's reads: its JSON and CSV answers are mostly repeated keys and codes (a
page of 500 entries shrinks about tenfold), so a client that sends ``Accept-Encoding: gzip``
gets them compressed, by Django's own ``GZipMiddleware``.

Only where compression cannot leak a secret (BREACH: an attacker who can make a victim's
browser send requests reflecting chosen text measures the compressed size to guess a secret
in the same answer): ``GET``/``HEAD`` answers under ``/api/``, JSON or CSV (never the
browsable API's HTML with its CSRF token), to requests without a session cookie. A browser
sends cookies by itself; a token in ``Authorization`` is sent only by the script holding it,
so an anonymous or token-authenticated answer carries nothing a third party could make it
repeat with the victim's credentials.

Without secrets to protect, Django's random padding of the gzip header (its BREACH
mitigation) is left out: the same answer compresses to the same bytes, so the strong
``ETag`` of ``wsis_portal.api.conditional`` stays strong (its tag tells compressed answers
apart from plain ones: ``compresses``). Django would make it weak.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip

COMPRESSED_TYPES = ("application/json", "text/csv")


def compresses(request) -> bool:
    """Whether the answer to ``request`` is compressed (when long enough to be worth it)."""
    return (
        request.path.startswith("/api/")
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    )


class APIGZipMiddleware(GZipMiddleware):
    max_random_bytes = 0  # deterministic output: see the module's docstring

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not compresses(request) or not content_type.startswith(COMPRESSED_TYPES):
            return response
        etag = response.get("ETag")
        response = super().process_response(request, response)
        if etag is not None and response.get("ETag") == f"W/{etag}":
            response.headers["ETag"] = etag
        return response
