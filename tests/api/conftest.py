"""API test settings: a cache of its own (throttle counters never shared with other runs)
and rates high enough that only the throttling test meets them."""

import pytest
from rest_framework.test import APIClient

from tests.support.api_contract import parametrize_contract


def pytest_generate_tests(metafunc):
    parametrize_contract(metafunc)


@pytest.fixture(autouse=True)
def _api_settings(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"}
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    from django.core.cache import cache

    cache.clear()


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client
