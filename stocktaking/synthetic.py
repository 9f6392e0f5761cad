"""Synthetic stocktaking entries for load tests and benchmarks (``generate_stocktaking``).

Entries look like the real WSIS stocktaking database: spread over the action lines (C7
sub-lines included), SDGs and some SDG targets, countries and regions, stakeholder types,
project statuses, scopes and workflow states (mostly published), created 2004–2026 with more
in recent years, by a pool of organisations of unequal size. Titles and descriptions come
from per-line word lists, so full-text search finds e-health projects with "telemedicine".
Everything follows one seeded random stream: the same seed and count give the same content.

Loading is the point of the module. On PostgreSQL entries and their many-to-many rows go in
with ``COPY`` (ids reserved from the entry sequence first, so the link rows can name them);
the ``search_vector`` trigger of migration 0002 stays on, which costs less than filling the
column afterwards (an UPDATE of every row would write each one twice). For the same reason
``region_codes`` is written with each entry and the link tables' triggers of migration 0007,
which would recompute it, are told to skip (``REGION_CODES_WRITTEN``). The server's work per
row is most of the time, so several batches load at once on connections of their own
(``jobs``). Elsewhere (SQLite)
``bulk_create`` in batches. Synthetic rows are recognised by their submitters, users whose
username starts with ``SUBMITTER_PREFIX``; ``delete_synthetic`` removes them.
"""

import bisect
import datetime
import itertools
import random
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from actionlines.models import ActionLine, Organization, SDGTarget, SustainableDevelopmentGoal

from .models import Country, Region, StakeholderType, StocktakingEntry

Entry = StocktakingEntry
State = Entry.State
Scope = Entry.Scope
ProjectStatus = Entry.ProjectStatus

SUBMITTER_PREFIX = "synthetic-"
SUBMITTER_COUNT = 12
ORGANISATION_POOL_SIZE = 20_000
FIRST_YEAR, LAST_YEAR = 2004, 2026
# A fixed end of the time window (not "now"), so that a seed always gives the same dates.
WINDOW_END = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
INACTIVE_AFTER = datetime.timedelta(days=730)
DAY = 86_400
#: The GIN index of migration 0002 that serves ``q``.
SEARCH_INDEX = "stocktaking_entry_search_gin"

#: Columns written per entry, in this order (``search_vector`` comes from the trigger; COPY
#: adds ``region_codes``).
COLUMNS = (
    "id",
    "title",
    "description",
    "organization_name",
    "organization_id",
    "stakeholder_type",
    "scope",
    "project_status",
    "start_date",
    "end_date",
    "website",
    "contact_email",
    "logo",
    "submitter_id",
    "state",
    "created_at",
    "updated_at",
    "submitted_at",
    "published_at",
    "last_owner_update_at",
    "is_inactive",
)
#: Many-to-many relations filled, in the order ``EntryGenerator.entry`` returns their ids.
RELATIONS = ("action_lines", "sdgs", "sdg_targets", "countries", "regions")
#: Set for a transaction, the link tables' triggers of migration 0007 leave ``region_codes``
#: alone: for one that writes the arrays itself, or deletes the entries.
REGION_CODES_WRITTEN = "stocktaking.region_codes_written"

STATE_WEIGHTS = {
    State.PUBLISHED: 85,
    State.SUBMITTED: 5,
    State.DRAFT: 4,
    State.ARCHIVED: 2.5,
    State.CHANGES_REQUESTED: 2,
    State.REJECTED: 1.5,
}
STAKEHOLDER_WEIGHTS = {
    StakeholderType.GOVERNMENT: 30,
    StakeholderType.CIVIL_SOCIETY: 22,
    StakeholderType.PRIVATE_SECTOR: 16,
    StakeholderType.ACADEMIA: 12,
    StakeholderType.INTERNATIONAL_ORGANIZATION: 9,
    StakeholderType.TECHNICAL_COMMUNITY: 5,
    StakeholderType.MULTI_STAKEHOLDER: 5,
    StakeholderType.OTHER: 1,
}
#: How many action lines, and SDGs, an entry names (one most often).
SIZES = (1, 1, 2, 3)
SCOPE_WEIGHTS = {Scope.NATIONAL: 72, Scope.REGIONAL: 18, Scope.GLOBAL: 10}

