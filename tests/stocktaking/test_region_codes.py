"""``region_codes``: every UN M49 region an entry is in, kept current by the database whatever
way its countries and regions change, and what the API's ``region`` filter reads."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection

from stocktaking.models import StocktakingEntry
from tests.support.factories import CountryFactory, RegionFactory, StocktakingEntryFactory

AFRICA, SUB_SAHARAN, NORTHERN_AFRICA, ASIA, SOUTHERN_ASIA = 2, 202, 15, 142, 34


@pytest.fixture
def places(db):
    africa = RegionFactory(code=AFRICA, name="Africa")
    asia = RegionFactory(code=ASIA, name="Asia")
    regions = {
        AFRICA: africa,
        ASIA: asia,
        SUB_SAHARAN: RegionFactory(code=SUB_SAHARAN, name="Sub-Saharan Africa", parent=africa),
        NORTHERN_AFRICA: RegionFactory(code=NORTHERN_AFRICA, name="Northern Africa", parent=africa),
        SOUTHERN_ASIA: RegionFactory(code=SOUTHERN_ASIA, name="Southern Asia", parent=asia),
    }
    countries = {
        "KE": CountryFactory(
            code="KE", alpha3="KEN", name="Kenya", region=africa, subregion=regions[SUB_SAHARAN]
        ),
        "EG": CountryFactory(
            code="EG",
            alpha3="EGY",
            name="Egypt",
            region=africa,
            subregion=regions[NORTHERN_AFRICA],
        ),
        "IN": CountryFactory(
            code="IN", alpha3="IND", name="India", region=asia, subregion=regions[SOUTHERN_ASIA]
        ),
    }
    return regions, countries


def codes(entry):
    """The entry's stored region codes as a set (None: in no region)."""
    stored = StocktakingEntry.objects.get(pk=entry.pk).region_codes
    return None if stored is None else set(stored)


def test_region_codes_follow_countries_and_regions_as_they_change(places):
    regions, countries = places
    entry = StocktakingEntryFactory()
    assert codes(entry) is None

    entry.countries.add(countries["KE"])
    assert codes(entry) == {AFRICA, SUB_SAHARAN}

    entry.countries.add(countries["IN"], countries["EG"])
    assert codes(entry) == {AFRICA, NORTHERN_AFRICA, ASIA, SUB_SAHARAN, SOUTHERN_ASIA}

    entry.countries.remove(countries["KE"], countries["EG"])
    assert codes(entry) == {ASIA, SOUTHERN_ASIA}

    # A named sub-region brings its parent region.
    entry.regions.add(regions[NORTHERN_AFRICA])
    assert codes(entry) == {AFRICA, NORTHERN_AFRICA, ASIA, SOUTHERN_ASIA}

    entry.countries.clear()
    assert codes(entry) == {AFRICA, NORTHERN_AFRICA}

    entry.regions.set([regions[ASIA]])
    assert codes(entry) == {ASIA}

    entry.countries.set([countries["KE"]])
    entry.regions.clear()
    assert codes(entry) == {AFRICA, SUB_SAHARAN}

    entry.countries.set([])
    assert codes(entry) is None


def test_changing_one_entry_leaves_the_others_alone(places):
    _, countries = places
    kenyan, indian = StocktakingEntryFactory(), StocktakingEntryFactory()
    kenyan.countries.add(countries["KE"])
    indian.countries.add(countries["IN"])

    kenyan.countries.clear()

    assert codes(kenyan) is None
    assert codes(indian) == {ASIA, SOUTHERN_ASIA}


