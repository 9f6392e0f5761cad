"""The search page's facets as a reader uses them (issue 15, item 5), without JavaScript:
the chosen filters stand above the results as links that each remove one, the title says
how many projects were found, and a long facet shows its most frequent values first with
the others under "Show all"."""

import re
from html import unescape

import pytest
from django.http import QueryDict

from tests.support.factories import CountryFactory

from .conftest import make_entry

pytestmark = pytest.mark.django_db
URL = "/stocktaking/"


@pytest.fixture
def two_entries(stakeholder, catalog):
    kenyan = make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine in Kenya")
    french = make_entry(stakeholder, "published", title="Rural schools online")
    french.countries.set([catalog["france"]])
    french.action_lines.set([catalog["c3"]])
    return kenyan, french


def chips(html):
    """{accessible name: link} of the chips above the results."""
    found = re.findall(r'<a class="chip" href="([^"]*)" rel="nofollow" aria-label="([^"]*)"', html)
    return {unescape(name): QueryDict(unescape(href).lstrip("?")) for href, name in found}


def test_each_chosen_filter_is_a_chip_that_removes_it_and_keeps_the_others(client, two_entries):
    response = client.get(
        URL, {"q": "telemedicine", "country": "KE", "action_line": "C7-e-health", "page": "1"}
    )
    html = response.content.decode()
    found = chips(html)
    assert set(found) == {
        "Remove filter: Kenya",
        "Remove filter: C7-e-health E-health",
        "Remove filter: “telemedicine”",
    }
    without_kenya = found["Remove filter: Kenya"]
    assert "country" not in without_kenya and "page" not in without_kenya
    assert without_kenya["q"] == "telemedicine" and without_kenya["action_line"] == "C7-e-health"
    without_words = found["Remove filter: “telemedicine”"]
    assert "q" not in without_words and without_words["country"] == "KE"
    # Following a chip's link drops that filter only.
    response = client.get(URL + "?" + found["Remove filter: “telemedicine”"].urlencode())
    assert set(chips(response.content.decode())) == {
        "Remove filter: Kenya",
        "Remove filter: C7-e-health E-health",
    }


def test_no_chips_without_filters_and_hostile_values_escaped(client, two_entries):
    assert chips(client.get(URL).content.decode()) == {}
    html = client.get(URL, {"organization": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html
    name = 'Remove filter: Organisation: <script>alert("x")</script>'
    assert chips(html) == {name: QueryDict()}
    assert "Organisation: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</bdi> <span" in html


def test_the_title_carries_the_result_count(client, two_entries, stakeholder):
    title = re.search(r"<title>(.*?)</title>", client.get(URL).content.decode(), re.S).group(1)
    assert title.startswith("2 projects — Stocktaking search")
    response = client.get(URL, {"country": "KE"})
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert title.startswith("1 project — Stocktaking search")
    response = client.get("/fr" + URL)
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert title.startswith("2 projets")


def test_a_long_facet_shows_its_most_frequent_values_and_the_rest_under_show_all(
    client, stakeholder, catalog
):
    others = [
        CountryFactory(code=code, alpha3=code + "X", numeric=100 + i, name=f"Land {code}")
        for i, code in enumerate(["AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH", "II", "JJ"])
    ]
    for i, country in enumerate([catalog["kenya"], *others]):
        for _ in range(11 - i if i < 3 else 1):
            entry = make_entry(stakeholder, "published", title=f"Project in {country.name}")
            entry.countries.set([country])
    # Kenya on 11 entries, AA on 10, BB on 9, the nine others on one each: eleven values.
    response = client.get(URL)
    country = next(f for f in response.context["facets"] if f["name"] == "country")
    assert [item["value"] for item in country["top"][:3]] == ["KE", "AA", "BB"]
    assert len(country["top"]) == 10 and len(country["more"]) == 1
    html = response.content.decode()
    assert "Show all (11)" in html
    # Without JavaScript every value can still be ticked: the rest sit in a <details>.
    more = re.search(r'<details class="facet-more">(.*?)</details>', html, re.S).group(1)
    assert more.count('type="checkbox" name="country"') == 1
    # The filter box is there for the script to show (hidden without it), labelled.
    assert 'id="find-country"' in html and "Type to filter: Country" in html
    # A chosen value comes first and, if it sits among the rest, "Show all" is open.
    rest = country["more"][0]["value"]
    response = client.get(URL, {"country": rest})
    country = next(f for f in response.context["facets"] if f["name"] == "country")
    assert country["top"][0]["value"] == rest and country["top"][0]["chosen"]
    # Short facets have no "Show all".
    action_line = next(f for f in response.context["facets"] if f["name"] == "action_line")
    assert action_line["more"] == []


def test_the_facets_fold_behind_a_filters_control(client, two_entries):
    html = client.get(URL, {"country": "KE"}).content.decode()
    assert re.search(r'<details class="st-filters">\s*<summary[^>]*>Filters \(1\)</summary>', html)
    assert html.index('class="st-filters"') < html.index('class="st-results"')