#: What projects under each line are about (title and description words), how often the
#: line is chosen, and the SDGs it mostly serves (after the WSIS–SDG matrix).
LINE_TOPICS = {
    "C1": (
        6,
        (16, 17, 9),
        [
            "national ICT strategy",
            "digital transformation policy",
            "e-strategy",
            "multi-stakeholder dialogue on ICT policy",
            "digital development plan",
        ],
    ),
    "C2": (
        9,
        (9, 1, 11),
        [
            "broadband infrastructure",
            "rural connectivity",
            "community networks",
            "fibre backbone",
            "public Wi-Fi access",
            "satellite connectivity",
            "universal service fund",
        ],
    ),
    "C3": (
        10,
        (4, 16, 9),
        [
            "open data portal",
            "public access centres",
            "digital libraries",
            "open educational resources",
            "access to public information",
            "community telecentres",
        ],
    ),
    "C4": (
        10,
        (4, 5, 8),
        [
            "digital skills training",
            "ICT capacity building",
            "coding clubs",
            "digital literacy",
            "training of trainers",
            "girls in ICT",
        ],
    ),
    "C5": (
        6,
        (16, 9),
        [
            "cybersecurity awareness",
            "computer incident response team",
            "child online protection",
            "data protection",
            "secure online payments",
        ],
    ),
    "C6": (
        5,
        (8, 9, 16),
        [
            "ICT regulatory reform",
            "spectrum management",
            "enabling environment for digital investment",
            "consumer protection online",
        ],
    ),
    "C7": (3, (8, 9), ["ICT applications", "digital public services", "mobile applications"]),
    "C7-e-government": (
        7,
        (16,),
        [
            "e-government services",
            "digital identity",
            "online tax filing",
            "e-procurement",
            "one-stop government portal",
        ],
    ),
    "C7-e-business": (
        5,
        (8, 9),
        [
            "e-commerce for small businesses",
            "mobile money",
            "digital marketplaces",
            "online trade facilitation",
        ],
    ),
    "C7-e-learning": (
        8,
        (4,),
        [
            "e-learning platform",
            "online courses",
            "digital classrooms",
            "distance education",
            "school connectivity",
        ],
    ),
    "C7-e-health": (
        7,
        (3,),
        [
            "telemedicine",
            "electronic health records",
            "mobile health",
            "health information systems",
            "disease surveillance",
        ],
    ),
    "C7-e-employment": (
        3,
        (8, 5),
        ["online job matching", "telework", "digital jobs for youth", "gig work protection"],
    ),
    "C7-e-environment": (
        4,
        (13, 11, 15, 6, 7),
        [
            "climate monitoring",
            "early warning systems",
            "e-waste recycling",
            "smart energy grids",
            "water management sensors",
        ],
    ),
    "C7-e-agriculture": (
        5,
        (2, 1),
        [
            "farm advisory services by SMS",
            "agricultural market prices",
            "precision agriculture",
            "weather information for farmers",
        ],
    ),
    "C7-e-science": (
        3,
        (9, 17),
        [
            "research and education networks",
            "open science repository",
            "scientific computing",
            "citizen science",
        ],
    ),
    "C8": (
        4,
        (4, 11),
        [
            "local content in indigenous languages",
            "digital cultural heritage",
            "multilingual internet",
            "community radio archives",
        ],
    ),
    "C9": (
        3,
        (16, 5),
        [
            "community media",
            "media literacy",
            "public service broadcasting",
            "fact-checking network",
        ],
    ),
    "C10": (
        2,
        (16, 5, 10),
        ["ethics of artificial intelligence", "online human rights", "responsible data use"],
    ),
    "C11": (
        3,
        (17,),
        [
            "regional ICT cooperation",
            "South-South cooperation",
            "international digital partnership",
        ],
    ),
}
AUDIENCES = [
    "rural communities",
    "women entrepreneurs",
    "young people",
    "persons with disabilities",
    "smallholder farmers",
    "public servants",
    "teachers",
    "students",
    "health workers",
    "older persons",
    "indigenous communities",
    "small and medium enterprises",
    "refugees",
    "local governments",
    "journalists",
    "researchers",
    "girls and young women",
]
PROGRAMMES = ["programme", "initiative", "project", "platform", "network", "pilot", "campaign"]
ADJECTIVES = [
    "national",
    "community-based",
    "open",
    "inclusive",
    "low-cost",
    "scalable",
    "sustainable",
    "mobile-first",
    "regional",
    "innovative",
]
VERBS = ["expands", "strengthens", "supports", "develops", "connects", "promotes", "delivers"]
BENEFITS = [
    "reduces the cost of access",
    "improves the quality of services",
    "builds local skills",
    "creates jobs",
    "closes the gender digital divide",
    "brings services closer to citizens",
    "improves transparency",
]
ACHIEVEMENTS = ["reached", "trained", "connected", "served", "registered"]
BENEFICIARIES = ["people", "schools", "households", "clinics", "farmers", "small businesses"]
PARTNERS = [
    "the national regulator",
    "local universities",
    "mobile network operators",
    "community organisations",
    "the ministry of education",
    "development partners",
    "municipal authorities",
    "a regional development bank",
]
LESSONS = [
    "local ownership",
    "sustainable funding",
    "accessibility",
    "user training",
    "open standards",
    "data privacy",
    "measuring impact",
    "partnerships",
]

