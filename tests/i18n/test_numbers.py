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
    "ar": "1\xa0234\xa0567",  # as the UN's Arabic texts: wsis_portal/formats/ar
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
        assert number_locale()["thousands"] == "\xa0"
        assert number_locale()["grouping"] == [3]


def test_the_arabic_separator_keeps_a_number_whole_in_right_to_left_text():
    """The no-break space is a separator inside a number for the bidirectional algorithm (class
    CS, as "," and "."), so 1 234 567 stays one number on an Arabic page; a plain space (WS)
    would split it and draw its groups in reverse order."""
    import unicodedata

    with translation.override("ar"):
        separator = formats.get_format("THOUSAND_SEPARATOR")
    assert unicodedata.bidirectional(separator) == "CS"
    assert unicodedata.bidirectional(" ") == "WS"


#: 1234 entries waiting, as the moderation queue and the header's badge say it.
QUEUE = {
    "en": ("1,234 entries, longest waiting first.", "1,234 waiting"),
    "fr": ("1\xa0234 fiches, les plus anciennes en attente d’abord.", "1\xa0234 en attente"),
    "ar": ("1\xa0234 مدخلًا، الأطول انتظارًا أولًا.", "1\xa0234 قيد الانتظار"),
}


@pytest.mark.parametrize("lang", QUEUE)
def test_the_moderation_queue_groups_its_total_and_the_badge_its_count(client, lang):
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from stocktaking.models import StocktakingEntry
    from tests.support.factories import StocktakingEntryFactory, UserFactory
    from wsis_portal.caching import bump_generation

    moderator = UserFactory()
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    owner = UserFactory()
    StocktakingEntry.objects.bulk_create(
        StocktakingEntryFactory.build_batch(
            1234, submitter=owner, state="submitted", submitted_at=timezone.now()
        )
    )
    bump_generation()  # bulk_create sends no save signal: the cached header count is stale
    client.force_login(moderator)
    prefix = "" if lang == "en" else f"/{lang}"
    html = client.get(f"{prefix}/stocktaking/moderation/").content.decode()
    total, badge = QUEUE[lang]
    assert f"<p>{total}</p>" in html
    assert f'<span class="count-badge">{badge}</span>' in html


def test_the_cstd_report_groups_its_figures_in_the_pages_language():
    from types import SimpleNamespace

    from mandates.reports import _counts, _entries_sentence

    report = SimpleNamespace(entries_total=1234567, entries_published_in_period=45678)
    with translation.override("ar"):
        assert "1\xa0234\xa0567" in _entries_sentence(report)
        assert "45\xa0678" in _entries_sentence(report)
    with translation.override("en"):
        assert _counts([("Africa", 12345)]) == "Africa: 12,345"
