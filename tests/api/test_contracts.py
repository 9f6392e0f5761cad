"""One contract per API route: list, detail, filters, ordering, CSV, anonymous writes and
constant query counts come from ``tests.support.api_contract.ApiContract``."""

import csv
import datetime
import io
import string

import pytest

from actionlines.models import ActionLine, Facilitation, Measurement
from stocktaking.models import Country, Region
from tests.support.api_contract import CONTRACTS, ApiContract, Other
from tests.support.factories import (
    ActionLineFactory,
    CoordinationMeetingFactory,
    DocumentFactory,
    IndicatorFactory,
    MandateFactory,
    MandateUpdateFactory,
    OrganizationFactory,
    ParagraphFactory,
    RoadmapTargetFactory,
    SDGFactory,
    StocktakingEntryFactory,
)
from wsis_portal.api.urls import router

_sequence = iter(range(1, 10**6))


def letters(n):
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = string.ascii_lowercase[r] + out
    return out


def subline_code():
    ActionLineFactory(code="C7", slug="c7")
    n = next(_sequence)
    return ActionLineFactory(
        code=f"C7-{letters(n)}",
        slug=f"c7-{letters(n)}",
        parent=ActionLine.objects.get(code="C7"),
        sort_order=100 + n,
    )


class TestActionLineContract(ApiContract):
    basename = "action-line"
    key = "code"
    filters = {"parent": "C7", "top_level": "false", "sdg": "4", "facilitator": "ITU", "q": "zebra"}
    ordering = ("code", "sort_order", "title", "page_updated_at")

    def make(self, n):
        lines = [subline_code() for _ in range(n)]
        organization = OrganizationFactory(acronym="ITU")
        for line in lines:
            Facilitation.objects.create(action_line=line, organization=organization, role="lead")
            line.sdgs.add(SDGFactory(number=9))
        return lines

    def make_pair(self):
        match = subline_code()
        match.title = "Zebra crossings"
        match.save()
        match.sdgs.add(SDGFactory(number=4))
        Facilitation.objects.create(
            action_line=match, organization=OrganizationFactory(acronym="ITU"), role="co"
        )
        other = ActionLineFactory(code="C2", slug="c2", title="Infrastructure")
        return match, other


class TestOrganizationContract(ApiContract):
    basename = "organization"
    key = "acronym"
    filters = {"kind": "forum", "facilitates": "C7", "role": "co", "q": "zebra"}
    ordering = ("acronym", "name", "kind")

    def make(self, n):
        line = ActionLineFactory(code="C5", slug="c5")
        organizations = [OrganizationFactory(acronym=f"O{next(_sequence)}") for _ in range(n)]
        for position, organization in enumerate(organizations):
            Facilitation.objects.create(
                action_line=line, organization=organization, role="co", position=position
            )
        return organizations

    def make_pair(self):
        match = OrganizationFactory(acronym="ZEB", name="Zebra forum", kind="forum")
        subline = subline_code()
        Facilitation.objects.create(action_line=subline, organization=match, role="co")
        other = OrganizationFactory(acronym="OTH", name="Other agency")
        return match, other


