"""A limit on concurrent exports, so that downloads never take the portal from other readers
(issue 19: four clients downloading CSV pages back to back made a plain request wait four
times longer).

An export is any CSV answer of the API (``?format=csv`` or ``Accept: text/csv``) to a GET. At
most ``API_EXPORTS_PER_CLIENT`` run at once per client (a signed-in user by id, anyone else by
address, as the rate throttles count) and ``API_EXPORTS_IN_ALL`` in all; one more is refused
at once with 429, ``Retry-After: API_EXPORT_RETRY_AFTER`` and the API's one error shape
(``code: throttled``): a CSV page is over in a second or two, so a client that waits as told
gets its turn soon, while the portal keeps threads and CPU for everyone else.

A slot is a member of two Redis sorted sets (the client's and everyone's), scored by when it
expires: taking one is one Lua script (expired slots dropped, both counts checked, the slot
added to both: atomic across workers); giving it back removes it. A worker that dies in the
middle of an export never gives its slot back: it expires after ``API_EXPORT_SLOT_SECONDS``
(longer than gunicorn's timeout), by Redis's clock, so no worker's clock matters.

The limit degrades open, as the rest of the portal does without Redis (``cache_backends``):
with Redis unreachable, or no Redis cache at all (the embedded default), exports are served
without a limit rather than refused.

``ExportThrottle`` (one of ``DEFAULT_THROTTLE_CLASSES``) takes the slot when DRF checks its
throttles; ``ExportSlotMiddleware`` gives it back once the answer is written, whatever
happened in between.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext
from redis.exceptions import RedisError
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from ..cache_backends import ResilientRedisCache

logger = logging.getLogger(__name__)

#: Where the throttle leaves the slot it took on the Django request.
SLOT_ATTRIBUTE = "api_export_slot"

#: KEYS: the client's set, everyone's. ARGV: the slot, its lifetime (ms), the two limits.
#: 0 when the slot is taken, else the number of the set that is full.
TAKE = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lifetime = tonumber(ARGV[2])
for number, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZCARD', key) >= tonumber(ARGV[2 + number]) then
    return number
  end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + lifetime, ARGV[1])
  redis.call('PEXPIRE', key, lifetime)
end
return 0
"""
CLIENT_FULL, ALL_FULL = 1, 2


class ExportSlot:
    """One export's place (``take_export_slot``); ``release()`` gives it back, once. A slot
    taken without Redis holds nothing."""

    def __init__(self, shared=None, keys=(), token=""):
        self.shared, self.keys, self.token = shared, list(keys), token

    def release(self) -> None:
        keys, self.keys = self.keys, []
        if keys:
            self.shared.run_on_redis(lambda redis: [redis.zrem(key, self.token) for key in keys])


def redis_cache():
    """The default cache when it is the shared Redis (``ResilientRedisCache``), else None."""
    shared = caches["default"]
    return shared if isinstance(shared, ResilientRedisCache) else None


def slot_keys(shared, client):
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    return [shared.make_key(f"export-slots:client:{digest}"), shared.make_key("export-slots:all")]


def take_export_slot(client: str) -> "ExportSlot | int":
    """A slot for one more export by ``client``, or ``CLIENT_FULL``/``ALL_FULL`` when its own
    or everyone's exports are at their limit. Without Redis, a slot that holds nothing (the
    limit degrades open)."""
    shared = redis_cache()
    if shared is None:
        return ExportSlot()
    keys, token = slot_keys(shared, client), uuid.uuid4().hex
    limits = [settings.API_EXPORTS_PER_CLIENT, settings.API_EXPORTS_IN_ALL]
    lifetime = max(1, round(settings.API_EXPORT_SLOT_SECONDS * 1000))

    def take(redis):
        return redis.register_script(TAKE)(keys=keys, args=[token, lifetime, *limits])

    try:
        full = shared.run_on_redis(take, unreachable=None)
    except RedisError as error:  # answered, but not as expected: serve rather than refuse
        logger.warning("Export slots unavailable (%s): serving without a limit", error)
        return ExportSlot()
    if full is None:  # Redis unreachable
        return ExportSlot()
    if full:
        return int(full)
    return ExportSlot(shared, keys, token)


def export_client(request) -> str:
    """Who an export is counted for: a signed-in user by id, anyone else by address (the
    address the rate throttles count, ``TRUSTED_PROXY_COUNT`` applied)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{BaseThrottle().get_ident(request)}"


class ExportThrottle(BaseThrottle):
    """Takes an export's slot (see the module's docstring), or refuses it with 429."""

    def allow_request(self, request, view):
        renderer = getattr(request, "accepted_renderer", None)
        if request.method != "GET" or getattr(renderer, "format", None) != "csv":
            return True
        django_request = getattr(request, "_request", request)
        if getattr(django_request, SLOT_ATTRIBUTE, None) is not None:
            return True  # this request holds one already
        slot = take_export_slot(export_client(request))
        if isinstance(slot, ExportSlot):
            setattr(django_request, SLOT_ATTRIBUTE, slot)
            return True
        if slot == CLIENT_FULL:
            detail = gettext(
                "Too many CSV exports at once from you (at most %(count)d): wait for one to finish."
            ) % {"count": settings.API_EXPORTS_PER_CLIENT}
        else:
            detail = gettext("The portal is serving as many CSV exports as it can at once.")
        raise Throttled(wait=self.wait(), detail=detail)

    def wait(self):
        return settings.API_EXPORT_RETRY_AFTER


class ExportSlotMiddleware:
    """Gives back the export slot a request took (``ExportThrottle``) once its answer is
    written (a streamed answer: once it is sent), whatever the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        try:
            response = self.get_response(request)
            return response
        finally:
            slot = getattr(request, SLOT_ATTRIBUTE, None)
            if slot is not None:
                if response is not None and response.streaming:
                    response._resource_closers.append(slot.release)
                else:
                    slot.release()
