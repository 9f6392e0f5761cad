"""The mandate tracker list: the API's MandateFilterSet on an HTML page, overdue at a fixed
date, and query counts that do not grow with the page."""

import datetime
import re

import pytest
from django.utils import timezone

from actionlines.models import Facilitation
from mandates.models import Mandate
from mandates.services import address_facilitators
from tests.support.factories import (
    ActionLineFactory,
    DocumentFactory,
    MandateFactory,
    MandateUpdateFactory,
    OrganizationFactory,
    ParagraphFactory,
)

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def fixed_today(monkeypatch):
    """Freeze "today" for the overdue filter and the reporting light."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def tracker(db, fixed_today):
    document = DocumentFactory(slug="a-res-80-173", symbol="A/RES/80/173")
    itu = OrganizationFactory(acronym="ITU")
    unesco = OrganizationFactory(acronym="UNESCO")
    c7 = ActionLineFactory(code="C7", slug="c7", sort_order=7)
    health = ActionLineFactory(code="C7-e-health", slug="c7-e-health", parent=c7, sort_order=8)
    c3 = ActionLineFactory(code="C3", slug="c3", sort_order=3)
    Facilitation.objects.create(action_line=c3, organization=unesco, role="lead")

    def mandate(label, title, deadline, status=Mandate.Status.NOT_STARTED, **kwargs):
        paragraph = ParagraphFactory(
            document=document, order=int(label), label=label, anchor=f"para-{label}"
        )
        return MandateFactory(
            paragraph=paragraph, title=title, deadline=deadline, status=status, **kwargs
        )

    late = mandate("53", "Late report", datetime.date(2026, 1, 31))
    late.parties.create(organization=itu, role="addressee")
    late.action_lines.add(health)
    done = mandate("67", "Done early", datetime.date(2026, 2, 15), Mandate.Status.COMPLETED)
    done.parties.create(organization=itu, role="addressee")
    later = mandate(
        "113", "Road maps", datetime.date(2027, 12, 31), addresses_all_facilitators=True
    )
    later.action_lines.add(c3)
    address_facilitators(later)
    today = mandate("117", "Due today", TODAY, Mandate.Status.IN_PROGRESS)
    MandateUpdateFactory(mandate=later, organization=unesco, text="Road map drafted.")
    return {"late": late, "done": done, "later": later, "today": today}


def titles(response):
    return [m.title for m in response.context["mandates"]]


def test_lists_every_mandate_with_reference_addressees_lines_deadline_status_progress(
    client, tracker
):
    response = client.get("/mandates/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Done early", "Due today", "Late report", "Road maps"]
    html = response.content.decode()
    assert 'href="/documents/a-res-80-173/#para-113"' in html
    # The symbol marked as English, and isolated from the text around it.
    assert '<span lang="en" dir="ltr">A/RES/80/173</span> ¶113' in html
    assert ">ITU</a>" in html
    assert 'href="/action-lines/c7-e-health/"' in html
    assert "31 January 2026" in html
    assert "In progress" in html
    assert "UNESCO, " in html and "On track" in html  # latest progress
    # The filter sidebar is the FilterSet's own form.
    for name in ("addressee", "action_line", "status", "due_before", "overdue"):
        assert f'name="{name}"' in html


def test_overdue_at_a_fixed_date_stands_out(client, tracker):
    response = client.get("/mandates/", {"overdue": "true"})
    assert titles(response) == ["Late report"]  # due today is not yet overdue; completed never
    html = response.content.decode()
    assert 'class="is-overdue"' in html
    assert "Overdue</strong>" in html  # said in words, not by colour alone
    not_overdue = titles(client.get("/mandates/", {"overdue": "false"}))
    assert sorted(not_overdue) == ["Done early", "Due today", "Road maps"]
    assert (
        'class="is-overdue"' not in client.get("/mandates/", {"overdue": "false"}).content.decode()
    )


def test_filters_addressee_action_line_status_and_due_before(client, tracker):
    assert sorted(titles(client.get("/mandates/", {"addressee": "itu"}))) == [
        "Done early",
        "Late report",
    ]
    # UNESCO facilitates C3, and "Road maps" is addressed to all facilitators of C3.
    assert titles(client.get("/mandates/", {"addressee": "UNESCO"})) == ["Road maps"]
    # C7 brings its sub-lines.
    assert titles(client.get("/mandates/", {"action_line": "C7"})) == ["Late report"]
    assert titles(client.get("/mandates/", {"status": "in_progress"})) == ["Due today"]
    assert titles(client.get("/mandates/", {"due_before": "2026-03-01"})) == [
        "Late report",
        "Done early",
        "Due today",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"due_before": "31/12/2026"},
        {"action_line": "C99"},
        {"status": "lost"},
        {"due_before": "2026-02-30<"},
    ],
)
def test_bad_filter_values_are_errors_next_to_the_field(client, tracker, params):
    response = client.get("/mandates/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert "30<" not in html.split("<main", 1)[1]


def test_unknown_mandate_is_404(client, db):
    assert client.get("/mandates/999999/").status_code == 404


def test_queries_do_not_grow_with_page_size(client, db, fixed_today, django_assert_max_num_queries):
    document = DocumentFactory()
    organization = OrganizationFactory(acronym="ITU")
    line = ActionLineFactory(code="C1", slug="c1")

    def make(count):
        for _ in range(count):
            mandate = MandateFactory(paragraph=ParagraphFactory(document=document))
            mandate.parties.create(organization=organization, role="addressee")
            mandate.action_lines.add(line)
            MandateUpdateFactory(mandate=mandate, organization=organization)

    make(3)
    with django_assert_max_num_queries(14) as small:
        client.get("/mandates/")
    make(22)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/mandates/")
    assert len(response.context["mandates"]) == 25


def test_pick_lists_say_any_and_the_rarer_filters_fold_away(client, tracker):
    """Issue 18: "Recurs" (and Role, Operative verb) offered "---------" as their empty
    choice; the filters took the tracker's whole first screen."""
    html = client.get("/mandates/").content.decode()
    assert "---------" not in html
    recurs = re.search(r'<select name="recurrence"[^>]*>\s*<option value=""[^>]*>([^<]+)<', html)
    assert recurs.group(1) == "Any"
    assert '<option value="" selected>Any role</option>' in html
    assert '<option value="" selected>Any verb</option>' in html
    # Four filters first; the others under "More filters", closed while none of them is
    # chosen, open (saying how many) when one is, or when one is wrong.
    first, more = html.split('<details class="more-filters"', 1)
    assert all(f'name="{name}"' in first for name in ("q", "addressee", "document", "overdue"))
    assert 'name="recurrence"' in more and 'name="status"' in more
    assert more.startswith(">")
    chosen = client.get("/mandates/", {"recurrence": "annual", "addressee": "ITU"})
    folded = chosen.content.decode().split('<details class="more-filters"', 1)[1]
    assert folded.startswith(" open>") and "More filters (1)" in folded
    assert "Filters (2)" in chosen.content.decode()
    wrong = client.get("/mandates/", {"due_before": "someday"}).content.decode()
    assert '<details class="tracker-filters" open>' in wrong
    assert wrong.split('<details class="more-filters"', 1)[1].startswith(" open>")
