"""Database constraints: the rules hold even for writes that bypass forms and services."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from actionlines.models import ActionLine, Facilitation, Measurement
from stocktaking.models import StocktakingEntry
from tests.support.factories import (
    ActionLineFactory,
    IndicatorFactory,
    OrganizationFactory,
    ParagraphFactory,
    StocktakingEntryFactory,
)

pytestmark = pytest.mark.django_db


def violates(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_action_line_codes_are_unique_and_well_formed():
    ActionLineFactory(code="C1", slug="c1")
    violates(lambda: ActionLine.objects.create(code="C1", slug="c1-bis", title="Again"))
    violates(lambda: ActionLine.objects.create(code="C12", slug="c12", title="No such line"))
    violates(lambda: ActionLine.objects.create(code="X7", slug="x7", title="Bad"))
    ActionLine.objects.create(code="C7-e-health", slug="c7-e-health", title="E-health")


def test_one_lead_facilitator_per_line_and_no_duplicate_facilitation():
    line = ActionLineFactory(code="C2", slug="c2")
    itu, unesco = OrganizationFactory(acronym="ITU"), OrganizationFactory(acronym="UNESCO")
    Facilitation.objects.create(action_line=line, organization=itu, role="lead")
    violates(
        lambda: Facilitation.objects.create(action_line=line, organization=unesco, role="lead")
    )
    violates(lambda: Facilitation.objects.create(action_line=line, organization=itu, role="co"))
    violates(
        lambda: Facilitation.objects.create(action_line=line, organization=unesco, role="boss")
    )


def test_entry_state_must_be_a_workflow_state():
    entry = StocktakingEntryFactory()
    violates(lambda: StocktakingEntry.objects.filter(pk=entry.pk).update(state="approved"))
    violates(lambda: StocktakingEntry.objects.filter(pk=entry.pk).update(stakeholder_type="spy"))
    StocktakingEntry.objects.filter(pk=entry.pk).update(state="published")


def test_entry_cannot_end_before_it_starts():
    violates(
        lambda: StocktakingEntryFactory(
            start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2024, 1, 1)
        )
    )


def test_paragraph_order_and_anchor_unique_within_a_document():
    first = ParagraphFactory(order=1, anchor="para-1")
    violates(lambda: ParagraphFactory(document=first.document, order=1, anchor="para-x"))
    violates(lambda: ParagraphFactory(document=first.document, order=2, anchor="para-1"))
    ParagraphFactory(order=1, anchor="para-1")  # another document may reuse both


def test_one_measurement_per_indicator_and_date():
    indicator = IndicatorFactory()
    day = datetime.date(2026, 1, 1)
    Measurement.objects.create(indicator=indicator, measured_on=day, value=10)
    violates(lambda: Measurement.objects.create(indicator=indicator, measured_on=day, value=11))
