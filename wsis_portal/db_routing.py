"""Readers off the primary: optional PostgreSQL read replicas (``DATABASE_REPLICA_URLS``).

Which database a query reads is decided once per request, from what the request carries, by
``ReplicaReadMiddleware``, and kept in a context variable that ``ReplicaRouter`` reads:

- a replica serves the reads of a ``GET``/``HEAD``/``OPTIONS`` request by an anonymous reader
  (no session cookie) or to the API (``/api/``: tokens, and sessions' API reads);
- the primary serves everything else: writes and every query of a writing request, the pages
  of signed-in users (anyone with a session cookie), and every query outside a request —
  Celery tasks (``task_prerun`` makes sure, eager ones too) and management commands;
- a user's own reads after a write go to the primary: any writing request answers with a
  cookie (``REPLICA_STICKY_COOKIE``) for ``REPLICA_STICKY_SECONDS``, and while it is there
  that browser's reads stay on the primary;
- any content write (one that bumps the cache's content generation, ``wsis_portal.caching``)
  sends everyone's reads to the primary for ``REPLICA_STICKY_SECONDS``: a page or answer
  cached under the new generation is never rendered from a replica that has not caught up,
  and a script that wrote with a token (no cookie) reads its write back;
- accounts, sessions and authentication (``PRIMARY_ONLY_APPS``) are always read from the
  primary: a token or a session made a moment ago works at once;
- a replica that cannot be reached is left alone for ``REPLICA_RETRY_SECONDS`` and its
  readers go to the primary (the portal degrades, never stops);
- a replica whose connection is lost while a request reads it (an open, pooled or persistent
  connection whose server went away, or was restarted, since it was last used) is marked down
  the same way, and the view is run once more, on the primary: the reader gets the answer, not
  a 503. Only a lost connection is retried: a query that fails on a live connection (a
  missing table, a timeout, a bad value) fails the same on the primary and is not hidden. A
  streamed answer (a CSV export) that has begun cannot be taken back: it ends as it would.

Without replicas nothing here does anything: every query goes to ``default``.
"""

import contextlib
import contextvars
import logging
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

#: Apps whose rows are read from the primary whatever the request (see the module's text).
PRIMARY_ONLY_APPS = {"auth", "sessions", "accounts", "otp_totp", "otp_static", "django_otp"}
#: The cache key holding until when everyone reads the primary (after a content write).
RECENT_WRITE_KEY = "replicas:primary-until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# The replica alias this request reads from, or None for the primary (the default, so that
# tasks, commands and anything outside a request use the primary).
_reading_from = contextvars.ContextVar("reading_from", default=None)
# Replica aliases that failed to connect, with when to try them again (per process).
_down_until: dict[str, float] = {}


def replicas() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


class ReplicaRouter:
    """Reads go to the replica chosen for this request, if any; writes and migrations to the
    primary (a replica is a read-only copy of it, ``TEST: {"MIRROR": "default"}``)."""

    def db_for_read(self, model, **hints):
        alias = _reading_from.get()
        if alias is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        return alias

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def use_primary():
    """Send this context's reads to the primary (a Celery task; see ``celery.py``)."""
    return _reading_from.set(None)


def note_content_write() -> None:
    """After a content write, everyone reads the primary for ``REPLICA_STICKY_SECONDS``
    (called where the cache's content generation is bumped)."""
    if not replicas():
        return
    until = time.time() + settings.REPLICA_STICKY_SECONDS
    try:
        cache.set(RECENT_WRITE_KEY, until, settings.REPLICA_STICKY_SECONDS + 1)
    except Exception:  # the cache is down: readers may see the write a moment late
        logger.warning("cache unreachable; replica readers are not held back", exc_info=True)


def _recently_written() -> bool:
    try:
        until = cache.get(RECENT_WRITE_KEY)
    except Exception:
        return True  # without the cache, nothing says the replicas have caught up
    return until is not None and until > time.time()


def _down(alias) -> bool:
    return _down_until.get(alias, 0) > time.monotonic()


def _mark_down(alias) -> None:
    _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS


def _reachable(alias) -> bool:
    if _down(alias):
        return False
    try:
        if _lost(alias):
            connections[alias].close()  # known dead (a failure a moment ago): open a new one
        connections[alias].ensure_connection()
    except DatabaseError:
        logger.warning("read replica %s unreachable; reading the primary", alias, exc_info=True)
        _mark_down(alias)
        return False
    return True


def _lost(alias) -> bool:
    """Whether ``alias``'s open connection is known to be gone (psycopg marks a connection
    closed when its server went away; this asks nothing of the server)."""
    raw = connections[alias].connection
    return raw is not None and bool(raw.closed)


def lost_replica(exception) -> str | None:
    """The replica this context reads whose connection ``exception`` reports lost, or None
    (the primary's failure, or a query that failed on a live connection: a real error)."""
    alias = _reading_from.get()
    if alias is None or not isinstance(exception, (OperationalError, InterfaceError)):
        return None
    raw = connections[alias].connection
    return alias if raw is None or raw.closed else None


def replica_for(request) -> str | None:
    """The replica alias ``request`` may read from, or None for the primary."""
    candidates = replicas()
    if not candidates or request.method not in SAFE_METHODS:
        return None
    if settings.REPLICA_STICKY_COOKIE in request.COOKIES:
        return None  # this browser wrote a moment ago
    is_api = request.path_info.startswith("/api/")
    if settings.SESSION_COOKIE_NAME in request.COOKIES and not is_api:
        return None  # a signed-in user's pages
    if _recently_written():
        return None
    random.shuffle(candidates)
    return next((alias for alias in candidates if _reachable(alias)), None)


class ReplicaReadMiddleware:
    """Chooses the database of each request's reads (see the module's text) and marks a
    writing browser so that its next reads, for a short while, stay on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replicas():
            return self.get_response(request)
        alias = replica_for(request)
        token = _reading_from.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _reading_from.reset(token)
        if response.streaming and alias is not None and not _down(alias):
            response.streaming_content = _reading(alias, response.streaming_content)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                settings.REPLICA_STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        """A replica lost while the view read it: mark it down and run the view once more,
        on the primary (reads only: a replica never serves a writing request)."""
        alias = lost_replica(exception)
        if alias is None:
            return None
        logger.warning(
            "read replica %s lost during %s %s; answered from the primary",
            alias,
            request.method,
            request.path,
            exc_info=exception,
        )
        _mark_down(alias)
        with contextlib.suppress(DatabaseError):  # already gone
            connections[alias].close()
        _reading_from.set(None)  # the rest of this request reads the primary
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()  # the first answer may have failed while rendering
        return response


def _reading(alias, chunks):
    """A streamed answer (a CSV export) reads from the request's replica as it streams."""
    iterator = iter(chunks)
    while True:
        token = _reading_from.set(alias)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _reading_from.reset(token)
        yield chunk
