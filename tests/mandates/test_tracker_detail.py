"""The mandate page: paragraph text, addressees, history of progress."""

import datetime

from django.utils import timezone

from tests.support.factories import MandateFactory, MandateUpdateFactory, OrganizationFactory


def test_mandate_page_shows_paragraph_addressees_and_history(client, db):
    mandate = MandateFactory(paragraph__text="We request the facilitators to report.")
    itu = OrganizationFactory(acronym="ITU")
    mandate.parties.create(organization=itu, role="addressee")
    MandateUpdateFactory(
        mandate=mandate,
        organization=itu,
        text="First <b>draft</b>.",
        created_at=timezone.make_aware(datetime.datetime(2026, 1, 5)),
    )
    MandateUpdateFactory(
        mandate=mandate,
        organization=itu,
        text="Consulted.",
        created_at=timezone.make_aware(datetime.datetime(2026, 2, 5)),
    )
    html = client.get(mandate.get_absolute_url()).content.decode()
    assert "We request the facilitators to report." in html
    assert ">ITU</a>" in html
    assert html.index("Consulted.") < html.index("First &lt;b&gt;draft&lt;/b&gt;.")
    assert "<b>draft</b>" not in html
