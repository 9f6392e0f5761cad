"""The public search page, entry pages, exports, feeds and charts."""

import csv
import io
from urllib.parse import urlencode

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from stocktaking.models import StocktakingEntry
from stocktaking.synthetic import generate_entries
from stocktaking.tasks import count_search_facets
from tests.support.factories import UserFactory
from tests.support.reference import load_reference
from wsis_portal.caching import bump_generation
from wsis_portal.celery import app as celery_app

from .conftest import BROKER, make_entry, wait_for

pytestmark = pytest.mark.django_db
URL = "/stocktaking/"


@pytest.fixture
def corpus(stakeholder, catalog):
    """Three published entries, a draft and a rejected one."""
    owner = stakeholder
    tele = make_entry(
        owner,
        "published",
        catalog=catalog,
        title="Telemedicine for rural clinics",
        description="Video consultations linking rural clinics with district hospitals.",
        organization_name="Health Link",
    )
    school = make_entry(
        owner,
        "published",
        title="Broadband for schools",
        description="Fibre and satellite links for secondary schools.",
        organization_name="EduNet",
        stakeholder_type="government",
        project_status="completed",
    )
    school.action_lines.set([catalog["c3"]])
    school.countries.set([catalog["france"]])
    school.sdgs.set([catalog["sdg4"]])
    both = make_entry(
        owner,
        "published",
        title="Health education by radio",
        description="Radio lessons on hygiene for rural schools and clinics.",
        organization_name="Radio Aid",
    )
    both.action_lines.set([catalog["ehealth"], catalog["c3"]])
    both.countries.set([catalog["kenya"], catalog["france"]])
    make_entry(owner, "draft", title="Secret telemedicine draft")
    make_entry(owner, "rejected", title="Rejected telemedicine idea")
    return {"tele": tele, "school": school, "both": both}


def titles(response):
    return [entry.title for entry in response.context["entries"]]


def group(response, name):
    return next(f for f in response.context["facets"] if f["name"] == name)["items"]


def facet(response, name):
    return {item["value"]: item["count"] for item in group(response, name)}


def test_full_text_ranked_and_highlighted(client, corpus):
    response = client.get(URL, {"q": "telemedicine"})
    assert titles(response) == ["Telemedicine for rural clinics"]
    html = response.content.decode()
    assert "<mark>Telemedicine</mark> for rural clinics" in html
    response = client.get(URL, {"q": "rural clinics"})
    # the title match ranks above the description-only match
    assert titles(response) == ["Telemedicine for rural clinics", "Health education by radio"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking needs PostgreSQL full-text search"
)
def test_broad_searches_are_listed_newest_first_and_say_so(client, corpus, settings):
    settings.STOCKTAKING_RANK_LIMIT = 1  # "rural clinics" matches two entries
    response = client.get(URL, {"q": "rural clinics"})
    assert titles(response) == ["Health education by radio", "Telemedicine for rural clinics"]
    text = " ".join(response.content.decode().split())
    assert "<strong>2</strong> projects matching “rural clinics”, newest first" in text
    assert "more than 1 match, too many to rank" in text
    settings.STOCKTAKING_RANK_LIMIT = 2
    bump_generation()  # the anonymous page above is cached
    response = client.get(URL, {"q": "rural clinics"})
    assert titles(response) == ["Telemedicine for rural clinics", "Health education by radio"]
    text = " ".join(response.content.decode().split())
    assert "matching “rural clinics”, best match first." in text
    assert "too many to rank" not in text


def test_only_published_entries_whatever_the_parameters(client, corpus):
    response = client.get(URL, {"q": "telemedicine", "state": ["draft", "rejected"]})
    assert titles(response) == ["Telemedicine for rural clinics"]
    assert "Secret" not in response.content.decode()


def test_facets_count_the_filtered_set_and_combine(client, corpus, catalog):
    response = client.get(URL)
    assert facet(response, "action_line") == {"C3": 2, "C7-e-health": 2}
    assert facet(response, "country") == {"FR": 2, "KE": 2}
    assert facet(response, "region") == {"2": 2, "150": 2}
    assert facet(response, "stakeholder_type") == {"civil_society": 2, "government": 1}
    assert facet(response, "status") == {"ongoing": 2, "completed": 1}
    assert facet(response, "sdg") == {"3": 1, "4": 1}
    assert facet(response, "year") == {str(corpus["tele"].created_at.year): 3}
    response = client.get(URL, {"action_line": "C3", "country": "KE"})
    assert titles(response) == ["Health education by radio"]
    assert facet(response, "action_line") == {"C3": 1, "C7-e-health": 1}
    response = client.get(URL, {"region": "150", "status": "completed"})
    assert titles(response) == ["Broadband for schools"]
    response = client.get(URL, {"q": "schools", "stakeholder_type": "government"})
    assert titles(response) == ["Broadband for schools"]