ORGANISATION_FORMS = {
    StakeholderType.GOVERNMENT: [
        "Ministry of {portfolio} of {country}",
        "{country} {agency}",
        "National {agency} of {country}",
    ],
    StakeholderType.CIVIL_SOCIETY: [
        "{cause} Foundation {country}",
        "{country} {cause} Network",
        "Association for {cause} in {country}",
    ],
    StakeholderType.PRIVATE_SECTOR: [
        "{brand}{suffix} {company}",
        "{country} {brand} Telecom",
        "{brand} Digital {company}",
    ],
    StakeholderType.ACADEMIA: [
        "University of {city}",
        "{country} Institute of Technology",
        "{city} School of {field}",
    ],
    StakeholderType.INTERNATIONAL_ORGANIZATION: [
        "{region} {cause} Commission",
        "{region} Telecommunity",
    ],
    StakeholderType.TECHNICAL_COMMUNITY: [
        "{country} Internet Society Chapter",
        "{country} Network Operators Group",
        "{country} Internet Exchange Point",
    ],
    StakeholderType.MULTI_STAKEHOLDER: [
        "{region} Alliance for {cause}",
        "{cause} Partnership {country}",
    ],
    StakeholderType.OTHER: ["{city} {cause} Collective", "{brand} {cause} Lab"],
}
PORTFOLIOS = [
    "Communications",
    "ICT and Innovation",
    "Digital Economy",
    "Education",
    "Health",
    "Agriculture",
    "Public Administration",
    "Science and Technology",
]
AGENCIES = [
    "Telecommunications Authority",
    "Digital Agency",
    "ICT Agency",
    "Statistics Office",
    "Broadband Council",
    "e-Government Agency",
]
CAUSES = [
    "Digital Inclusion",
    "Open Knowledge",
    "Digital Rights",
    "Connectivity",
    "Youth Tech",
    "Women in Technology",
    "Rural Development",
    "Media Freedom",
    "Green ICT",
]
BRANDS = [
    "Nova",
    "Afri",
    "Tele",
    "Data",
    "Link",
    "Sky",
    "Netra",
    "Orbi",
    "Kora",
    "Vanta",
    "Luma",
    "Terra",
    "Zeni",
    "Pulse",
    "Mira",
]
SUFFIXES = ["com", "net", "soft", "tech", "wave", "cloud"]
COMPANIES = ["Ltd", "Inc.", "S.A.", "Group", "Solutions", "Systems"]
CITY_PARTS = ["Capital", "North", "South", "Coast", "Central"]
FIELDS = ["Engineering", "Public Policy", "Computing", "Medicine", "Agriculture"]