class TestSDGContract(ApiContract):
    basename = "sdg"
    key = "number"
    filters = {"q": "zebra"}
    ordering = ("number", "title")

    def make(self, n):
        goals = [SDGFactory(number=i + 1) for i in range(min(n, 17))]
        # There are only 17 goals; link lines so that the prefetch is exercised.
        for goal in goals:
            goal.action_lines.add(ActionLineFactory(code="C1", slug="c1"))
        return goals

    def test_query_count_does_not_grow_with_page_size(self, client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.make(1)
        with CaptureQueriesContext(connection) as one:
            client.get(self.list_url)
        self.make(17)
        with CaptureQueriesContext(connection) as all_goals:
            client.get(self.list_url)
        assert len(all_goals) == len(one)

    def make_pair(self):
        return SDGFactory(number=14, title="Zebra life"), SDGFactory(number=15, title="Land")


class TestRoadmapContract(ApiContract):
    basename = "roadmap-target"
    filters = {
        "action_line": "C7",
        "due_before": "2027-01-01",
        "due_after": Other("2027-01-01"),
        "q": "zebra",
    }
    ordering = ("due_date", "title", "updated_at", "id")

    def make(self, n):
        line = ActionLineFactory(code="C4", slug="c4")
        targets = [RoadmapTargetFactory(action_line=line) for _ in range(n)]
        for target in targets:
            indicator = IndicatorFactory(target=target)
            Measurement.objects.create(
                indicator=indicator, measured_on=datetime.date(2026, 1, 1), value=1
            )
        return targets

    def make_pair(self):
        match = RoadmapTargetFactory(
            action_line=subline_code(), title="Zebra target", due_date=datetime.date(2026, 12, 1)
        )
        other = RoadmapTargetFactory(
            action_line=ActionLineFactory(code="C2", slug="c2"),
            due_date=datetime.date(2030, 1, 1),
        )
        return match, other


class TestMeetingContract(ApiContract):
    basename = "meeting"
    filters = {
        "action_line": "C7",
        "date_after": "2026-01-01",
        "date_before": Other("2025-01-01"),
        "organizer": "ITU",
        "is_online": "true",
        "q": "zebra",
    }
    ordering = ("date", "title", "id")

    def make(self, n):
        meetings = [CoordinationMeetingFactory() for _ in range(n)]
        line = ActionLineFactory(code="C6", slug="c6")
        for meeting in meetings:
            meeting.action_lines.add(line)
        return meetings

    def make_pair(self):
        match = CoordinationMeetingFactory(
            title="Zebra meeting",
            date=datetime.date(2026, 6, 1),
            is_online=True,
            organizer=OrganizationFactory(acronym="ITU"),
        )
        match.action_lines.add(subline_code())
        other = CoordinationMeetingFactory(date=datetime.date(2024, 1, 1))
        other.action_lines.add(ActionLineFactory(code="C2", slug="c2"))
        return match, other


class TestDocumentContract(ApiContract):
    basename = "document"
    key = "slug"
    filters = {"kind": "outcome", "symbol": "a/res/99/1", "year": "2003", "q": "zebra"}
    ordering = ("date", "slug", "symbol", "title")

    def make(self, n):
        documents = [DocumentFactory() for _ in range(n)]
        for document in documents:
            ParagraphFactory(document=document)
        return documents

    def make_pair(self):
        match = DocumentFactory(
            slug="zebra",
            symbol="A/RES/99/1",
            title="Zebra declaration",
            kind="outcome",
            date=datetime.date(2003, 12, 12),
        )
        return match, DocumentFactory(slug="other", symbol="A/RES/99/2")


class TestParagraphContract(ApiContract):
    basename = "paragraph"
    filters = {"document": "zebra-doc", "action_line": "C7", "kind": "preambular", "q": "zebras"}
    ordering = ("order", "id", "label")

    def make(self, n):
        document = DocumentFactory()
        line = ActionLineFactory(code="C8", slug="c8")
        paragraphs = [ParagraphFactory(document=document) for _ in range(n)]
        for paragraph in paragraphs:
            paragraph.action_lines.add(line)
        return paragraphs

    def make_pair(self):
        match = ParagraphFactory(
            document=DocumentFactory(slug="zebra-doc"),
            kind="preambular",
            text="Recalling the migration of zebras across the savannah.",
        )
        match.action_lines.add(subline_code())
        other = ParagraphFactory(document=DocumentFactory(slug="other-doc"))
        return match, other


class TestMandateContract(ApiContract):
    basename = "mandate"
    filters = {
        "addressee": "ITU",
        "action_line": "C7",
        "status": "in_progress",
        "document": "zebra-doc",
        "due_before": "2020-12-31",
        "due_after": Other("2021-01-01"),
        "overdue": "true",
    }
    ordering = ("deadline", "status", "id", "title")

    def make(self, n):
        organization = OrganizationFactory(acronym="UNDP")
        mandates = [MandateFactory() for _ in range(n)]
        for mandate in mandates:
            mandate.parties.create(organization=organization, role="addressee")
            MandateUpdateFactory(mandate=mandate, organization=organization)
            MandateUpdateFactory(mandate=mandate, organization=organization)
        return mandates

    def make_pair(self):
        match = MandateFactory(
            paragraph=ParagraphFactory(document=DocumentFactory(slug="zebra-doc")),
            status="in_progress",
            deadline=datetime.date(2020, 6, 30),
        )
        match.parties.create(organization=OrganizationFactory(acronym="ITU"), role="addressee")
        match.action_lines.add(subline_code())
        other = MandateFactory(deadline=datetime.date(2030, 1, 1), status="completed")
        return match, other

    def test_latest_update_is_the_newest(self, client):
        (mandate,) = self.make(1)
        newest = MandateUpdateFactory(mandate=mandate, text="Newest", status="at_risk")
        body = client.get(self.detail_url(mandate)).json()
        assert body["latest_update"]["id"] == newest.pk
        listed = client.get(self.list_url).json()["results"]
        assert listed[0]["latest_update"]["id"] == newest.pk

    def test_the_csv_gives_the_latest_update_a_column_per_field(self, client):
        (mandate,) = self.make(1)
        MandateUpdateFactory(mandate=mandate, text="Report sent", status="completed")
        bare = MandateFactory()
        rows = list(csv.DictReader(io.StringIO(client.get(self.list_url, {"format": "csv"}).text)))
        by_id = {row["id"]: row for row in rows}
        assert by_id[str(mandate.pk)]["latest_update.status"] == "completed"
        assert by_id[str(mandate.pk)]["latest_update.text"] == "Report sent"
        assert "latest_update" not in rows[0]
        assert by_id[str(bare.pk)]["latest_update.status"] == ""


class TestMandateUpdateContract(ApiContract):
    basename = "mandate-update"
    filters = {
        "mandate": None,
        "organization": "itu",
        "status": "delayed",
        "posted_after": "2026-01-01",
        "posted_before": Other("2025-12-31"),
    }
    ordering = ("created_at", "id", "status")

    def make(self, n):
        return [MandateUpdateFactory() for _ in range(n)]

    def make_pair(self):
        from django.utils import timezone

        match = MandateUpdateFactory(
            organization=OrganizationFactory(acronym="ITU"),
            status="delayed",
            created_at=timezone.make_aware(datetime.datetime(2026, 5, 1)),
        )
        self.filters = {**self.filters, "mandate": match.mandate_id}
        other = MandateUpdateFactory(created_at=timezone.make_aware(datetime.datetime(2025, 1, 1)))
        return match, other


def stocktaking_entry(**kwargs):
    return StocktakingEntryFactory(state="published", **kwargs)


class TestStocktakingContract(ApiContract):
    basename = "stocktaking-entry"
    filters = {
        "action_line": "C7",
        "sdg": "3",
        "country": "KEN",
        "region": "2",
        "stakeholder_type": "academia",
        "status": "planned",
        "organization": "zebra",
        "year": "2024",
        "created_after": "2024-01-01",
        "created_before": Other("2023-01-01"),
        "is_inactive": "true",
        "q": "zebra",
    }
    ordering = ("created_at", "updated_at", "published_at", "title", "id")

    def make(self, n):
        line = ActionLineFactory(code="C5", slug="c5")
        goal = SDGFactory(number=5)
        kenya = Country.objects.get_or_create(
            code="KE", defaults={"alpha3": "KEN", "name": "Kenya"}
        )[0]
        entries = [stocktaking_entry() for _ in range(n)]
        for entry in entries:
            entry.action_lines.add(line)
            entry.sdgs.add(goal)
            entry.countries.add(kenya)
        return entries

    def make_pair(self):
        from django.utils import timezone

        africa = Region.objects.get_or_create(code=2, defaults={"name": "Africa"})[0]
        kenya = Country.objects.update_or_create(
            code="KE", defaults={"alpha3": "KEN", "name": "Kenya", "region": africa}
        )[0]
        france = Country.objects.get_or_create(
            code="FR", defaults={"alpha3": "FRA", "name": "France"}
        )[0]
        match = stocktaking_entry(
            title="Zebra tracking with mobile networks",
            organization_name="Zebra Trust",
            stakeholder_type="academia",
            project_status="planned",
            created_at=timezone.make_aware(datetime.datetime(2024, 3, 1)),
            is_inactive=True,
        )
        match.action_lines.add(subline_code())
        match.sdgs.add(SDGFactory(number=3))
        match.countries.add(kenya)
        other = stocktaking_entry(created_at=timezone.make_aware(datetime.datetime(2022, 3, 1)))
        other.action_lines.add(ActionLineFactory(code="C2", slug="c2"))
        other.countries.add(france)
        return match, other

    def test_anonymous_sees_only_published(self, client):
        (published,) = self.make(1)
        draft = StocktakingEntryFactory(state="draft")
        listed = self.keys(client.get(self.list_url))
        assert str(published.pk) in listed and str(draft.pk) not in listed
        assert client.get(self.detail_url(draft)).status_code == 404


def test_every_route_has_a_contract():
    """A new route must come with a contract (or a dedicated test module listed here)."""
    covered_elsewhere = {"stocktaking-stats": "tests/api/test_stats.py"}
    missing = [
        basename
        for _prefix, _viewset, basename in router.registry
        if basename not in CONTRACTS and basename not in covered_elsewhere
    ]
    assert not missing, f"Routes without an API contract: {missing}"


@pytest.mark.parametrize("basename", sorted(CONTRACTS))
def test_contract_names_a_real_route(basename):
    assert basename in {entry[2] for entry in router.registry}


class TestRegionContract(ApiContract):
    basename = "region"
    key = "code"
    filters = {"parent": "2", "top_level": Other("true")}
    ordering = ("code", "name")

    def make(self, n):
        return [
            Region.objects.create(code=300 + next(_sequence), name="Somewhere") for _ in range(n)
        ]

    def make_pair(self):
        africa = Region.objects.get_or_create(code=2, defaults={"name": "Africa"})[0]
        eastern = Region.objects.create(code=14, name="Eastern Africa", parent=africa)
        asia = Region.objects.create(code=142, name="Asia")
        return eastern, asia

    def test_a_region_lists_its_subregions_and_countries(self, client):
        africa = Region.objects.create(code=2, name="Africa", names={"fr": "Afrique"})
        eastern = Region.objects.create(code=14, name="Eastern Africa", parent=africa)
        Country.objects.create(
            code="KE", alpha3="KEN", name="Kenya", region=africa, subregion=eastern
        )
        body = client.get(self.detail_url(africa)).json()
        assert body == {
            "code": 2,
            "name": "Africa",
            "parent": None,
            "subregions": [14],
            "countries": ["KE"],
        }
        assert client.get(self.detail_url(eastern)).json()["countries"] == ["KE"]
        french = client.get(self.detail_url(africa), HTTP_ACCEPT_LANGUAGE="fr").json()
        assert french["name"] == "Afrique"


class TestCountryContract(ApiContract):
    basename = "country"
    key = "code"
    filters = {"region": "2", "q": "zebr"}
    ordering = ("code", "name", "alpha3")

    def make(self, n):
        countries = []
        for _ in range(n):
            number = next(_sequence)
            code = string.ascii_uppercase[number // 26 % 26] + string.ascii_uppercase[number % 26]
            countries.append(
                Country.objects.get_or_create(
                    code=code, defaults={"alpha3": f"X{code}", "name": f"Land {code}"}
                )[0]
            )
        return countries

    def make_pair(self):
        africa = Region.objects.get_or_create(code=2, defaults={"name": "Africa"})[0]
        eastern = Region.objects.create(code=14, name="Eastern Africa", parent=africa)
        match = Country.objects.create(
            code="ZB", alpha3="ZBR", name="Zebraland", region=africa, subregion=eastern
        )
        other = Country.objects.create(code="FR", alpha3="FRA", name="France")
        return match, other

    def test_a_country_is_found_by_its_code_in_any_case(self, client):
        Country.objects.create(code="KE", alpha3="KEN", name="Kenya")
        assert client.get(f"{self.list_url}ke/").json()["alpha3"] == "KEN"
