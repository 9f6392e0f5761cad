"""A small demonstration set that shows what the portal is for (``manage.py load_demo``).

Stocktaking entries in six languages and every workflow state, a WSIS Prizes edition open for
nominations with one nomination, road-map targets of two action lines with indicators and
measurements, a past and a coming coordination meeting, and progress updates on three
mandates — made by four demonstration accounts through the same services a person's clicks
go through, so their history and audit trail read as real ones do.

Every row made is registered as a ``DemoRecord`` under a key of its own: loading again finds
it and makes nothing twice, and ``remove_demo`` deletes exactly those rows (and their audit
events), putting back the mandate statuses the progress updates moved. While the set is
loaded, every page says so (``base.html``). The set is for trials and screenshots: the
command refuses to load it with ``DEBUG`` off unless forced, and no e-mail goes out about it.
"""

import datetime
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actionlines import services as actionline_services
from actionlines.models import ActionLine, Membership, Organization, SDGTarget
from actionlines.models import SustainableDevelopmentGoal as SDG
from mandates import services as mandate_services
from mandates.models import Mandate, MandateParty
from stocktaking import prizes
from stocktaking import services as entry_services
from stocktaking.models import (
    Country,
    Notification,
    PrizeCategory,
    PrizeEdition,
    StakeholderType,
    StocktakingEntry,
)
from stocktaking.permissions import MODERATORS_GROUP

from .caching import bump_generation
from .models import AuditEvent, DemoRecord

#: Every demonstration account's user name starts with this.
USER_PREFIX = "demo-"
FACILITATING_ORGANIZATION = "ITU"

State = StocktakingEntry.State


class ReferenceContentMissing(Exception):
    """The set links to action lines, countries, SDGs and mandates: load those first."""


@dataclass
class DemoAccount:
    username: str
    role: str
    password: str
    needs_two_factor: bool = False


@dataclass
class LoadResult:
    accounts: list[DemoAccount] = field(default_factory=list)
    made: int = 0
    kept: int = 0


# The accounts: (user name, role as the console names it, organisation, moderator?).
ACCOUNTS = [
    ("demo-stakeholder", "stakeholder", None, False),
    ("demo-ngo", "stakeholder", None, False),
    ("demo-facilitator", f"facilitator ({FACILITATING_ORGANIZATION})", "ITU", False),
    ("demo-moderator", "moderator", None, True),
]

