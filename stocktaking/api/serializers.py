"""Serializers of the stocktaking API."""

import functools

from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    Case,
    CharField,
    Expression,
    F,
    Func,
    OuterRef,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.db.models.manager import BaseManager
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from actionlines.models import (
    ActionLine,
    GDCObjective,
    Organization,
    SDGTarget,
    SustainableDevelopmentGoal,
)
from wsis_portal.api.fields import SlugRelatedField
from wsis_portal.filters import uses_postgres
from wsis_portal.prepared import prepared_cursor
from wsis_portal.text import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH

from ..filters import validate_country
from ..languages import LANGUAGE_CHOICES, interface_entry_language
from ..models import (
    Country,
    EntryTransition,
    EntryUpdate,
    Region,
    StakeholderType,
    StocktakingEntry,
)
from ..permissions import can_link_organization, contact_readable, sees_contact_of

Entry = StocktakingEntry


# What the list representation reads: the entries' columns, and per many-to-many relation
# the one column of the related rows that the API shows.
LIST_COLUMNS = (
    "id",
    "title",
    "description",
    "language",
    "organization_name",
    "organization__acronym",
    "stakeholder_type",
    "scope",
    "project_status",
    "start_date",
    "end_date",
    "website",
    "state",
    "created_at",
    "updated_at",
    "submitted_at",
    "published_at",
    "is_inactive",
    "contact_email",
    "submitter_id",
)
LIST_RELATIONS = {
    "countries": "code",
    "regions": "code",
    "action_lines": "code",
    "sdgs": "number",
    "sdg_targets": "code",
    "gdc_objectives": "number",
}
ID_PLACEHOLDER = 987654321


def links(relation, key):
    """The through rows of ``relation`` as (entry id, ``key`` of the linked row), in the
    related model's default order (the order ``entry.<relation>.all()`` gives)."""
    field = Entry._meta.get_field(relation)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    order = [
        f"-{target}__{name[1:]}" if name.startswith("-") else f"{target}__{name}"
        for name in field.related_model._meta.ordering
    ]
    return field.remote_field.through.objects.order_by(*order), source, f"{target}__{key}"


@functools.cache
def linked_arrays():
    """Per relation of ``LIST_RELATIONS``, an array subquery of the linked keys of the outer
    entry in the related model's default order (as ``links``), as ``linked_<relation>``.

    Each key and sort column of a linked row is a lookup by primary key per link rather than
    a join: PostgreSQL made the join a hash of the whole related table for every entry (the
    countries: 249 rows hashed 50 times a page, three quarters of the page's query).
    Built once: expressions are copied when a query uses them, and building these four costs
    more than the rest of a page's query."""
    arrays = {}
    for relation, key in LIST_RELATIONS.items():
        field = Entry._meta.get_field(relation)
        related, target = field.related_model, field.m2m_reverse_field_name()

        def column(name, related=related, target=target):
            if name == related._meta.pk.name:
                return F(target)  # the link holds it
            return Subquery(related.objects.filter(pk=OuterRef(target)).order_by().values(name))

        order = [
            column(name[1:]).desc() if name.startswith("-") else column(name).asc()
            for name in related._meta.ordering
        ]
        links_of_entry = field.remote_field.through.objects.filter(
            **{field.m2m_field_name(): OuterRef("pk")}
        )
        arrays[f"linked_{relation}"] = ArraySubquery(
            links_of_entry.order_by(*order).values(value=column(key))
        )
    return arrays


