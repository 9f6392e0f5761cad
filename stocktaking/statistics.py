"""Counts of stocktaking entries grouped by one dimension or cross-tabulated by two: the
selectors behind the statistics API (``group_by``) and the WSIS–SDG matrix page. Each takes a
queryset of the entries to count (already filtered and limited to what the asker may see)."""

from django.db.models import Count, F, Func, IntegerField
from django.db.models.functions import ExtractYear

from actionlines.models import ActionLine, SustainableDevelopmentGoal
from wsis_portal.filters import uses_postgres
from wsis_portal.translated import localized

from .filters import link_counts, region_condition, region_counts
from .models import Country, Region, StakeholderType, StocktakingEntry

Entry = StocktakingEntry


def grouped_counts(entries, dimensions) -> dict:
    """``{group_by, total, results}``: ``entries`` counted by one dimension (rows ``{key, label,
    count}``) or by a pair of them (rows ``{key, label, key_2, label_2, count}``)."""
    ids = entries.values("pk")
    if len(dimensions) == 1:
        rows = COUNTS_BY[dimensions[0]](entries, ids)
    else:
        rows = pair_counts(ids, *dimensions)
    return {"group_by": ",".join(dimensions), "total": entries.count(), "results": rows}


def linked_counts(relation, ids, key, label):
    """Counts per linked row, labelled with its ``label`` (``title`` or ``name``) in the
    active language (read from the same row: ``wsis_portal.translated``)."""
    counts = link_counts(relation, ids)
    model = Entry._meta.get_field(relation).related_model
    related = model.objects.filter(pk__in=counts)
    columns = [key, label, f"{label}s"]
    if any(field.name == "working_translations" for field in model._meta.fields):
        columns.append("working_translations")
    rows = [
        {
            "key": str(getattr(row, key)),
            "label": str(localized(row, label)),
            "count": counts[row.pk],
        }
        for row in related.only(*columns)
    ]
    return sorted(rows, key=lambda r: r["key"])


def counts_by_action_line(entries, ids):
    rows = linked_counts("action_lines", ids, "code", "title")
    order = dict(ActionLine.objects.values_list("code", "sort_order"))
    return sorted(rows, key=lambda r: order.get(r["key"], 0))


def counts_by_sdg(entries, ids):
    rows = linked_counts("sdgs", ids, "number", "title")
    return sorted(rows, key=lambda r: int(r["key"]))


def counts_by_country(entries, ids):
    return linked_counts("countries", ids, "code", "name")


def counts_by_region(entries, ids):
    regions = list(Region.objects.only("code", "name", "names", "working_translations"))
    counts = region_counts(entries, [region.code for region in regions])
    return [
        {"key": str(region.code), "label": str(region.local_name), "count": counts[region.code]}
        for region in regions
        if region.code in counts
    ]


def counts_by_stakeholder_type(entries, ids):
    labels = dict(StakeholderType.choices)
    rows = (
        entries.values("stakeholder_type").annotate(count=Count("pk")).order_by("stakeholder_type")
    )
    return [
        {
            "key": r["stakeholder_type"],
            "label": labels.get(r["stakeholder_type"], ""),
            "count": r["count"],
        }
        for r in rows
    ]


