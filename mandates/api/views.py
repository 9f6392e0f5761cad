"""Documents, paragraphs, mandates and their progress: read by everyone; progress is posted
by members of an organisation the mandate is addressed to."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from wsis_portal.api.viewsets import PUBLIC, PortalGenericViewSet, PortalReadOnlyViewSet

from .. import services
from ..filters import (
    DocumentFilterSet,
    MandateFilterSet,
    MandateUpdateFilterSet,
    ParagraphFilterSet,
)
from ..models import PARTIES, Document, Mandate, MandateUpdate, Paragraph
from ..permissions import can_change_update, can_post_update, organizations_posting_for
from .serializers import (
    DocumentSerializer,
    MandateSerializer,
    MandateUpdateCreateSerializer,
    MandateUpdateEditSerializer,
    MandateUpdateSerializer,
    ParagraphSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List documents"),
    retrieve=extend_schema(summary="One document, by slug"),
)
class DocumentViewSet(PortalReadOnlyViewSet):
    queryset = Document.objects.annotate(
        paragraph_count=Count("paragraphs", distinct=True),
        mandate_count=Count("mandates", distinct=True),
    ).order_by("date", "slug")
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    visibility = PUBLIC
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    ordering_fields = ("date", "slug", "symbol", "title")
    csv_filename = "documents"
    reader_descriptions = {
        "list": _("The UN documents the portal reads: WSIS outcome documents and resolutions."),
        "retrieve": _("One document, with its paragraphs."),
    }


@extend_schema_view(
    list=extend_schema(
        summary="List paragraphs",
        description="With `q`, full-text search across all documents, best match first.",
    ),
    retrieve=extend_schema(summary="One paragraph"),
)
class ParagraphViewSet(PortalReadOnlyViewSet):
    queryset = Paragraph.objects.select_related("document").prefetch_related(
        "action_lines", "clauses", "footnotes__corrections", "corrections"
    )
    serializer_class = ParagraphSerializer
    filterset_class = ParagraphFilterSet
    visibility = PUBLIC
    ordering_fields = ("order", "id", "label")
    csv_filename = "paragraphs"
    reader_descriptions = {
        "list": _("The documents' paragraphs, as published, with their footnotes."),
        "retrieve": _("One paragraph of a document, as published, with its footnotes."),
    }


@extend_schema_view(
    list=extend_schema(summary="List mandates, each with its latest progress update"),
    retrieve=extend_schema(summary="One mandate"),
)
class MandateViewSet(PortalReadOnlyViewSet):
    queryset = Mandate.objects.select_related(
        "document", "paragraph", "clause", "event__body"
    ).prefetch_related(
        PARTIES,
        "action_lines",
        Prefetch(
            "updates",
            queryset=MandateUpdate.objects.select_related("organization").order_by(
                "-created_at", "-id"
            )[:1],
            to_attr="latest_updates",
        ),
    )
    serializer_class = MandateSerializer
    filterset_class = MandateFilterSet
    visibility = PUBLIC
    ordering_fields = ("deadline", "status", "id", "title")
    csv_filename = "mandates"
    reader_descriptions = {
        "list": _(
            "What the documents ask of the facilitators and other bodies, with deadlines and "
            "status."
        ),
        "retrieve": _(
            "One mandate: the paragraph that gives it, whom it addresses, its deadline and its "
            "progress."
        ),
    }


#: What editing or withdrawing a progress update may answer besides success.
CHANGE_ERRORS = {
    400: OpenApiResponse(description="Invalid input; the body names each field."),
    401: OpenApiResponse(description="Not signed in."),
    403: OpenApiResponse(description="Not the update's author (nor staff)."),
    404: OpenApiResponse(description="No such update (or it was withdrawn)."),
}


@extend_schema_view(
    list=extend_schema(summary="List progress updates on mandates"),
    retrieve=extend_schema(summary="One progress update"),
    create=extend_schema(
        summary="Post progress on a mandate",
        description=(
            "Members of an organisation the mandate is addressed to (named, or as a "
            "facilitator of a line concerned when it is addressed to the facilitators)."
        ),
        request=MandateUpdateCreateSerializer,
        responses={
            201: MandateUpdateSerializer,
            400: OpenApiResponse(description="Invalid input; the body names each field."),
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Not addressed to your organisation."),
        },
    ),
    partial_update=extend_schema(
        summary="Correct a progress update (its author, or staff)",
        description=(
            "Changes its status and/or text (what is not sent stays). What it said before is "
            "kept in the mandate's history, the addressee's and the mandate's statuses follow, "
            "and the change is audited. Only the update's author or staff: another member of "
            "the same organisation may not."
        ),
        request=MandateUpdateEditSerializer,
        responses={200: MandateUpdateSerializer, **CHANGE_ERRORS},
    ),
    destroy=extend_schema(
        summary="Withdraw a progress update (its author, or staff)",
        description=(
            "It leaves every list, feed, export and the reporting light; its last wording "
            "stays in the mandate's history as withdrawn, the statuses follow, and the "
            "withdrawal is audited."
        ),
        responses={204: None, **CHANGE_ERRORS},
    ),
)
class MandateUpdateViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    PortalGenericViewSet,
):
    queryset = MandateUpdate.objects.select_related("organization")
    serializer_class = MandateUpdateSerializer
    filterset_class = MandateUpdateFilterSet
    visibility = PUBLIC
    ordering_fields = ("created_at", "id", "status")
    csv_filename = "mandate-updates"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    reader_descriptions = {
        "list": _("Progress posted on mandates by the organizations they address."),
        "retrieve": _("One progress update on a mandate."),
    }

    def changeable_update(self, request):
        """The update at this address, if ``request.user`` may change it (403 otherwise)."""
        update = self.get_object()
        if not can_change_update(request.user, update):
            raise PermissionDenied(
                gettext("Only the update's author or staff may change or withdraw it.")
            )
        return update

    def partial_update(self, request, *args, **kwargs):
        update = self.changeable_update(request)
        data = MandateUpdateEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = services.edit_mandate_update(
            update,
            status=data.validated_data.get("status", update.status),
            text=data.validated_data.get("text", update.text),
            by=request.user,
        )
        return Response(self.get_serializer(self.reread(update)).data)

    def destroy(self, request, *args, **kwargs):
        services.withdraw_mandate_update(self.changeable_update(request), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def create(self, request, *args, **kwargs):
        data = MandateUpdateCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mandate = data.validated_data["mandate"]
        if not can_post_update(request.user, mandate):
            raise PermissionDenied(gettext("This mandate is not addressed to your organisation."))
        organization = self.posting_organization(request.user, mandate, data.validated_data)
        update = services.post_mandate_update(
            mandate,
            organization=organization,
            status=data.validated_data["status"],
            text=data.validated_data["text"],
            by=request.user,
        )
        body = self.get_serializer(self.reread(update)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @staticmethod
    def posting_organization(user, mandate, data):
        """The organisation named, which must be one of the user's organisations that the
        mandate is addressed to (``organizations_posting_for``; a superuser may name any);
        without one, the only such organisation. A member of WHO and IGF cannot post as IGF
        on a mandate addressed to WHO alone (issue 16, hole 8)."""
        organization = data.get("organization")
        own = organizations_posting_for(user, mandate)
        if organization is not None:
            if user.is_superuser:
                return organization
            if not user.organizations.filter(pk=organization.pk).exists():
                raise PermissionDenied(gettext("You may post only for your own organisation."))
            if not own.filter(pk=organization.pk).exists():
                raise PermissionDenied(
                    f"This mandate is not addressed to {organization.acronym}: post for the "
                    "organisation it is addressed to."
                )
            return organization
        own = list(own[:2])
        if len(own) != 1:
            raise ValidationError(
                {"organization": ["Name the organisation you post for (its acronym)."]}
            )
        return own[0]
