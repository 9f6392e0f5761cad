"""The search page's SDG-target facet (issue 15, item 5): the targets the results name, with
their counts, counted after the other filters; a ticked target is a chip; the facet filters
through the FilterSet the API list uses (``?sdg_target=``), so page and API agree; long
titles are shortened on the page with the whole title kept in the link's title; the counts
are cached with the other facets and their query count does not grow with the targets."""

import re
from html import unescape

import pytest
from django.core.cache import cache

from actionlines.models import SDGTarget

from .conftest import make_entry

pytestmark = pytest.mark.django_db
URL = "/stocktaking/"
LONG_TITLE = (
    "Significantly increase access to information and communications technology and strive "
    "to provide universal and affordable access to the Internet in least developed countries "
    "by 2020"
)


@pytest.fixture
def targets(catalog):
    sdg9 = catalog["sdg4"].__class__.objects.create(number=9, title="Industry, innovation")
    return {
        "3.8": SDGTarget.objects.get(code="3.8"),
        "9.c": SDGTarget.objects.create(
            goal=sdg9,
            code="9.c",
            sort_order=13,
            title=LONG_TITLE,
            titles={"fr": "Accroître nettement l’accès aux technologies de l’information"},
        ),
        "9.1": SDGTarget.objects.create(
            goal=sdg9, code="9.1", sort_order=1, title="Develop quality infrastructure"
        ),
    }


@pytest.fixture
def entries(stakeholder, catalog, targets):
    """Kenya: three entries naming 9.c (one also 3.8); France: one naming 9.c and 9.1."""
    made = []
    for i, (country, codes) in enumerate(
        [
            ("kenya", ["9.c", "3.8"]),
            ("kenya", ["9.c"]),
            ("kenya", ["9.c"]),
            ("france", ["9.c", "9.1"]),
        ]
    ):
        entry = make_entry(stakeholder, "published", title=f"Connectivity project {i}")
        entry.countries.set([catalog[country]])
        entry.sdg_targets.set([targets[code] for code in codes])
        made.append(entry)
    make_entry(stakeholder, "draft", title="Draft naming 9.1").sdg_targets.set([targets["9.1"]])
    return made


def facet(response, name="sdg_target"):
    return next(f for f in response.context["facets"] if f["name"] == name)


def counts(response):
    return {item["value"]: item["count"] for item in facet(response)["items"]}


def test_the_targets_of_the_results_with_their_counts(client, entries):
    response = client.get(URL)
    assert counts(response) == {"3.8": 1, "9.1": 1, "9.c": 4}  # not the draft's 9.1
    assert facet(response)["label"] == "SDG target"
    # Counted after the other filters: Kenya's entries only, then Kenya's naming 3.8.
    assert counts(client.get(URL, {"country": "KE"})) == {"3.8": 1, "9.c": 3}
    assert counts(client.get(URL, {"country": "KE", "sdg_target": "3.8"})) == {"3.8": 1, "9.c": 1}


def test_ticking_a_target_filters_like_the_api_and_makes_a_chip(client, entries):
    response = client.get(URL, {"sdg_target": "9.1"})
    assert response.context["result_count"] == 1
    html = response.content.decode()
    assert 'aria-label="Remove filter: 9.1 Develop quality infrastructure"' in html
    chosen = [item for item in facet(response)["items"] if item["chosen"]]
    assert [item["value"] for item in chosen] == ["9.1"]
    assert unescape(chosen[0]["url"]) == "?"  # unticking it drops the filter
    # Several targets: entries naming any of them, as in the API (one FilterSet).
    page = client.get(URL, {"sdg_target": ["9.1", "3.8"]})
    api = client.get("/api/v1/stocktaking/", {"sdg_target": "9.1,3.8"}).json()
    assert page.context["result_count"] == api["count"] == 2
    assert {e.pk for e in page.context["entries"]} == {r["id"] for r in api["results"]}
    # The code in any case, as the API takes it; the chip is the same.
    html = client.get(URL, {"sdg_target": "9.C"}).content.decode()
    assert "Remove filter: 9.c Significantly increase" in html


