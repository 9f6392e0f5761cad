"""The world map of published projects (issue 15, item 2): a country with projects is a link to
the search filtered by it, named with its count, on the search page (following its filters),
on each action-line page and on the home page; the same figures in a table and per region;
no inline style (the CSP); shapes without an M49 code of their own handled."""

import re

import pytest
from django.urls import reverse

from stocktaking import worldmap
from tests.stocktaking.conftest import make_entry
from tests.support.factories import ActionLineFactory, CountryFactory, RegionFactory, UserFactory
from wsis_portal import vega

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(catalog, stakeholder):
    """Kenya: two published projects (one also in France), France: one more, Cyprus: one;
    a draft in France that must not count."""
    cyprus = CountryFactory(
        code="CY", alpha3="CYP", numeric=196, name="Cyprus", region=RegionFactory(code=142)
    )
    make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine hubs")
    both = make_entry(stakeholder, "published", catalog=catalog, title="Cross-border clinics")
    both.countries.add(catalog["france"])
    in_c3 = make_entry(stakeholder, "published", title="Libraries online")
    in_c3.action_lines.set([catalog["c3"]])
    in_c3.countries.set([catalog["france"], cyprus])
    draft = make_entry(UserFactory(username="drafter"), "draft", title="Not yet")
    draft.countries.set([catalog["france"]])
    return catalog


def svg_of(text):
    start = text.index('<svg viewBox="0 0 960')
    return text[start : text.index("</svg>", start) + 6]


def links(svg):
    """{accessible name: href} of the map's links."""
    return {
        name: href.replace("&amp;", "&")
        for href, name in re.findall(r'<a href="([^"]*)" class="band-\d" aria-label="([^"]*)"', svg)
    }


def test_search_page_map_links_each_country_to_its_search(client, mapped):
    text = client.get(reverse("stocktaking:entry-list")).text
    svg = svg_of(text)
    assert links(svg) == {
        "Kenya: 2 projects": "/stocktaking/?country=KE",
        "France: 2 projects": "/stocktaking/?country=FR",
        "Cyprus: 1 project": "/stocktaking/?country=CY",
    }
    # Northern Cyprus is drawn as part of Cyprus: one link, two shapes.
    cyprus = re.search(r'aria-label="Cyprus: 1 project">(.*?)</a>', svg).group(1)
    assert cyprus.count("<path") == 2
    assert "style=" not in svg and "<style" not in text.split("</head>")[1]
    # The text alternative: the same figures, per country and per region.
    assert re.search(r'<a href="/stocktaking/\?country=KE">Kenya</a></th><td class="num">2<', text)
    assert re.search(r'<a href="/stocktaking/\?region=2">Africa</a></th><td class="num">2<', text)
    assert "The figures of the map: 3 countries" in text


def test_map_follows_the_search_filters(client, mapped):
    text = client.get(reverse("stocktaking:entry-list") + "?action_line=C3&page=1").text
    assert links(svg_of(text)) == {
        "France: 1 project": "/stocktaking/?action_line=C3&country=FR",
        "Cyprus: 1 project": "/stocktaking/?action_line=C3&country=CY",
    }
    # A country link replaces the country chosen; a region link drops it.
    text = client.get(reverse("stocktaking:entry-list") + "?country=FR").text
    assert links(svg_of(text))["Kenya: 1 project"] == "/stocktaking/?country=KE"
    assert '<a href="/stocktaking/?region=150">Europe</a>' in text


def test_clicking_a_country_lists_its_projects(client, mapped):
    url = links(svg_of(client.get(reverse("stocktaking:entry-list")).text))["Cyprus: 1 project"]
    text = client.get(url).text
    assert "Libraries online" in text and "Telemedicine hubs" not in text


def test_action_line_and_home_pages_show_the_map(client, mapped):
    line = mapped["ehealth"]
    text = client.get(line.get_absolute_url()).text
    assert links(svg_of(text)) == {
        "Kenya: 2 projects": "/stocktaking/?action_line=C7-e-health&country=KE",
        "France: 1 project": "/stocktaking/?action_line=C7-e-health&country=FR",
    }
    text = client.get(reverse("actionlines:home")).text
    assert links(svg_of(text))["France: 2 projects"] == "/stocktaking/?country=FR"
    # C7's map counts its sub-lines' projects, as its search does; a line without projects
    # shows no empty map.
    text = client.get(mapped["c7"].get_absolute_url()).text
    assert "Kenya: 2 projects" in links(svg_of(text))
    empty = ActionLineFactory(code="C9", slug="c9", title="Media", sort_order=90)
    assert "<svg viewBox" not in client.get(empty.get_absolute_url()).text


def test_map_in_the_readers_language(client, mapped):
    text = client.get("/fr" + reverse("stocktaking:entry-list")).text
    assert links(svg_of(text))["Kenya : 2 projets"] == "/fr/stocktaking/?country=KE"
    assert "Projets par région" in text


