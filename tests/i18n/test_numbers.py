"""Figures in each language's own way (issue 14, item 3): counts grouped by thousands with the
language's separator, as Django's localisation writes them (``intcomma``, ``localize`` and the
charts' number format all read the same format modules)."""

import datetime
import re

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats, translation

pytestmark = pytest.mark.django_db

#: 1234567 as each language's page prints it.
GROUPED = {
    "en": "1,234,567",
    "fr": "1\xa0234\xa0567",
    "es": "1\xa0234\xa0567",
    "ru": "1\xa0234\xa0567",
    "ar": "1.234.567",
    "zh-hans": "1,234,567",
}


@pytest.mark.parametrize("lang", GROUPED)
def test_every_language_groups_thousands(lang):
    with translation.override(lang):
        assert intcomma(1234567) == GROUPED[lang]
        assert formats.number_format(1234567, force_grouping=True) == GROUPED[lang]


@pytest.mark.parametrize("lang", GROUPED)
def test_the_home_figures_are_grouped_in_the_pages_language(client, monkeypatch, lang):
    from actionlines import activity

    today = datetime.date(2026, 12, 7)
    figures = {
        "entries": 1234567,
        "countries": 193,
        "entries_this_year": 45678,
        "year": 2026,
        "due_soon": 3,
        "overdue": 0,
        "today": today,
        "due_soon_until": today + datetime.timedelta(days=90),
    }
    monkeypatch.setattr(activity, "figures", lambda today=None: figures)
    prefix = "" if lang == "en" else f"/{lang}"
    html = client.get(f"{prefix}/").content.decode()
    shown = re.findall(r'<span class="figure">([^<]*)</span>', html)
    with translation.override(lang):
        thousands = formats.get_format("THOUSAND_SEPARATOR")
    assert shown == [GROUPED[lang], "193", f"45{thousands}678", "3", "0"]
    assert "?year=2026" in html  # a year is a name, not a figure: never grouped


def test_the_arabic_chart_format_groups_like_the_page():
    from wsis_portal.vega import number_locale

    with translation.override("ar"):
        assert number_locale()["thousands"] == "."
        assert number_locale()["grouping"] == [3]
