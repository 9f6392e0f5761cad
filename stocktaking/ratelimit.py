"""A fixed-window rate limit on Django's cache (Redis in production, shared by the workers).

``allow(scope, ident)`` counts one attempt and says whether it is within the limit configured
for ``scope`` in ``RATE_LIMITS`` (overridable with the ``STOCKTAKING_RATE_LIMITS`` setting):
``(attempts, seconds)``. Counting uses ``cache.add`` then ``cache.incr``, both atomic on Redis.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

RATE_LIMITS = {
    "register": (5, 60 * 60),  # accounts per client address per hour
    "login": (10, 5 * 60),  # failed or not: sign-in attempts per address and name per 5 min
    "submission": (30, 60 * 60),  # new entries and submissions per user per hour
}


def limit_for(scope):
    return {**RATE_LIMITS, **getattr(settings, "STOCKTAKING_RATE_LIMITS", {})}[scope]


def client_address(request) -> str:
    """The client's address (behind a proxy, the address the proxy saw is what Django sees
    unless the deployment rewrites REMOTE_ADDR; X-Forwarded-For is not trusted here)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope, ident):
    digest = hashlib.sha256(str(ident).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(scope, ident) -> bool:
    """Count an attempt; False once the scope's limit is passed within its window."""
    attempts, window = limit_for(scope)
    key = _key(scope, ident)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= attempts


def retry_after(scope) -> int:
    return limit_for(scope)[1]
