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

Since the tag names everything an answer depends on, it is also the key under which a view
may keep an answer asked again (``kept_by_tag``): the same search asked before is answered
from the cache, without a query, until content changes.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from wsis_portal.caching import generation

from .compression import compresses

logger = logging.getLogger(__name__)

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


def kept_by_tag(tag, compute):
    """``compute()`` (a picklable answer), kept under the request's content ``tag`` when the
    same tag was asked before: the second request of an answer in a generation keeps it, the
    third and later are read from the cache (one round trip, no query) until content changes
    or ``CACHE_TTL`` ends. The first request keeps only a mark that it was asked, so a script
    walking every page of a list once fills the cache with marks, not pages. Without a tag
    (no cache) or with the cache unreachable, computed every time."""
    if tag is None:
        return compute()
    answer_key, asked_key = f"api-answer:{tag}", f"api-asked:{tag}"
    try:
        found = cache.get_many([answer_key, asked_key])
    except Exception:
        logger.warning("cache unreachable; answering without it", exc_info=True)
        return compute()
    if answer_key in found:
        return found[answer_key]
    answer = compute()
    try:
        if asked_key in found:
            cache.set(answer_key, answer, settings.CACHE_TTL)
        else:
            cache.set(asked_key, 1, settings.CACHE_TTL)
    except Exception:
        logger.warning("cache unreachable; answer not kept", exc_info=True)
    return answer


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
