"""The API's filter backends: django-filter's and DRF's ordering, strict about what they are
asked.

A misspelt parameter (``?countries=KE`` for ``?country=KE``) or an ordering on a field the
list does not offer used to be ignored, and the client received every row believing them
filtered or sorted. Here both are a 400 naming the parameter and listing what it may be.

The parameters a list knows are read from what the view already declares: its FilterSet's
filters, its paginator's parameters, ``ordering`` when the view orders, ``format``, a few
parameters every view accepts (``ALWAYS_ALLOWED``) and those a view reads itself
(``query_parameters``, e.g. the statistics' ``group_by``). No view lists them by hand.

A client-chosen order always ends with the primary key: ``ordering=title`` alone leaves rows
of the same title in any order, and pages of it repeated some rows and skipped others.
"""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.settings import api_settings

#: Accepted by every API view: the response format (also DRF's own ``format`` suffix
#: parameter), and the field selection and language parameters the lists may offer.
ALWAYS_ALLOWED = frozenset({api_settings.URL_FORMAT_OVERRIDE, "fields", "lang"})
TIE_BREAKER = "pk"


def known_parameters(view, filterset_class) -> set[str]:
    """Every query parameter ``view`` reads (see the module's docstring)."""
    known = set(ALWAYS_ALLOWED) | set(getattr(view, "query_parameters", ()))
    selects_fields = getattr(view, "selects_fields", None)
    if selects_fields is None or not selects_fields():
        known.discard("fields")  # only where ``?fields=`` chooses something
    for backend in view.filter_backends:
        if issubclass(backend, OrderingFilter):
            known.add(backend.ordering_param)
    for name, declared in (filterset_class.base_filters if filterset_class else {}).items():
        # A range filter's widget reads two parameters, ``<name>_min`` and ``<name>_max``.
        suffixes = getattr(declared.field_class.widget, "suffixes", None) or [""]
        known |= {"_".join(part for part in (name, suffix) if part) for suffix in suffixes}
    paginator = getattr(view, "paginator", None)
    for attribute in ("page_query_param", "page_size_query_param", "cursor_query_param"):
        if getattr(paginator, attribute, None):
            known.add(getattr(paginator, attribute))
    return known


class PortalFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing parameters the view does not know (400)."""

    def filter_queryset(self, request, queryset, view):
        known = known_parameters(view, self.get_filterset_class(view, queryset))
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            message = _("Unknown parameter. This address takes: %(known)s.") % {
                "known": ", ".join(sorted(known))
            }
            raise ValidationError({name[:50]: [message] for name in unknown})
        refuse_empty_parameters(request)
        return super().filter_queryset(request, queryset, view)


def refuse_empty_parameters(request):
    """A parameter given without a value (``?updated_since=``) is a 400: a program that sends
    one means something by it, and reading it as "no filter" answered every row. The browsable
    API's filter form, which people submit with its blank fields, is spared."""
    renderer = getattr(request, "accepted_renderer", None)
    if getattr(renderer, "format", None) == "api":
        return
    empty = sorted(
        name for name, values in request.query_params.lists() if any(not v.strip() for v in values)
    )
    if empty:
        message = _("Give this parameter a value, or leave it out.")
        raise ValidationError({name[:50]: [message] for name in empty}, code="blank")


class PortalOrderingFilter(OrderingFilter):
    """DRF's ordering, refusing terms it does not offer (400) and breaking ties by the primary
    key, so that pages of an order on a non-unique field neither repeat nor skip rows."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        if len(valid) < len(fields):
            offered = [name for name, _label in self.get_valid_fields(queryset, view)]
            raise ValidationError({self.ordering_param: [self.refusal(offered)]})
        return valid

    def refusal(self, offered):
        return _(
            "Not a field this list can be ordered by. Use one or more of %(fields)s, separated "
            "by commas; a leading - reverses the order."
        ) % {"fields": ", ".join(offered) or "-"}

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        if not any(term.lstrip("-") in (TIE_BREAKER, "id") for term in ordering):
            ordering = [*ordering, TIE_BREAKER]
        return ordering

    def get_template_context(self, request, queryset, view):
        """The browsable API's order options: each term as the code it is (``created_at``),
        then its direction in the reader's language."""
        context = super().get_template_context(request, queryset, view)
        directions = {"": _("ascending"), "-": _("descending")}
        context["options"] = [
            (
                key,
                format_html(
                    "<code>{}</code> – {}",
                    key.lstrip("-"),
                    directions["-" if key.startswith("-") else ""],
                ),
            )
            for key, _label in context["options"]
        ]
        return context

    def get_schema_operation_parameters(self, view):
        offered = [
            item if isinstance(item, str) else item[0]
            for item in getattr(view, "ordering_fields", None) or ()
        ]
        if not offered:
            return []
        terms = [term for name in offered for term in (name, f"-{name}")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Order of the results: one or more of {', '.join(offered)}, separated by "
                    "commas; a leading `-` reverses the order. Ties are broken by id. Any "
                    "other value is a 400."
                ),
                "style": "form",
                "explode": False,
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": terms},
                    "minItems": 1,
                    "example": [terms[1]],
                },
            }
        ]
