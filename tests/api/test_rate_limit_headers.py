"""Rate-limit headers (issue 19, item 3): a script learns its limit from every answer, not by
being refused."""

from tests.api.conftest import client_for


def rate_headers(response):
    return tuple(
        int(response[name])
        for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
    )


def test_remaining_requests_decrease_then_429_with_retry_after(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "100/minute"},
    }
    client = client_for(None)
    answers = [client.get("/api/v1/sdgs/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [rate_headers(a)[:2] for a in answers] == [(3, 2), (3, 1), (3, 0), (3, 0)]
    assert all(0 < rate_headers(a)[2] <= 60 for a in answers)
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"


def test_signed_in_user_sees_their_own_rate(stakeholder, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "5/minute"},
    }
    response = client_for(stakeholder).get("/api/v1/stocktaking/")
    assert rate_headers(response)[:2] == (5, 4)


def test_errors_and_other_endpoints_carry_them_too(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10/minute", "user": "100/minute"},
    }
    client = client_for(None)
    bad = client.get("/api/v1/stocktaking/?nonsense=1")
    assert bad.status_code == 400
    assert rate_headers(bad)[:2] == (10, 9)
    stats = client.get("/api/v1/stats/stocktaking/?group_by=sdg")
    assert rate_headers(stats)[:2] == (10, 8)


def test_pages_outside_the_api_have_none(db, client):
    assert "RateLimit-Limit" not in client.get("/")
