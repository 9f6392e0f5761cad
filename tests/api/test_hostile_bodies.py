"""Bodies Python cannot safely hold are 400 parse errors in the API's JSON error shape, on
every write endpoint, and nothing is written (issue 19, item 2): JSON nested 1,000 levels deep
(a server error from ``RecursionError`` before) and a lone surrogate in a choice field (a server
error while the "not a valid choice" message was encoded)."""

import json

import pytest

from stocktaking.models import StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import MandateFactory, StocktakingEntryFactory
from wsis_portal.api.parsers import MAX_DEPTH

DEEP = "[" * 1000 + "]" * 1000


def nested(levels):
    return "[" * levels + "]" * levels


@pytest.fixture
def write_endpoints(stakeholder, facilitator, line):
    """(user, method, url, a valid body) for each write endpoint, with a user allowed to use it."""
    entry = StocktakingEntryFactory(submitter=stakeholder, state="draft")
    mandate = MandateFactory()
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    return [
        (stakeholder, "post", "/api/v1/stocktaking/", {"title": "t"}),
        (stakeholder, "patch", f"/api/v1/stocktaking/{entry.pk}/", {"title": "t"}),
        (stakeholder, "post", f"/api/v1/stocktaking/{entry.pk}/submit/", {}),
        (facilitator, "post", "/api/v1/mandate-updates/", {"mandate": mandate.pk}),
        (facilitator, "patch", f"/api/v1/action-lines/{line.code}/", {"page_content": "x"}),
    ]


def send(user, method, url, raw):
    return getattr(client_for(user), method)(url, raw, content_type="application/json")


def assert_parse_error(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "parse_error"
    assert body["detail"].startswith("JSON parse error")


def test_deep_body_is_a_parse_error_on_every_write_endpoint(write_endpoints):
    entries = StocktakingEntry.objects.count()
    for user, method, url, body in write_endpoints:
        for raw in (DEEP, json.dumps({**body, "title": json.loads(nested(MAX_DEPTH + 1))})):
            assert_parse_error(send(user, method, url, raw))
    assert StocktakingEntry.objects.count() == entries


def test_nesting_up_to_the_limit_is_parsed(stakeholder):
    response = send(stakeholder, "post", "/api/v1/stocktaking/", json.dumps({"title": [[["x"]]]}))
    assert response.status_code == 400
    assert "title" in response.json()  # a field error: the body was read


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stakeholder_type", "\ud800"),
        ("countries", ["\ud800"]),
        ("scope", "x\udfff"),
    ],
)
def test_lone_surrogate_in_an_entry_field_is_400(stakeholder, field, value):
    body = {
        "title": "t",
        "description": "d",
        "organization_name": "o",
        "stakeholder_type": "civil_society",
        field: value,
    }
    response = send(stakeholder, "post", "/api/v1/stocktaking/", json.dumps(body))
    assert_parse_error(response)
    assert not StocktakingEntry.objects.exists()


def test_lone_surrogate_in_a_mandate_update_status_is_400(facilitator):
    mandate = MandateFactory()
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    body = {"mandate": mandate.pk, "status": "\ud800", "text": "Report submitted."}
    assert_parse_error(send(facilitator, "post", "/api/v1/mandate-updates/", json.dumps(body)))


def test_surrogate_pair_is_a_character(stakeholder):
    body = {
        "title": "Zebra \U0001f993",
        "description": "d",
        "organization_name": "o",
        "stakeholder_type": "civil_society",
    }
    response = send(stakeholder, "post", "/api/v1/stocktaking/", json.dumps(body))
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Zebra \U0001f993"