class ReferenceContentMissing(Exception):
    """The reference content (action lines, SDGs, countries) is not loaded."""


def cumulative(weights):
    return list(itertools.accumulate(weights))


def unique(items):
    """``items`` without repeats, in first-seen order (a set's order would vary by run)."""
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class Organisation:
    name: str
    stakeholder_type: str
    country: int  # index into the catalogue's countries
    organization_id: int | None
    domain: str


class Catalogue:
    """The reference rows entries point to, read once (ids, names and groupings only)."""

    def __init__(self):
        lines = list(ActionLine.objects.order_by("sort_order", "code").values("id", "code"))
        goals = dict(SustainableDevelopmentGoal.objects.values_list("number", "id"))
        self.goal_titles = dict(SustainableDevelopmentGoal.objects.values_list("number", "title"))
        countries = list(
            Country.objects.order_by("code").values("code", "name", "region_id", "subregion_id")
        )
        missing = [
            name
            for name, rows in (("action lines", lines), ("SDGs", goals), ("countries", countries))
            if not rows
        ]
        if missing:
            raise ReferenceContentMissing(
                f"No {', '.join(missing)} in the database: load the reference content first "
                "(python manage.py load_reference)."
            )
        self.lines = lines
        self.goals = goals
        self.targets_by_goal = {}
        for target_id, goal_number in SDGTarget.objects.values_list("id", "goal__number"):
            self.targets_by_goal.setdefault(goal_number, []).append(target_id)
        self.countries = countries
        self.regions = dict(Region.objects.values_list("code", "name"))
        self.region_parent = dict(Region.objects.values_list("code", "parent_id"))
        self.country_regions = {
            country["code"]: (country["region_id"], country["subregion_id"])
            for country in countries
        }
        self.agencies = list(
            Organization.objects.order_by("pk").values_list("pk", "name", "acronym")
        )

    def region_codes(self, country_codes, region_codes) -> list[int] | None:
        """What migration 0007's triggers store in ``region_codes`` for these links: the
        countries' regions and sub-regions, the regions named, and their parents (None: none)."""
        linked = [code for country in country_codes for code in self.country_regions[country]]
        linked += region_codes
        codes = {code for code in linked if code} | {
            self.region_parent.get(code) for code in linked
        }
        codes.discard(None)
        return sorted(codes) or None


