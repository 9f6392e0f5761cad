"""The security layers of issue 16 with Redis stopped: the two-factor step, named API tokens
and their use still work (their rate limits count per process meanwhile, as the sign-in's do:
tests/stocktaking/test_redis_outage.py)."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.stocktaking.test_redis_outage import own_redis  # noqa: F401 - the fixture
from tests.support.factories import PASSWORD
from tests.support.two_factor import code_for, give_authenticator

pytestmark = pytest.mark.django_db


def test_a_moderator_signs_in_with_a_code_while_redis_is_away(own_redis, client, moderator):  # noqa: F811
    device = give_authenticator(moderator)
    own_redis.stop()
    queue = reverse("stocktaking:moderation-queue")
    password = client.post(
        reverse("login"),
        {"username": moderator.username, "password": PASSWORD, "next": queue},
    )
    assert password.status_code == 302 and password.url == reverse("two-factor-sign-in")
    wrong = client.post(reverse("two-factor-sign-in"), {"code": "000000"})
    assert wrong.status_code == 400
    done = client.post(reverse("two-factor-sign-in"), {"code": code_for(device)})
    assert done.status_code == 302 and done.url == queue
    assert client.get(queue).status_code == 200


def test_wrong_codes_are_still_limited_while_redis_is_away(
    own_redis,  # noqa: F811 - the fixture
    settings,
    client,
    stakeholder,
):
    settings.STOCKTAKING_RATE_LIMITS = {"two-factor": (3, 300)}
    device = give_authenticator(stakeholder)
    own_redis.stop()
    client.post(reverse("login"), {"username": stakeholder.username, "password": PASSWORD})
    for guess in ("111111", "222222", "333333"):
        assert client.post(reverse("two-factor-sign-in"), {"code": guess}).status_code == 400
    refused = client.post(reverse("two-factor-sign-in"), {"code": code_for(device)})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_token_made_and_used_while_redis_is_away(own_redis, client, stakeholder):  # noqa: F811
    client.force_login(stakeholder)
    own_redis.stop()
    made = client.post(reverse("api-token-create"), {"name": "Nightly sync", "expires": "never"})
    assert made.status_code == 200
    key = re.search(r'<code class="token-key"[^>]*>([0-9a-f]{40})</code>', made.content.decode())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key.group(1)}")
    mine = api.get("/api/v1/stocktaking/")
    assert mine.status_code == 200, mine.content
    assert ApiToken.objects.get(user=stakeholder).last_used_at is not None
    # Revoked while Redis is still away: refused at once, not after a cached "valid".
    token = ApiToken.objects.get(user=stakeholder)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 302
    assert api.get("/api/v1/stocktaking/").json()["code"] == "token_revoked"
