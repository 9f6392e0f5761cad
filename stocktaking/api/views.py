"""The stocktaking database: entries (read by everyone when published; created and edited by
their owner; moved through the workflow by owner and moderators), a cursor-paginated harvest
of the whole set, and counts grouped by one dimension or cross-tabulated by two."""

from django.conf import settings
from django.db.models import FloatField, Value
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from wsis_portal.api.conditional import kept_by_tag
from wsis_portal.api.fields_selection import requested as requested_fields
from wsis_portal.api.filtering import PortalFilterBackend
from wsis_portal.api.pagination import HarvestCursorPagination, LargeTablePagination
from wsis_portal.api.renderers import CSVLines, JSONItems
from wsis_portal.api.viewsets import (
    PUBLIC,
    PortalGenericViewSet,
    PortalReadOnlyViewSet,
    PortalViewSetMixin,
)
from wsis_portal.caching import cached, visibility_scope
from wsis_portal.filters import RowCount

from .. import services
from ..filters import (
    CountryFilterSet,
    RegionFilterSet,
    StocktakingEntryFilterSet,
    rank_matches,
)
from ..models import Country, EntryUpdate, Region, StocktakingEntry
from ..permissions import can_edit_entry, can_moderate, can_reopen_entry, visible_to
from ..statistics import grouped_counts
from .serializers import (
    CountrySerializer,
    EntryTransitionSerializer,
    EntryUpdateSerializer,
    RegionSerializer,
    StatsSerializer,
    StocktakingEntrySerializer,
    StocktakingEntryWriteSerializer,
    TransitionSerializer,
    list_csv,
    list_page_json,
    list_rows,
    writes_list_json,
)

Entry = StocktakingEntry

WRITE_ERRORS = {
    400: OpenApiResponse(description="Invalid input; the body names each field in error."),
    401: OpenApiResponse(description="Not signed in."),
    403: OpenApiResponse(description="Not allowed for you."),
    404: OpenApiResponse(description="No such entry, or not visible to you."),
}
TRANSITION_ERRORS = {
    **WRITE_ERRORS,
    409: OpenApiResponse(description="The entry is not in a state this action applies to."),
}


#: A new entry as a client would send it (every code from the schema's enums).
ENTRY_EXAMPLE = OpenApiExample(
    "An e-health project in Kenya",
    request_only=True,
    value={
        "title": "Telemedicine for rural clinics",
        "description": "Video consultations between district hospitals and rural clinics.",
        "organization_name": "Ministry of Health",
        "stakeholder_type": "government",
        "scope": "national",
        "project_status": "ongoing",
        "start_date": "2024-03-01",
        "countries": ["KE"],
        "regions": [2],
        "action_lines": ["C7-e-health"],
        "sdgs": [3],
        "sdg_targets": ["3.8"],
    },
)
ENTRY_EDIT_EXAMPLE = OpenApiExample(
    "A project completed",
    request_only=True,
    value={"project_status": "completed", "end_date": "2025-12-31"},
)


def transition_schema(summary, description):
    return extend_schema(
        summary=summary,
        description=description,
        request=TransitionSerializer,
        responses={200: StocktakingEntrySerializer, **TRANSITION_ERRORS},
    )