def counts_by_year(entries, ids):
    rows = (
        entries.annotate(year=ExtractYear("created_at"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    return [{"key": str(r["year"]), "label": str(r["year"]), "count": r["count"]} for r in rows]


def counts_by_state(entries, ids):
    labels = dict(Entry.State.choices)
    rows = entries.values("state").annotate(count=Count("pk")).order_by("state")
    return [
        {"key": r["state"], "label": str(labels.get(r["state"], "")), "count": r["count"]}
        for r in rows
    ]


#: One dimension's counting, by its name in ``group_by``.
COUNTS_BY = {
    "action_line": counts_by_action_line,
    "sdg": counts_by_sdg,
    "country": counts_by_country,
    "region": counts_by_region,
    "stakeholder_type": counts_by_stakeholder_type,
    "year": counts_by_year,
    "state": counts_by_state,
}


def dimension_value(name):
    """What one entry's row gives for dimension ``name`` (a linked dimension: one row per
    link; ``region``: one per M49 code in ``region_codes``, on PostgreSQL)."""
    return {
        "action_line": F("action_lines__code"),
        "sdg": F("sdgs__number"),
        "country": F("countries__code"),
        "region": Func(F("region_codes"), function="unnest", output_field=IntegerField()),
        "stakeholder_type": F("stakeholder_type"),
        "state": F("state"),
        "year": ExtractYear("created_at"),
    }[name]


#: The dimensions that are linked rows: (model, key, label field).
LINKED_DIMENSIONS = {
    "action_line": (ActionLine, "code", "title"),
    "sdg": (SustainableDevelopmentGoal, "number", "title"),
    "country": (Country, "code", "name"),
    "region": (Region, "code", "name"),
}


def dimension_labels(name, keys) -> dict:
    """{key: (label in the active language, sort key)} of the groups ``keys`` of ``name``."""
    if name in LINKED_DIMENSIONS:
        model, key, label = LINKED_DIMENSIONS[name]
        names = {field.name for field in model._meta.fields}
        columns = [key, label, f"{label}s"]
        columns += [column for column in ("working_translations", "sort_order") if column in names]
        rows = model.objects.filter(**{f"{key}__in": keys}).only(*columns)
        return {
            getattr(row, key): (
                str(localized(row, label)),
                (getattr(row, "sort_order", 0), getattr(row, key)),
            )
            for row in rows
        }
    choices = {"stakeholder_type": StakeholderType.choices, "state": Entry.State.choices}
    if name in choices:
        labels = dict(choices[name])
        return {key: (str(labels.get(key, "")), key) for key in keys}
    return {key: (str(key), key) for key in keys}  # year


def pair_counts(ids, first, second):
    """Rows ``{key, label, key_2, label_2, count}``: the entries among ``ids`` in each pair of
    groups of the two dimensions, pairs without entries left out. One GROUP BY over the
    entries' rows joined to the links the two dimensions read (an entry counted once per pair:
    ``DISTINCT``), then the labels of the groups found."""
    if "region" in (first, second) and not uses_postgres():
        return pair_counts_by_region(ids, first, second)
    counts = (
        Entry.objects.filter(pk__in=ids)
        .annotate(d1=dimension_value(first), d2=dimension_value(second))
        .values("d1", "d2")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
        .values_list("d1", "d2", "count")
    )
    counts = [(a, b, n) for a, b, n in counts if a is not None and b is not None]
    return pair_rows(counts, first, second)


def pair_rows(counts, first, second):
    labels_1 = dimension_labels(first, {a for a, _b, _n in counts})
    labels_2 = dimension_labels(second, {b for _a, b, _n in counts})
    rows = [
        (labels_1[a], labels_2[b], a, b, n)
        for a, b, n in counts
        if a in labels_1 and b in labels_2  # a region M49 knows no longer: left out
    ]
    rows.sort(key=lambda row: (row[0][1], row[1][1]))
    return [
        {"key": str(a), "label": l1[0], "key_2": str(b), "label_2": l2[0], "count": n}
        for l1, l2, a, b, n in rows
    ]


def pair_counts_by_region(ids, first, second):
    """``pair_counts`` where ``region_codes`` is not kept (not PostgreSQL): region by region."""
    other = second if first == "region" else first
    counts = []
    for code in Region.objects.values_list("code", flat=True):
        in_region = Entry.objects.filter(pk__in=ids).filter(region_condition([code]))
        grouped = (
            in_region.annotate(d=dimension_value(other))
            .values("d")
            .annotate(count=Count("pk", distinct=True))
            .order_by()
            .values_list("d", "count")
        )
        for key, n in grouped:
            if key is not None:
                counts.append((code, key, n) if first == "region" else (key, code, n))
    return pair_rows(counts, first, second)
