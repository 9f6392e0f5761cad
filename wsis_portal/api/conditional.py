"""Conditional GETs for the API: a strong ``ETag`` on every successful JSON or CSV read, and
``If-None-Match`` answered ``304 Not Modified`` before anything is read or rendered.

The tag is not a digest of the body (Django's ``ConditionalGetMiddleware`` renders the whole
answer first, then compares): it is a digest of what the body depends on, the content
generation of ``wsis_portal.caching`` (bumped by every content write), the full address with
its query, the format negotiated, the language, who asks (their id, superuser flag and
groups) and whether the answer is gzip-compressed (``compression``). Nothing that could
change the body changes without changing one of them, so the comparison costs a cache read.
``django.views.decorators.http.condition`` computes its tag the same way but around the
Django view, before DRF has authenticated a token, counted the
request against the rate limits or chosen the format; here the same comparison
(``django.utils.cache.get_conditional_response``) runs at the end of DRF's ``initial``.

Answers are revalidated on every use (``no-cache``); an answer to a signed-in client is
``private`` (a shared cache must not keep it), an anonymous one ``public``; ``Vary`` names
the request headers the answer depends on. Without the cache (Redis down) there is no tag
and every request is answered in full. The browsable API (HTML, with a CSRF token) has none.
"""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from wsis_portal.caching import generation

from .compression import compresses

#: Formats whose answers get a tag.
TAGGED_FORMATS = frozenset({"json", "csv"})
VARY = ("Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cookie")


def permission_scope(user):
    """Who asks, as far as what they may see depends on it."""
    if user is None or not user.is_authenticated:
        return "anonymous"
    groups = sorted(user.groups.values_list("pk", flat=True))
    return (user.pk, user.is_superuser, user.is_staff, groups)


def content_etag(request) -> str | None:
    """The strong tag of what ``request`` would be answered now, or None without a cache."""
    current = generation()
    if current is None:
        return None
    parts = (
        current,
        request.build_absolute_uri(),
        request.accepted_media_type,
        get_language(),
        permission_scope(request.user),
        compresses(request),
    )
    return f'"{hashlib.sha256(repr(parts).encode()).hexdigest()[:40]}"'


class _Conditional(Exception):
    """Ends a request early with the answer to its precondition (304, or 412 for If-Match)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class ConditionalGetMixin:
    """For DRF views: see the module's docstring. A view whose answer turns out not to be of
    the current generation (a stale statistic) calls ``untag()``."""

    content_etag = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.content_etag = None
        renderer = getattr(request, "accepted_renderer", None)
        if request.method not in ("GET", "HEAD") or renderer.format not in TAGGED_FORMATS:
            return
        self.content_etag = content_etag(request)
        if self.content_etag is not None:
            answer = get_conditional_response(request._request, etag=self.content_etag)
            if answer is not None:
                raise _Conditional(answer)

    def untag(self):
        self.content_etag = None

    def handle_exception(self, exc):
        if isinstance(exc, _Conditional):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        patch_vary_headers(response, VARY)
        if response.status_code not in (200, 304):
            return response
        user = getattr(request, "_user", None)
        signed_in = user is not None and user.is_authenticated
        patch_cache_control(response, no_cache=True, **{"private" if signed_in else "public": True})
        if self.content_etag is not None:
            response["ETag"] = self.content_etag
        return response