class EntryGenerator:
    """Entries as column tuples (``COLUMNS``) plus their many-to-many ids (``RELATIONS``),
    drawn from one random stream seeded by ``seed``."""

    def __init__(self, catalogue: Catalogue, submitter_ids, seed: int):
        self.catalogue = catalogue
        self.submitter_ids = list(submitter_ids)
        self.rng = random.Random(seed)
        self.count = 0
        rng = self.rng

        self.lines = [
            (line["id"], line["code"], *self._topic(line["code"])) for line in catalogue.lines
        ]
        self.line_cum = cumulative(weight for _, _, weight, _, _ in self.lines)
        self.goal_numbers = sorted(catalogue.goals)

        # A few countries carry many projects, most a handful (as in the real database).
        self.country_cum = cumulative(rng.paretovariate(1.1) for _ in catalogue.countries)
        self.countries_by_region = {}
        for index, country in enumerate(catalogue.countries):
            for code in (country["region_id"], country["subregion_id"]):
                if code:
                    self.countries_by_region.setdefault(code, []).append(index)
        self.region_codes = sorted(self.countries_by_region)

        years = range(FIRST_YEAR, LAST_YEAR + 1)
        # The Tunis phase (2004–2005) and steady growth since, most in recent years.
        self.years = list(years)
        self.year_cum = cumulative(
            (3 if year <= 2005 else 1 + 0.3 * (year - FIRST_YEAR)) for year in years
        )
        self.state_values, self.state_cum = self._weighted(STATE_WEIGHTS)
        self.scope_values, self.scope_cum = self._weighted(SCOPE_WEIGHTS)

        self.organisations = self._organisations(ORGANISATION_POOL_SIZE)
        self.organisation_cum = cumulative(
            1 / (rank + 10) for rank in range(len(self.organisations))
        )

    @staticmethod
    def _topic(code):
        weight, goals, topics = LINE_TOPICS.get(code, (2, (), [f"{code} activities"]))
        return weight, goals, tuple(topics)

    @staticmethod
    def _weighted(weights):
        return list(weights), cumulative(weights.values())

    def _pick(self, values, cum):
        return values[bisect.bisect_right(cum, self.rng.random() * cum[-1])]

    def _organisations(self, size) -> list[Organisation]:
        rng = self.rng
        types, type_cum = self._weighted(STAKEHOLDER_WEIGHTS)
        countries = self.catalogue.countries
        regions = self.catalogue.regions
        pool, seen = [], set()
        for agency_id, name, acronym in self.catalogue.agencies:
            domain = acronym.lower().replace(" ", "-")
            country = bisect.bisect_right(self.country_cum, rng.random() * self.country_cum[-1])
            pool.append(
                Organisation(
                    name, StakeholderType.INTERNATIONAL_ORGANIZATION, country, agency_id, domain
                )
            )
        while len(pool) < size:
            kind = self._pick(types, type_cum)
            country = bisect.bisect_right(self.country_cum, rng.random() * self.country_cum[-1])
            country_name = countries[country]["name"]
            region = countries[country]["region_id"]
            name = rng.choice(ORGANISATION_FORMS[kind]).format(
                country=country_name,
                city=f"{country_name} {rng.choice(CITY_PARTS)}",
                region=regions.get(region, "Global"),
                portfolio=rng.choice(PORTFOLIOS),
                agency=rng.choice(AGENCIES),
                cause=rng.choice(CAUSES),
                brand=rng.choice(BRANDS),
                suffix=rng.choice(SUFFIXES),
                company=rng.choice(COMPANIES),
                field=rng.choice(FIELDS),
            )
            if name in seen:
                name = f"{name} ({len(pool)})"
            seen.add(name)
            domain = f"org{len(pool)}"
            pool.append(Organisation(name, kind, country, None, domain))
        rng.shuffle(pool)
        return pool

    def _created(self):
        rng = self.rng
        year = self._pick(self.years, self.year_cum)
        start = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
        end = min(datetime.datetime(year + 1, 1, 1, tzinfo=datetime.UTC), WINDOW_END)
        return start + datetime.timedelta(seconds=rng.random() * (end - start).total_seconds())

    def entry(self, entry_id):
        """One entry: (column values in ``COLUMNS`` order, id lists in ``RELATIONS`` order)."""
        rng = self.rng
        catalogue = self.catalogue
        self.count += 1
        org = self._pick(self.organisations, self.organisation_cum)
        home = catalogue.countries[org.country]

        # Action lines: one to three, and SDGs mostly those the lines serve.
        chosen = unique(self._pick(self.lines, self.line_cum) for _ in range(rng.choice(SIZES)))
        line_ids = [line[0] for line in chosen]
        main = chosen[0]
        goal_pool = [number for line in chosen for number in line[3] if number in catalogue.goals]
        goals = unique(
            rng.choice(goal_pool)
            if goal_pool and rng.random() < 0.8
            else rng.choice(self.goal_numbers)
            for _ in range(rng.choice(SIZES))
        )
        goal_ids = [catalogue.goals[number] for number in goals]
        target_ids = []
        if rng.random() < 0.3:
            targets = catalogue.targets_by_goal.get(goals[0], [])
            if targets:
                target_ids = sorted(set(rng.sample(targets, min(len(targets), rng.randint(1, 2)))))

        # Where: national projects name their countries, regional ones their region.
        scope = self._pick(self.scope_values, self.scope_cum)
        country_ids, region_ids = [], []
        if scope == Scope.NATIONAL:
            country_ids = [home["code"]]
            if rng.random() < 0.15:
                neighbours = self.countries_by_region.get(
                    home["subregion_id"] or home["region_id"], []
                )
                for index in rng.sample(neighbours, min(len(neighbours), 2)):
                    code = catalogue.countries[index]["code"]
                    if code not in country_ids:
                        country_ids.append(code)
            place = home["name"]
        elif scope == Scope.REGIONAL:
            region = home["subregion_id"] if rng.random() < 0.5 else home["region_id"]
            region = region or rng.choice(self.region_codes)
            region_ids = [region]
            place = catalogue.regions[region]
        else:
            place = rng.choice(("developing countries", "least developed countries", "the world"))

        topic = rng.choice(main[4])
        audience = rng.choice(AUDIENCES)
        programme = rng.choice(PROGRAMMES)
        title = rng.choice(
            (
                f"{topic[0].upper()}{topic[1:]} for {audience} in {place}",
                f"{place}: {rng.choice(ADJECTIVES)} {topic} {programme}",
                f"{rng.choice(ADJECTIVES).capitalize()} {topic} {programme} ({place})",
            )
        )[:255]

        created = self._created()
        start_date = (created - datetime.timedelta(days=rng.randint(0, 540))).date()
        age_years = (WINDOW_END - created).days / 365
        roll = rng.random()
        if age_years > 5:
            status = ProjectStatus.COMPLETED if roll < 0.7 else ProjectStatus.ONGOING
        else:
            status = (
                ProjectStatus.PLANNED
                if roll < 0.1
                else ProjectStatus.ONGOING
                if roll < 0.7
                else ProjectStatus.COMPLETED
            )
        end_date = None
        if status == ProjectStatus.PLANNED:
            start_date = (created + datetime.timedelta(days=rng.randint(30, 300))).date()
        elif status == ProjectStatus.COMPLETED:
            end_date = min(
                start_date + datetime.timedelta(days=rng.randint(180, 1800)), WINDOW_END.date()
            )

        sentences = [
            f"{org.name} {rng.choice(VERBS)} a {rng.choice(ADJECTIVES)} {programme} on "
            f"{topic} for {audience} in {place}.",
            f"It {rng.choice(BENEFITS)} and {rng.choice(BENEFITS)}, working with "
            f"{rng.choice(PARTNERS)} and {rng.choice(PARTNERS)}.",
            f"Since {start_date.year} it has {rng.choice(ACHIEVEMENTS)} "
            f"{rng.randint(2, 900) * 10:,} {rng.choice(BENEFICIARIES)}.",
        ]
        sentences += [f"Other strands cover {rng.choice(line[4])}." for line in chosen[1:]]
        number = goals[0]
        sentences.append(f"It contributes to SDG {number}, {catalogue.goal_titles[number]}.")
        sentences.append(
            f"Lessons learned concern {rng.choice(LESSONS)} and {rng.choice(LESSONS)}."
        )
        description = " ".join(sentences)

        state = self._pick(self.state_values, self.state_cum)
        submitted_at = published_at = None
        if state != State.DRAFT:
            submitted_at = created + datetime.timedelta(seconds=rng.random() * 3 * DAY)
        if state in (State.PUBLISHED, State.ARCHIVED):
            published_at = min(
                submitted_at + datetime.timedelta(seconds=rng.uniform(0.1, 30) * DAY), WINDOW_END
            )
        last_update = published_at or submitted_at or created
        if rng.random() < 0.5:
            last_update += (WINDOW_END - last_update) * rng.random()
        row = (
            entry_id,
            title,
            description,
            org.name,
            org.organization_id,
            org.stakeholder_type,
            scope,
            status,
            start_date,
            end_date,
            f"https://{org.domain}.example.org/projects/{self.count}",
            f"contact@{org.domain}.example.org",
            "",
            rng.choice(self.submitter_ids),
            state,
            created,
            last_update,
            submitted_at,
            published_at,
            last_update,
            WINDOW_END - last_update > INACTIVE_AFTER,
        )
        return row, (line_ids, goal_ids, target_ids, country_ids, region_ids)