# The entries: key, owner, the states it goes through, and its fields and links.
ENTRIES = [
    {
        "key": "telemedicine",
        "owner": "demo-stakeholder",
        "path": ["submit", "publish"],
        "nominate": "C7-e-health",
        "values": {
            "title": "Demo: Satellite-linked mobile clinics",
            "description": (
                "Demonstration entry. Mobile clinics in remote districts reach specialists "
                "through satellite links: consultations by video, test results shared the "
                "same day and medicine stocks tracked from the capital."
            ),
            "language": "en",
            "organization_name": "Demo Health Access Foundation",
            "stakeholder_type": StakeholderType.CIVIL_SOCIETY,
            "scope": StocktakingEntry.Scope.REGIONAL,
            "project_status": StocktakingEntry.ProjectStatus.ONGOING,
            "start_date": datetime.date(2023, 3, 1),
        },
        "countries": ["KE", "UG", "TZ"],
        "action_lines": ["C7-e-health", "C2"],
        "sdgs": [3, 9],
        "sdg_targets": ["3.8", "9.c"],
    },
    {
        "key": "rural-schools",
        "owner": "demo-ngo",
        "path": ["submit", "publish"],
        "values": {
            "title": "Démo : Écoles rurales connectées",
            "description": (
                "Entrée de démonstration. Des écoles de villages reçoivent une connexion "
                "solaire, des tablettes et une formation des enseignants aux ressources "
                "éducatives libres."
            ),
            "language": "fr",
            "organization_name": "Association Démo pour l'éducation numérique",
            "stakeholder_type": StakeholderType.CIVIL_SOCIETY,
            "scope": StocktakingEntry.Scope.NATIONAL,
            "project_status": StocktakingEntry.ProjectStatus.ONGOING,
            "start_date": datetime.date(2022, 9, 1),
        },
        "countries": ["SN", "ML"],
        "action_lines": ["C7-e-learning", "C4"],
        "sdgs": [4],
        "sdg_targets": ["4.a"],
    },
    {
        "key": "e-services",
        "owner": "demo-stakeholder",
        "path": ["submit", "publish"],
        "values": {
            "title": "عرض توضيحي: بوابة موحدة للخدمات الحكومية",
            "description": (
                "مشروع للعرض التوضيحي. بوابة واحدة يقدّم فيها المواطنون طلباتهم إلى الجهات "
                "الحكومية ويتابعونها عبر الإنترنت وبالهاتف المحمول."
            ),
            "language": "ar",
            "organization_name": "وزارة العرض التوضيحي للتحول الرقمي",
            "stakeholder_type": StakeholderType.GOVERNMENT,
            "scope": StocktakingEntry.Scope.NATIONAL,
            "project_status": StocktakingEntry.ProjectStatus.COMPLETED,
            "start_date": datetime.date(2020, 1, 15),
            "end_date": datetime.date(2024, 6, 30),
        },
        "countries": ["JO"],
        "action_lines": ["C7-e-government"],
        "sdgs": [16],
        "sdg_targets": ["16.6"],
    },
    {
        "key": "community-network",
        "owner": "demo-ngo",
        "path": ["submit"],
        "values": {
            "title": "Demo: Red comunitaria de internet en los Andes",
            "description": (
                "Entrada de demostración. Comunidades de altura construyen y administran su "
                "propia red inalámbrica, con antenas locales y una cooperativa que la mantiene."
            ),
            "language": "es",
            "organization_name": "Cooperativa Demo de Conectividad",
            "stakeholder_type": StakeholderType.TECHNICAL_COMMUNITY,
            "scope": StocktakingEntry.Scope.NATIONAL,
            "project_status": StocktakingEntry.ProjectStatus.ONGOING,
            "start_date": datetime.date(2024, 2, 1),
        },
        "countries": ["PE", "BO"],
        "action_lines": ["C2"],
        "sdgs": [9, 10],
        "sdg_targets": ["9.c"],
    },
    {
        "key": "senior-literacy",
        "owner": "demo-stakeholder",
        "path": ["submit", "request_changes"],
        "comment": "Please add the number of people trained so far and the project's website.",
        "values": {
            "title": "Демо: Цифровая грамотность для старшего поколения",
            "description": (
                "Демонстрационная запись. Курсы в библиотеках учат пожилых людей пользоваться "
                "электронными государственными услугами и защищаться от мошенничества."
            ),
            "language": "ru",
            "organization_name": "Демо-фонд цифровых навыков",
            "stakeholder_type": StakeholderType.CIVIL_SOCIETY,
            "scope": StocktakingEntry.Scope.NATIONAL,
            "project_status": StocktakingEntry.ProjectStatus.ONGOING,
            "start_date": datetime.date(2023, 10, 1),
        },
        "countries": ["KZ", "KG"],
        "action_lines": ["C4", "C5"],
        "sdgs": [4, 10],
        "sdg_targets": [],
    },
    {
        "key": "smart-farming",
        "owner": "demo-ngo",
        "path": [],
        "values": {
            "title": "演示：智慧农业信息服务",
            "description": "演示条目。通过短信和语音向小农户提供天气、病虫害和市场价格信息。",
            "language": "zh",
            "organization_name": "演示农业信息中心",
            "stakeholder_type": StakeholderType.ACADEMIA,
            "scope": StocktakingEntry.Scope.NATIONAL,
            "project_status": StocktakingEntry.ProjectStatus.PLANNED,
        },
        "countries": ["CN"],
        "action_lines": ["C7-e-agriculture"],
        "sdgs": [2],
        "sdg_targets": ["2.3"],
    },
    {
        "key": "crypto-scheme",
        "owner": "demo-stakeholder",
        "path": ["submit", "reject"],
        "comment": "This describes a product for sale, not an ICT-for-development project.",
        "values": {
            "title": "Demo: Buy our token, connect the world",
            "description": "Demonstration entry: an advertisement, rejected by a moderator.",
            "language": "en",
            "organization_name": "Demo Ventures Ltd",
            "stakeholder_type": StakeholderType.PRIVATE_SECTOR,
            "scope": StocktakingEntry.Scope.GLOBAL,
            "project_status": StocktakingEntry.ProjectStatus.PLANNED,
        },
        "countries": [],
        "action_lines": ["C6"],
        "sdgs": [],
        "sdg_targets": [],
    },
    {
        "key": "closed-pilot",
        "owner": "demo-ngo",
        "path": ["submit", "publish", "archive"],
        "values": {
            "title": "Demo: Emergency alert pilot (ended)",
            "description": "Demonstration entry: a finished pilot, archived by a moderator.",
            "language": "en",
            "organization_name": "Demo Disaster Readiness Network",
            "stakeholder_type": StakeholderType.MULTI_STAKEHOLDER,
            "scope": StocktakingEntry.Scope.NATIONAL,
            "project_status": StocktakingEntry.ProjectStatus.COMPLETED,
            "start_date": datetime.date(2019, 5, 1),
            "end_date": datetime.date(2021, 4, 30),
        },
        "countries": ["PH"],
        "action_lines": ["C7-e-environment"],
        "sdgs": [11, 13],
        "sdg_targets": ["13.1"],
    },
]