def test_without_javascript_each_target_is_a_link_and_a_checkbox(client, entries):
    html = client.get(URL).content.decode()
    assert '<input type="checkbox" name="sdg_target" value="9.c">' in html
    assert 'href="?sdg_target=9.c"' in html
    # A long title is shortened; the link's title keeps it whole (the filter box searches it).
    link = re.search(r'<a href="\?sdg_target=9.c" rel="nofollow" title="([^"]*)">([^<]*)</a>', html)
    assert unescape(link.group(1)) == f"9.c {LONG_TITLE}"
    assert link.group(2).startswith("9.c Significantly") and link.group(2).endswith("…")
    assert len(link.group(2)) <= 72
    # A short title is shown whole, with no title attribute.
    assert '<a href="?sdg_target=9.1" rel="nofollow">9.1 Develop quality infrastructure</a>' in html


def test_an_unknown_or_malformed_target_is_refused_next_to_the_facet(client, entries):
    response = client.get(URL, {"sdg_target": "99.z"})
    assert response.status_code == 200
    assert facet(response)["errors"]
    html = client.get(URL, {"sdg_target": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html


def test_in_french_the_targets_read_in_french(client, entries):
    response = client.get("/fr" + URL)
    labels = {item["value"]: item["label"] for item in facet(response)["items"]}
    assert labels["9.c"] == "9.c Accroître nettement l’accès aux technologies de l’information"
    assert facet(response)["label"] == "Cible des ODD"


def test_a_long_target_facet_shows_the_most_frequent_first(client, stakeholder, catalog):
    sdg = catalog["sdg4"]
    many = [
        SDGTarget.objects.create(goal=sdg, code=f"4.{n}", sort_order=n, title=f"Target {n}")
        for n in range(1, 13)
    ]
    for n, target in enumerate(many):
        for _ in range(2 if n == 11 else 1):
            make_entry(stakeholder, "published", title=f"School {n}").sdg_targets.add(target)
    response = client.get(URL)
    assert facet(response)["top"][0]["value"] == "4.12"  # on two entries
    assert len(facet(response)["top"]) == 10 and len(facet(response)["more"]) == 2
    assert [item["value"] for item in facet(response)["items"]][:3] == ["4.1", "4.2", "4.3"]
    assert 'id="find-sdg_target"' in response.content.decode()


@pytest.mark.parametrize("targets_named", [1, 12])
def test_facet_queries_do_not_grow_with_the_targets_and_are_cached(
    client, stakeholder, catalog, django_assert_max_num_queries, targets_named
):
    sdg = catalog["sdg4"]
    for n in range(1, targets_named + 1):
        target = SDGTarget.objects.create(goal=sdg, code=f"4.{n}", sort_order=n, title=f"T {n}")
        make_entry(stakeholder, "published", title=f"School {n}").sdg_targets.add(target)
    cache.clear()
    # The page (its facets: 11 the first time) and whether the demonstration set is loaded.
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"page_size": 10})
    assert len(counts(response)) == targets_named
    # The next page of the same search counts nothing again: the facets come from the cache.
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"page_size": 10, "page": 2})
    assert len(counts(response)) == targets_named


def test_in_arabic_the_code_reads_left_to_right(client, entries, targets):
    targets["9.c"].titles = {"ar": "تحقيق زيادة كبيرة في فرص الحصول على تكنولوجيا المعلومات"}
    targets["9.c"].save()
    response = client.get("/ar" + URL)
    labels = {item["value"]: item["label"] for item in facet(response)["items"]}
    # Isolated left to right, else the page shows "c.9".
    assert (
        labels["9.c"] == "\u20669.c\u2069 تحقيق زيادة كبيرة في فرص الحصول على تكنولوجيا المعلومات"
    )
