"""Action lines, organisations, SDGs, road maps and meetings: read by everyone; the page of
an action line is written by its facilitators."""

from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from wsis_portal.api.viewsets import PUBLIC, PortalGenericViewSet, PortalReadOnlyViewSet

from .. import services
from ..filters import (
    ActionLineFilterSet,
    CoordinationMeetingFilterSet,
    OrganizationFilterSet,
    RoadmapTargetFilterSet,
    SDGFilterSet,
)
from ..models import (
    ActionLine,
    CoordinationMeeting,
    Facilitation,
    Indicator,
    Organization,
    RoadmapTarget,
    SustainableDevelopmentGoal,
)
from ..permissions import can_edit_action_line
from .serializers import (
    ActionLinePageSerializer,
    ActionLineSerializer,
    CoordinationMeetingSerializer,
    OrganizationSerializer,
    RoadmapTargetSerializer,
    SDGSerializer,
)

ERRORS = {
    400: OpenApiResponse(description="Invalid input; the body names each field in error."),
    401: OpenApiResponse(description="Not signed in."),
    403: OpenApiResponse(description="Signed in, but not allowed."),
    404: OpenApiResponse(description="No such object (or not visible to you)."),
}


@extend_schema_view(
    list=extend_schema(summary="List action lines", description="C1…C11 and the C7 sub-lines."),
    retrieve=extend_schema(summary="One action line, by code (e.g. C7)"),
    partial_update=extend_schema(
        summary="Save the page of an action line",
        description=(
            "Facilitators (lead or co) of the line, or administrators. Send the page_version "
            "you started from: if someone saved in between, the answer is 409 and nothing is "
            "overwritten. Each save keeps a revision and an audit event."
        ),
        request=ActionLinePageSerializer,
        responses={
            200: ActionLineSerializer,
            **ERRORS,
            409: OpenApiResponse(description="The page changed since page_version; reload."),
        },
    ),
)
class ActionLineViewSet(
    mixins.UpdateModelMixin,
    PortalGenericViewSet,
):
    queryset = ActionLine.objects.select_related("parent").prefetch_related(
        "sublines",
        Prefetch("facilitations", queryset=Facilitation.objects.select_related("organization")),
        "sdgs",
    )
    serializer_class = ActionLineSerializer
    filterset_class = ActionLineFilterSet
    visibility = PUBLIC
    lookup_field = "code__iexact"  # any case, as the filters take codes
    lookup_url_kwarg = "code"
    lookup_value_regex = "[^/]+"
    ordering_fields = ("code", "sort_order", "title", "page_updated_at")
    http_method_names = ["get", "patch", "head", "options"]
    csv_filename = "action-lines"
    reader_descriptions = {
        "list": _(
            "The WSIS action lines C1 to C11 and the sub-lines of C7, with their facilitators and "
            "SDGs."
        ),
        "retrieve": _(
            "One action line: its text in the Geneva Plan of Action, its facilitators, its SDGs "
            "and its page."
        ),
    }

    def partial_update(self, request, *args, **kwargs):
        line = self.get_object()
        if not can_edit_action_line(request.user, line):
            raise PermissionDenied(
                gettext("Only facilitators of this action line may edit its page.")
            )
        data = ActionLinePageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.save_page(
            line,
            data.validated_data["page_content"],
            base_version=data.validated_data["page_version"],
            by=request.user,
            summary=data.validated_data["summary"],
        )
        return Response(self.get_serializer(self.reread(line)).data)


@extend_schema_view(
    list=extend_schema(summary="List organisations"),
    retrieve=extend_schema(summary="One organisation, by acronym"),
)
class OrganizationViewSet(PortalReadOnlyViewSet):
    queryset = Organization.objects.prefetch_related(
        Prefetch("facilitations", queryset=Facilitation.objects.select_related("action_line"))
    )
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    visibility = PUBLIC
    lookup_field = "acronym__iexact"  # any case, as the filters take acronyms
    lookup_url_kwarg = "acronym"
    lookup_value_regex = "[^/]+"
    ordering_fields = ("acronym", "name", "kind")
    csv_filename = "organizations"
    reader_descriptions = {
        "list": _(
            "The organizations named in the portal: facilitators of action lines and bodies "
            "addressed by mandates."
        ),
        "retrieve": _("One organization and the action lines it facilitates."),
    }


@extend_schema_view(
    list=extend_schema(summary="List the 17 SDGs"),
    retrieve=extend_schema(summary="One SDG, by number"),
)
class SDGViewSet(PortalReadOnlyViewSet):
    queryset = SustainableDevelopmentGoal.objects.prefetch_related("action_lines")
    serializer_class = SDGSerializer
    filterset_class = SDGFilterSet
    visibility = PUBLIC
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ("number", "title")
    csv_filename = "sdgs"
    reader_descriptions = {
        "list": _("The 17 Sustainable Development Goals and the action lines linked to each."),
        "retrieve": _("One Sustainable Development Goal and the action lines linked to it."),
    }


@extend_schema_view(
    list=extend_schema(summary="List road-map items (targets with indicators)"),
    retrieve=extend_schema(summary="One road-map item"),
)
class RoadmapTargetViewSet(PortalReadOnlyViewSet):
    queryset = RoadmapTarget.objects.select_related("action_line").prefetch_related(
        "sdg_targets",
        "gdc_objectives",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
    )
    serializer_class = RoadmapTargetSerializer
    filterset_class = RoadmapTargetFilterSet
    visibility = PUBLIC
    ordering_fields = ("due_date", "title", "updated_at", "id")
    csv_filename = "roadmap"
    reader_descriptions = {
        "list": _("The road maps of the action lines: targets, their indicators and measurements."),
        "retrieve": _(
            "One target of an action line's road map, with its indicators and measurements."
        ),
    }


@extend_schema_view(
    list=extend_schema(summary="List coordination meetings"),
    retrieve=extend_schema(summary="One coordination meeting"),
)
class CoordinationMeetingViewSet(PortalReadOnlyViewSet):
    queryset = CoordinationMeeting.objects.select_related("organizer").prefetch_related(
        "action_lines"
    )
    serializer_class = CoordinationMeetingSerializer
    filterset_class = CoordinationMeetingFilterSet
    visibility = PUBLIC
    ordering_fields = ("date", "title", "id")
    csv_filename = "meetings"
    reader_descriptions = {
        "list": _("Coordination meetings of the action lines' facilitators."),
        "retrieve": _("One coordination meeting."),
    }