# Road maps: (key, line, target fields, indicator fields, measurements as (date, value)).
ROADMAPS = [
    (
        "school-connectivity",
        "C2",
        {
            "title": "Demo: Every school connected",
            "description": "Demonstration target: meaningful connectivity in every school.",
            "due_date": datetime.date(2030, 12, 31),
        },
        {
            "name": "Demo: Schools connected to the internet",
            "unit": "%",
            "baseline_value": 35,
            "baseline_year": 2020,
            "target_value": 100,
            "target_year": 2030,
        },
        [("2021-06-30", 41), ("2022-06-30", 48.5), ("2023-06-30", 55), ("2024-06-30", 61)],
    ),
    (
        "incident-response",
        "C5",
        {
            "title": "Demo: A national incident response team in every country",
            "description": "Demonstration target: computer incident response capacity.",
            "due_date": datetime.date(2030, 12, 31),
        },
        {
            "name": "Demo: Countries with a national CIRT",
            "unit": "countries",
            "baseline_value": 110,
            "baseline_year": 2019,
            "target_value": 193,
            "target_year": 2030,
        },
        [("2021-12-31", 125), ("2023-12-31", 139), ("2025-06-30", 152)],
    ),
]

# Progress updates on mandates addressed to the facilitating organisation, in order.
MANDATE_UPDATES = [
    ("on_track", "Demonstration update: a first draft of the report is with the co-facilitators."),
    ("at_risk", "Demonstration update: the survey of Member States has had few answers so far."),
    ("completed", "Demonstration update: done, and presented at the facilitators' meeting."),
]


