"""Anonymous and authenticated request rates (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``).

DRF's own classes read the rates once at import; these read them per request so that
settings overrides (tests, a changed environment) apply. Over the rate: 429 with
``Retry-After``.

Each request is counted in one scope: anonymous clients by address in ``anon``, signed-in
users by id in ``user``. (DRF's per-user throttle also counts anonymous clients, by address,
against the higher user rate: a limit they can never reach, paid for with two more cache
round trips on every anonymous request.)
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _RatesFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # the anonymous scope's
        return super().get_cache_key(request, view)