def test_no_country_no_map(client, catalog, stakeholder):
    entry = make_entry(stakeholder, "published", title="Global forum")
    entry.countries.clear()
    text = client.get(reverse("stocktaking:entry-list")).text
    assert "None of these projects names a country." in text
    assert "<svg viewBox" not in text


def test_shapes_carry_m49_codes():
    """Every shape but Kosovo's has an M49 code; France and Norway keep theirs (Natural Earth
    writes -99), Northern Cyprus and Somaliland go with Cyprus and Somalia."""
    shapes = worldmap.shapes()
    by_name = {shape.name: shape.numeric for shape in shapes}
    assert by_name["France"] == 250 and by_name["Norway"] == 578
    assert by_name["N. Cyprus"] == 196 and by_name["Somaliland"] == 706
    assert [shape.name for shape in shapes if shape.numeric is None] == ["Kosovo"]
    assert "Antarctica" not in by_name
    areas = [shape for shape in shapes if shape.point is None]
    # Whole units, each ring its start and relative steps: nothing else to escape.
    ring = r"M-?\d+,-?\d+(l[-\d, ]+)?z?"
    assert all(re.fullmatch(f"({ring})+", shape.path) for shape in areas)


def points_of(path):
    """The absolute points of a compact path (``M x,y l dx,dy … z`` rings)."""
    points = []
    for ring in re.findall(r"M[^M]+", path):
        numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
        x, y = numbers[0], numbers[1]
        points.append((x, y))
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_the_shapes_are_compact_and_in_place():
    """The shapes' path data is short (whole units, relative steps) and still where the
    projection put them: the map's corners hold, no point leaves it."""
    shapes = [shape for shape in worldmap.shapes() if shape.point is None]
    assert sum(len(shape.path) for shape in shapes) < 45_000
    every = [point for shape in shapes for point in points_of(shape.path)]
    xs, ys = [x for x, _ in every], [y for _, y in every]
    assert min(xs) >= 0 and max(xs) <= worldmap.WIDTH and min(ys) >= 0
    assert max(ys) <= worldmap.HEIGHT
    assert min(xs) < 5 and max(xs) > worldmap.WIDTH - 5  # the whole width is used


def test_countries_without_a_shape_are_dots_at_their_place():
    """Tuvalu, Maldives, Singapore… have no shape at 1:110m: each has a point, projected
    like the shapes (Singapore's below Malaysia's, Maldives' south-west of India's)."""
    points = {shape.numeric: shape.point for shape in worldmap.shapes() if shape.point}
    areas = {shape.numeric for shape in worldmap.shapes() if shape.point is None}
    assert {798, 462, 702, 470, 584} <= set(points)  # Tuvalu, Maldives, Singapore, Malta, MH
    assert not set(points) & areas
    bounds = {}
    for shape in worldmap.shapes():
        if shape.name in ("Malaysia", "India"):
            xs, ys = zip(*points_of(shape.path), strict=True)
            bounds[shape.name] = (min(xs), max(xs), min(ys), max(ys))
    x, y = points[702]
    west, east, north, south = bounds["Malaysia"]
    assert west < x < east and north < y < south + 15
    x, y = points[462]
    west, east, north, south = bounds["India"]
    assert west - 20 < x < east and y > south - 40
    assert all(0 <= x <= worldmap.WIDTH and 0 <= y <= worldmap.HEIGHT for x, y in points.values())


def test_a_small_island_state_with_projects_is_a_dot_linked_like_the_others(
    client, catalog, stakeholder
):
    oceania = RegionFactory(code=9, name="Oceania")
    tuvalu = CountryFactory(code="TV", alpha3="TUV", numeric=798, name="Tuvalu", region=oceania)
    maldives = CountryFactory(code="MV", alpha3="MDV", numeric=462, name="Maldives")
    for country in (tuvalu, tuvalu, maldives):
        make_entry(stakeholder, "published", title="Island connectivity").countries.set([country])
    svg = svg_of(client.get(reverse("stocktaking:entry-list")).text)
    assert links(svg) == {
        "Tuvalu: 2 projects": "/stocktaking/?country=TV",
        "Maldives: 1 project": "/stocktaking/?country=MV",
    }
    dot = re.search(r'aria-label="Tuvalu: 2 projects"><title>[^<]*</title>(.*?)</a>', svg).group(1)
    assert re.fullmatch(r'<circle cx="[\d.]+" cy="[\d.]+" r="4"/>', dot)
    # Countries without a shape and without projects are not drawn.
    assert svg.count("<circle") == 2


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([], []),
        ([3], [1]),
        ([1, 1, 1], [1]),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 3, 5, 7, 9]),
        ([1, 5, 40, 130, 1_234, 9_870, 15_400, 88_000], [1, 5, 130, 1_200, 15_000]),
    ],
)
def test_bands_are_round_and_share_the_countries(counts, expected):
    assert vega.bands(counts) == expected
