"""The home page (issue 15, item 1): what the database holds, what is due and coming, the
latest activity (also an Atom feed, whole and per action line), cached until content changes."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from actionlines.models import Facilitation, Measurement, PageRevision
from tests.stocktaking.conftest import catalog, make_entry  # noqa: F401 - reference rows
from tests.support.factories import (
    CoordinationMeetingFactory,
    IndicatorFactory,
    MandateFactory,
    MandateUpdateFactory,
    OrganizationFactory,
    UserFactory,
)

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


def figure(page: str, words: str) -> str:
    """The number the home page shows before ``words`` in its figures."""
    found = re.search(r'<span class="figure">([\d,]+)</span>\s*' + re.escape(words), page)
    assert found, words
    return found.group(1)


@pytest.fixture
def portal(catalog):  # noqa: F811
    """Published entries in two countries, a draft in a third, mandates due, overdue and done,
    a meeting to come, a page edit, a measurement and a progress update."""
    today = timezone.localdate()
    owner = UserFactory(username="owner")
    for title in ("Telemedicine hubs", "Rural clinics online"):
        make_entry(owner, "published", catalog=catalog, title=title)
    french = make_entry(owner, "published", title="Digital libraries")
    french.countries.set([catalog["france"]])
    make_entry(owner, "draft", title="Secret draft project")
    MandateFactory(title="Report on e-health", deadline=today + datetime.timedelta(days=30))
    MandateFactory(title="Later report", deadline=today + datetime.timedelta(days=200))
    MandateFactory(title="Late road map", deadline=today - datetime.timedelta(days=3))
    MandateFactory(
        title="Done long ago", deadline=today - datetime.timedelta(days=9), status="completed"
    )
    CoordinationMeetingFactory(title="C7 facilitators' call", date=today + datetime.timedelta(7))
    CoordinationMeetingFactory(title="Last year's meeting", date=today - datetime.timedelta(400))
    who = OrganizationFactory(acronym="WHO")
    Facilitation.objects.create(action_line=catalog["ehealth"], organization=who, role="lead")
    PageRevision.objects.create(
        action_line=catalog["c3"], version=1, content="x", summary="Added the <b>road map</b>"
    )
    indicator = IndicatorFactory(
        target__action_line=catalog["ehealth"], name="Clinics connected", unit="%"
    )
    Measurement.objects.create(indicator=indicator, measured_on=today, value="42.5")
    MandateUpdateFactory(
        mandate__title="Report on telemedicine", organization=who, mandate__deadline=None
    ).mandate.action_lines.set([catalog["ehealth"]])
    return catalog


def test_home_page_answers_what_the_portal_holds_and_what_is_due(client, portal):
    page = client.get(reverse("actionlines:home")).text
    assert figure(page, "published projects") == "3"
    assert figure(page, "countries") == "2"  # Kenya and France; the draft's are not counted
    assert figure(page, f"projects entered in {timezone.localdate().year}") == "3"
    assert figure(page, "mandate due in the next 90 days") == "1"
    assert figure(page, "mandate overdue") == "1"  # the completed one is not
    # Each figure opens the list it counts.
    assert "?overdue=true" in page
    assert f"?year={timezone.localdate().year}" in page

    upcoming = page.split('id="upcoming-heading"', 1)[1].split("</section>", 1)[0]
    assert "Report on e-health" in upcoming and "Later report" in upcoming
    assert upcoming.index("Report on e-health") < upcoming.index("Later report")
    assert "Late road map" not in upcoming and "Done long ago" not in upcoming
    assert "C7 facilitators&#x27; call" in upcoming
    assert "Last year" not in upcoming

    recent = page.split('id="recent-heading"', 1)[1].split("</section>", 1)[0]
    for seen in ("Digital libraries", "Page edited", "Clinics connected", "42.5 %"):
        assert seen in recent
    assert "Report on telemedicine" in recent and "WHO: On track" in recent
    assert "Secret draft project" not in page
    # Markup typed in a summary is shown as text.
    assert "Added the &lt;b&gt;road map&lt;/b&gt;" in recent
    # The home page offers one search box, and the activity feed to feed readers.
    assert page.count('role="search"') == 1
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Latest activity (Atom)" '
        f'href="{reverse("actionlines:activity-feed")}">' in page
    )


def test_facilitator_lists_end_without_a_separator(client, portal):
    page = client.get(reverse("actionlines:home")).text
    lists = re.findall(r'<p class="facilitators">(.*?)</p>', page, flags=re.S)
    assert lists
    for shown in lists:
        assert not re.search(r"·\s*$", re.sub(r"<[^>]+>", "", shown))


def test_home_page_queries_do_not_grow_with_content(
    client,
    portal,
    django_assert_max_num_queries,  # noqa: F811
):
    owner = UserFactory(username="prolific")
    for n in range(12):
        make_entry(owner, "published", catalog=portal, title=f"Project {n}")
        MandateFactory(deadline=timezone.localdate() + datetime.timedelta(days=n))
        CoordinationMeetingFactory(date=timezone.localdate() + datetime.timedelta(days=n))
    # 14, and the world map's facet counts (11 the first time, with the SDG targets', then
    # cached) and codes (1), and whether the demonstration set is loaded (1, then cached).
    with django_assert_max_num_queries(27):
        assert client.get(reverse("actionlines:home")).status_code == 200


def test_home_page_is_cached_until_content_changes(client, portal, stakeholder):
    url = reverse("actionlines:home")
    assert figure(client.get(url).text, "published projects") == "3"
    make_entry(stakeholder, "published", title="A fourth project")
    page = client.get(url).text
    assert figure(page, "published projects") == "4"
    assert "A fourth project" in page


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own feed


def test_activity_feed_whole_and_per_action_line(client, portal):
    whole = feed(client, reverse("actionlines:activity-feed"))
    titles = [e.findtext(f"{ATOM}title") for e in whole.iter(f"{ATOM}entry")]
    assert "Project published: Digital libraries" in titles
    assert "Road-map measurement: Clinics connected" in titles
    assert "Mandate progress: Report on telemedicine" in titles
    assert any(t.startswith("Page edited: C3") for t in titles)
    assert not any("Secret draft" in t for t in titles)
    ids = [e.findtext(f"{ATOM}id") for e in whole.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))

    # C7 brings its E-health sub-line; C3's page edit and the French library are not C7's.
    slug = portal["c7"].slug
    c7 = feed(client, reverse("actionlines:activity-feed-line", args=[slug]))
    titles = [e.findtext(f"{ATOM}title") for e in c7.iter(f"{ATOM}entry")]
    assert "Project published: Telemedicine hubs" in titles
    assert "Road-map measurement: Clinics connected" in titles
    assert "Mandate progress: Report on telemedicine" in titles
    assert not any(t.startswith("Page edited") or "Digital libraries" in t for t in titles)
    assert client.get(reverse("actionlines:activity-feed-line", args=["nope"])).status_code == 404


def test_activity_feed_sends_text_never_markup(client, portal, stakeholder):
    make_entry(
        stakeholder,
        "published",
        title="<script>alert(1)</script> Hubs",
        organization_name='<img src=x onerror="alert(2)">',
    )
    body = client.get(reverse("actionlines:activity-feed")).content.decode()
    assert "<script>" not in body and "<img" not in body
    root = ET.fromstring(body)  # noqa: S314 - our own feed
    entry = next(e for e in root.iter(f"{ATOM}entry") if "Hubs" in e.findtext(f"{ATOM}title"))
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    # The summary is HTML to a reader: the organisation's markup arrives escaped inside it.
    assert "&lt;img" in entry.findtext(f"{ATOM}summary")
