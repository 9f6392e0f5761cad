"""Caching what many read and few change: public pages as anonymous readers see them, the
stocktaking stats answers and the search page's facet counts.

Every cached page or answer is kept per language: pages by their URL and language
(``CacheMiddleware`` keys on the active language), answers by the active language in the key
(``cached``), so a French reader never gets the Arabic labels someone else's request stored.

Invalidation is by *generation*: a number kept in the cache and part of every key written
here. Saving, deleting or relinking any content row (the signals at the bottom; content is
every model of ``CONTENT_APPS`` but the bookkeeping rows of ``NOT_CONTENT``) bumps it, so the
next read misses and renders from the database. Writes that send no signals —
``QuerySet.update()``, ``bulk_create()``, raw SQL — call ``bump_generation()`` themselves.
``CACHE_TTL`` (seconds, default 300) is the upper bound of staleness for anything missed; old
generations are never read again and simply expire.

The bump happens at once and again when the transaction commits: a page rendered between the
write and the commit (still showing the old rows) is stored under a generation that the
commit leaves behind.

A Redis outage never breaks a page or a write: reads fall back to the database and a missed
bump is logged (the TTL then bounds staleness). A database outage does not take the public
pages away: the last copy of each one rendered for anonymous readers is kept for
``STALE_PAGE_TTL`` and served, marked as possibly out of date, while the database cannot be
reached (``cache_public_page``).
"""

import hashlib
import logging
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .cache_backends import cache_recovered
from .db_routing import note_content_write
from .errors import database_unavailable

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
CONTENT_APPS = {"actionlines", "mandates", "stocktaking"}
# Rows of those apps that no cached answer shows and that change often.
NOT_CONTENT = {"stocktaking.notification", "mandates.mandatereminder", "mandates.reportexport"}


def generation() -> int | None:
    """The current content generation; None when the cache cannot be reached."""
    try:
        current = cache.get(GENERATION_KEY)
        if current is None:
            # Start from the clock, not from 1: should the key be evicted, the numbers of
            # the generations before it can never come back.
            current = time.time_ns()
            if not cache.add(GENERATION_KEY, current, timeout=None):
                current = cache.get(GENERATION_KEY, current)
        return current
    except Exception:  # the cache is down: callers read the database instead
        logger.warning("cache unreachable; serving without it", exc_info=True)
        return None


def bump_generation() -> None:
    """Make every cached page and answer stale. For writes that send no model signals.
    With read replicas, readers are also held on the primary until the replicas have the
    write (``db_routing.note_content_write``), so nothing is cached from one that has not."""
    note_content_write()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): the next read starts a new one
        pass
    except Exception:  # a write must not fail because the cache is down
        logger.warning("cache unreachable; cached pages stay until CACHE_TTL", exc_info=True)


#: In place of a generation: the key of the answer last computed, whatever its generation.
LATEST = "latest"


def _key(name: str, parts, current) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{name}:{current}:{digest}"


def _in_language(parts, per_language: bool):
    """``parts`` with the active language, for an answer that names things (labels, titles):
    two languages never share one. Counts and other numbers need not."""
    return (get_language(), parts) if per_language else parts


def cached(
    name: str, parts, compute, *, stale: bool = False, per_language: bool = True, on_stale=None
):
    """``compute()``, kept under ``name``, the generation and a digest of ``parts`` (the
    inputs the answer depends on, as a ``repr``-stable value) for ``CACHE_TTL`` seconds.
    The active language is part of the key unless ``per_language`` is false (an answer
    without a word in it, such as a count).

    ``stale``: for an answer that takes seconds. After a content change, the first asker
    computes it; whoever asks meanwhile gets the answer of an earlier generation, if one
    was computed in the last ``CACHE_TTL`` seconds (``latest``), instead of computing it too
    — so no reader sees a change later than the documented bound, and one change does not
    set every reader counting at once. ``on_stale()`` is called when such an earlier answer
    is returned (an answer tagged with the current generation must not be one)."""
    parts = _in_language(parts, per_language)
    current = generation()
    if current is None:
        return compute()
    key = _key(name, parts, current)
    value = cache.get(key)
    if value is not None:
        return value
    if stale and not _first(name, parts, current):
        previous = _latest(name, parts)
        if previous is not None:
            if on_stale is not None:
                on_stale()
            return previous
    value = compute()
    cache.set_many({key: value, _key(name, parts, LATEST): value}, settings.CACHE_TTL)
    return value


def latest(name: str, parts):
    """The answer ``cached`` last computed for ``name`` and ``parts`` (in the active
    language), whatever the generation then, if it is at most ``CACHE_TTL`` seconds old;
    else None."""
    return _latest(name, _in_language(parts, True))


def _latest(name: str, parts):
    try:
        return cache.get(_key(name, parts, LATEST))
    except Exception:
        logger.warning("cache unreachable", exc_info=True)
        return None


def cached_only(name: str, parts, *, per_language: bool = True):
    """What ``cached(name, parts, …)`` holds for the current generation, or None: for an
    answer too slow to compute in a request, which a task computes with ``cached``."""
    current = generation()
    parts = _in_language(parts, per_language)
    return None if current is None else cache.get(_key(name, parts, current))


