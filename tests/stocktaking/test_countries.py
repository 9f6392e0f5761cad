"""The country import: ISO 3166 codes with UN M49 regions, offline."""

import pytest

from stocktaking.importers import import_countries
from stocktaking.models import Country, Region

pytestmark = pytest.mark.django_db


def test_countries_carry_their_m49_region_and_subregion():
    import_countries()
    kenya = Country.objects.get(code="KE")
    assert (kenya.alpha3, kenya.numeric) == ("KEN", 404)
    assert (kenya.region.code, kenya.region.name) == (2, "Africa")
    assert kenya.subregion.code == 202 and kenya.subregion.parent == kenya.region
    assert kenya.names["fr"] == "Kenya" and kenya.names["zh-Hans"] == "肯尼亚"
    assert Country.objects.get(code="FJ").region.name == "Oceania"


def test_all_iso_countries_and_the_five_m49_regions():
    import_countries()
    assert Country.objects.count() >= 249
    top = set(Region.objects.filter(parent=None).values_list("name", flat=True))
    assert top == {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def test_second_run_changes_nothing():
    assert import_countries() > 249
    assert import_countries() == 0