def test_region_filter_finds_entries_in_a_region_or_its_sub_regions(places, client):
    regions, countries = places
    published = StocktakingEntry.State.PUBLISHED
    in_kenya = StocktakingEntryFactory(state=published, title="Kenya")
    in_kenya.countries.add(countries["KE"])
    in_egypt = StocktakingEntryFactory(state=published, title="Egypt")
    in_egypt.countries.add(countries["EG"])
    naming_sub_saharan = StocktakingEntryFactory(state=published, title="Sub-Saharan")
    naming_sub_saharan.regions.add(regions[SUB_SAHARAN])
    naming_africa = StocktakingEntryFactory(state=published, title="Africa")
    naming_africa.regions.add(regions[AFRICA])
    in_india = StocktakingEntryFactory(state=published, title="India")
    in_india.countries.add(countries["IN"])
    StocktakingEntryFactory(state=published, title="Nowhere")

    def found(query):
        response = client.get(f"/api/v1/stocktaking/?{query}")
        assert response.status_code == 200, response.content
        return sorted(row["title"] for row in response.json()["results"])

    assert found(f"region={AFRICA}") == ["Africa", "Egypt", "Kenya", "Sub-Saharan"]
    # A sub-region: its countries and entries naming it, not entries naming only its parent.
    assert found(f"region={SUB_SAHARAN}") == ["Kenya", "Sub-Saharan"]
    assert found(f"region={SUB_SAHARAN},{ASIA}") == ["India", "Kenya", "Sub-Saharan"]
    assert found(f"region={SOUTHERN_ASIA}") == ["India"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the column is PostgreSQL's")
def test_region_codes_follow_changes_of_the_reference_data(places, client):
    """An admin moves a country to another sub-region, or a sub-region under another region:
    the entries linked to them are found under their new place, and no longer the old."""
    regions, countries = places
    in_kenya, naming_sub_saharan, elsewhere = (
        StocktakingEntryFactory(state="published") for _ in range(3)
    )
    in_kenya.countries.add(countries["KE"])
    naming_sub_saharan.regions.add(regions[SUB_SAHARAN])
    elsewhere.countries.add(countries["IN"])

    kenya = countries["KE"]
    kenya.subregion = regions[NORTHERN_AFRICA]
    kenya.name = "Kenya (moved)"
    kenya.save()
    assert codes(in_kenya) == {AFRICA, NORTHERN_AFRICA}
    assert codes(elsewhere) == {ASIA, SOUTHERN_ASIA}

    sub_saharan = regions[SUB_SAHARAN]
    sub_saharan.parent = regions[ASIA]  # not geography, a data-entry slip
    sub_saharan.save()
    assert codes(naming_sub_saharan) == {ASIA, SUB_SAHARAN}
    assert codes(in_kenya) == {AFRICA, NORTHERN_AFRICA}  # no longer in the moved sub-region

    listed = client.get("/api/v1/stocktaking/", {"region": ASIA}).json()["results"]
    assert sorted(item["id"] for item in listed) == sorted([naming_sub_saharan.pk, elsewhere.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the column is PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # migrating back and forth, outside a transaction
def test_migration_fills_existing_entries_in_batches_and_builds_a_valid_index(places, monkeypatch):
    regions, countries = places
    entries = [StocktakingEntryFactory() for _ in range(5)]
    entries[0].countries.add(countries["KE"])
    entries[3].countries.add(countries["IN"])
    entries[4].regions.add(regions[NORTHERN_AFRICA])
    migration = importlib.import_module("stocktaking.migrations.0007_entry_region_codes")
    monkeypatch.setattr(migration, "FILL_BATCH", 2)  # the five entries span several batches

    call_command("migrate", "stocktaking", "0006", verbosity=0)
    call_command("migrate", "stocktaking", verbosity=0)
    # (Back to 0006 and forwards again: 0009's triggers are dropped and made again too.)

    assert codes(entries[0]) == {AFRICA, SUB_SAHARAN}
    assert codes(entries[1]) is None
    assert codes(entries[3]) == {ASIA, SOUTHERN_ASIA}
    assert codes(entries[4]) == {AFRICA, NORTHERN_AFRICA}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = "
            "'stocktaking_entry_region_codes_gin'::regclass"
        )
        assert cursor.fetchone() == (True,)
    # The triggers are back too.
    entries[1].countries.add(countries["EG"])
    assert codes(entries[1]) == {AFRICA, NORTHERN_AFRICA}
    countries["EG"].subregion = regions[SUB_SAHARAN]
    countries["EG"].save()
    assert codes(entries[1]) == {AFRICA, SUB_SAHARAN}
