"""factory_boy factories for every model the tests create."""

import datetime

import factory
from django.contrib.auth import get_user_model

from actionlines.models import (
    ActionLine,
    CoordinationMeeting,
    Indicator,
    Membership,
    Organization,
    RoadmapTarget,
    SustainableDevelopmentGoal,
)
from mandates.models import Document, Mandate, MandateUpdate, Paragraph
from stocktaking.models import Country, Region, StocktakingEntry

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["acronym"]

    acronym = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.LazyAttribute(lambda o: o.acronym.lower())
    name = factory.LazyAttribute(lambda o: f"The {o.acronym} organisation")
    kind = Organization.Kind.UN_AGENCY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)


class ActionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLine
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"C{n % 11 + 1}")
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    title = factory.LazyAttribute(lambda o: f"Action line {o.code}")
    sort_order = factory.Sequence(lambda n: n)


class SDGFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SustainableDevelopmentGoal
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n % 17 + 1)
    title = factory.LazyAttribute(lambda o: f"Goal {o.number}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = 2
    name = "Africa"


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = "KE"
    alpha3 = "KEN"
    numeric = 404
    name = "Kenya"
    region = factory.SubFactory(RegionFactory)


class StocktakingEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StocktakingEntry

    title = factory.Sequence(lambda n: f"Community broadband project {n}")
    description = "Connecting rural schools and health centres to the Internet."
    organization_name = "Rural Connect"
    stakeholder_type = "civil_society"
    submitter = factory.SubFactory(UserFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"doc-{n}")
    title = factory.Sequence(lambda n: f"Resolution {n}")
    kind = Document.Kind.RESOLUTION
    date = datetime.date(2025, 12, 17)


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    document = factory.SubFactory(DocumentFactory)
    order = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda p: str(p.order))
    number = factory.LazyAttribute(lambda p: p.order)
    anchor = factory.LazyAttribute(lambda p: f"para-{p.order}")
    text = "We call upon the action line facilitators to develop road maps."


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    paragraph = factory.SubFactory(ParagraphFactory)
    document = factory.LazyAttribute(lambda m: m.paragraph.document)
    title = factory.Sequence(lambda n: f"Mandate {n}")
    request = "Develop implementation road maps."
    deadline = datetime.date(2027, 12, 31)


class MandateUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MandateUpdate

    mandate = factory.SubFactory(MandateFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = MandateUpdate.Status.ON_TRACK
    text = "Drafting has started."


class RoadmapTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapTarget

    action_line = factory.SubFactory(ActionLineFactory)
    title = factory.Sequence(lambda n: f"Target {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    target = factory.SubFactory(RoadmapTargetFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"


class CoordinationMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinationMeeting

    title = factory.Sequence(lambda n: f"Coordination meeting {n}")
    date = datetime.date(2026, 5, 12)
