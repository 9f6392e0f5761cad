"""The baseline the benchmarks compare against: the same page of rows as the stocktaking
API's default page, built from ``values()`` with no framework in between.

Same rows (published entries, newest first, ``DEFAULT_PAGE_SIZE`` of them), same fields (the
API's own column lists; the many-to-many codes read from the through tables, one query per
relation, as a prefetch would), but no pagination, no count, no filters, no serializer, no
throttling: what a hand-written Django view would cost. An endpoint's throughput divided by
this one's says how much the API's plumbing costs on top of reading the data.
"""

from collections import defaultdict

from django.http import JsonResponse

from stocktaking.api.serializers import LIST_COLUMNS as COLUMNS
from stocktaking.api.serializers import LIST_RELATIONS as RELATIONS
from stocktaking.models import StocktakingEntry
from wsis_portal.api.pagination import DEFAULT_PAGE_SIZE

Entry = StocktakingEntry


def baseline(request):
    rows = list(
        Entry.objects.published()
        .order_by("-created_at", "-id")
        .values(*COLUMNS)[:DEFAULT_PAGE_SIZE]
    )
    ids = [row["id"] for row in rows]
    for relation, key in RELATIONS.items():
        field = Entry._meta.get_field(relation)
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        codes = defaultdict(list)
        links = field.remote_field.through.objects.filter(**{f"{source}__in": ids})
        for entry_id, code in links.values_list(source, f"{target}__{key}"):
            codes[entry_id].append(code)
        for row in rows:
            row[relation] = codes[row["id"]]
    for row in rows:
        row["organization"] = row.pop("organization__acronym")
        row["web_url"] = f"/stocktaking/{row['id']}/"
    return JsonResponse({"results": rows})