@extend_schema_view(
    list=extend_schema(
        summary="List stocktaking entries",
        description=(
            "Anonymous users see published entries; signed-in users also their own; "
            "moderators all. With `q`, best match first when at most "
            f"{settings.STOCKTAKING_RANK_LIMIT:,} entries match (with the other filters), "
            "newest first when more do (ranking reads every match; narrow the search to rank "
            "it); `ordering`, when given, always applies."
        ),
    ),
    retrieve=extend_schema(
        summary="One stocktaking entry",
        description=(
            "A published entry is shown as published to everyone, its owner included: an "
            "update waiting for review is read at `update/`."
        ),
    ),
    create=extend_schema(
        summary="Create a draft entry (any signed-in user; you become its owner)",
        request=StocktakingEntryWriteSerializer,
        responses={201: StocktakingEntrySerializer, **WRITE_ERRORS},
        examples=[ENTRY_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Edit your entry, or propose an update of your published entry",
        description=(
            "A draft or an entry with changes requested is edited in place (200, the entry). "
            "A published entry stays as it is: the fields given are written into its pending "
            "update (started if none; 202, the update), which you submit at "
            "`update/submit/` and a moderator publishes. 409 while the update is submitted, "
            "and 409 `stale_update` (with `current_version`) when `version` is given and the "
            "update was saved elsewhere since: nothing is written."
        ),
        request=StocktakingEntryWriteSerializer,
        examples=[ENTRY_EDIT_EXAMPLE],
        responses={
            200: StocktakingEntrySerializer,
            202: EntryUpdateSerializer,
            **WRITE_ERRORS,
            409: OpenApiResponse(
                description="The entry is not in a state this edit applies to, or "
                "(`stale_update`, with `current_version`) its update was saved elsewhere "
                "since the `version` sent."
            ),
        },
    ),
)
class StocktakingEntryViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    PortalGenericViewSet,
):
    queryset = Entry.objects.select_related("organization").prefetch_related(
        "countries", "regions", "action_lines", "sdgs", "sdg_targets", "gdc_objectives"
    )
    serializer_class = StocktakingEntrySerializer
    filterset_class = StocktakingEntryFilterSet
    pagination_class = LargeTablePagination
    visibility = staticmethod(visible_to)
    ordering_fields = ("created_at", "updated_at", "published_at", "title", "id")
    http_method_names = ["get", "post", "patch", "head", "options"]
    csv_filename = "stocktaking"
    reader_descriptions = {
        "list": _(
            "Projects in the WSIS stocktaking database: published ones for everyone, your own too "
            "when signed in."
        ),
        "retrieve": _("One project in the WSIS stocktaking database."),
        "harvest": _(
            "The same entries as the list, page after page by a cursor: for fetching them all."
        ),
        "pending_update": _("Your update of a published entry, waiting for review."),
        "submit_update": _("Submit your update of a published entry for review."),
        "submit": _("Submit your entry for review."),
        "reopen": _("Start an update of your published entry."),
        "publish": _("Publish a submitted entry, or a published entry's submitted update."),
        "request_changes": _("Ask the submitter for changes, saying which."),
        "reject": _("Reject a submitted entry, saying why."),
        "archive": _("Archive a published or rejected entry."),
    }
    # Actions that serialise many entries (CSV included): their queryset is the rows of the
    # list representation (``list_rows``), one query a page.
    many_entry_actions = ("list", "harvest")
    field_selection_actions = ("list", "retrieve", "harvest")
    #: Whether the list's page is in order of relevance (``filter_queryset``).
    ranked = False
    #: Whether PostgreSQL writes the list's items, as JSON or as CSV lines (``list``).
    writes_items = False

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.writes_items:  # the plain rows: list_json chooses what they are made of
            return queryset.select_related(None).prefetch_related(None)
        if self.action in self.many_entry_actions:
            return list_rows(queryset.select_related(None).prefetch_related(None))
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action != "list" or self.request.method == "HEAD":  # HEAD reads no row
            return queryset
        # Shared with the pagination, which counts exactly what it expects to be small; the
        # count is kept for the next page and for the same search asked again.
        self.row_count = RowCount(
            queryset, count_below=self.paginator.exact_count_limit, remember=True
        )
        params = self.request.query_params
        if not params.get("ordering"):
            queryset, self.ranked = rank_matches(queryset, params.get("q", ""), rows=self.row_count)
        return queryset

    def list(self, request, *args, **kwargs):
        """The list's JSON page, or its CSV page (an export), as PostgreSQL writes it
        (``list_page_json``, ``list_csv``): the same filters, visibility, ranking, paging,
        count and headers as every list, without a row through the serializer. The browsable
        API, HEAD and the harvest take the general way."""
        output = request.accepted_renderer.format
        self.writes_items = (
            self.action == "list"
            and request.method == "GET"
            and output in ("json", "csv")
            and writes_list_json()
        )
        if not self.writes_items:
            return super().list(request, *args, **kwargs)
        if output == "csv":
            queryset = self.filter_queryset(self.get_queryset())
            columns = self.get_csv_columns()  # the fields chosen (a 400 for an unknown name)
            lines = list_csv(queryset, columns, user=request.user, ranked=self.ranked)
            return self.get_paginated_response(CSVLines(self.paginate_queryset(lines), columns))
        # The same page asked again (a search's first page, above all) is read from the
        # cache under its content tag until content changes: no query at all.
        data, link = kept_by_tag(self.content_etag, self.json_page)
        response = Response(data)
        if link:
            response["Link"] = link
        return response

    def json_page(self):
        """The list's JSON page as PostgreSQL writes it, as (data, ``Link`` header)."""
        queryset = self.filter_queryset(self.get_queryset())
        names = StocktakingEntrySerializer.Meta.fields
        if requested_fields(self.request):  # checked (a 400 for an unknown name) and chosen
            names = self.get_serializer(many=True).child.selected_fields
        # The page's ids first (and their ranks): a small query, whatever the filters; then
        # their items, in one prepared statement.
        rows = queryset.values_list(
            "pk", "search_rank" if self.ranked else Value(None, output_field=FloatField())
        )
        page = self.paginate_queryset(rows)
        texts = list_page_json(page, names, user=self.request.user, using=queryset.db)
        response = self.get_paginated_response(JSONItems(texts))
        return response.data, response.get("Link")

    def get_serializer_class(self):
        if self.action == "transitions":
            return EntryTransitionSerializer
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        data = StocktakingEntryWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values, relations = split_relations(data.validated_data)
        entry = services.create_entry(by=request.user, relations=relations, **values)
        body = self.get_serializer(self.reread(entry)).data
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        if can_reopen_entry(request.user, entry):
            return self._propose_update(request, entry)
        if not can_edit_entry(request.user, entry):
            if entry.submitter_id == request.user.pk:
                services.update_entry(entry, by=request.user)  # raises the state conflict
            raise PermissionDenied(
                gettext("Only the owner may edit an entry, while it is a draft.")
            )
        data = StocktakingEntryWriteSerializer(
            entry, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values, relations = split_relations(data.validated_data)
        entry = services.update_entry(entry, by=request.user, relations=relations, **values)
        return Response(self.get_serializer(self.reread(entry)).data)

    def _propose_update(self, request, entry):
        data = StocktakingEntryWriteSerializer(
            entry, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values, relations = split_relations(data.validated_data)
        update = services.save_update(
            entry,
            by=request.user,
            relations=relations,
            base_version=data.validated_data.get("version"),
            **values,
        )
        return Response(EntryUpdateSerializer(update).data, status=status.HTTP_202_ACCEPTED)

    def _own_update(self, request):
        """The entry's pending update, for its owner and moderators (404 for anyone else:
        another stakeholder never learns an update exists)."""
        entry = self.get_object()
        if entry.submitter_id != request.user.pk and not can_moderate(request.user):
            raise NotFound()
        update = EntryUpdate.objects.filter(entry=entry).first()
        if update is None:
            raise NotFound("This entry has no update waiting.")
        return entry, update

    @extend_schema(
        summary="Your update of a published entry, waiting for review",
        description="Owner and moderators; 404 when there is none.",
        responses={200: EntryUpdateSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["get"], url_path="update", name=_("Pending update"))
    def pending_update(self, request, pk=None):
        _entry, update = self._own_update(request)
        return Response(EntryUpdateSerializer(update).data)

    @extend_schema(
        summary="Submit your update of a published entry for review",
        description="Owner only; the published version stays public until a moderator "
        "publishes the update (`publish`), or sends it back (`request-changes`, `reject`).",
        request=None,
        responses={200: EntryUpdateSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="update/submit", name=_("Submit update"))
    def submit_update(self, request, pk=None):
        entry, _update = self._own_update(request)
        if entry.submitter_id != request.user.pk:
            raise PermissionDenied(gettext("Only the entry's owner may do this."))
        update = services.submit_update(entry, by=request.user)
        return Response(EntryUpdateSerializer(update).data)

    def _transition(self, request, name, *, owner_action=False):
        entry = self.get_object()
        allowed = (
            entry.submitter_id == request.user.pk if owner_action else can_moderate(request.user)
        )
        if not allowed:
            raise PermissionDenied(
                gettext("Only the entry's owner may do this.")
                if owner_action
                else gettext("Only moderators may change an entry's workflow state.")
            )
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = data.validated_data["comment"]
        if name in ("publish", "request_changes", "reject") and EntryUpdate.objects.filter(
            entry=entry, state=EntryUpdate.State.SUBMITTED
        ):
            # A decision on the submitted update; the published version stays until publish.
            if name == "publish":
                services.publish_update(entry, by=request.user, comment=comment)
            else:
                services.decide_update(entry, name, by=request.user, comment=comment)
        elif name == "reopen":
            services.reopen_entry(entry, by=request.user, comment=comment)
        else:
            services.transition_entry(entry, name, by=request.user, comment=comment)
        return Response(self.get_serializer(self.reread(entry)).data)

    @transition_schema(
        "Submit your entry for review", "Owner only; from draft or changes requested."
    )
    @action(detail=True, methods=["post"], name=_("Submit"))
    def submit(self, request, pk=None):
        return self._transition(request, "submit", owner_action=True)

    @transition_schema(
        "Start an update of your published entry",
        "Owner only; from published. The entry stays published as it is; its pending update "
        "(a copy of its fields) is edited with PATCH, read at `update/` and submitted at "
        "`update/submit/`.",
    )
    @action(detail=True, methods=["post"], name=_("Reopen"))
    def reopen(self, request, pk=None):
        return self._transition(request, "reopen", owner_action=True)

    @transition_schema(
        "Publish a submitted entry, or a published entry's submitted update",
        "Moderators only. With an update submitted, its fields replace the published ones; "
        "`request-changes` and `reject` then act on the update and leave the entry as "
        "published.",
    )
    @action(detail=True, methods=["post"], name=_("Publish"))
    def publish(self, request, pk=None):
        return self._transition(request, "publish")

    @transition_schema(
        "Ask the submitter for changes",
        "Moderators only; `comment` is required and shown to the submitter.",
    )
    @action(detail=True, methods=["post"], url_path="request-changes", name=_("Request changes"))
    def request_changes(self, request, pk=None):
        return self._transition(request, "request_changes")

    @transition_schema(
        "Reject a submitted entry", "Moderators only; `comment` (the reason) is required."
    )
    @action(detail=True, methods=["post"], name=_("Reject"))
    def reject(self, request, pk=None):
        return self._transition(request, "reject")

    @transition_schema("Archive a published or rejected entry", "Moderators only.")
    @action(detail=True, methods=["post"], name=_("Archive"))
    def archive(self, request, pk=None):
        return self._transition(request, "archive")

    @extend_schema(
        responses=StocktakingEntrySerializer(many=True),
        summary="Harvest entries by cursor",
        description=(
            "The same filters as the list, newest first, paged by an opaque cursor: follow "
            "`next` until it is null. Constant cost at any depth and stable while entries "
            "are added; use this, not `page`, to fetch the whole set."
        ),
    )
    @action(
        detail=False,
        methods=["get"],
        pagination_class=HarvestCursorPagination,
        filter_backends=[PortalFilterBackend],
        name=_("Harvest by cursor"),
    )
    def harvest(self, request):
        return self.list(request)


@extend_schema_view(
    list=extend_schema(
        summary="List the UN M49 regions and sub-regions",
        description=(
            "The geographic regions of the UN M49 standard the portal uses (Africa, Americas, "
            "Asia, Europe, Oceania) and their sub-regions, each with its parent, sub-regions "
            "and countries: the codes the `region` filters take."
        ),
    ),
    retrieve=extend_schema(summary="One region or sub-region, by M49 code"),
)
class RegionViewSet(PortalReadOnlyViewSet):
    queryset = Region.objects.prefetch_related("subregions", "countries", "subregion_countries")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    visibility = PUBLIC
    lookup_field = "code"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ("code", "name")
    csv_filename = "regions"
    reader_descriptions = {
        "list": _("The UN M49 regions and sub-regions, with their countries."),
        "retrieve": _("One UN M49 region or sub-region, with its countries."),
    }


@extend_schema_view(
    list=extend_schema(
        summary="List the countries (ISO 3166) with their M49 region and sub-region",
        description="The codes the `country` filters take (alpha-2 or alpha-3).",
    ),
    retrieve=extend_schema(summary="One country, by ISO 3166 alpha-2 code (any case)"),
)
class CountryViewSet(PortalReadOnlyViewSet):
    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    visibility = PUBLIC
    lookup_field = "code__iexact"
    lookup_url_kwarg = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    ordering_fields = ("code", "name", "alpha3")
    csv_filename = "countries"
    reader_descriptions = {
        "list": _("The countries and areas of ISO 3166, with their UN M49 regions."),
        "retrieve": _("One country or area, with its UN M49 regions."),
    }


def split_relations(validated):
    validated = {k: v for k, v in validated.items() if k != "version"}  # not a field
    relation_names = set(services.ENTRY_RELATIONS)
    values = {k: v for k, v in validated.items() if k not in relation_names}
    relations = {k: v for k, v in validated.items() if k in relation_names}
    return values, relations


GROUPS = ("action_line", "sdg", "country", "region", "stakeholder_type", "year", "state")


def group_by_dimensions(request) -> list[str]:
    """The one or two dimensions of ``group_by`` (``action_line`` or ``action_line,region``);
    anything else (a third one, the same twice, an unknown name, the parameter repeated) is a
    400 naming the parameter."""
    given = request.query_params.getlist("group_by")
    names = given[0].split(",") if len(given) == 1 else []
    if not 1 <= len(names) <= 2 or any(name not in GROUPS for name in names):
        raise ValidationError(
            {
                "group_by": [
                    _("Choose one or two of %(groups)s, separated by a comma.")
                    % {"groups": ", ".join(GROUPS)}
                ]
            }
        )
    if len(names) == 2 and names[0] == names[1]:
        raise ValidationError(
            {"group_by": [_("The same dimension twice: choose two different ones.")]}
        )
    return names


@extend_schema_view(
    list=extend_schema(
        summary="Count stocktaking entries by one dimension, or cross-tabulated by two",
        description=(
            "Counts of the entries you may see that match the filters (the same as the "
            "list's), grouped by `group_by`. An entry linked to several lines, SDGs, "
            "countries or regions counts once in each; `action_line` counts the lines an "
            "entry names (a sub-line's entries are not counted again under its parent, "
            "whereas the `action_line` filter includes sub-lines); `region` counts an entry "
            "in a region when one of its countries lies in it (or in a sub-region) or it "
            "names the region; `year` is the year the entry was created. Groups without "
            "entries are left out.\n\n"
            "With two dimensions (`group_by=action_line,region`) each row is one pair with "
            "entries (long format, a pivot table's input): `key`/`label` of the first "
            "dimension, `key_2`/`label_2` of the second and the entries having both. As CSV: "
            "one row per group or pair."
        ),
        parameters=[
            OpenApiParameter(
                "group_by",
                {
                    "type": "array",
                    "items": {"type": "string", "enum": list(GROUPS)},
                    "minItems": 1,
                    "maxItems": 2,
                    "uniqueItems": True,
                },
                style="form",
                explode=False,
                required=True,
                description=(
                    f"One dimension, or two different ones separated by a comma, of: "
                    f"{', '.join(GROUPS)}."
                ),
                examples=[
                    OpenApiExample("One dimension", value=["action_line"]),
                    OpenApiExample("A pivot table", value=["action_line", "region"]),
                ],
            )
        ],
        responses={200: StatsSerializer, 400: OpenApiResponse(description="Invalid filter.")},
    ),
)
class StocktakingStatsViewSet(PortalViewSetMixin, viewsets.GenericViewSet):
    queryset = Entry.objects.all()
    view_title = _("Stocktaking statistics")
    reader_descriptions = {
        "list": _(
            "Counts of the stocktaking entries, grouped by one dimension or cross-tabulated by "
            "two (group_by)."
        ),
    }
    serializer_class = StatsSerializer
    filterset_class = StocktakingEntryFilterSet
    filter_backends = [PortalFilterBackend]
    query_parameters = ("group_by",)
    field_selection_actions = ()
    visibility = staticmethod(visible_to)
    pagination_class = None

    def list(self, request, *args, **kwargs):
        dimensions = group_by_dimensions(request)
        # Kept per asker (what one may see differs) until content changes, and while one
        # request counts again after a change, the others get the counts from before it
        # (at most CACHE_TTL old: wsis_portal.caching).
        # The filters are checked before the cache is asked: a bad one is a 400 every time.
        entries = self.filter_queryset(self.get_queryset()).order_by()
        data = cached(
            "stocktaking-stats",
            (visibility_scope(request.user), sorted(request.query_params.lists())),
            lambda: self.count(entries, dimensions),
            stale=True,
            on_stale=self.untag,  # counts of an earlier generation: no ETag
        )
        return Response(data)

    def count(self, entries, dimensions):
        return StatsSerializer(grouped_counts(entries, dimensions)).data
