"""Base viewsets: apps declare model, serializer, FilterSet, ordering and a visibility rule.

``visibility`` is required: a function ``user -> Q`` from the app's ``permissions.py``
(``PUBLIC`` for reference data everyone may read). ``get_queryset`` applies it to every
request, reads and writes alike, so a view cannot forget it; objects a user may not see are
404, never 403, so that drafts do not leak their existence. Written objects are re-read
through the same rule before they are returned.

Every read carries a strong ``ETag`` and answers ``If-None-Match`` with 304 without reading
anything (``conditional``); ``?fields=`` chooses the fields of list items and objects
(``fields_selection``).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.http import HttpResponse
from django.utils.text import capfirst
from rest_framework import mixins, viewsets

from ..idempotency import idempotent_create
from .conditional import ConditionalGetMixin
from .fields_selection import FieldSelectionMixin
from .renderers import csv_columns


def PUBLIC(user):  # noqa: N802 - reads as a constant in declarations
    """Reference data: everyone, signed in or not, may read every row."""
    return Q()


class PortalViewSetMixin(FieldSelectionMixin, ConditionalGetMixin):
    visibility = None
    ordering_fields: tuple = ()
    csv_filename = "export"
    #: The browsable API's title for the list, when the model's plural name will not do.
    view_title = None

    #: The browsable API's line under the title, by action (``wsis_portal.api.descriptions``).
    reader_descriptions: dict = {}

    def get_view_name(self):
        """Titles of the browsable API in the model's own words ("Stocktaking entries" for a
        list, "Stocktaking entry" for one), in the reader's language, not DRF's class name
        with "List" or "Instance" after it. Extra actions are named by their ``@action(name=…)``
        (a translated text)."""
        if getattr(self, "name", None):
            return str(self.name)
        model = self.queryset.model if self.queryset is not None else None
        suffix = getattr(self, "suffix", None)
        if self.view_title and suffix != "Instance":
            return str(self.view_title)
        if model is not None and suffix == "List":
            return capfirst(model._meta.verbose_name_plural)
        if model is not None and suffix == "Instance":
            return capfirst(model._meta.verbose_name)
        return super().get_view_name()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Every creating endpoint honours an Idempotency-Key header (wsis_portal.idempotency).
        if callable(getattr(cls, "create", None)):
            cls.create = idempotent_create(cls.create)

    def get_queryset(self):
        if self.visibility is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} must declare `visibility` (a rule user -> Q, or PUBLIC)."
            )
        return super().get_queryset().filter(type(self).visibility(self.request.user))

    def reread(self, instance):
        """The written object as this user may see it (the visibility rule re-checked)."""
        return self.get_queryset().get(pk=instance.pk)

    def list(self, request, *args, **kwargs):
        if request.method == "HEAD":
            return self.head_response(request)
        return super().list(request, *args, **kwargs)

    def head_response(self, request):
        """HEAD of a list: GET's status and headers (bad parameters are the same 400s) without
        reading a row; no page is fetched, counted or serialised."""
        self.filter_queryset(self.get_queryset())
        self.check_field_selection()
        validate = getattr(self.paginator, "validate_parameters", None)
        if validate is not None:
            validate(request)
        # Not a DRF Response, which drops the Content-Type of an empty body.
        renderer = request.accepted_renderer
        charset = f"; charset={renderer.charset}" if renderer.charset else ""
        response = HttpResponse(content_type=f"{request.accepted_media_type}{charset}")
        renderer.render(None, request.accepted_media_type, {"view": self, "response": response})
        return response

    def get_csv_columns(self):
        """The columns of this list's CSV: its serializer's fields, nested objects expanded to
        ``field.subfield``; a page with no row still has them."""
        return csv_columns(self.get_serializer())


class PortalReadOnlyViewSet(PortalViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail, filtered, ordered, paginated, CSV; no writes."""


class PortalGenericViewSet(
    PortalViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List and detail as above; apps add write mixins or actions (``mixins.CreateModelMixin``
    and the like go before this class in the bases)."""