def synthetic_submitters():
    return get_user_model().objects.filter(username__startswith=SUBMITTER_PREFIX)


def ensure_submitters() -> list[int]:
    """The stakeholder accounts synthetic entries belong to (created once, no password)."""
    User = get_user_model()  # noqa: N806
    ids = []
    for number in range(1, SUBMITTER_COUNT + 1):
        username = f"{SUBMITTER_PREFIX}stakeholder-{number:02d}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        ids.append(user.pk)
    return ids


def generate_entries(
    count: int,
    *,
    seed: int = 0,
    batch_size: int = 10_000,
    jobs: int = 1,
    progress: Callable = None,
) -> int:
    """Add ``count`` synthetic entries in batches of ``batch_size`` (one transaction each);
    ``progress(done, count)`` is called after each batch. Returns the number added.

    On PostgreSQL, ``jobs`` > 1 loads that many batches at once, each on a connection of its
    own: the server's work per row (the ``search_vector`` trigger's stemming, the index
    entries) is most of the time and runs on one core per connection, while this process
    only draws the rows. The rows do not depend on ``jobs``: one random stream draws them
    in order, with their ids. Since other connections see only committed rows, ``jobs`` > 1
    needs the reference content and the submitters committed (they are, outside tests).

    Raises ``ReferenceContentMissing`` when action lines, SDGs or countries are not loaded.
    """
    generator = EntryGenerator(Catalogue(), ensure_submitters(), seed)
    batches = _batch_sizes(count, batch_size)
    report = progress or (lambda done, total: None)
    if connection.vendor != "postgresql":
        for done, size in batches:
            with transaction.atomic():
                _bulk_create_batch(generator, size)
            report(done, count)
        return count
    jobs = min(jobs, len(batches))
    if jobs > 1:
        _copy_in_parallel(generator, batches, jobs, lambda done: report(done, count))
    else:
        for done, size in batches:
            _copy_batch(_draw(generator, size))
            report(done, count)
    _settle_gin_indexes()
    _analyze()
    return count


