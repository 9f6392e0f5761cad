"""The stocktaking list at scale: entries listed many at a time read exactly as the entry
itself, and the page count is estimated only for large sets, while paging stays exact."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionlines.models import SDGTarget
from stocktaking.filters import StocktakingEntryFilterSet
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
def test_a_page_and_its_links_are_two_queries(db):
    """The page's ids, then their items with every link (one prepared statement)."""
    for number in (1, 2, 3):
        entry = published()
        entry.sdgs.add(SDGFactory(number=number))
        entry.action_lines.add(ActionLineFactory(code=f"C{number}", slug=f"c{number}"))
    with CaptureQueriesContext(connection) as whole:
        body = client_for(None).get(LIST).json()
    assert sorted(sdg for item in body["results"] for sdg in item["sdgs"]) == [1, 2, 3]
    assert len(whole) == 2, [query["sql"] for query in whole.captured_queries]
    with CaptureQueriesContext(connection) as paged:  # another page follows: how many?
        body = client_for(None).get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert len(paged) == 4  # the ids, PostgreSQL's estimate, a count (it expects few rows), items


def test_small_sets_are_counted_exactly(db):
    for _ in range(3):
        published()
    StocktakingEntryFactory(state="draft")
    body = client_for(None).get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and body["count_is_estimate"] is False
    assert body["next"] and body["previous"] is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates are PostgreSQL's")
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


@pytest.mark.parametrize(
    "params",
    [{}, {"ordering": "title"}, {"ordering": "-updated_at"}, {"q": "clinic"}],
    ids=["newest first", "by title", "by update", "ranked"],
)
def test_walking_the_pages_gives_every_entry_once_in_order(db, params):
    """Pages after the first are chosen by id in a subquery (so PostgreSQL builds the link
    arrays of the page's rows only, not of every row skipped): they must still follow one
    after another in the list's order, each page two queries (its ids, then their items)
    once the count is kept."""
    titles = ["Clinic", "Mobile clinic", "Clinic clinic", "Clinic vans", "Clinics", "Bus clinic"]
    for number, title in enumerate(titles):
        entry = published(title=f"{title} {number}", description="A clinic.")
        entry.sdgs.add(SDGFactory(number=number + 1))
    client = client_for(None)
    whole = [item["id"] for item in client.get(LIST, {**params, "page_size": 50}).json()["results"]]
    assert len(whole) == len(titles)
    walked, page = [], 1
    client.get(LIST, {**params, "page_size": 2})  # counts, and keeps the count
    while True:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(LIST, {**params, "page_size": 2, "page": page}).json()
        walked += [item["id"] for item in body["results"]]
        assert all(item["sdgs"] for item in body["results"])
        if connection.vendor == "postgresql":
            assert len(queries) == 2, [query["sql"] for query in queries.captured_queries]
            # Rows before the page are skipped in the ids' subquery, not in the outer query.
            sql = queries.captured_queries[0]["sql"]
            assert ("OFFSET" in sql) == (page > 1) and not re.search(r"OFFSET \d+$", sql)
        if not body["next"]:
            break
        page += 1
    assert walked == whole and page == 3


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_malformed_page_numbers_are_400(db, page):
    published()
    assert client_for(None).get(LIST, {"page": page}).status_code == 400


def test_page_past_any_offset_is_404(db):
    published()
    assert client_for(None).get(LIST, {"page": "1" + "0" * 20}).status_code == 404


# Every filter of the list, each with a value that matches the entry below.
EVERY_FILTER = {
    "action_line": "C7",
    "sdg": "3",
    "sdg_target": "3.8",
    "country": "KE",
    "region": "2",
    "stakeholder_type": "academia",
    "status": "ongoing",
    "state": "published",
    "organization": "ITU",
    "year": str(timezone.now().year),
    "updated_since": "2000-01-01T00:00:00Z",
    "created_after": "2000-01-01",
    "created_before": "2100-01-01",
    "is_inactive": "false",
    "q": "clinics",
}


def test_every_filter_of_the_list_is_checked_for_distinct():
    """A filter added later is checked below too (django-filter makes a choice filter
    DISTINCT unless told otherwise)."""
    assert set(EVERY_FILTER) == set(StocktakingEntryFilterSet.base_filters)


@pytest.mark.parametrize("name", EVERY_FILTER)
def test_no_filter_makes_the_page_distinct(db, name):
    """A DISTINCT page compares whole rows, so PostgreSQL builds every matching entry's link
    arrays before it can keep 50 (11 s for ``state=published`` at 1,000,000 entries). Filters
    on the entry's own columns cannot repeat a row, and the others select by id."""
    kenya = Country.objects.get_or_create(code="KE", defaults={"alpha3": "KEN", "name": "Kenya"})[0]
    africa = Region.objects.get_or_create(code=2, defaults={"name": "Africa"})[0]
    entry = published(
        title="Rural clinics online",
        stakeholder_type="academia",
        project_status="ongoing",
        organization=OrganizationFactory(acronym="ITU"),
    )
    entry.action_lines.add(ActionLineFactory(code="C7", slug="c7"))
    entry.sdgs.add(SDGFactory(number=3))
    entry.sdg_targets.add(SDGTarget.objects.create(goal=SDGFactory(number=3), code="3.8"))
    entry.countries.add(kenya)
    entry.regions.add(africa)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(None).get(LIST, {name: EVERY_FILTER[name]})
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["results"]] == [entry.pk]
    statements = [query["sql"] for query in queries.captured_queries]
    assert [sql for sql in statements if sql.startswith("SELECT DISTINCT")] == []