def test_facet_links_toggle_and_keep_other_parameters(client, corpus):
    response = client.get(URL, {"q": "rural", "action_line": "C3"})
    group = next(f for f in response.context["facets"] if f["name"] == "action_line")
    c3 = next(i for i in group["items"] if i["value"] == "C3")
    assert c3["chosen"] and "action_line" not in c3["url"] and "q=rural" in c3["url"]
    other = next(i for i in group["items"] if i["value"] != "C3")
    assert "action_line=C3" in other["url"] and "action_line=C7-e-health" in other["url"]


@pytest.mark.parametrize(
    "params",
    [
        {"action_line": "C99"},
        {"sdg": "99"},
        {"sdg": "abc"},
        {"country": "XX"},
        {"region": "-1"},
        {"year": "nineteen"},
        {"created_after": "2024-13-45"},
        {"page": "9999"},
        {"page": "x"},
        {"page_size": "100000"},
        {"q": "a & | ! ( ) :* 'b"},
        {"status": "bogus", "stakeholder_type": "spy"},
        {"action_line": "<script>alert(1)</script>", "sdg": "' OR 1=1 --"},
        {"action_line": "C" * 5000, "country": "KEN" * 2000},
    ],
)
def test_malformed_parameters_never_500(client, corpus, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00<script>alert(1)</script>"},
        {"action_line": "C3\x00", "region": "2\x00", "country": "K\x00"},
    ],
)
def test_a_nul_byte_is_a_bad_request_page_not_a_500(client, corpus, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "The request could not be understood" in response.content.decode()


def test_errors_shown_beside_the_facet(client, corpus):
    response = client.get(URL, {"country": "XX"})
    assert "is not an ISO 3166 country code" in response.content.decode()
    assert len(titles(response)) == 3  # the bad filter is ignored, not fatal


def test_hostile_text_escaped_everywhere(client, stakeholder, catalog):
    entry = make_entry(
        stakeholder,
        "published",
        catalog=catalog,
        title='<img src=x onerror="alert(1)"> Hostile telemedicine',
        description="<script>alert('x')</script> telemedicine for all",
        organization_name="<b>Org</b>",
    )
    for response in (
        client.get(URL, {"q": "telemedicine"}),
        client.get(URL),
        client.get(entry.get_absolute_url()),
    ):
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Org</b>" not in html
    assert "&lt;b&gt;Org&lt;/b&gt;" in client.get(entry.get_absolute_url()).content.decode()


def test_entry_page_public_fields_never_contact(client, corpus):
    response = client.get(corpus["both"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "secret@example.org" not in html
    assert "Kenya" in html and "France" in html
    assert "/action-lines/c3/" in html and "?action_line=C3" in html
    tele = client.get(corpus["tele"].get_absolute_url()).content.decode()
    assert "?sdg=3" in tele and "Good health" in tele


@pytest.mark.parametrize("size", [10, 100])
def test_query_count_does_not_grow_with_page_size(
    client, stakeholder, catalog, django_assert_max_num_queries, size
):
    user = UserFactory(username="bulk-owner")
    entries = StocktakingEntry.objects.bulk_create(
        [
            StocktakingEntry(
                title=f"Rural telemedicine {n}",
                description="Clinics online.",
                organization_name="Org",
                stakeholder_type="academia",
                submitter=user,
                state="published",
            )
            for n in range(size)
        ]
    )
    for entry in entries:
        entry.action_lines.set([catalog["ehealth"]])
        entry.countries.set([catalog["kenya"]])
    # rank check (estimate and bounded count), facet-size estimate, page, three prefetches,
    # headlines, facets with the result count: the same for 10 rows as for 100
    with django_assert_max_num_queries(19):
        response = client.get(URL, {"q": "telemedicine", "page_size": 100})
    assert len(response.context["entries"]) == size


def test_csv_and_excel_downloads_of_the_current_search(client, corpus):
    response = client.get(reverse("stocktaking:export-csv"), {"action_line": "C3"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["id", "title"]
    assert {row[1] for row in rows[1:]} == {"Broadband for schools", "Health education by radio"}
    assert "secret@example.org" not in response.content.decode("utf-8-sig")
    response = client.get(reverse("stocktaking:export-xlsx"), {"q": "telemedicine"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[1][1] == "Telemedicine for rural clinics"


def test_large_export_goes_through_a_task_with_progress(client, corpus, monkeypatch):
    from stocktaking import exports

    monkeypatch.setattr(exports, "SYNC_LIMIT", 1)
    response = client.get(reverse("stocktaking:export-csv"), {"q": "rural"})
    assert response.status_code == 302
    status_url = response.url
    assert client.get(status_url, {"format": "json"}).json()["state"] == "done"  # eager task
    page = client.get(status_url)
    assert b"Download" in page.content
    download = client.get(status_url, {"download": "1"})
    assert b"Telemedicine for rural clinics" in b"".join(download.streaming_content)
    assert client.get(reverse("stocktaking:export-status", args=["nope"])).status_code == 404


def test_spreadsheet_formulas_defused(client, stakeholder, catalog):
    make_entry(stakeholder, "published", title='=HYPERLINK("http://evil")')
    response = client.get(reverse("stocktaking:export-csv"))
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_atom_feed_whole_and_per_action_line(client, corpus):
    response = client.get(reverse("stocktaking:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Telemedicine for rural clinics" in body and "Secret" not in body
    body = client.get(reverse("stocktaking:feed-action-line", args=["C3"])).content.decode()
    assert "Broadband for schools" in body and "Telemedicine for rural clinics" not in body
    body = client.get(reverse("stocktaking:feed-action-line", args=["C7"])).content.decode()
    assert "Telemedicine for rural clinics" in body  # C7 brings its sub-lines
    assert client.get(reverse("stocktaking:feed-action-line", args=["C99"])).status_code == 404


def test_the_feed_is_named_in_the_language_it_is_asked_in(client, corpus):
    import xml.etree.ElementTree as ET

    feed = ET.fromstring(client.get("/fr" + reverse("stocktaking:feed")).content)  # noqa: S314
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert feed.find(f"{atom}title").text == "Inventaire du SMSI : projets récemment publiés"
    assert feed.find(f"{atom}subtitle").text.startswith("Projets publiés dans la base")


def test_charts_of_the_result_set(client, corpus):
    response = client.get(URL, {"country": "FR"})
    charts = {chart["title"]: chart for chart in response.context["charts"]}
    lines = {bar["label"]: bar["n"] for bar in charts["Entries per action line"]["bars"]}
    assert lines == {"C3": 2, "C7-e-health": 1}
    assert "<svg" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the size check is PostgreSQL's")
def test_facets_of_a_broad_search_are_counted_at_once_with_eager_tasks(client, corpus, settings):
    settings.STOCKTAKING_FACET_LIMIT = 0  # every search is "broad"
    response = client.get(URL, {"action_line": "C7-e-health"})
    assert facet(response, "country") == {"KE": 2, "FR": 1}
    assert not response.context["counts_pending"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the size check is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_facets_of_a_broad_search_come_from_a_worker(
    client, stakeholder, catalog, settings, real_broker
):
    settings.STOCKTAKING_FACET_LIMIT = 0
    for title in ("Telemedicine in Kenya", "Mobile health in Kenya"):
        make_entry(stakeholder, "published", catalog=catalog, title=title)
    params = {"action_line": "C7-e-health", "q": "kenya", "region": "2", "country": "KE"}

    response = client.get(URL, params)
    assert response.context["counts_pending"]
    text = " ".join(response.content.decode().split())
    assert "counts per action line, region and year are being made" in text
    assert "About <strong>" in text
    assert sorted(titles(response)) == ["Mobile health in Kenya", "Telemedicine in Kenya"]
    # The chosen values are still listed, named and ticked, so the filters can be removed.
    chosen = [
        (i["value"], i["label"], i["count"], i["chosen"])
        for name in ("action_line", "region", "country")
        for i in group(response, name)
    ]
    assert chosen == [
        ("C7-e-health", "C7-e-health E-health", None, True),
        ("2", "Africa", None, True),
        ("KE", "Kenya", None, True),
    ]
    assert 'value="C7-e-health" checked' in text
    assert "private" in response["Cache-Control"]  # the page cache does not keep it
    client.get(URL, params)
    queued = redis.Redis.from_url(BROKER).lrange(real_broker, 0, -1)
    assert sum(b"count_search_facets" in task for task in queued) == 1  # not once per reader

    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10
    ):
        assert wait_for(lambda: "being made" not in client.get(URL, params).content.decode())
    response = client.get(URL, {**params, "page": "1"})  # a URL not in the page cache yet
    assert not response.context["counts_pending"]
    assert facet(response, "action_line") == {"C7-e-health": 2}
    assert facet(response, "country") == {"KE": 2}
    assert "<strong>2</strong> projects" in " ".join(response.content.decode().split())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the size check is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_after_a_change_a_broad_search_shows_the_counts_from_before_until_recounted(
    client, stakeholder, catalog, settings, real_broker
):
    settings.STOCKTAKING_FACET_LIMIT = 0
    make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine in Kenya")
    params = {"action_line": "C7-e-health"}
    assert client.get(URL, params).context["counts_pending"]
    count_search_facets(list(QueryDict(urlencode(params)).lists()))  # as the worker does
    response = client.get(URL, {**params, "page_size": "10"})
    assert facet(response, "country") == {"KE": 1}

    make_entry(stakeholder, "published", catalog=catalog, title="Mobile health in Kenya")
    response = client.get(URL, {**params, "page_size": "50"})
    assert not response.context["counts_pending"]
    assert facet(response, "country") == {"KE": 1}  # from before the change, and so:
    assert len(response.context["entries"]) == 2  # the page itself is current
    assert "private" in response["Cache-Control"]  # not kept by the page cache

    count_search_facets(list(QueryDict(urlencode(params)).lists()))
    response = client.get(URL, {**params, "page_size": "100"})
    assert facet(response, "country") == {"KE": 2}


def test_large_counts_are_written_with_thousands_separators(client):
    load_reference()
    generate_entries(1_300, batch_size=1_300)
    published = StocktakingEntry.objects.published().count()
    assert published >= 1_000
    response = client.get(URL)
    text = " ".join(response.content.decode().split())
    assert f"<strong>{published:,}</strong> projects." in text


def test_results_are_numbered_across_pages(client, stakeholder):
    """The list is numbered; page 2 goes on where page 1 stopped, not from 1 again."""
    for number in range(12):
        make_entry(stakeholder, "published", title=f"Project {number}")
    first = client.get(URL, {"page_size": "10"}).content.decode()
    second = client.get(URL, {"page_size": "10", "page": "2"}).content.decode()
    assert '<ol class="results" start="1" data-digits="2">' in first
    assert first.count('<li class="result">') == 10
    assert '<ol class="results" start="11" data-digits="2">' in second
    assert second.count('<li class="result">') == 2


def test_feeds_send_descriptions_as_text_never_as_markup(client, stakeholder, catalog):
    """Issue 16, hole 9: a feed reader shows the description; it never runs it."""
    import xml.etree.ElementTree as ET

    make_entry(
        stakeholder,
        "published",
        catalog=catalog,
        title="<b>Bold</b> title",
        description='First <img src=x onerror="alert(1)"> line\n\n<script>alert(2)</script>',
    )
    atom = "{http://www.w3.org/2005/Atom}"
    for url in (reverse("stocktaking:feed"), reverse("stocktaking:feed-action-line", args=["C7"])):
        feed = ET.fromstring(client.get(url).content)  # noqa: S314 - our own feed
        entry = feed.find(f"{atom}entry")
        summary = entry.find(f"{atom}summary")
        assert summary.get("type") == "html"
        # What the reader renders as HTML: the markup is escaped, the text kept.
        assert "<img" not in summary.text and "<script" not in summary.text
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in summary.text
        assert summary.text.startswith("<p>")
        title = entry.find(f"{atom}title")
        assert title.get("type") in (None, "text") and title.text == "<b>Bold</b> title"


def test_the_page_sorts_as_asked_and_refuses_an_unknown_order(client, corpus):
    """``?ordering=`` takes the API's values the page offers; anything else is an error next
    to the choice and a 400, not silently ignored (issue 18, item 9)."""
    titles = [e.title for e in client.get(URL, {"ordering": "title"}).context["entries"]]
    assert titles == sorted(titles) and len(titles) > 1
    backwards = client.get(URL, {"ordering": "-title"}).context["entries"]
    assert [e.title for e in backwards] == titles[::-1]
    refused = client.get(URL, {"ordering": "bogus"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "“bogus” is not an order this list knows" in page
    assert 'aria-describedby="ordering-error"' in page
    assert len(refused.context["entries"]) == len(titles)  # the list is still shown