class DemoSet:
    """Loads the set, row by row, through the registry of ``DemoRecord`` keys."""

    def __init__(self, *, today=None):
        self.today = today or timezone.localdate()
        self.result = LoadResult()
        self.users = {}

    # The registry ---------------------------------------------------------------------

    def find(self, key):
        record = DemoRecord.objects.filter(key=key).first()
        if record is None:
            return None
        found = record.content_type.get_object_for_this_type(pk=record.object_id)
        self.result.kept += 1
        return found

    def keep(self, key, obj, *, restore=None):
        DemoRecord.objects.update_or_create(
            key=key,
            defaults={
                "content_type": ContentType.objects.get_for_model(obj),
                "object_id": str(obj.pk),
                "restore": restore,
            },
        )
        if restore is None:
            self.result.made += 1
        return obj

    def found_or_made(self, key, make):
        try:
            found = self.find(key)
        except Exception:  # the record outlived its row (deleted by hand): make it again
            found = None
        return found if found is not None else self.keep(key, make())

    # The parts ------------------------------------------------------------------------

    def load(self) -> LoadResult:
        self.check_reference()
        with transaction.atomic():
            self.load_accounts()
            entries = {spec["key"]: self.load_entry(spec) for spec in ENTRIES}
            self.load_prize_edition(entries)
            self.load_roadmaps()
            self.load_meetings()
            self.load_mandate_updates()
            # Nobody is e-mailed about made-up submissions and decisions.
            Notification.objects.filter(entry__in=list(entries.values())).delete()
        bump_generation()
        return self.result

    def check_reference(self):
        lines = {code for spec in ENTRIES for code in spec["action_lines"]}
        lines |= {line for _key, line, *_rest in ROADMAPS}
        if ActionLine.objects.filter(code__in=lines).count() < len(lines) or not (
            Organization.objects.filter(acronym=FACILITATING_ORGANIZATION).exists()
            and SDG.objects.exists()
            and Country.objects.exists()
        ):
            raise ReferenceContentMissing(
                "The demonstration set links to the reference content (action lines, "
                "countries, SDGs, mandates): run `manage.py load_reference` first."
            )

    def load_accounts(self):
        User = get_user_model()
        moderators, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
        organization = Organization.objects.get(acronym=FACILITATING_ORGANIZATION)
        for username, role, acronym, is_moderator in ACCOUNTS:
            user = self.found_or_made(
                f"user:{username}",
                lambda username=username: User.objects.create_user(
                    username, email=f"{username}@example.org"
                ),
            )
            # A fresh password each time: the console is the only place it is ever shown.
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_active = True
            user.save()
            if is_moderator:
                user.groups.add(moderators)
            if acronym:
                self.found_or_made(
                    f"membership:{username}",
                    lambda user=user: Membership.objects.create(
                        user=user, organization=organization
                    ),
                )
            self.users[username] = user
            self.result.accounts.append(
                DemoAccount(
                    username, role, password, needs_two_factor=bool(acronym or is_moderator)
                )
            )

    def load_entry(self, spec):
        def make():
            owner, moderator = self.users[spec["owner"]], self.users["demo-moderator"]
            relations = {
                "countries": list(Country.objects.filter(code__in=spec["countries"])),
                "action_lines": list(ActionLine.objects.filter(code__in=spec["action_lines"])),
                "sdgs": list(SDG.objects.filter(number__in=spec["sdgs"])),
                "sdg_targets": list(SDGTarget.objects.filter(code__in=spec["sdg_targets"])),
            }
            entry = entry_services.create_entry(
                by=owner,
                relations=relations,
                website=f"https://example.org/demo/{spec['key']}",
                **spec["values"],
            )
            for action in spec["path"]:
                actor = owner if action == "submit" else moderator
                entry_services.transition_entry(
                    entry, action, by=actor, comment=spec.get("comment", "")
                )
            return StocktakingEntry.objects.get(pk=entry.pk)

        return self.found_or_made(f"entry:{spec['key']}", make)

    def free_prize_year(self):
        year = self.today.year + 1
        while PrizeEdition.objects.filter(year=year).exists():
            year += 1
        return year

    def load_prize_edition(self, entries):
        """An edition whose nominations are open today, with one nomination."""

        def make():
            today = self.today
            return prizes.create_edition(
                year=self.free_prize_year(),
                nomination_opens=today - datetime.timedelta(days=14),
                nomination_closes=today + datetime.timedelta(days=60),
                voting_opens=today + datetime.timedelta(days=90),
                voting_closes=today + datetime.timedelta(days=120),
                by=None,
            )

        edition = self.found_or_made("prize-edition", make)
        for spec in ENTRIES:
            if "nominate" not in spec:
                continue
            entry = entries[spec["key"]]

            def nominate(entry=entry, code=spec["nominate"]):
                category = PrizeCategory.objects.get(edition=edition, action_line__code=code)
                return prizes.nominate(entry, category, by=entry.submitter)

            self.found_or_made(f"nomination:{spec['key']}", nominate)

    def load_roadmaps(self):
        facilitator = self.users["demo-facilitator"]
        for key, code, target_values, indicator_values, measurements in ROADMAPS:
            line = ActionLine.objects.get(code=code)
            target = self.found_or_made(
                f"roadmap-target:{key}",
                lambda line=line, values=target_values: actionline_services.save_roadmap_target(
                    line, by=facilitator, sort_order=90, **values
                ),
            )
            indicator = self.found_or_made(
                f"indicator:{key}",
                lambda target=target, values=indicator_values: actionline_services.save_indicator(
                    target, by=facilitator, **values
                ),
            )
            for day, value in measurements:
                self.found_or_made(
                    f"measurement:{key}:{day}",
                    lambda indicator=indicator, day=day, value=value: (
                        actionline_services.record_measurement(
                            indicator,
                            measured_on=datetime.date.fromisoformat(day),
                            value=value,
                            by=facilitator,
                            source="Demonstration figures",
                        )
                    ),
                )

    def load_meetings(self):
        facilitator = self.users["demo-facilitator"]
        organizer = Organization.objects.get(acronym=FACILITATING_ORGANIZATION)
        lines = list(ActionLine.objects.filter(code__in=["C2", "C5", "C6"]))
        meetings = [
            (
                "past",
                {
                    "title": "Demo: Facilitators' coordination call",
                    "date": self.today - datetime.timedelta(days=30),
                    "is_online": True,
                    "agenda": "1. Road-map progress\n2. Reporting to CSTD",
                    "minutes": "Demonstration minutes: the road-map figures were reviewed.",
                },
            ),
            (
                "coming",
                {
                    "title": "Demo: Action line facilitation meeting",
                    "date": self.today + datetime.timedelta(days=45),
                    "location": "Geneva",
                    "agenda": "1. Prize nominations\n2. Joint report",
                },
            ),
        ]
        for key, values in meetings:
            self.found_or_made(
                f"meeting:{key}",
                lambda values=values: actionline_services.save_meeting(
                    by=facilitator, action_lines=lines, organizer=organizer, **values
                ),
            )

    def load_mandate_updates(self):
        facilitator = self.users["demo-facilitator"]
        organization = Organization.objects.get(acronym=FACILITATING_ORGANIZATION)
        mandates = list(
            Mandate.objects.addressed_to(organization)
            .exclude(status__in=[Mandate.Status.HISTORIC, Mandate.Status.COMPLETED])
            .order_by("-document__date", "pk")[: len(MANDATE_UPDATES)]
        )
        for index, (mandate, (status, text)) in enumerate(
            zip(mandates, MANDATE_UPDATES, strict=False)
        ):
            key = f"mandate-update:{index}"
            if DemoRecord.objects.filter(key=key).exists():
                self.result.kept += 1
                continue
            party = mandate.parties.get(role=MandateParty.Role.ADDRESSEE, organization=organization)
            # What the update moves, to put back on removal (unless kept from an earlier load).
            self.restore_later(f"mandate:{mandate.pk}", mandate, {"status": mandate.status})
            self.restore_later(f"mandate-party:{party.pk}", party, {"status": party.status})
            update = mandate_services.post_mandate_update(
                mandate, organization=organization, status=status, text=text, by=facilitator
            )
            self.keep(key, update)

    def restore_later(self, key, obj, values):
        if not DemoRecord.objects.filter(key=key).exists():
            self.keep(key, obj, restore=values)