def once_per_generation(name: str, parts) -> bool:
    """True the first time it is asked for these ``name`` and ``parts`` in the current
    generation (and ``CACHE_TTL``): for work that one asker should do, or queue, not every
    one of them meanwhile; always True without a cache. Per language, as ``cached``."""
    current = generation()
    return True if current is None else _first(name, _in_language(parts, True), current)


def _first(name: str, parts, current) -> bool:
    try:
        return cache.add(_key(f"{name}:once", parts, current), 1, settings.CACHE_TTL)
    except Exception:
        logger.warning("cache unreachable; doing it again", exc_info=True)
        return True


def visibility_scope(user) -> str:
    """What part of the cache key stands for who is asking, where answers depend on it."""
    return f"user:{user.pk}" if user.is_authenticated else "anonymous"


def _reads_from_cache(request) -> bool:
    """Only anonymous readers with nothing waiting for them in a session or message cookie
    share cached pages; everyone else gets the page rendered for them."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def cache_public_page(view):
    """Serve the page from the cache to anonymous readers (Django's ``CacheMiddleware``,
    keyed by URL and language, with the generation in its prefix).

    A response that sets a cookie or carries a CSRF token (a page with a form) is marked
    private and never stored, so no stored page is personal and cookies stay out of the key
    (the session adds ``Vary: Cookie`` only after the page is stored): a reader holding a
    CSRF cookie from an earlier sign-in shares the cached page with everyone.

    The server keeps the page; browsers are told ``max-age=0``, so
    a change shows on the reader's next request rather than when their copy expires.

    Every page stored is also kept as the page's last copy (``STALE_PAGE_TTL``): when the
    view fails because the database cannot be reached, whoever asks gets that copy with a
    notice that it may be out of date, instead of an error page.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        try:
            return _cached_response(view, request, *args, **kwargs)
        except DatabaseError as error:
            copy = last_copy(request) if database_unavailable(error) else None
            if copy is None:
                raise
            logger.warning("database unreachable: served the last copy of %s", request.path)
            return copy

    return cached_view


def _cached_response(view, request, *args, **kwargs):
    current = generation() if _reads_from_cache(request) else None
    if current is None:
        return view(request, *args, **kwargs)

    def render(request):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()  # to know whether the template asked for a CSRF token
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            patch_cache_control(response, private=True)
        elif response.status_code == 200:
            _keep_copy(request, response)
        return response

    middleware = CacheMiddleware(
        render, page_timeout=settings.CACHE_TTL, key_prefix=f"public-page.{current}"
    )
    response = middleware(request)
    del response["Expires"]
    patch_cache_control(response, max_age=0)
    return response


#: Where the base template marks the place of the notice on a page served from its last copy.
STALE_MARK = b"<!-- portal:stale-notice -->"


def _copy_key(request) -> str:
    address = f"{get_language()}:{request.build_absolute_uri()}"
    return "public-page-copy:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _keep_copy(request, response) -> None:
    try:
        cache.set(
            _copy_key(request),
            (response.content, response["Content-Type"]),
            settings.STALE_PAGE_TTL,
        )
    except Exception:  # a page must not fail because the cache is down
        logger.warning("cache unreachable; no copy kept of %s", request.path, exc_info=True)


def last_copy(request):
    """The last copy kept of the public page ``request`` asks for, marked as possibly out
    of date, or None (none kept, the cache unreachable, or not a GET)."""
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        kept = cache.get(_copy_key(request))
    except Exception:
        logger.warning("cache unreachable; no copy to serve", exc_info=True)
        return None
    if kept is None:
        return None
    content, content_type = kept
    notice = format_html(
        '<div class="messages" role="status"><p class="message message-warning">{}</p></div>',
        _(
            "The portal's database cannot be reached right now: this is the page as it was "
            "last shown, and it may be out of date. Signing in and sending forms are not "
            "possible until the database is back."
        ),
    )
    response = HttpResponse(
        content.replace(STALE_MARK, notice.encode(), 1), content_type=content_type
    )
    response["Warning"] = '110 - "Response is Stale"'
    patch_cache_control(response, no_store=True)
    return response


def _is_content(model) -> bool:
    meta = model._meta
    return meta.app_label in CONTENT_APPS and meta.label_lower not in NOT_CONTENT


def content_changed(sender, using=None, action="post_", **kwargs):
    """Signal receiver: a content row was saved, deleted or relinked."""
    if not action.startswith("post_") or not _is_content(sender):
        return
    bump_generation()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(bump_generation, using=using)


def connect_signals():
    """Listen to the content models only: a model with a delete listener loses Django's fast
    (single-query) delete, which the bookkeeping rows and other apps keep."""
    for model in apps.get_models():
        if _is_content(model):
            uid = f"wsis_portal.caching:{model._meta.label_lower}"
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
    m2m_changed.connect(content_changed, dispatch_uid="wsis_portal.caching.m2m_changed")
    # Changes made while Redis was away bumped the generation in a process's memory only:
    # pages Redis kept from before the outage must not be served after it.
    cache_recovered.connect(
        lambda **kwargs: bump_generation(), weak=False, dispatch_uid="wsis_portal.caching:recovered"
    )
