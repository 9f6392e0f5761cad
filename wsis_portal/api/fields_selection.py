"""``?fields=a,b``: the fields a client wants of a list's items or of one object, in JSON and
CSV alike; the defaults (every field, nothing expanded) are unchanged.

Chosen on the serializer, not cut from the rendered answer: the fields not asked for are
removed from the serializer the view builds (``get_serializer``), so they are neither
computed nor written, and the CSV's columns (read from the same serializer) follow. A list
serializer that writes its rows itself (the stocktaking list's) keeps the names in
``selected_fields`` of its child. A name the answer does not have is a 400 naming it and
listing those it has.

drf-flex-fields does the same choosing but ignores unknown names (a misspelt field would
silently vanish) and brings ``expand``/``omit``, which the API does not offer; its
``FlexFieldsModelSerializer`` base would also bypass the stocktaking list's own serializer.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.serializers import ListSerializer, Serializer

PARAMETER = "fields"


def requested(request) -> list[str]:
    """The names in every ``fields`` parameter of ``request``, in order, without repeats."""
    names = []
    for value in request.query_params.getlist(PARAMETER):
        for name in value.split(","):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return names


def select_fields(serializer, names):
    """Keep only ``names`` of ``serializer``'s (or its child's) fields; 400 on an unknown one."""
    target = serializer.child if isinstance(serializer, ListSerializer) else serializer
    offered = list(target.fields)
    unknown = [name for name in names if name not in offered]
    if unknown:
        raise ValidationError(
            {
                PARAMETER: [
                    _("Unknown field: %(unknown)s. Choose from: %(offered)s.")
                    % {
                        "unknown": ", ".join(name[:50] for name in unknown[:5]),
                        "offered": ", ".join(offered),
                    }
                ]
            }
        )
    for name in offered:
        if name not in names:
            del target.fields[name]
    target.selected_fields = tuple(name for name in offered if name in names)
    return serializer


class FieldSelectionMixin:
    """For the API's viewsets: ``?fields=`` on the reads of ``field_selection_actions``."""

    field_selection_actions = ("list", "retrieve")

    def selects_fields(self) -> bool:
        return (
            self.request is not None
            and self.request.method in ("GET", "HEAD")
            and getattr(self, "action", None) in self.field_selection_actions
        )

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        names = requested(self.request) if self.selects_fields() else []
        if names and isinstance(serializer, Serializer | ListSerializer):
            select_fields(serializer, names)
        return serializer

    def check_field_selection(self):
        """The 400 of a bad ``fields``, for answers that build no serializer (HEAD)."""
        if self.selects_fields() and requested(self.request):
            self.get_serializer()


def field_names_pattern(names) -> str:
    name = "(?:{})".format("|".join(re.escape(n) for n in names))
    return f"^{name}(?:,{name})*$"
