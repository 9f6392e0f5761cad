"""Two edits of one pending update (issue 18's gap 1 in the API): as the HTML form answers a
stale save with 409, so does the API's PATCH when it sends the ``version`` it read — nothing
is written, and the answer (the one error shape) says which version is current."""

import pytest

from tests.api.conftest import client_for
from tests.support.factories import StocktakingEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(stakeholder):
    return StocktakingEntryFactory(submitter=stakeholder, state="published", title="Old")


def test_a_save_based_on_an_older_version_is_a_409_and_writes_nothing(stakeholder, entry):
    laptop, phone = client_for(stakeholder), client_for(stakeholder)
    address = f"/api/v1/stocktaking/{entry.pk}/"
    first = laptop.patch(address, {"title": "From the laptop", "version": 0}, format="json")
    assert first.status_code == 202, first.content
    read = phone.get(f"{address}update/").json()
    assert read["version"] == first.json()["version"] == 1

    # The phone saves on the version it read; the laptop, still on version 1, is refused.
    saved = phone.patch(address, {"title": "From the phone", "version": 1}, format="json")
    assert saved.status_code == 202 and saved.json()["version"] == 2
    stale = laptop.patch(address, {"title": "Laptop again", "version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale_update" and body["current_version"] == 2
    assert body["detail"] and "version 2" in body["detail"]
    assert laptop.get(f"{address}update/").json()["proposed"]["title"] == "From the phone"

    # Read again, applied to the current version: it goes through.
    again = laptop.patch(address, {"title": "Laptop again", "version": 2}, format="json")
    assert again.status_code == 202 and again.json()["proposed"]["title"] == "Laptop again"
    # Without a version the last save wins, as before (documented).
    blind = phone.patch(address, {"title": "Blind"}, format="json")
    assert blind.status_code == 202 and blind.json()["version"] == 4
    # The public still reads the published version.
    assert client_for(None).get(address).json()["title"] == "Old"


@pytest.mark.parametrize("version", ["one", -1, 1.5, None, 2**40])
def test_a_version_that_is_not_a_count_is_a_400_naming_it(stakeholder, entry, version):
    response = client_for(stakeholder).patch(
        f"/api/v1/stocktaking/{entry.pk}/", {"title": "New", "version": version}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()


def test_the_schema_documents_the_version_and_the_409(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    patch = schema["paths"]["/api/v1/stocktaking/{id}/"]["patch"]
    assert "stale_update" in patch["responses"]["409"]["description"]
    components = schema["components"]["schemas"]
    assert "version" in components["PatchedStocktakingEntryWriteRequest"]["properties"]
    assert "version" in components["EntryUpdate"]["required"]
