"""The mandate registry (issue 13, items 1–3; issue 18, defects 1 and 8), pinned on the texts.

Every mandating clause with an addressee is a mandate of its own, for every document; its
parties carry roles; groups resolve to their members; an organisation's reach is exactly the
mandates where it must act, and separately those where it is a partner.
"""

import pytest
from django.urls import reverse

from actionlines.models import Facilitation, Organization
from mandates.importers.clauses import MANDATING
from mandates.models import Mandate, MandateParty, MandateUpdate
from mandates.services import post_mandate_update
from tests.support.factories import MembershipFactory, UserFactory
from tests.support.reference import load_reference

#: Mandates (mandating clauses naming someone to act) per document. A change here means the
#: extraction changed: read the document's table on the tracker again before updating it.
MANDATES = {
    "a-res-80-173": 12,
    "e-res-2025-18": 36,
    "tunis-agenda": 52,
    "tunis-commitment": 5,
    "geneva-declaration": 6,
    "geneva-plan-of-action": 41,
    "wsis20-zero-draft-unesco": 53,
    "wsis10-zero-draft-2015": 9,
}

#: (document, paragraph, clause, verb, addressees ⊇, partners ⊇, report to or "").
REPRESENTATIVE = [
    ("a-res-80-173", "53", 2, "calls_upon", {"ECA", "ESCWA", "CSTD", "Regional organizations"},
     set(), ""),
    ("a-res-80-173", "67", 1, "invites", {"ITU"}, set(), ""),
    ("a-res-80-173", "67", 2, "requests", {"ITU"}, set(), "CSTD"),
    ("a-res-80-173", "67", 3, "invites", {"Internal task force"}, set(), ""),
    ("a-res-80-173", "86", 1, "calls_upon", {"IAWG-AI"}, {"UNESCO", "ITU"},
     "Global Dialogue on AI Governance"),
    ("a-res-80-173", "100", 1, "calls_upon", {"IGF"}, set(), ""),
    ("a-res-80-173", "100", 2, "calls_upon",
     {"UNGIS", "UN system entities", "UNESCO", "CSTD", "WSIS Forum"}, set(), ""),
    ("a-res-80-173", "112", 3, "calls_upon", {"UNESCO", "ITU", "UNDP"}, {"UN-Women"}, ""),
    ("a-res-80-173", "113", 1, "requests", {"UNESCO", "ITU", "WHO"}, {"UNGIS"}, "CSTD"),
    ("a-res-80-173", "117", 1, "requests", {"PMICT"}, {"Statistical Commission", "ITU"},
     "CSTD"),
    ("e-res-2025-18", "14", 1, "encourages", {"CSTD"}, set(), ""),
    ("e-res-2025-18", "138", 1, "requests", {"UN Secretary-General"}, set(), ""),
    ("tunis-agenda", "103", 2, "requests", {"UN Secretary-General"}, {"CEB"}, ""),
    ("tunis-agenda", "105", 1, "requests", {"ECOSOC"}, set(), ""),
    ("tunis-agenda", "111", 1, "requests", {"UNGA"}, set(), ""),
    # the Summit's third person: "These three agencies should … organize a meeting of
    # moderators/facilitators"; "regional intergovernmental organizations in collaboration
    # with other stakeholders should …", "UN Regional Commissions … may organize …"
    ("tunis-agenda", "109", 1, "should", {"ITU", "UNESCO", "UNDP"}, set(), ""),
    # ¶101 a) and b), ¶102 b): list items that ask, one mandate each
    ("tunis-agenda", "101", 2, "should", {"Regional organizations"}, {"All stakeholders"}, ""),
    ("tunis-agenda", "101", 3, "should", {"ECA", "ESCWA"}, {"Regional organizations"}, ""),
    ("tunis-agenda", "102", 3, "should", {"UN system entities"}, set(), ""),
    ("tunis-agenda", "27", 6, "encourages", {"ITU"}, set(), ""),
    ("tunis-agenda", "72", 1, "requests", {"UN Secretary-General"}, set(), ""),
    ("tunis-agenda", "85", 1, "encourages", {"Member States"}, set(), ""),
    ("tunis-agenda", "96", 2, "should", {"ITU", "Regional organizations"}, set(), ""),
    ("e-res-2025-18", "67", 2, "urges",
     {"Member States", "Private sector", "Civil society", "International organizations"},
     set(), ""),
    ("e-res-2025-18", "107", 1, "calls_upon",
     {"International organizations", "Regional organizations"}, set(), ""),
    ("e-res-2025-18", "116", 2, "encourages", {"Member States"}, set(), ""),
    ("e-res-2025-18", "116", 5, "encourages", {"PMICT"}, set(), ""),
    ("geneva-plan-of-action", "8", 5, "encourages", {"Member States"}, set(), ""),
    ("geneva-plan-of-action", "8", 9, "should", {"International organizations"}, set(), ""),
    ("geneva-plan-of-action", "13", 26, "should", {"ITU", "Regional organizations"}, set(), ""),
    # "we furthermore advocate: i. developing countries to …; iii. the private sector to …"
    ("geneva-plan-of-action", "27", 8, "recommends", {"Member States"}, set(), ""),
    ("geneva-plan-of-action", "27", 10, "recommends", {"Private sector"}, set(), ""),
    # "This review shall be conducted by a Task Force under the auspices of the
    # Secretary-General" (by the end of December 2004)
    ("geneva-plan-of-action", "27", 12, "should", {"UN Secretary-General"}, set(), ""),
    ("wsis10-zero-draft-2015", "57", 1, "calls_upon", {"UNGA"}, set(), ""),
    ("tunis-agenda", "107", 1, "should", {"International organizations"}, set(), ""),
    ("tunis-agenda", "120", 3, "encourages", {"All stakeholders"}, set(), ""),
    ("wsis20-zero-draft-unesco", "107", 1, "requests", {"UN Secretary-General"}, set(), ""),
]  # fmt: skip


