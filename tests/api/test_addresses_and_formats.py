"""An address is answered the same way however it is spelt: a format the API does not have is
a 406 whether asked by ``?format=`` or by ``Accept``, and a write to an address without its
trailing slash is served, not redirected without its body."""

import pytest

from stocktaking.models import StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import StocktakingEntryFactory


@pytest.mark.parametrize(
    "ask",
    [{"data": {"format": "xml"}}, {"HTTP_ACCEPT": "application/xml"}],
    ids=["format=xml", "Accept: application/xml"],
)
@pytest.mark.parametrize("path", ["/api/v1/stocktaking/", "/api/v1/sdgs/"])
def test_an_unknown_format_is_406_in_the_json_error_shape(db, path, ask):
    response = client_for(None).get(path, **ask)
    assert response.status_code == 406
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "not_acceptable" and body["detail"]


def test_the_406_of_a_format_names_the_formats_there_are(db):
    detail = client_for(None).get("/api/v1/sdgs/", {"format": "xml"}).json()["detail"]
    assert "json" in detail and "csv" in detail


def test_a_post_without_the_trailing_slash_creates_the_entry(stakeholder):
    response = client_for(stakeholder).post(
        "/api/v1/stocktaking",
        {
            "title": "Sent without a slash",
            "description": "Still created.",
            "organization_name": "Example",
            "stakeholder_type": "civil_society",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert StocktakingEntry.objects.get().title == "Sent without a slash"


def test_a_patch_without_the_trailing_slash_edits_the_entry(stakeholder):
    entry = StocktakingEntryFactory(submitter=stakeholder, state="draft", title="Before")
    response = client_for(stakeholder).patch(
        f"/api/v1/stocktaking/{entry.pk}", {"title": "After"}, format="json"
    )
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert entry.title == "After"


def test_a_read_without_the_trailing_slash_is_answered_with_its_links_slashed(db):
    StocktakingEntryFactory.create_batch(2, state="published")
    response = client_for(None).get("/api/v1/stocktaking", {"page_size": 1})
    assert response.status_code == 200
    assert "/api/v1/stocktaking/?" in response.json()["next"]


def test_an_address_that_is_no_route_either_way_is_a_json_404(db):
    response = client_for(None).post("/api/v1/no-such-thing", {}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
