"""The stocktaking list at scale: entries listed many at a time read exactly as the entry
itself, and the page count is estimated only for large sets, while paging stays exact."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stocktaking.models import Country, Region
from tests.api.conftest import client_for
from tests.support.factories import (
    ActionLineFactory,
    OrganizationFactory,
    SDGFactory,
    StocktakingEntryFactory,
)
from wsis_portal.api.pagination import LargeTablePagination

LIST = "/api/v1/stocktaking/"


def published(**kwargs):
    return StocktakingEntryFactory(state="published", **kwargs)


def test_a_listed_entry_reads_exactly_as_its_detail(db, stakeholder):
    africa = Region.objects.get_or_create(code=2, defaults={"name": "Africa"})[0]
    asia = Region.objects.get_or_create(code=142, defaults={"name": "Asia"})[0]
    kenya = Country.objects.get_or_create(code="KE", defaults={"alpha3": "KEN", "name": "Kenya"})[0]
    benin = Country.objects.get_or_create(code="BJ", defaults={"alpha3": "BEN", "name": "Benin"})[0]
    moment = timezone.make_aware(datetime.datetime(2025, 3, 4, 5, 6, 7, 890123))
    entry = published(
        submitter=stakeholder,
        organization=OrganizationFactory(acronym="ITU"),
        start_date=datetime.date(2024, 1, 2),
        end_date=datetime.date(2026, 12, 31),
        website="https://example.org/project",
        submitted_at=moment,
        published_at=moment,
    )
    entry.countries.add(kenya, benin)
    entry.regions.add(asia, africa)
    entry.action_lines.add(ActionLineFactory(code="C5", slug="c5"), ActionLineFactory(code="C1"))
    entry.sdgs.add(SDGFactory(number=9), SDGFactory(number=3))
    bare = published(title="No links, no dates")

    for client in (client_for(None), client_for(stakeholder)):
        listed = {item["id"]: item for item in client.get(LIST).json()["results"]}
        harvested = {item["id"]: item for item in client.get(f"{LIST}harvest/").json()["results"]}
        for one in (entry, bare):
            detail = client.get(f"{LIST}{one.pk}/").json()
            assert list(listed[one.pk].items()) == list(detail.items())
            assert harvested[one.pk] == detail
    assert listed[entry.pk]["countries"] == ["BJ", "KE"]
    assert listed[entry.pk]["organization"] == "ITU"
    assert listed[bare.pk]["start_date"] is None and listed[bare.pk]["countries"] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the links' arrays are PostgreSQL's")
def test_a_page_and_its_links_are_one_query(db):
    for number in (1, 2, 3):
        entry = published()
        entry.sdgs.add(SDGFactory(number=number))
        entry.action_lines.add(ActionLineFactory(code=f"C{number}", slug=f"c{number}"))
    with CaptureQueriesContext(connection) as whole:
        body = client_for(None).get(LIST).json()
    assert sorted(sdg for item in body["results"] for sdg in item["sdgs"]) == [1, 2, 3]
    assert len(whole) == 1, [query["sql"] for query in whole.captured_queries]
    with CaptureQueriesContext(connection) as paged:  # another page follows: how many?
        body = client_for(None).get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert len(paged) == 3  # the page, PostgreSQL's estimate, a count (it expects few rows)


def test_small_sets_are_counted_exactly(db):
    for _ in range(3):
        published()
    StocktakingEntryFactory(state="draft")
    body = client_for(None).get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and body["count_is_estimate"] is False
    assert body["next"] and body["previous"] is None


def test_large_sets_get_an_estimate_but_paging_stays_exact(db, monkeypatch):
    monkeypatch.setattr(LargeTablePagination, "exact_count_limit", 1)
    entries = [published() for _ in range(5)]
    StocktakingEntryFactory(state="draft")
    client = client_for(None)

    first = client.get(LIST, {"page_size": 2}).json()
    assert first["count_is_estimate"] is True
    assert first["count"] >= 3  # at least the rows seen so far and one more
    assert "page=2" in first["next"]

    last = client.get(LIST, {"page_size": 2, "page": 3}).json()
    assert [item["id"] for item in last["results"]] == [entries[0].pk]
    assert last["count"] == 5 and last["count_is_estimate"] is False
    assert last["next"] is None and "page=2" in last["previous"]

    assert client.get(LIST, {"page_size": 2, "page": 4}).status_code == 404
    assert client.get(LIST, {"page_size": 2, "page": "last"}).json()["results"] == last["results"]


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_invalid_page_numbers_are_404(db, page):
    published()
    assert client_for(None).get(LIST, {"page": page}).status_code == 404
