"""A Redis cache that is an accelerator, never a single point of failure.

``ResilientRedisCache`` is Django's ``RedisCache`` with a circuit breaker in front: when Redis
does not answer (connection refused, timed out), the operation is answered by a local-memory
cache of this process instead and the breaker opens, so that for the next
``CACHE_RETRY_SECONDS`` (setting, default 10) no request pays a connection timeout; after
that one request tries Redis again and closes the breaker if it answers.

What that means for callers, without any change on their side:

- cached pages, stats answers and facet counts are computed from the database and kept in
  the process's memory for the outage;
- DRF throttles and the portal's rate limits (``stocktaking.ratelimit``) count in the
  process's memory: a per-process limit, which is weaker than the shared one but never
  turns a sign-in or a submission into an error page. The breaker logs when it opens and
  closes, so operators see the fallback.

``cache_recovered`` is sent when Redis answers again, so that what was written to the
fallback meanwhile (a content generation bump, say) can be made good
(``wsis_portal.caching`` bumps the generation: a page cached in Redis before the outage must
not outlive a change made during it).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

cache_recovered = Signal()


class CircuitBreaker:
    """Per process and per Redis location: open (skip Redis) for ``retry_seconds`` after a
    failure; the first call after that tries Redis again. Shared by every thread's cache
    instance (Django makes one per thread)."""

    _lock = threading.Lock()
    _open_until: dict[str, float] = {}

    def __init__(self, location):
        self.location = location

    @property
    def retry_seconds(self) -> float:
        return float(getattr(settings, "CACHE_RETRY_SECONDS", 10))

    def is_open(self) -> bool:
        until = self._open_until.get(self.location)
        return until is not None and time.monotonic() < until

    def is_tripped(self) -> bool:
        """Open, or waiting for a first success since it last opened."""
        return self.location in self._open_until

    def trip(self, error) -> None:
        with self._lock:
            first = self.location not in self._open_until
            self._open_until[self.location] = time.monotonic() + self.retry_seconds
        if first:
            logger.warning(
                "Cache Redis unreachable (%s): serving without it, rate limits and throttles "
                "now count per process; retrying every %ss",
                error,
                self.retry_seconds,
            )

    def reset(self) -> bool:
        """Close the breaker; True if it was tripped (Redis just came back)."""
        with self._lock:
            was = self._open_until.pop(self.location, None) is not None
        if was:
            logger.warning("Cache Redis reachable again: shared cache and limits restored")
        return was


def _guarded(name):
    redis_method = getattr(RedisCache, name)
    local_method = getattr(LocMemCache, name)

    def method(self, *args, **kwargs):
        if self.breaker.is_open():
            return local_method(self.fallback, *args, **kwargs)
        try:
            result = redis_method(self, *args, **kwargs)
        except UNREACHABLE as error:
            self.breaker.trip(error)
            return local_method(self.fallback, *args, **kwargs)
        if self.breaker.is_tripped() and self.breaker.reset():
            cache_recovered.send(sender=type(self), location=self.breaker.location)
        return result

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that falls back to this process's memory while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker = CircuitBreaker(location)
        # Same name, same storage: every thread's instance shares the process's fallback.
        fallback_params = {
            key: value for key, value in params.items() if key not in ("OPTIONS", "LOCATION")
        }
        fallback_params["OPTIONS"] = {"MAX_ENTRIES": 5000}
        self.fallback = LocMemCache(f"redis-fallback:{location}", fallback_params)

    def ping(self) -> None:
        """Ask Redis itself, past the breaker and the fallback (for ``/healthz``); raises
        when it does not answer."""
        self._cache.get_client(write=True).ping()

    def run_on_redis(self, operation, unreachable=None):
        """``operation(client)`` on Redis itself, for what the cache's interface does not
        offer (a script, a sorted set: ``wsis_portal.api.export_slots``); ``unreachable``
        while Redis does not answer, with the breaker opened as by any cache operation (no
        fallback: the caller decides what doing without Redis means)."""
        if self.breaker.is_open():
            return unreachable
        try:
            result = operation(self._cache.get_client(write=True))
        except UNREACHABLE as error:
            self.breaker.trip(error)
            return unreachable
        if self.breaker.is_tripped() and self.breaker.reset():
            cache_recovered.send(sender=type(self), location=self.breaker.location)
        return result

    add = _guarded("add")
    get = _guarded("get")
    set = _guarded("set")
    touch = _guarded("touch")
    delete = _guarded("delete")
    get_many = _guarded("get_many")
    has_key = _guarded("has_key")
    incr = _guarded("incr")
    set_many = _guarded("set_many")
    delete_many = _guarded("delete_many")
    clear = _guarded("clear")
