"""``/api/v1/search/?q=``: the page's search across every kind (``wsis_portal.search``), as
JSON. A bad ``q`` is a 400 naming it, as every parameter of the API; a parameter the search
does not take is refused like the lists' (``filtering``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..search import KINDS, QUERY_MAX_LENGTH, SearchForm, cached_search
from ..text import ONE_LINE_FORBIDDEN_CHARS, text_pattern
from .conditional import ConditionalGetMixin
from .filtering import ALWAYS_ALLOWED, refuse_empty_parameters
from .renderers import PortalBrowsableAPIRenderer


class SearchResultSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The result's page on the portal.")
    excerpt = serializers.CharField(help_text="The start of its text, plain; may be empty.")
    meta = serializers.CharField(
        help_text="Who or where it is from: organisation, document, kind or date; may be empty."
    )

    def get_url(self, result) -> str:
        return self.context["request"].build_absolute_uri(result.url)


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[kind for kind, _label, _search in KINDS])
    label = serializers.CharField(help_text="The kind's name in the answer's language.")
    count = serializers.IntegerField(min_value=0, help_text="How many of this kind match.")
    count_is_estimate = serializers.BooleanField(
        help_text="True when `count` is PostgreSQL's estimate (projects, when 10,000 or more "
        "are expected to match: counting them would take seconds); exact otherwise."
    )
    more = serializers.SerializerMethodField(
        help_text="The kind's own search with these words, listing every match (null: the "
        "results here are all of them)."
    )
    results = SearchResultSerializer(many=True, help_text="The first matches, best first.")

    def get_more(self, group) -> str | None:
        if group.more_url is None:
            return None
        return self.context["request"].build_absolute_uri(group.more_url)


class SearchSerializer(serializers.Serializer):
    q = serializers.CharField()
    total = serializers.IntegerField(
        min_value=0, help_text="The counts added up (an estimate when one of them is)."
    )
    groups = SearchGroupSerializer(many=True)


@extend_schema(
    summary="Search everything: projects, mandates, paragraphs, lines, organisations, meetings",
    description=(
        "The words of `q` looked for in every kind the portal holds, as the search page does: "
        "each kind with its count, its first results (best match first on PostgreSQL) and "
        "the address of its own search listing every match. Only published stocktaking "
        "projects are searched, whoever asks."
    ),
    parameters=[
        OpenApiParameter(
            "q",
            {
                "type": "string",
                "minLength": 1,
                "maxLength": QUERY_MAX_LENGTH,
                # One line with something other than spaces in it.
                "pattern": text_pattern(ONE_LINE_FORBIDDEN_CHARS, required=True),
            },
            required=True,
            examples=[OpenApiExample("Words", value="e-health Africa")],
            description=(
                f"The words (at most {QUERY_MAX_LENGTH} characters, one line): "
                '"quoted words" find a phrase, -word leaves it out. Empty, longer or with '
                "control characters: 400."
            ),
        )
    ],
    responses={200: SearchSerializer},
)
class SearchView(ConditionalGetMixin, APIView):
    """Search everything"""

    renderer_classes = [JSONRenderer, PortalBrowsableAPIRenderer]
    name = gettext_lazy("Search everything")
    reader_description = gettext_lazy(
        "Action lines, documents, mandates and stocktaking entries that hold the words of q."
    )

    def get(self, request):
        known = set(ALWAYS_ALLOWED - {"fields"}) | {"q"}
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            message = _("Unknown parameter. This address takes: %(known)s.") % {
                "known": ", ".join(sorted(known))
            }
            raise ValidationError({name[:50]: [message] for name in unknown})
        refuse_empty_parameters(request)
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        q = form.cleaned_data["q"]
        groups = cached_search(q)
        body = {"q": q, "total": sum(group.count for group in groups), "groups": groups}
        return Response(SearchSerializer(body, context={"request": request}).data)
