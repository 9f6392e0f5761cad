"""Base viewsets: apps declare model, serializer, FilterSet, ordering and a visibility rule.

``visibility`` is required: a function ``user -> Q`` from the app's ``permissions.py``
(``PUBLIC`` for reference data everyone may read). ``get_queryset`` applies it to every
request, reads and writes alike, so a view cannot forget it; objects a user may not see are
404, never 403, so that drafts do not leak their existence. Written objects are re-read
through the same rule before they are returned.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.http import StreamingHttpResponse
from rest_framework import mixins, viewsets

from wsis_portal.spreadsheets import csv_writer

from .renderers import CSVRenderer, Echo, csv_columns, flatten

CSV_CHUNK_SIZE = 500


def PUBLIC(user):  # noqa: N802 - reads as a constant in declarations
    """Reference data: everyone, signed in or not, may read every row."""
    return Q()


class PortalViewSetMixin:
    visibility = None
    ordering_fields: tuple = ()
    csv_filename = "export"

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
        if isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            return self.stream_csv(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def stream_csv(self, queryset):
        """Every matching row, serialised chunk by chunk (prefetches run per chunk, so
        memory and query count stay bounded by the chunk size)."""
        columns = csv_columns(self.get_serializer())
        writer = csv_writer(Echo())

        def rows():
            yield writer.writerow(columns)
            chunk = []
            for obj in queryset.iterator(chunk_size=CSV_CHUNK_SIZE):
                chunk.append(obj)
                if len(chunk) == CSV_CHUNK_SIZE:
                    yield from self._csv_rows(writer, chunk, columns)
                    chunk = []
            if chunk:
                yield from self._csv_rows(writer, chunk, columns)

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_filename}.csv"'
        return response

    def _csv_rows(self, writer, objects, columns):
        for item in self.get_serializer(objects, many=True).data:
            yield writer.writerow(flatten(item, columns))


class PortalReadOnlyViewSet(PortalViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail, filtered, ordered, paginated, CSV; no writes."""


class PortalGenericViewSet(
    PortalViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List and detail as above; apps add write mixins or actions (``mixins.CreateModelMixin``
    and the like go before this class in the bases)."""
