"""Anonymous and authenticated request rates (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``).

DRF's own classes read the rates once at import; these read them per request so that
settings overrides (tests, a changed environment) apply. Over the rate: 429 with
``Retry-After`` (DRF's, from the throttle's ``wait()``).

Each request is counted in one scope: anonymous clients by address in ``anon``, signed-in
users by id in ``user``. (DRF's per-user throttle also counts anonymous clients, by address,
against the higher user rate: a limit they can never reach, paid for with two more cache
round trips on every anonymous request.)

Every throttled answer, 429 included, tells the client where it stands, with the header
names of the IETF draft "RateLimit header fields for HTTP": ``RateLimit-Limit`` (requests
allowed in the window), ``RateLimit-Remaining`` (left in it, this one counted) and
``RateLimit-Reset`` (seconds until the oldest request counted leaves the window, freeing
one). The throttle notes them on the request; ``RateLimitHeadersMiddleware`` writes them.
"""

import math

from rest_framework import throttling
from rest_framework.settings import api_settings

#: Where a throttle leaves (limit, remaining, reset) on the Django request.
RATE_LIMIT_ATTRIBUTE = "api_rate_limit"


class _RatesFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "key", None) is not None:
            self.note_rate_limit(request)
        return allowed

    def note_rate_limit(self, request):
        """Leave this throttle's standing on the request; of several, the tightest wins."""
        remaining = max(0, self.num_requests - len(self.history))
        reset = self.duration
        if self.history:
            reset = max(0, math.ceil(self.history[-1] + self.duration - self.now))
        django_request = getattr(request, "_request", request)
        noted = getattr(django_request, RATE_LIMIT_ATTRIBUTE, None)
        if noted is None or remaining < noted[1]:
            setattr(django_request, RATE_LIMIT_ATTRIBUTE, (self.num_requests, remaining, reset))


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # the anonymous scope's
        return super().get_cache_key(request, view)


class RateLimitHeadersMiddleware:
    """``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` on every answer a
    throttle counted (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        noted = getattr(request, RATE_LIMIT_ATTRIBUTE, None)
        if noted is not None:
            limit, remaining, reset = noted
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
        return response