@pytest.fixture
def reference(db):
    load_reference()


def mandate_at(slug, label, clause):
    return Mandate.objects.get(document__slug=slug, paragraph__label=label, clause__order=clause)


def acronyms(mandate, *roles):
    return set(
        mandate.parties.filter(role__in=roles).values_list("organization__acronym", flat=True)
    )


def test_extraction_on_the_texts(reference):
    """Per document, the number of mandates; a table of representative ones with verb,
    addressees, partners and the body reported to; groups resolved; unknown bodies kept."""
    for slug, count in MANDATES.items():
        assert Mandate.objects.filter(document__slug=slug).count() == count, slug
    # each one comes from a mandating clause of its own, or says what bodies "should" do
    # (or, in the passive, what they "are encouraged to" do: Geneva Plan of Action ¶8 d); or
    # is an item of a list a mandating clause introduces: "we furthermore advocate: i. …")
    odd = [
        mandate
        for mandate in Mandate.objects.filter(clause__is_mandating=False)
        .exclude(verb="should")
        .exclude(clause__text__iregex=r"\m(is|are) (also )?(encouraged|invited|urged|requested)")
        .select_related("clause")
        if not mandate.paragraph.clauses.filter(
            order__lt=mandate.clause.order, is_mandating=True, text__endswith=":"
        ).exists()
    ]
    assert not odd
    assert not Mandate.objects.filter(verb="should", clause__verb__in=MANDATING).exists()
    assert not Mandate.objects.filter(clause=None).exists()

    for slug, label, clause, verb, addressees, partners, report_to in REPRESENTATIVE:
        where = f"{slug} ¶{label}.{clause}"
        mandate = mandate_at(slug, label, clause)
        assert mandate.verb == verb, where
        assert addressees <= acronyms(mandate, "addressee"), where
        assert partners <= acronyms(mandate, "partner", "secretariat"), where
        assert not acronyms(mandate, "addressee") & acronyms(mandate, "partner"), where
        if report_to:
            assert acronyms(mandate, "report_to") == {report_to}, where

    # a role recognised ("The private sector has had, and should continue to have, an important
    # role"), a restraint ("Countries should not be involved …"), a possibility ("divides …
    # may exacerbate …"): no mandate
    for slug, label in [
        ("geneva-declaration", "49"),
        ("tunis-agenda", "63"),
        ("wsis20-zero-draft-unesco", "32"),
    ]:
        assert not Mandate.objects.filter(document__slug=slug, paragraph__label=label).exists()

    # "as the secretariat of", "in coordination with", "with the support of": not addressees
    p67 = mandate_at("a-res-80-173", "67", 1)
    assert acronyms(p67, "secretariat") == {"UNGIS"}
    assert "UNGIS" not in acronyms(p67, "addressee")
    p113 = mandate_at("a-res-80-173", "113", 1)
    assert "UNGIS" in acronyms(p113, "partner") and "UNGIS" not in acronyms(p113, "addressee")
    p117 = mandate_at("a-res-80-173", "117", 1)
    assert "Statistical Commission" not in acronyms(p117, "addressee")

    # the report keeps its session and year; the deadline is the year, shown as such
    report = p113.parties.get(role="report_to")
    assert (report.session, report.year) == ("thirtieth", 2027)
    assert p113.deadline.year == 2027 and p113.deadline_is_year_only

    # groups resolve to their members
    regional = mandate_at("a-res-80-173", "53", 2)
    commissions = regional.parties.filter(group="UN Regional Commissions", role="addressee")
    assert set(commissions.values_list("organization__acronym", flat=True)) == {
        "ECA", "ECE", "ECLAC", "ESCAP", "ESCWA",
    }  # fmt: skip
    facilitators = set(
        Facilitation.objects.filter(role__in=["lead", "co"]).values_list(
            "organization__acronym", flat=True
        )
    )
    gender = mandate_at("a-res-80-173", "112", 3)  # no line named: every line's facilitators
    assert acronyms(gender, "addressee") == facilitators
    assert gender.addresses_all_facilitators and gender.applies_to_all_action_lines

    # bodies the portal does not know are kept as bodies of their kind
    assert Organization.objects.get(acronym="Member States").kind == "states"
    assert Organization.objects.get(acronym="Regional organizations").kind == "regional"
    assert Organization.objects.get(acronym="UN system entities").kind == "un_agency"
    assert Mandate.objects.with_party(Organization.objects.get(acronym="Member States")).exists()

    from mandates.importers.mandates import import_mandates

    assert import_mandates() == 0  # the fixture is the importer's output


