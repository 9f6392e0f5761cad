"""Malformed and hostile input: a 400 naming the parameter, or safe results; never a 500,
and nothing written is lost or altered."""

import pytest

from stocktaking.models import StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import StocktakingEntryFactory

HOSTILE = ["<script>alert(1)</script>", "' OR 1=1 --", "%", "\\", "a\x00b", "🦓" * 50, "x" * 5000]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/stocktaking/?sdg=abc", "sdg"),
        ("/api/v1/stocktaking/?sdg=18", "sdg"),
        ("/api/v1/stocktaking/?country=ZZ", "country"),
        ("/api/v1/stocktaking/?country=KENYA", "country"),
        ("/api/v1/stocktaking/?region=abc", "region"),
        ("/api/v1/stocktaking/?action_line=C99", "action_line"),
        # A "%" in the value must not break the message (django-filter %-formats it).
        ("/api/v1/stocktaking/?action_line=C%25s", "action_line"),
        ("/api/v1/stocktaking/?sdg=9%25", "sdg"),
        ("/api/v1/stocktaking/?country=K%25", "country"),
        ("/api/v1/stocktaking/?region=2%25", "region"),
        ("/api/v1/stocktaking/?stakeholder_type=robot", "stakeholder_type"),
        ("/api/v1/stocktaking/?created_after=yesterday", "created_after"),
        ("/api/v1/stocktaking/?year=MMXX", "year"),
        ("/api/v1/stocktaking/?page_size=100000", "page_size"),
        ("/api/v1/stocktaking/?page_size=0", "page_size"),
        ("/api/v1/stocktaking/?page_size=ten", "page_size"),
        ("/api/v1/stocktaking/harvest/?page_size=501", "page_size"),
        ("/api/v1/stats/stocktaking/?group_by=planet", "group_by"),
        ("/api/v1/stats/stocktaking/?group_by=sdg&sdg=abc", "sdg"),
        ("/api/v1/mandates/?overdue=maybe", "overdue"),
        ("/api/v1/mandates/?due_before=soon", "due_before"),
        ("/api/v1/action-lines/?sdg=x", "sdg"),
    ],
)
def test_malformed_filter_is_400_naming_the_parameter(db, url, parameter):
    response = client_for(None).get(url)
    assert response.status_code == 400, response.content
    assert parameter in response.json()


def test_unknown_ordering_field_is_400_naming_it(db):
    response = client_for(None).get("/api/v1/stocktaking/?ordering=contact_email")
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_bad_cursor_is_4xx_not_500(db):
    assert client_for(None).get("/api/v1/stocktaking/harvest/?cursor=garbage").status_code == 404
    assert client_for(None).get("/api/v1/stocktaking/harvest/?cursor=!").status_code == 400


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "path", ["/api/v1/stocktaking/", "/api/v1/paragraphs/", "/api/v1/action-lines/"]
)
def test_hostile_search_is_safe(db, path, value):
    StocktakingEntryFactory(state="published")
    response = client_for(None).get(path, {"q": value})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["count"] == 0


@pytest.mark.parametrize("value", HOSTILE[:3])
def test_hostile_text_is_stored_exactly(stakeholder, value):
    client = client_for(stakeholder)
    response = client.post(
        "/api/v1/stocktaking/",
        {
            "title": value,
            "description": value,
            "organization_name": value,
            "stakeholder_type": "civil_society",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = client.get(f"/api/v1/stocktaking/{response.json()['id']}/").json()
    assert body["title"] == value and body["description"] == value


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"stakeholder_type": "robot"}, "stakeholder_type"),
        ({"countries": ["ZZ"]}, "countries"),
        ({"action_lines": ["C99"]}, "action_lines"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"start_date": "2026-01-01", "end_date": "2025-01-01"}, "end_date"),
        ({"title": ""}, "title"),
        ({"title": "x" * 300}, "title"),
    ],
)
def test_invalid_entry_is_400_naming_the_field_and_changes_nothing(stakeholder, payload, field):
    entry = StocktakingEntryFactory(submitter=stakeholder, state="draft", title="Original")
    response = client_for(stakeholder).patch(
        f"/api/v1/stocktaking/{entry.pk}/", payload, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    entry.refresh_from_db()
    assert entry.title == "Original"
    assert StocktakingEntry.objects.count() == 1


def test_non_json_body_is_400(stakeholder):
    response = client_for(stakeholder).generic(
        "POST", "/api/v1/stocktaking/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_throttled_client_gets_429_with_retry_after(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "100/minute"},
    }
    client = client_for(None)
    statuses = [client.get("/api/v1/sdgs/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/sdgs/")
    assert int(response["Retry-After"]) > 0


def test_signed_in_users_have_their_own_rate(stakeholder, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "3/minute"},
    }
    signed_in = client_for(stakeholder)
    statuses = [signed_in.get("/api/v1/sdgs/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another client from the same address, not signed in: counted apart, at the lower rate.
    anonymous = client_for(None)
    assert [anonymous.get("/api/v1/sdgs/").status_code for _ in range(2)] == [200, 429]
