"""Anonymous and authenticated request rates (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``).

DRF's own classes read the rates once at import; these read them per request so that
settings overrides (tests, a changed environment) apply. Over the rate: 429 with
``Retry-After``.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _RatesFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    pass
