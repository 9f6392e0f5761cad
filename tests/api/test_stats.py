"""``stats/stocktaking/``: counts per group that honour the list's filters and visibility."""

import datetime

import pytest
from django.utils import timezone

from stocktaking.models import Country, Region
from tests.api.conftest import client_for
from tests.support.factories import ActionLineFactory, SDGFactory, StocktakingEntryFactory


@pytest.fixture
def entries(db):
    africa = Region.objects.create(code=2, name="Africa")
    east = Region.objects.create(code=14, name="Eastern Africa", parent=africa)
    europe = Region.objects.create(code=150, name="Europe")
    kenya = Country.objects.create(
        code="KE", alpha3="KEN", name="Kenya", region=africa, subregion=east
    )
    france = Country.objects.create(code="FR", alpha3="FRA", name="France", region=europe)
    c7 = ActionLineFactory(code="C7", slug="c7", sort_order=7)
    health = ActionLineFactory(code="C7-e-health", slug="c7-e-health", parent=c7, sort_order=8)
    c3 = ActionLineFactory(code="C3", slug="c3", sort_order=3)
    three = SDGFactory(number=3)

    def entry(state="published", year=2025, **links):
        e = StocktakingEntryFactory(
            state=state,
            created_at=timezone.make_aware(datetime.datetime(year, 6, 1)),
            stakeholder_type=links.pop("stakeholder_type", "civil_society"),
        )
        for name, items in links.items():
            getattr(e, name).set(items)
        return e

    entry(action_lines=[health, c3], countries=[kenya], sdgs=[three], year=2024)
    entry(action_lines=[health], countries=[france], stakeholder_type="government")
    entry(action_lines=[c3], regions=[east])
    entry(state="draft", action_lines=[health], countries=[kenya])  # never counted for anon


def stats(**params):
    response = client_for(None).get("/api/v1/stats/stocktaking/", params)
    assert response.status_code == 200, response.content
    body = response.json()
    return body["total"], {row["key"]: row["count"] for row in body["results"]}


def test_group_by_action_line(entries):
    assert stats(group_by="action_line") == (3, {"C3": 2, "C7-e-health": 2})


def test_group_by_honours_filters(entries):
    assert stats(group_by="action_line", action_line="C7") == (2, {"C3": 1, "C7-e-health": 2})
    assert stats(group_by="year", country="KEN") == (1, {"2024": 1})


def test_group_by_region_counts_countries_and_named_regions(entries):
    total, rows = stats(group_by="region")
    assert total == 3
    assert rows == {"2": 2, "14": 2, "150": 1}


@pytest.mark.parametrize(
    ("group_by", "expected"),
    [
        ("sdg", {"3": 1}),
        ("country", {"FR": 1, "KE": 1}),
        ("stakeholder_type", {"civil_society": 2, "government": 1}),
        ("year", {"2024": 1, "2025": 2}),
    ],
)
def test_other_groupings(entries, group_by, expected):
    assert stats(group_by=group_by)[1] == expected


def test_region_filter_matches_countries_subregions_and_named_regions(entries):
    response = client_for(None).get("/api/v1/stocktaking/", {"region": 2})
    assert response.json()["count"] == 2


def test_stats_as_csv(entries):
    response = client_for(None).get(
        "/api/v1/stats/stocktaking/", {"group_by": "sdg", "format": "csv"}
    )
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == "key,label,count"
