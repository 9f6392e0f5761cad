"""``generate_stocktaking``: synthetic entries spread like the real database, really indexed
(found through the API's search and filters), reproducible by seed, and removable."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Q

from actionlines.models import ActionLine
from stocktaking.models import StocktakingEntry
from stocktaking.synthetic import SUBMITTER_PREFIX, gin_indexes
from tests.support.factories import StocktakingEntryFactory, UserFactory
from tests.support.reference import load_reference

Entry = StocktakingEntry


@pytest.fixture
def reference(db):
    load_reference()


def generate(count, *args):
    out = StringIO()
    call_command("generate_stocktaking", count, *args, stdout=out)
    return out.getvalue()


def snapshot():
    return [
        (
            entry.title,
            entry.description,
            entry.organization_name,
            entry.stakeholder_type,
            entry.state,
            entry.created_at,
            entry.submitter.username,
            sorted(line.code for line in entry.action_lines.all()),
            sorted(country.code for country in entry.countries.all()),
        )
        for entry in Entry.objects.select_related("submitter")
        .prefetch_related("action_lines", "countries")
        .order_by("pk")
    ]


def api_count(client, query):
    response = client.get(f"/api/v1/stocktaking/?{query}")
    assert response.status_code == 200, response.content
    return response.json()["count"]


def test_entries_are_spread_like_the_real_database(reference):
    output = generate(300, "--seed", "7")

    entries = Entry.objects.all()
    assert entries.count() == 300
    assert "300 / 300 entries" in output
    assert set(entries.values_list("submitter__username", flat=True)) <= {
        f"{SUBMITTER_PREFIX}stakeholder-{n:02d}" for n in range(1, 13)
    }
    published = entries.filter(state=Entry.State.PUBLISHED).count()
    assert 0.75 * 300 < published < 300  # mostly published, some in other states
    assert entries.values("state").distinct().count() >= 3
    assert entries.values("stakeholder_type").distinct().count() >= 5
    assert entries.values("project_status").distinct().count() == 3
    assert entries.values("scope").distinct().count() == 3
    years = {created.year for created in entries.values_list("created_at", flat=True)}
    assert min(years) <= 2008 and max(years) >= 2024 and len(years) >= 12
    recent = entries.filter(created_at__year__gte=2015).count()
    assert recent > 300 / 2  # weighted towards recent years
    lines = set(entries.values_list("action_lines__code", flat=True))
    assert len(lines) >= 10
    assert any(code.startswith("C7-") for code in lines if code)
    assert entries.values("sdgs").distinct().count() >= 8
    assert entries.filter(sdg_targets__isnull=False).exists()
    assert entries.values("countries__region").distinct().count() >= 4
    assert entries.filter(scope="regional", regions__isnull=False).exists()
    assert entries.filter(scope="global", countries__isnull=True).exists()


def test_published_entries_are_found_through_the_api_search_and_filters(reference, client):
    generate(300, "--seed", "11")
    published = Entry.objects.published()

    # Full text: every published entry whose text has the word is found (search_vector filled).
    word = "telemedicine"
    expected = published.filter(description__icontains=word).count()
    assert expected > 0
    assert api_count(client, f"q={word}") == expected

    # Action line C7 brings its sub-lines (many-to-many rows written).
    c7_lines = ActionLine.objects.with_descendants(["C7"])
    expected = published.filter(action_lines__in=c7_lines).distinct().count()
    assert expected > 0
    assert api_count(client, "action_line=C7") == expected

    # A region matches entries with a country there, or naming it or one of its sub-regions.
    in_africa = Q(countries__region_id=2) | Q(regions__code=2) | Q(regions__parent_id=2)
    expected = published.filter(in_africa).distinct().count()
    assert expected > 0
    assert api_count(client, "region=2") == expected
    in_sub_saharan_africa = Q(countries__subregion_id=202) | Q(regions__code=202)
    expected = published.filter(in_sub_saharan_africa).distinct().count()
    assert expected > 0
    assert api_count(client, "region=202") == expected
    assert api_count(client, "action_line=C7&region=2") == (
        published.filter(in_africa).filter(action_lines__in=c7_lines).distinct().count()
    )


def test_the_same_seed_gives_the_same_entries(reference):
    generate(40, "--seed", "3")
    first = snapshot()

    generate(0, "--delete")
    generate(40, "--seed", "3")
    assert snapshot() == first

    generate(0, "--delete")
    generate(40, "--seed", "4")
    assert snapshot() != first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel loading is COPY's")
@pytest.mark.django_db(transaction=True)  # worker connections see committed rows only
def test_parallel_loading_gives_the_same_entries_as_one_connection():
    load_reference()
    generate(90, "--seed", "8", "--batch", "20", "--jobs", "1")
    one_connection = snapshot()
    generate(0, "--delete")
    output = generate(90, "--seed", "8", "--batch", "20", "--jobs", "3")
    assert snapshot() == one_connection
    assert "90 / 90 entries" in output
    # Every batch committed, links and search vectors included.
    assert Entry.objects.count() == 90
    assert not Entry.objects.filter(search_vector__isnull=True).exists()
    assert Entry.objects.exclude(action_lines=None).count() == 90


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # REINDEX CONCURRENTLY runs outside a transaction
def test_a_load_outside_a_transaction_rebuilds_the_gin_indexes(client):
    """The load leaves its rows in the GIN indexes' pending lists; the command then builds
    each index again from the table (a merged list would leave its pages empty in the
    file): new files, all valid, no half-built copy left, and the search finds entries."""
    load_reference()

    def files():
        with connection.cursor() as cursor:
            names = gin_indexes(cursor)
            cursor.execute(
                "SELECT index.relname, pg_relation_filenode(index.oid), pg_index.indisvalid"
                " FROM pg_index JOIN pg_class index ON index.oid = pg_index.indexrelid"
                " WHERE pg_index.indrelid = %s::regclass",
                [Entry._meta.db_table],
            )
            rows = cursor.fetchall()
        return names, {name: node for name, node, _ in rows}, [row for row in rows if not row[2]]

    names, before, _ = files()
    assert {"stocktaking_entry_search_gin", "entry_org_name_trgm"} <= set(names)
    generate(60, "--seed", "3", "--batch", "20", "--jobs", "1")
    after_names, after, invalid = files()
    assert after_names == names and invalid == []
    assert all(after[name] != before[name] for name in names)
    assert set(after) == set(before)  # no *_ccnew copy left behind
    title = Entry.objects.filter(state="published").first().title
    response = client.get("/api/v1/stocktaking/", {"q": title})
    assert response.json()["count"] >= 1


def test_delete_removes_synthetic_entries_and_submitters_only(reference):
    real = StocktakingEntryFactory(submitter=UserFactory(username="real-stakeholder"))
    generate(120, "--seed", "5")
    assert Entry.objects.count() == 121

    output = generate(0, "--delete")

    assert list(Entry.objects.all()) == [real]
    assert not Entry.objects.filter(submitter__username__startswith=SUBMITTER_PREFIX).exists()
    assert "Removed 120 synthetic entries" in output
    assert ActionLine.objects.count() == 19  # reference content untouched


@pytest.mark.parametrize("arguments", [("-1",), ("10", "--batch", "0"), ("10", "--jobs", "0")])
def test_refuses_bad_numbers(reference, arguments):
    with pytest.raises(CommandError, match="at least 1"):
        generate(*arguments)
    assert not Entry.objects.exists()


def test_refuses_clearly_without_reference_content(db):
    with pytest.raises(CommandError, match="load_reference"):
        generate(10)
    assert not Entry.objects.exists()