def load_demo(*, today=None) -> LoadResult:
    """Load the demonstration set (what is already there is kept); the accounts come back
    with fresh passwords."""
    return DemoSet(today=today).load()


@transaction.atomic
def remove_demo() -> int:
    """Delete every row the set made, newest first, with the audit events about them and by
    its accounts; put back what it changed. Returns how many records it removed."""
    records = list(DemoRecord.objects.select_related("content_type").order_by("-id"))
    made = [record for record in records if record.restore is None]
    accounts = [record.object_id for record in made if record.key.startswith("user:")]
    about = Q(pk__in=[])
    for record in made:
        label = record.content_type.model_class()._meta.label_lower
        about |= Q(object_type=label, object_id=record.object_id)
    # Before the accounts go (their events would lose their actor), and after (deleting an
    # account's membership records an event about the account).
    AuditEvent.objects.filter(about | Q(actor_id__in=accounts)).delete()
    for record in records:
        rows = record.content_type.model_class()._default_manager.filter(pk=record.object_id)
        if record.restore is not None:
            rows.update(**record.restore)
        else:
            for row in rows:
                row.delete()
    AuditEvent.objects.filter(about).delete()
    DemoRecord.objects.filter(pk__in=[record.pk for record in records]).delete()
    bump_generation()
    return len(records)


def is_loaded() -> bool:
    return DemoRecord.objects.exists()