def list_rows(queryset):
    """``queryset`` (entries) as the rows the list representation is made of: the
    ``LIST_COLUMNS`` and, as ``linked_<relation>``, the linked keys of each relation of
    ``LIST_RELATIONS``. On PostgreSQL all in the page's own query: an array subquery per
    relation, which PostgreSQL evaluates for the rows it returns only (after the ``LIMIT``,
    a sort included), so a page is one query. Elsewhere ``with_links`` reads the links of
    the page, one query per relation."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.values(*LIST_COLUMNS, **linked_arrays())
    return queryset.values(*LIST_COLUMNS)


def with_links(rows):
    """``rows`` of ``list_rows`` with their ``linked_<relation>`` keys, read now if the
    query did not read them."""
    if not rows or "linked_countries" in rows[0]:
        return rows
    by_id = {row["id"]: row for row in rows}
    for relation, key in LIST_RELATIONS.items():
        for row in rows:
            row[f"linked_{relation}"] = []
        through, source, value = links(relation, key)
        linked = through.filter(**{f"{source}__in": by_id}).values_list(source, value)
        for entry_id, code in linked:
            by_id[entry_id][f"linked_{relation}"].append(code)
    return rows


def moment_formatter():
    """What DRF's ``DateTimeField`` writes (ISO 8601 in the current time zone, ``Z`` for
    UTC; None stays None), with the zone looked up once for a page rather than once a value
    (the lookup and the field's machinery cost more than the formatting). The serializer's
    own fields are not touched: building a ModelSerializer's fields costs as much again."""
    zone = timezone.get_current_timezone()

    def moment(value):
        if value is None:
            return None
        text = value.astimezone(zone).isoformat()
        return f"{text[:-6]}Z" if text.endswith("+00:00") else text

    return moment


def date_formatter(value):
    """What DRF's ``DateField`` writes: ISO 8601, None for none."""
    return None if value is None else value.isoformat()


class StocktakingEntryListSerializer(serializers.ListSerializer):
    """Many entries at once (list, harvest, CSV): the same output as
    ``StocktakingEntrySerializer`` item by item (a test compares them), made from the rows
    of ``list_rows`` (plain ``values()``, the views' queryset) instead of model instances,
    prefetched related objects and DRF's per-field machinery, about five times cheaper.
    """

    def to_representation(self, data):
        rows = with_links(list(data.all() if isinstance(data, BaseManager) else data))
        moment, day = moment_formatter(), date_formatter
        contact = contact_reader(self.context.get("request"))
        page = reverse("stocktaking:entry-detail", args=[ID_PLACEHOLDER])
        page = page.replace(str(ID_PLACEHOLDER), "{}")
        items = [
            {
                "id": row["id"],
                "title": row["title"],
                "description": row["description"],
                "language": row["language"],
                "organization_name": row["organization_name"],
                "organization": row["organization__acronym"],
                "stakeholder_type": row["stakeholder_type"],
                "scope": row["scope"],
                "countries": row["linked_countries"],
                "regions": row["linked_regions"],
                "action_lines": row["linked_action_lines"],
                "sdgs": row["linked_sdgs"],
                "sdg_targets": row["linked_sdg_targets"],
                "gdc_objectives": row["linked_gdc_objectives"],
                "project_status": row["project_status"],
                "start_date": day(row["start_date"]),
                "end_date": day(row["end_date"]),
                "website": row["website"],
                "state": row["state"],
                "created_at": moment(row["created_at"]),
                "updated_at": moment(row["updated_at"]),
                "submitted_at": moment(row["submitted_at"]),
                "published_at": moment(row["published_at"]),
                "is_inactive": row["is_inactive"],
                "contact_email": contact(row["submitter_id"], row["contact_email"]),
                "score": row.get("search_rank"),
                "web_url": page.format(row["id"]),
            }
            for row in rows
        ]
        selected = getattr(self.child, "selected_fields", None)  # ?fields=
        if selected is not None:
            items = [{name: item[name] for name in selected} for item in items]
        return items


class JSONObjectText(Func):
    """``json_build_object(key, value, …)`` as text: a JSON object with its keys in the order
    given, which the renderer writes out as it is (``wsis_portal.api.renderers``)."""

    function = "json_build_object"
    template = "%(function)s(%(expressions)s)::text"
    output_field = TextField()

    def __init__(self, members):
        pairs = []
        for key, value in members.items():
            pairs += [Value(key), value]
        super().__init__(*pairs)


UTC_MOMENT = "(%(expressions)s AT TIME ZONE 'UTC')"


class UTCMoment(Func):
    """What ``moment_formatter`` writes, in SQL, where the current time zone is UTC: ISO 8601
    ending in ``Z``, the microseconds only when there are some (as ``isoformat()``)."""

    template = (
        f"(to_char({UTC_MOMENT}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
        f"to_char({UTC_MOMENT}, 'US') = '000000' THEN '' ELSE to_char({UTC_MOMENT}, '.US') "
        "END || 'Z')"
    )
    output_field = CharField()


class ISODate(Func):
    """What ``date_formatter`` writes, in SQL."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = CharField()


def writes_list_json() -> bool:
    """Whether PostgreSQL writes the list's items (``list_json``): on PostgreSQL, with the
    current time zone UTC (the portal's; the format of ``UTCMoment``)."""
    return uses_postgres() and timezone.get_current_timezone_name() == "UTC"


# Stand-ins in the SQL of ``list_item_sql``, replaced per request.
SCORE_MARK = "list-item-score-7f3a"
OWNER_MARK = 987654320


#: A cell a spreadsheet would read as a formula (``wsis_portal.spreadsheets.formula_safe``),
#: in SQL: its first character, and the plain numbers let be (a regular expression).
FORMULA_STARTS_SQL = "'=', '+', '-', '@', E'\\t', E'\\r'"
PLAIN_NUMBER_SQL = r"'^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$'"
#: The characters ``plain_text`` removes: a class of a regular expression (to find them) and a
#: string for ``translate`` (to remove them, only where found: it costs ten times the search).
CONTROL_CODES = [*range(1, 9), 11, 12, *range(14, 32), 127]
CONTROL_CLASS_SQL = r"'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]'"
CONTROL_CHARACTERS_SQL = "E'{}'".format("".join(f"\\x{code:02x}" for code in CONTROL_CODES))
#: How a member becomes the text of its CSV cell (``renderers.cell``), before and after its
#: SQL: lists joined by "; ", true/false, a rank as Python writes a float.
CSV_AS_TEXT = {
    **{relation: ("array_to_string(", ", '; ')") for relation in LIST_RELATIONS},
    "id": ("(", ")::text"),
    "is_inactive": ("CASE WHEN ", " THEN 'true' ELSE 'false' END"),
    "score": ("regexp_replace((", r")::text, '^(-?[0-9]+)$', '\1.0')"),
}
#: Between two cells of a line.
CELL_SEPARATOR = " || ',' || "
#: Members whose text is a number, a date, a moment or true/false as written above: nothing a
#: spreadsheet reads as a formula and nothing to quote, whatever the row holds.
CSV_PLAIN = frozenset(
    {"id", "is_inactive", "score", "start_date", "end_date"}
    | {"created_at", "updated_at", "submitted_at", "published_at"}
)


class CSVLine(Expression):
    """One CSV line (without its line end) of ``members`` ({column: expression}, in order):
    every cell as ``wsis_portal.spreadsheets.csv_writer`` writes it, from the text
    ``renderers.cell`` makes of the value: control characters removed and a formula defused
    with a leading apostrophe (``formula_safe``), then quoted as Python's ``csv`` module
    quotes (a cell holding a comma, a double quote or a line break; its quotes doubled).

    In three steps, each a subquery the planner keeps as it is (``OFFSET 0``), so that each
    value (an array subquery, say) is computed once and each step reads the previous one's
    columns as often as it needs: the values as text, then without control characters, then
    the cells joined. String functions rather than regular expressions wherever they do (at
    1,000,000 entries, the first version's ``translate`` of every description cost more than
    the rest of the page)."""

    output_field = TextField()

    def __init__(self, members):
        super().__init__()
        self.names, self.members = list(members), list(members.values())

    def get_source_expressions(self):
        return self.members

    def set_source_expressions(self, expressions):
        self.members = list(expressions)

    def as_sql(self, compiler, connection):
        values, plain, cells, params = [], [], [], []
        for number, (name, member) in enumerate(zip(self.names, self.members, strict=True)):
            sql, member_params = compiler.compile(member)
            params += member_params
            before, after = CSV_AS_TEXT.get(name, ("(", ")::text"))
            values.append(f"COALESCE({before}{sql}{after}, '') AS v{number}")
            value, cell = f"csv_value.v{number}", f"csv_plain.c{number}"
            if name in CSV_PLAIN:
                plain.append(f"{value} AS c{number}")
                cells.append(cell)
                continue
            plain.append(
                f"CASE WHEN {value} ~ {CONTROL_CLASS_SQL} "
                f"THEN translate({value}, {CONTROL_CHARACTERS_SQL}, '') ELSE {value} END "
                f"AS c{number}"
            )
            safe = (
                f"CASE WHEN left({cell}, 1) IN ({FORMULA_STARTS_SQL}) "
                f"AND {cell} !~ {PLAIN_NUMBER_SQL} THEN '''' || {cell} ELSE {cell} END"
            )
            quoted = " OR ".join(
                f"strpos({cell}, {character}) > 0"
                for character in ("','", """'"'""", "E'\\n'", "E'\\r'")
            )
            cells.append(
                f"""CASE WHEN {quoted} THEN '"' || replace({safe}, '"', '""') || '"' """
                f"ELSE {safe} END"
            )
        # Only compiled expressions and this module's constants: the values are parameters.
        sql = (
            f"(SELECT {CELL_SEPARATOR.join(cells)} FROM (SELECT {', '.join(plain)} "  # noqa: S608
            f"FROM (SELECT {', '.join(values)} OFFSET 0) AS csv_value OFFSET 0) AS csv_plain)"
        )
        return sql, params


@functools.lru_cache(maxsize=64)
def list_item_sql(names, contact, page, shape="json") -> str:
    """The SQL expression of one entry's list representation as JSON text (its members
    ``names``, in order), or with ``shape="csv"`` as its CSV line (``CSVLine``: the columns
    ``names``), over the entries' table under its own name: built from the ORM's
    expressions and compiled once per field choice and ``contact`` rule (``"all"``,
    ``"none"`` or ``"own"``), not on every request (resolving and compiling the six link
    arrays cost more than PostgreSQL's whole work on a page). ``SCORE_MARK`` (quoted) and
    ``OWNER_MARK`` stand for the rank and the asker's id; ``%`` is doubled for the driver.
    ``page``: the entries' web address with ``{}`` for the id (in the active language)."""
    contact_email = {
        "all": F("contact_email"),
        "none": Value(None, output_field=CharField()),
        "own": Case(
            When(submitter_id=OWNER_MARK, then=F("contact_email")), output_field=CharField()
        ),
    }[contact]
    prefix, suffix = page.split("{}")
    arrays = linked_arrays()
    members = {
        "id": F("id"),
        "title": F("title"),
        "description": F("description"),
        "language": F("language"),
        "organization_name": F("organization_name"),
        # A lookup by key rather than a join: the table keeps its one name in the query.
        "organization": Subquery(
            Organization.objects.filter(pk=OuterRef("organization_id")).order_by().values("acronym")
        ),
        "stakeholder_type": F("stakeholder_type"),
        "scope": F("scope"),
        "countries": arrays["linked_countries"],
        "regions": arrays["linked_regions"],
        "action_lines": arrays["linked_action_lines"],
        "sdgs": arrays["linked_sdgs"],
        "sdg_targets": arrays["linked_sdg_targets"],
        "gdc_objectives": arrays["linked_gdc_objectives"],
        "project_status": F("project_status"),
        "start_date": ISODate("start_date"),
        "end_date": ISODate("end_date"),
        "website": F("website"),
        "state": F("state"),
        "created_at": UTCMoment("created_at"),
        "updated_at": UTCMoment("updated_at"),
        "submitted_at": UTCMoment("submitted_at"),
        "published_at": UTCMoment("published_at"),
        "is_inactive": F("is_inactive"),
        "contact_email": contact_email,
        "score": Value(SCORE_MARK),
        "web_url": Concat(Value(prefix), Cast("id", CharField()), Value(suffix)),
    }
    shaped = CSVLine if shape == "csv" else JSONObjectText
    query = Entry.objects.annotate(item=shaped({n: members[n] for n in names})).query
    connection = connections[DEFAULT_DB_ALIAS]
    sql, params = query.get_compiler(connection=connection).compile(query.annotations["item"])
    return connection.ops.compose_sql(sql, params).replace("%", "%%")


class ListItemJSON(Expression):
    """An entry's list representation as JSON text (``list_item_sql``), with its rank
    (``score``: the ``search_rank`` expression, or NULL) and the asker's id put in."""

    output_field = TextField()

    def __init__(self, sql, score, owner=None):
        super().__init__()
        self.sql, self.score, self.owner = sql, score, owner

    def get_source_expressions(self):
        return [self.score]

    def set_source_expressions(self, expressions):
        (self.score,) = expressions

    def as_sql(self, compiler, connection):
        score, params = compiler.compile(self.score)
        sql = self.sql.replace(f"'{SCORE_MARK}'", score)
        if self.owner is not None:
            sql = sql.replace(str(OWNER_MARK), str(int(self.owner)))
        return sql, params


def list_json(queryset, names, *, user, ranked, shape="json"):
    """``queryset`` (entries, filtered and ordered; ``search_rank`` annotated when
    ``ranked``) as the text of each entry's list representation, written by PostgreSQL: the
    members ``names`` (the serializer's fields, or those ``?fields=`` chose) of exactly what
    ``StocktakingEntryListSerializer`` makes of the same rows (a test compares them over
    varied entries). No row reaches Python but as its JSON text: nothing is read, built or
    encoded per entry in Python (issue 19, item 6). The contact e-mail follows
    ``contact_readable`` (the rule ``sees_contact_of`` states for one entry at a time).
    With ``shape="csv"``, each entry's line of the CSV export instead (``list_csv``)."""
    readable = contact_readable(user)
    contact = "all" if readable is True else "none" if readable is False else "own"
    # The address is the language's (/fr/stocktaking/1/), as the serializer's.
    page = reverse("stocktaking:entry-detail", args=[ID_PLACEHOLDER])
    page = page.replace(str(ID_PLACEHOLDER), "{}")
    item = ListItemJSON(
        list_item_sql(tuple(names), contact, page, shape),
        F("search_rank") if ranked else Value(None),
        owner=user.pk if contact == "own" else None,
    )
    return queryset.annotate(list_item_json=item).values_list("list_item_json", flat=True)


@functools.lru_cache(maxsize=64)
def list_page_sql(names, contact, page) -> str:
    """The statement writing a page's items (``list_item_sql``) from their ids, in the page's
    order, with their ranks: three parameters, the ids (``bigint[]``), their ranks
    (``real[]``, or NULL) and the asker's id (or NULL; read by the ``"own"`` contact rule).
    Its text depends on the field choice, contact rule and language only, so it is prepared
    once per connection (``wsis_portal.prepared``): the six link arrays and their sort
    subqueries are planned once, not on every request."""
    table = connections[DEFAULT_DB_ALIAS].ops.quote_name(Entry._meta.db_table)
    item = list_item_sql(names, contact, page)
    item = item.replace(f"'{SCORE_MARK}'", "page.score").replace(str(OWNER_MARK), "asker.id")
    # Compiled by the ORM from constants (list_item_sql); the values are parameters.
    select = f"SELECT {item} FROM "  # noqa: S608
    return (
        f"{select}unnest(%s::bigint[], %s::real[]) WITH ORDINALITY AS page(id, score, position) "
        "CROSS JOIN (SELECT %s::bigint AS id) AS asker "
        f'JOIN {table} ON {table}."id" = page.id ORDER BY page.position'
    )


def list_page_json(rows, names, *, user, using):
    """``list_json`` of one page of the JSON list, from the page's ``rows`` (``(id, rank)`` of
    each entry in the page's order, the rank None when the page is not ranked), in one
    prepared statement (``list_page_sql``) rather than as part of the page's own query: that
    query's text changes with every search, this one's never. ``using``: the database the
    ids were read from (a replica's ids are read back there)."""
    if not rows:
        return []
    readable = contact_readable(user)
    contact = "all" if readable is True else "none" if readable is False else "own"
    # The address is the language's (/fr/stocktaking/1/), as the serializer's.
    page = reverse("stocktaking:entry-detail", args=[ID_PLACEHOLDER])
    page = page.replace(str(ID_PLACEHOLDER), "{}")
    ids = [row[0] for row in rows]
    ranks = [row[1] for row in rows] if rows[0][1] is not None else None
    with prepared_cursor(using) as cursor:
        cursor.execute(
            list_page_sql(tuple(names), contact, page),
            [ids, ranks, user.pk if contact == "own" else None],
        )
        return [text for (text,) in cursor.fetchall()]


def list_csv(queryset, names, *, user, ranked):
    """``list_json`` for the CSV export: each entry's CSV line (columns ``names``), exactly as
    ``CSVRenderer`` writes the serializer's item (a test compares them over hostile values),
    so that an export page costs PostgreSQL's work, not a row's worth of Python each."""
    return list_json(queryset, names, user=user, ranked=ranked, shape="csv")


def contact_reader(request):
    """``(submitter id, contact e-mail) -> what the asker may read of it``: the e-mail for
    those ``sees_contact_of`` lets see it, else None."""
    user = getattr(request, "user", None)
    sees = sees_contact_of(user) if user is not None else (lambda submitter_id: False)
    return lambda submitter_id, email: email if sees(submitter_id) else None


class StocktakingEntrySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Entry id.")
    title = serializers.CharField(help_text="Project title.")
    description = serializers.CharField(help_text="What the project does.")
    organization_name = serializers.CharField(help_text="Organisation as submitted.")
    language = serializers.CharField(
        help_text="ISO 639-1 code of the language the entry is written in (its search stems it)."
    )
    organization = serializers.SlugRelatedField(
        slug_field="acronym",
        read_only=True,
        allow_null=True,
        help_text="Acronym of the registered organisation, if linked.",
    )
    stakeholder_type = serializers.ChoiceField(
        choices=StakeholderType.choices, help_text="Stakeholder type of the submitter."
    )
    scope = serializers.ChoiceField(choices=Entry.Scope.choices, help_text="Geographic scope.")
    countries = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="ISO 3166 alpha-2 codes."
    )
    regions = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="UN M49 region codes."
    )
    action_lines = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Action-line codes."
    )
    sdgs = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True, help_text="SDG numbers."
    )
    sdg_targets = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="SDG target codes, e.g. 9.c."
    )
    gdc_objectives = serializers.SlugRelatedField(
        slug_field="number",
        many=True,
        read_only=True,
        help_text="Global Digital Compact objective numbers (1–5).",
    )
    project_status = serializers.ChoiceField(
        choices=Entry.ProjectStatus.choices, help_text="Status of the project."
    )
    start_date = serializers.DateField(allow_null=True, help_text="Start of the project.")
    end_date = serializers.DateField(allow_null=True, help_text="End of the project.")
    website = serializers.CharField(help_text="Project website (may be empty).")
    state = serializers.ChoiceField(
        choices=Entry.State.choices,
        help_text="Workflow state (others than published: "
        "visible only to the submitter and moderators).",
    )
    created_at = serializers.DateTimeField(help_text="When the entry was created.")
    updated_at = serializers.DateTimeField(help_text="Last change.")
    submitted_at = serializers.DateTimeField(allow_null=True, help_text="Last submission.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="When published.")
    is_inactive = serializers.BooleanField(help_text="No update by its owner for two years.")
    contact_email = serializers.SerializerMethodField(
        help_text=(
            "Contact e-mail as submitted (may be empty): shown to the entry's owner and to "
            "moderators only; null for everyone else."
        )
    )
    score = serializers.SerializerMethodField(
        help_text=(
            "Relevance to `q` (higher matches better) when the list is ranked by it "
            "(`ranked`); null otherwise, and on an entry's own address."
        )
    )
    web_url = serializers.CharField(source="get_absolute_url", help_text="Path of the web page.")

    class Meta:
        model = Entry
        fields = [
            "id",
            "title",
            "description",
            "language",
            "organization_name",
            "organization",
            "stakeholder_type",
            "scope",
            "countries",
            "regions",
            "action_lines",
            "sdgs",
            "sdg_targets",
            "gdc_objectives",
            "project_status",
            "start_date",
            "end_date",
            "website",
            "state",
            "created_at",
            "updated_at",
            "submitted_at",
            "published_at",
            "is_inactive",
            "contact_email",
            "score",
            "web_url",
        ]
        read_only_fields = fields
        list_serializer_class = StocktakingEntryListSerializer

    def get_score(self, entry) -> float | None:
        return getattr(entry, "search_rank", None)

    def get_contact_email(self, entry) -> str | None:
        read = contact_reader(self.context.get("request"))
        return read(entry.submitter_id, entry.contact_email)


class CountryCodeField(SlugRelatedField):
    """A country by ISO 3166 alpha-2 or alpha-3 code."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            code = validate_country(data.strip())
        except Exception:
            self.fail("does_not_exist", slug_name="code", value=str(data)[:10])
        return super().to_internal_value(code)


class StocktakingEntryWriteSerializer(serializers.ModelSerializer):
    """What an owner writes; the state changes only through the workflow actions."""

    title = serializers.CharField(max_length=255, help_text="Project title.")
    description = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, help_text="What the project does."
    )
    organization_name = serializers.CharField(max_length=255, help_text="Your organisation.")
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=(
            "ISO 639-1 code of the language the entry is written in; by default the "
            "request's language (Accept-Language)."
        ),
    )
    organization = SlugRelatedField(
        slug_field="acronym",
        queryset=Organization.objects.all(),
        vocabulary="organizations",
        required=False,
        allow_null=True,
        help_text="Acronym of a registered organisation, if any.",
    )
    stakeholder_type = serializers.ChoiceField(
        choices=StakeholderType.choices, help_text="Stakeholder type."
    )
    scope = serializers.ChoiceField(
        choices=Entry.Scope.choices, required=False, help_text="Geographic scope."
    )
    project_status = serializers.ChoiceField(
        choices=Entry.ProjectStatus.choices, required=False, help_text="Project status."
    )
    start_date = serializers.DateField(required=False, allow_null=True, help_text="Start.")
    end_date = serializers.DateField(required=False, allow_null=True, help_text="End.")
    website = serializers.URLField(
        required=False, allow_blank=True, max_length=200, help_text="Project website."
    )
    contact_email = serializers.EmailField(
        required=False, allow_blank=True, help_text="Contact e-mail, never shown publicly."
    )
    countries = CountryCodeField(
        slug_field="code",
        queryset=Country.objects.all(),
        vocabulary="countries",
        many=True,
        required=False,
        help_text="ISO 3166 codes (alpha-2 or alpha-3).",
    )
    regions = SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        vocabulary="regions",
        schema={"type": "integer"},
        many=True,
        required=False,
        help_text="UN M49 region codes.",
    )
    action_lines = SlugRelatedField(
        slug_field="code",
        queryset=ActionLine.objects.all(),
        vocabulary="action_lines",
        many=True,
        required=False,
        help_text="Action-line codes.",
    )
    sdgs = SlugRelatedField(
        slug_field="number",
        queryset=SustainableDevelopmentGoal.objects.all(),
        vocabulary="sdgs",
        schema={"type": "integer"},
        many=True,
        required=False,
        help_text="SDG numbers (1–17).",
    )
    sdg_targets = SlugRelatedField(
        slug_field="code",
        queryset=SDGTarget.objects.all(),
        vocabulary="sdg_targets",
        many=True,
        required=False,
        help_text="SDG target codes, e.g. 9.c.",
    )
    gdc_objectives = SlugRelatedField(
        slug_field="number",
        queryset=GDCObjective.objects.all(),
        vocabulary="gdc_objectives",
        schema={"type": "integer"},
        many=True,
        required=False,
        help_text="Global Digital Compact objective numbers (1–5).",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        write_only=True,
        help_text=(
            "Editing a published entry (its pending update): the update's `version` you read "
            "at `update/` (0 while there is none). If the update was saved elsewhere since, "
            "nothing is written and the answer is 409 `stale_update` with `current_version`: "
            "read the update again and apply your change to it. Without `version` the last "
            "save wins. Not used for drafts."
        ),
    )

    class Meta:
        model = Entry
        fields = [
            "title",
            "description",
            "language",
            "organization_name",
            "organization",
            "stakeholder_type",
            "scope",
            "project_status",
            "start_date",
            "end_date",
            "website",
            "contact_email",
            "countries",
            "regions",
            "action_lines",
            "sdgs",
            "sdg_targets",
            "gdc_objectives",
            "version",
        ]

    def validate_organization(self, organization):
        """Only the organisation's members may link an entry to it; a link already on the
        entry (set by an administrator) may be kept as it is."""
        if organization is None or organization == getattr(self.instance, "organization", None):
            return organization
        if not can_link_organization(self.context["request"].user, organization):
            raise serializers.ValidationError(
                _("You can link an entry only to an organisation you are a member of."),
                code="not_a_member",
            )
        return organization

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": ["Must not be before start_date."]})
        if self.instance is None:
            attrs.setdefault("language", interface_entry_language())
        return attrs


class TransitionSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=COMMENT_MAX_LENGTH,
        default="",
        help_text="Why (required for request-changes and reject; the submitter sees it).",
    )


class EntryUpdateSerializer(serializers.ModelSerializer):
    """The owner's pending update of a published entry (the entry itself stays as published
    until a moderator publishes the update)."""

    state = serializers.CharField(
        help_text="`draft` (being edited), `submitted` (waiting for review) or "
        "`changes_requested` (the moderator's `comment` says what to change)."
    )
    proposed = serializers.JSONField(
        source="data",
        help_text="The proposed fields: the write fields' values, `organization` as its id "
        "and each list as its keys (country codes, region numbers, ids).",
    )
    comment = serializers.CharField(help_text="The moderator's latest request for changes.")
    version = serializers.IntegerField(
        help_text="Counts the saves of this update: send it as `version` with your next edit "
        "(PATCH of the entry) to be told (409) rather than overwrite a save made elsewhere."
    )

    class Meta:
        model = EntryUpdate
        fields = [
            "state",
            "version",
            "proposed",
            "comment",
            "created_at",
            "updated_at",
            "submitted_at",
        ]


class EntryTransitionSerializer(serializers.ModelSerializer):
    from_state = serializers.CharField(help_text="State before.")
    to_state = serializers.CharField(help_text="State after.")
    comment = serializers.CharField(help_text="Why.")
    created_at = serializers.DateTimeField(help_text="When.")

    class Meta:
        model = EntryTransition
        fields = ["from_state", "to_state", "comment", "created_at"]


IN_LANGUAGE = " In the answer's language (`Content-Language`), English where none is known."


class RegionSerializer(serializers.ModelSerializer):
    code = serializers.IntegerField(help_text="UN M49 code (2 Africa, 14 Eastern Africa…).")
    name = serializers.CharField(source="local_name", help_text="Name." + IN_LANGUAGE)
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="M49 code of the region a sub-region belongs to; null for a region.",
    )
    subregions = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="M49 codes of its sub-regions (a region's)."
    )
    countries = serializers.SerializerMethodField(
        help_text="ISO 3166 alpha-2 codes of the countries in it (directly or in a sub-region)."
    )

    class Meta:
        model = Region
        fields = ["code", "name", "parent", "subregions", "countries"]
        read_only_fields = fields

    def get_countries(self, region) -> list[str]:
        # Both prefetched: a region's countries name it as region, a sub-region's as subregion.
        codes = [c.code for c in region.countries.all()]
        codes += [c.code for c in region.subregion_countries.all()]
        return sorted(set(codes))


class CountrySerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    alpha3 = serializers.CharField(help_text="ISO 3166-1 alpha-3 code.")
    numeric = serializers.IntegerField(
        allow_null=True, help_text="ISO 3166-1 numeric code (the M49 country code)."
    )
    name = serializers.CharField(source="local_name", help_text="Name." + IN_LANGUAGE)
    region = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="M49 code of its region (2 Africa…)."
    )
    subregion = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="M49 code of its sub-region (14…)."
    )

    class Meta:
        model = Country
        fields = ["code", "alpha3", "numeric", "name", "region", "subregion"]
        read_only_fields = fields


class StatsRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Group key: code, number, M49 code, type or year.")
    label = serializers.CharField(help_text="Human-readable name of the group.")
    key_2 = serializers.CharField(
        required=False, help_text="With two dimensions: the group of the second one."
    )
    label_2 = serializers.CharField(
        required=False, help_text="With two dimensions: the name of the second one's group."
    )
    count = serializers.IntegerField(help_text="Entries in the group (or in both groups).")


@extend_schema_serializer(
    many=False,
    examples=[
        OpenApiExample(
            "Published projects per action line and region (a pivot table's input)",
            response_only=True,
            value={
                "group_by": "action_line,region",
                "total": 2487,
                "results": [
                    {
                        "key": "C7-e-health",
                        "label": "E-health",
                        "key_2": "2",
                        "label_2": "Africa",
                        "count": 2487,
                    }
                ],
            },
        )
    ],
)
class StatsSerializer(serializers.Serializer):
    group_by = serializers.CharField(
        help_text="The grouping asked for: one dimension, or two separated by a comma."
    )
    total = serializers.IntegerField(
        help_text="Entries matching the filters (an entry may count in several groups)."
    )
    results = StatsRowSerializer(many=True, help_text="One row per group with entries.")