def _batch_sizes(count, batch_size):
    """(entries done after the batch, its size) for each batch."""
    sizes = [min(batch_size, count - start) for start in range(0, count, batch_size)]
    return list(zip(itertools.accumulate(sizes), sizes, strict=True))


def _draw(generator: EntryGenerator, size: int):
    """The next ``size`` entries, ids reserved from the sequence: (entry rows with their
    ``region_codes``, link rows per relation of ``RELATIONS``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Entry._meta.db_table, size],
        )
        ids = [row[0] for row in cursor.fetchall()]
    rows, links = [], [[] for _ in RELATIONS]
    for entry_id in ids:
        row, relations = generator.entry(entry_id)
        *_, country_ids, region_ids = relations
        rows.append((*row, generator.catalogue.region_codes(country_ids, region_ids)))
        for link_rows, related_ids in zip(links, relations, strict=True):
            link_rows.extend((entry_id, related) for related in related_ids)
    return rows, links


def _copy_in_parallel(generator, batches, jobs, progress):
    """Draw the batches here, in order, and COPY up to ``jobs`` of them at once from worker
    threads (each batch on a connection of its own, closed after it); ``progress(loaded)``
    after each."""

    def load(batch, size):
        try:
            _copy_batch(batch)
        finally:
            connection.close()  # this thread's connection
        return size

    loaded = 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = set()
        for _, size in batches:
            while len(pending) >= jobs:  # at most ``jobs`` drawn batches wait in memory
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    loaded += future.result()
                    progress(loaded)
            pending.add(pool.submit(load, _draw(generator, size), size))
        for future in as_completed(pending):
            loaded += future.result()
            progress(loaded)


def _copy_batch(batch):
    """COPY one drawn batch, entries then their link rows, in one transaction.

    The GIN index of ``search_vector`` (migration 0002) collects the new rows in its pending
    list (``gin_pending_list_limit``), settled once at the end by ``_settle_gin_indexes``.
    Measured on 20,000 entries: COPY with the trigger took 12 s with the default 4 MB pending
    list (merged every few thousand rows), 2 s with a large one (the same as without the
    trigger); disabling the trigger and filling the column with one UPDATE took 7 s more.
    """
    rows, links = batch
    table = Entry._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL gin_pending_list_limit = '2GB'")
        _leave_region_codes(cursor)
        columns = ", ".join((*COLUMNS, "region_codes"))
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        for (through, source, target), link_rows in zip(_through_tables(), links, strict=True):
            if link_rows:
                with cursor.copy(f"COPY {through} ({source}, {target}) FROM STDIN") as copy:
                    for link in link_rows:
                        copy.write_row(link)


def _settle_gin_indexes():
    """Rebuild the entries table's GIN indexes (full text, organisation-name trigrams, region
    codes) from the table, or, inside a transaction (tests), merge the search index's pending
    list.

    The load leaves the new rows in each index's pending list. Merging a list of a million
    rows writes them into the index but leaves the pages the list took empty, still part of
    the file. At 1,000,000 entries the full-text index was 1,215 MB (94 MB rebuilt) and the
    trigram index 843 MB (89 MB rebuilt). Searches never read the empty pages, but every copy
    of the database carries them. ``REINDEX … CONCURRENTLY`` builds each index again from the
    table, in one sorted pass, while reads and writes go on. It cannot run in a transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        if connection.in_atomic_block:
            cursor.execute(f"SELECT gin_clean_pending_list('{SEARCH_INDEX}'::regclass)")
        else:
            for index in gin_indexes(cursor):
                cursor.execute(f'REINDEX INDEX CONCURRENTLY "{index}"')
        cursor.execute("RESET maintenance_work_mem")


