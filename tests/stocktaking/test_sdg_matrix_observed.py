"""The WSIS–SDG matrix with data (issue 15, item 3): beside the facilitators' links and their
rationale, the published projects per action line and SDG, a heat map whose cells open the
matching search; the same figures in the API; kept in the cache until content changes."""

import re

import pytest

from actionlines.models import ActionLineSDGTarget, SDGTarget
from tests.stocktaking.conftest import make_entry
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db
MATRIX = "/sdg-matrix/"


@pytest.fixture
def observed(catalog, stakeholder):
    """Two published e-health projects on SDG 3, one C3 project on SDGs 3 and 4, and a C3
    draft on SDG 4 that must not count."""
    make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine hubs")
    make_entry(stakeholder, "published", catalog=catalog, title="Rural clinics online")
    libraries = make_entry(stakeholder, "published", title="Libraries online")
    libraries.action_lines.set([catalog["c3"]])
    libraries.sdgs.set([catalog["sdg3"], catalog["sdg4"]])
    draft = make_entry(UserFactory(username="drafter"), "draft", title="Not yet")
    draft.action_lines.set([catalog["c3"]])
    draft.sdgs.set([catalog["sdg4"]])
    return catalog


def heat_cells(text):
    """{accessible name: (href, number shown, band)} of the observed matrix's cells."""
    table = text[text.index('<table class="matrix heat">') :]
    table = table[: table.index("</table>")]
    return {
        name: (href.replace("&amp;", "&"), shown, int(band))
        for band, href, name, shown in re.findall(
            r'<td class="band-(\d)"><a href="([^"]*)" aria-label="([^"]*)">([^<]*)</a></td>', table
        )
    }


def test_cells_count_published_projects_and_open_their_search(client, observed):
    text = client.get(MATRIX).text
    cells = heat_cells(text)
    assert cells == {
        "C7 and SDG 3: 2 projects": ("/stocktaking/?action_line=C7&sdg=3", "2", 2),
        "C7-e-health and SDG 3: 2 projects": (
            "/stocktaking/?action_line=C7-e-health&sdg=3",
            "2",
            2,
        ),
        "C3 and SDG 3: 1 project": ("/stocktaking/?action_line=C3&sdg=3", "1", 1),
        "C3 and SDG 4: 1 project": ("/stocktaking/?action_line=C3&sdg=4", "1", 1),
    }
    # The page says which matrix is which, and a cell's search finds what the cell counts.
    assert "Linked by the facilitators" in text and "Observed in the stocktaking database" in text
    for name, (url, shown, _band) in cells.items():
        found = client.get(url).text
        assert re.search(rf"<strong>{shown}</strong> projects?", found), name


def test_same_figures_in_the_api(client, observed):
    text = client.get(MATRIX).text
    assert 'href="/api/v1/stats/stocktaking/?group_by=action_line,sdg"' in text
    rows = client.get("/api/v1/stats/stocktaking/", {"group_by": "action_line,sdg"}).json()
    api = {(row["key"], row["key_2"]): row["count"] for row in rows["results"]}
    assert api == {("C7-e-health", "3"): 2, ("C3", "3"): 1, ("C3", "4"): 1}
    cells = heat_cells(text)
    for (line, goal), count in api.items():
        assert cells[f"{line} and SDG {goal}: {count} project{'s' if count > 1 else ''}"]


def test_curated_links_keep_their_rationale(client, observed):
    target = SDGTarget.objects.get(code="3.8")
    ActionLineSDGTarget.objects.create(
        action_line=observed["ehealth"], target=target, rationale="Telemedicine <b>reaches</b> all."
    )
    text = client.get(MATRIX).text
    assert "The 1 link and its rationale" in text
    assert "Telemedicine &lt;b&gt;reaches&lt;/b&gt; all." in text  # escaped
    assert 'aria-label="C7-e-health: 1 target of goal 3"' in text


def test_matrix_follows_content_changes(client, observed, stakeholder):
    assert "C3 and SDG 4: 1 project" in heat_cells(client.get(MATRIX).text)
    more = make_entry(stakeholder, "published", title="School libraries")
    more.action_lines.set([observed["c3"]])
    more.sdgs.set([observed["sdg4"]])
    assert "C3 and SDG 4: 2 projects" in heat_cells(client.get(MATRIX).text)


def test_matrix_in_french_and_without_projects(client, catalog):
    text = client.get("/fr" + MATRIX).text
    assert "Observé dans la base de données" in text
    assert "Aucun projet publié" in text


def test_matrix_queries_do_not_grow(client, observed, django_assert_max_num_queries):
    # Goals, links, lines and their sub-lines (4), the observed counts (pair counts and their
    # two label reads, one more per line with sub-lines: 5), sessions and the like.
    with django_assert_max_num_queries(12):
        assert client.get(MATRIX).status_code == 200
