"""Every field an entry's owner writes can be read back by those allowed to see it: the SDG
targets and Global Digital Compact objectives by everyone who sees the entry, the contact
e-mail by its owner and moderators only, never by the public or another stakeholder."""

import csv
import io

import pytest

from actionlines.models import GDCObjective, SDGTarget
from stocktaking.models import StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import SDGFactory, StocktakingEntryFactory

LIST = "/api/v1/stocktaking/"
SECRET = "team@example.org"


@pytest.fixture
def targets(db):
    goal = SDGFactory(number=9)
    return {
        code: SDGTarget.objects.create(goal=goal, code=code, sort_order=n, title=code)
        for n, code in enumerate(["9.1", "9.c"])
    }


@pytest.fixture
def objective(db):
    return GDCObjective.objects.create(number=2, title="Expand inclusion in the digital economy")


@pytest.fixture
def written(stakeholder, targets, objective):
    """An entry written over the API by ``stakeholder``, then published."""
    response = client_for(stakeholder).post(
        LIST,
        {
            "title": "Rural broadband",
            "description": "Villages online.",
            "organization_name": "Community networks",
            "stakeholder_type": "civil_society",
            "contact_email": SECRET,
            "sdg_targets": ["9.c", "9.1"],
            "gdc_objectives": [2],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["sdg_targets"], body["gdc_objectives"]) == (["9.1", "9.c"], [2])
    assert body["contact_email"] == SECRET
    StocktakingEntry.objects.filter(pk=body["id"]).update(state="published")
    return body["id"]


def test_the_owner_reads_back_every_field_written(stakeholder, written):
    client = client_for(stakeholder)
    detail = client.get(f"{LIST}{written}/").json()
    listed = client.get(LIST).json()["results"][0]
    harvested = client.get(f"{LIST}harvest/").json()["results"][0]
    for body in (detail, listed, harvested):
        assert body["sdg_targets"] == ["9.1", "9.c"]
        assert body["gdc_objectives"] == [2]
        assert body["contact_email"] == SECRET


def test_moderators_read_the_contact_email(moderator, written):
    client = client_for(moderator)
    assert client.get(f"{LIST}{written}/").json()["contact_email"] == SECRET
    assert client.get(LIST).json()["results"][0]["contact_email"] == SECRET


@pytest.mark.parametrize("who", ["anonymous", "another stakeholder"])
def test_nobody_else_reads_the_contact_email(other_stakeholder, written, who):
    client = client_for(None if who == "anonymous" else other_stakeholder)
    detail = client.get(f"{LIST}{written}/").json()
    assert detail["contact_email"] is None
    assert detail["sdg_targets"] == ["9.1", "9.c"]  # public, like the SDGs
    assert client.get(LIST).json()["results"][0]["contact_email"] is None
    exported = client.get(LIST, {"format": "csv"}).content.decode()
    assert SECRET not in exported
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows[0]["sdg_targets"] == "9.1; 9.c" and rows[0]["contact_email"] == ""


def test_entries_are_filtered_by_sdg_target(targets):
    match = StocktakingEntryFactory(state="published")
    match.sdg_targets.add(targets["9.c"])
    other = StocktakingEntryFactory(state="published")
    other.sdg_targets.add(targets["9.1"])
    client = client_for(None)
    for value in ("9.c", "9.C", " 9.c "):
        body = client.get(LIST, {"sdg_target": value}).json()
        assert [item["id"] for item in body["results"]] == [match.pk]
    both = client.get(LIST, {"sdg_target": "9.c,9.1"}).json()["results"]
    assert {item["id"] for item in both} == {match.pk, other.pk}


@pytest.mark.parametrize("value", ["99.9", "9", "nine", "9.c<script>", "9.1%"])
def test_an_unknown_sdg_target_is_400_naming_the_parameter(targets, value):
    response = client_for(None).get(LIST, {"sdg_target": value})
    assert response.status_code == 400
    assert "sdg_target" in response.json()