# --- Reach -------------------------------------------------------------------------------


def member_of(acronym, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=Organization.objects.get(acronym=acronym))
    return user


def test_reach_of_a_facilitator(client, reference):
    """UNESCO facilitates lines: ¶67's and ¶113's requests to the facilitators are its own,
    on its page, in its "my mandates", under the tracker's filter, and it may post on them."""
    unesco = Organization.objects.get(acronym="UNESCO")
    addressed = set(Mandate.objects.addressed_to(unesco).values_list("pk", flat=True))
    p113 = mandate_at("a-res-80-173", "113", 1)
    p86 = mandate_at("a-res-80-173", "86", 1)
    assert p113.pk in addressed and p86.pk not in addressed  # ¶86: partner only
    assert p86.pk in set(Mandate.objects.partnered_with(unesco).values_list("pk", flat=True))

    user = member_of("UNESCO", "unesco-staff")
    client.force_login(user)
    mine = {m.pk for m in client.get(reverse("mandates:my-mandates")).context["mandates"]}
    assert mine == addressed
    tracker = client.get("/mandates/", {"addressee": "UNESCO", "page": 1})
    assert {m.pk for m in tracker.context["paginator"].object_list} == addressed
    api = client.get("/api/v1/mandates/", {"addressee": "UNESCO", "page_size": 200})
    assert {m["id"] for m in api.json()["results"]} == addressed

    page = client.get(unesco.get_absolute_url())
    assert {m.pk for m in page.context["mandates"]} == addressed
    assert p86.pk in {m.pk for m in page.context["partner_mandates"]}

    p67 = mandate_at("a-res-80-173", "67", 1)
    assert "UNESCO" in acronyms(p67, "partner")
    post = reverse("mandates:mandate-update-create", args=[p113.pk])
    assert client.get(post).status_code == 200
    assert client.get(reverse("mandates:mandate-update-create", args=[p86.pk])).status_code == 403


def test_reach_of_a_partner_and_of_bodies_facilitating_no_line(client, reference):
    """The Statistical Commission supports ¶117: a partner there, an addressee nowhere."""
    commission = Organization.objects.get(acronym="Statistical Commission")
    p117 = mandate_at("a-res-80-173", "117", 1)
    assert p117 in Mandate.objects.partnered_with(commission)
    client.force_login(member_of("Statistical Commission", "stats"))
    response = client.post(
        reverse("mandates:mandate-update-create", args=[p117.pk]),
        {"organization": commission.pk, "status": "on_track", "text": "Helping."},
    )
    assert response.status_code == 403
    assert not MandateUpdate.objects.exists()

    # no body that facilitates no line gets a mandate addressed to the facilitators
    for acronym in ["IGF", "WSIS Forum", "PMICT", "Statistical Commission"]:
        organization = Organization.objects.get(acronym=acronym)
        assert not organization.facilitations.exists()
        grouped = MandateParty.objects.filter(
            organization=organization, role="addressee", group="action line facilitators"
        )
        assert not grouped.exists(), acronym
        p111 = mandate_at("a-res-80-173", "111", 3)
        assert p111 not in Mandate.objects.addressed_to(organization), acronym


