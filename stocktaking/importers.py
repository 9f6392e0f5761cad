"""Import ISO 3166 countries with their UN M49 regions, offline.

The country list is django-countries'; M49 codes, regions, sub-regions and the names in the
six UN languages come from the data file that django-countries-hdx ships. Intermediate
regions (e.g. Eastern Africa under Sub-Saharan Africa) are not kept: the portal filters by
region and sub-region.
"""

from django.db import transaction
from django_countries import countries
from django_countries_hdx import get_country_data

from wsis_portal.translated import working_translations

from .models import Country, Region

NAME_COLUMNS = {
    "en": ("M49 English", "English Short"),
    "fr": ("M49 French", "French Short"),
    "es": ("M49 Spanish", "Spanish Short"),
    "ru": ("M49 Russian", "Russian Short"),
    "zh-Hans": ("M49 Chinese", "Chinese Short"),
    "ar": ("M49 Arabic", "Arabic Short"),
}


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_countries() -> list[dict]:
    """One dict per ISO 3166 country: codes, names by language, region and sub-region."""
    rows = []
    for code, name in countries:
        data = get_country_data(code) or {}
        names = {}
        for language, columns in NAME_COLUMNS.items():
            value = next((data[c] for c in columns if data.get(c)), "")
            if value:
                names[language] = value
        rows.append(
            {
                "code": code,
                "alpha3": countries.alpha3(code),
                "numeric": countries.numeric(code),
                "name": str(name),
                "names": names,
                "region": (_as_int(data.get("Region Code")), data.get("Region Name") or ""),
                "subregion": (
                    _as_int(data.get("Sub-region Code")),
                    data.get("Sub-region Name") or "",
                ),
            }
        )
    return rows


def _region(code, name, parent=None) -> tuple[Region | None, bool]:
    """The region (M49 ``code``) as the data names it in English, with the portal's working
    translations of its name: the shipped data has no other language for regions."""
    if code is None:
        return None, False
    names, working = working_translations("regions", code)
    values = {"name": name, "names": names, "working_translations": working, "parent": parent}
    region, created = Region.objects.get_or_create(code=code, defaults=values)
    if not created and any(getattr(region, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(region, k, v)
        region.save()
        return region, True
    return region, created


@transaction.atomic
def import_countries() -> int:
    """Create or update regions, sub-regions and countries; returns the rows changed."""
    changed = 0
    for row in parse_countries():
        region, region_changed = _region(*row["region"])
        subregion, subregion_changed = _region(*row["subregion"], parent=region)
        values = {
            "alpha3": row["alpha3"],
            "numeric": row["numeric"],
            "name": row["name"],
            "names": row["names"],
            "region": region,
            "subregion": subregion,
        }
        country = Country.objects.filter(code=row["code"]).first()
        if country is None:
            Country.objects.create(code=row["code"], **values)
            changed += 1
        elif any(getattr(country, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(country, k, v)
            country.save()
            changed += 1
        changed += region_changed + subregion_changed
    return changed
