"""What the charts drawn on the server cost (issue 15, items 2 and 3; issue 18, defect 3).

A script, not a test: it times, in one process on a stocktaking database of your choice, the
parts of a page that draw a chart, cold (what the first reader after a change pays) and from
the cache (everyone else):

- the world map's shapes: Vega-Lite's projection of the shipped Natural Earth file, in a new
  process (vl-convert starts its JavaScript engine) and again;
- the world map of all published entries composed from facet counts and rendered by its
  template (what each page with a map adds once its counts are known);
- the observed WSIS–SDG matrix's counts (``line_goal_counts``) over all published entries;
- an indicator chart of the road map, drawn and then read back from the cache.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsis_load DEBUG=1 SECRET_KEY=x \\
        python benchmarks/charts.py

The cache is a local-memory one of this process (nothing is written to Redis). Results:
RESULTS.md, "Charts drawn on the server".
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsis_portal.settings")


def timed(label, function, repeat=1):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    shown = f"{times[0]:9.1f} ms" if repeat == 1 else f"{statistics.median(times):9.1f} ms median"
    print(f"{label:<62}{shown}")
    return result


def main():
    import django
    from django.conf import settings

    django.setup()
    settings.CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "charts-benchmark",
    }
    from django.core.cache import cache
    from django.db import transaction
    from django.http import QueryDict
    from django.template.loader import render_to_string

    from actionlines.charts import indicator_chart
    from actionlines.models import ActionLine, Indicator, Measurement, RoadmapTarget
    from stocktaking import search, worldmap
    from stocktaking.models import StocktakingEntry

    published = StocktakingEntry.objects.published().count()
    print(f"{published:,} published entries\n")

    worldmap.shapes.cache_clear()
    timed("map shapes: Vega-Lite projection, new process", worldmap.shapes)
    worldmap.shapes.cache_clear()
    cache.clear()
    timed("map shapes: projection again (engine started)", worldmap.shapes)
    worldmap.shapes.cache_clear()
    timed("map shapes: from the cache", worldmap.shapes)
    timed("map shapes: from the process", worldmap.shapes, repeat=20)

    params = QueryDict()
    queryset = search.search_queryset(params).qs
    facets = timed(
        "facet counts of all published entries (the search page's)",
        lambda: search.facet_counts(queryset),
    )
    timed(
        "world map of all published entries: composed and rendered",
        lambda: render_to_string(
            "stocktaking/_world_map.html", {"world_map": worldmap.world_map(facets, params)}
        ),
        repeat=20,
    )
    html = render_to_string(
        "stocktaking/_world_map.html", {"world_map": worldmap.world_map(facets, params)}
    )
    print(f"{'  its size':<62}{len(html) / 1024:9.1f} KB")

    timed("observed WSIS–SDG matrix counts, cold", search.line_goal_counts)
    timed("observed WSIS–SDG matrix counts, from the cache", search.line_goal_counts, repeat=20)

    with transaction.atomic():  # a road map of its own, rolled back: the database is left as it was
        line = ActionLine.objects.first()
        target = RoadmapTarget.objects.create(action_line=line, title="Benchmark")
        indicator = Indicator.objects.create(
            target=target,
            name="Subscriptions",
            unit="lines",
            baseline_value=74999.25,
            target_value=120000,
        )
        for month in range(1, 13):
            Measurement.objects.create(
                indicator=indicator, measured_on=datetime.date(2025, month, 1), value=75000 + month
            )
        indicator = Indicator.objects.prefetch_related("measurements").get(pk=indicator.pk)
        print("\nroad-map chart of 12 measurements")
        timed("indicator chart drawn", lambda: indicator_chart(indicator))
        timed("indicator chart from the cache", lambda: indicator_chart(indicator), repeat=20)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