# --- Status per addressee (issue 18, defect 8) ----------------------------------------------


def test_one_facilitators_completion_does_not_complete_a_mandate_to_all(reference):
    mandate = mandate_at("a-res-80-173", "113", 1)
    unesco = Organization.objects.get(acronym="UNESCO")
    user = member_of("UNESCO", "unesco-staff")
    post_mandate_update(mandate, organization=unesco, status="completed", text="Done.", by=user)
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.IN_PROGRESS
    assert mandate.parties.get(organization=unesco, role="addressee").status == "completed"
    others = mandate.parties.filter(role="addressee").exclude(organization=unesco)
    assert set(others.values_list("status", flat=True)) == {"not_started"}
    for party in others.select_related("organization"):
        post_mandate_update(
            mandate, organization=party.organization, status="completed", text="Done.", by=user
        )
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.COMPLETED


# --- Tracker, API, reader ---------------------------------------------------------------


def test_tracker_api_and_reader(client, reference, django_assert_max_num_queries):
    response = client.get("/api/v1/mandates/", {"verb": "requests", "page_size": 200})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and {m["verb"] for m in results} == {"requests"}
    to_cstd = client.get(
        "/api/v1/mandates/", {"party": "CSTD", "role": "report_to", "page_size": 200}
    ).json()["results"]
    assert {m["paragraph"]["label"] for m in to_cstd if m["document"] == "a-res-80-173"} == {
        "67", "113", "117",
    }  # fmt: skip
    assert client.get("/api/v1/mandates/", {"verb": "notes"}).status_code == 400
    assert client.get("/api/v1/mandates/", {"role": "boss"}).status_code == 400
    assert client.get("/mandates/", {"verb": "bogus"}).status_code == 400

    # the filter keeps its labels with a query string (issue 18, defect 1)
    response = client.get("/mandates/", {"addressee": "UNESCO"})
    html = response.content.decode()
    assert "[invalid name]" not in html and "Document slug" not in html
    assert "`" not in html
    assert "Deadline is less than or equal to" not in html
    for label in ("Addressee", "Partner", "Operative verb", "Due on or before", "Overdue"):
        assert label in html

    # each mandate links to its clause, highlighted in the reader
    mandate = mandate_at("a-res-80-173", "67", 2)
    assert mandate.get_reader_url() == "/documents/a-res-80-173/#para-67-c2"
    data = client.get(f"/api/v1/mandates/{mandate.pk}/").json()
    assert data["reader_url"] == mandate.get_reader_url() and data["clause"] == 2
    assert {p["role"] for p in data["parties"]} >= {"addressee", "secretariat", "report_to"}
    page = client.get("/documents/a-res-80-173/").content.decode()
    assert 'id="para-67-c2"' in page
    detail = client.get(mandate.get_absolute_url()).content.decode()
    assert 'href="/documents/a-res-80-173/#para-67-c2"' in detail

    # list pages: a bounded number of queries
    with django_assert_max_num_queries(16):
        assert client.get("/mandates/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/api/v1/mandates/", {"page_size": 100}).status_code == 200
    unesco = Organization.objects.get(acronym="UNESCO")
    with django_assert_max_num_queries(20):
        assert client.get(unesco.get_absolute_url()).status_code == 200


# --- Corrections kept on re-import (issue 13, item 5) -------------------------------------


def test_a_correction_made_in_the_admin_survives_a_reimport(reference):
    from mandates.importers.mandates import import_mandates

    mandate = mandate_at("a-res-80-173", "113", 1)
    mandate.title = "Road maps for every action line (corrected)"
    mandate.save()
    itu = Organization.objects.get(acronym="ITU")
    added = mandate.parties.create(organization=Organization.objects.get(acronym="OHCHR"),
                                   role="partner")  # fmt: skip
    wrong = mandate.parties.get(organization=itu, role="addressee")
    kept: list[str] = []
    assert import_mandates(kept=kept) == 0
    mandate.refresh_from_db()
    assert mandate.title == "Road maps for every action line (corrected)"
    assert len(kept) == 1 and "title" in kept[0] and "Develop targeted" in kept[0]
    assert MandateParty.objects.filter(pk=added.pk).exists()
    assert MandateParty.objects.filter(pk=wrong.pk).exists()