def gin_indexes(cursor) -> list[str]:
    """Names of the entries table's GIN indexes."""
    cursor.execute(
        "SELECT index.relname FROM pg_index"
        " JOIN pg_class index ON index.oid = pg_index.indexrelid"
        " JOIN pg_am method ON method.oid = index.relam"
        " WHERE pg_index.indrelid = %s::regclass AND method.amname = 'gin'"
        " ORDER BY index.relname",
        [Entry._meta.db_table],
    )
    return [name for (name,) in cursor.fetchall()]


def _through_tables():
    tables = []
    for name in RELATIONS:
        field = Entry._meta.get_field(name)
        through = field.remote_field.through
        tables.append(
            (
                through._meta.db_table,
                through._meta.get_field(field.m2m_field_name()).column,
                through._meta.get_field(field.m2m_reverse_field_name()).column,
            )
        )
    return tables


def _leave_region_codes(cursor):
    """Until the transaction ends, migration 0007's link triggers leave ``region_codes`` as
    it is (written by the caller, or of entries about to go)."""
    cursor.execute("SELECT set_config(%s, 'on', true)", [REGION_CODES_WRITTEN])


def _bulk_create_batch(generator: EntryGenerator, size: int):
    """The portable path (SQLite): ``bulk_create`` entries, then their link rows."""
    fields = [Entry._meta.get_field(column.removesuffix("_id")).attname for column in COLUMNS]
    rows = [generator.entry(None) for _ in range(size)]
    entries = Entry.objects.bulk_create(
        [Entry(**dict(zip(fields[1:], row[1:], strict=True))) for row, _ in rows]
    )
    for index, name in enumerate(RELATIONS):
        field = Entry._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": entry.pk, f"{target}_id": related})
                for entry, (_, relations) in zip(entries, rows, strict=True)
                for related in relations[index]
            ],
            batch_size=5_000,
        )


def _analyze():
    """Fresh planner statistics (after a million new rows the old ones mislead the planner)
    and, outside a transaction, a VACUUM that sets the visibility map, without which no
    count can be answered from an index alone until autovacuum comes by."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in [Entry._meta.db_table, *(through for through, _, _ in _through_tables())]:
            cursor.execute(f"{command} {table}")


def delete_synthetic(batch_size: int = 10_000, progress: Callable = None) -> int:
    """Remove every synthetic entry (with what hangs off it) and the synthetic submitters;
    returns the number of entries removed."""
    entries = Entry.objects.filter(submitter__in=synthetic_submitters()).order_by()
    removed = 0
    while ids := list(entries.values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    _leave_region_codes(cursor)
            Entry.objects.filter(pk__in=ids).delete()
        removed += len(ids)
        if progress:
            progress(removed)
    synthetic_submitters().delete()
    return removed
