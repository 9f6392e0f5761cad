"""Query plans of every stocktaking list, filter, ordering, count and facet the API and the
search page offer, on a big database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsis_bench SECRET_KEY=x DEBUG=1 \\
        python benchmarks/explain.py [--only api] [--save before.json] [--compare before.json]

Each case is a real request (API list, harvest and stats endpoints, the /stocktaking/ search
page with its facets and highlights, an action-line page) served in-process by the real views
with caching off, so the SQL is exactly what the FilterSet, the viewsets' querysets, the
paginators and ``stocktaking.search`` build. Every SELECT a request ran is then run again
under ``EXPLAIN (ANALYZE, BUFFERS)`` (twice; the warm second run counts). Printed per case:
the number of statements, their total and slowest execution time, and the big tables
(≥ 50,000 rows) read by a sequential scan. ``--verbose`` prints each statement with the top
of its plan. Not a test: nothing is asserted.
"""

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsis_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)

from stocktaking.api.views import GROUPS, StocktakingEntryViewSet  # noqa: E402

BIG_TABLE_ROWS = 50_000

#: One sample value per filter of ``StocktakingEntryFilterSet`` (several where the shape of
#: the query differs: a main line with sub-lines and a sub-line, a region and a sub-region,
#: an acronym and a name fragment, a narrow and a broad search).
FILTER_SAMPLES = [
    ("action_line=C7", "action line with sub-lines"),
    ("action_line=C7-e-health", "action line (sub-line)"),
    ("action_line=C3,C4", "two action lines"),
    ("sdg=3", "SDG"),
    ("country=KE", "country"),
    ("region=2", "region"),
    ("region=202", "sub-region"),
    ("stakeholder_type=academia", "stakeholder type"),
    ("status=planned", "project status"),
    ("state=published", "state"),
    ("organization=ITU", "organisation acronym"),
    ("organization=Foundation", "organisation name words"),
    ("year=2015", "year"),
    ("created_after=2026-06-01", "created after"),
    ("created_before=2005-01-01", "created before"),
    ("is_inactive=true", "inactive"),
    ("q=telemedicine", "search, narrow"),
    ("q=digital skills", "search, broad"),
    ("action_line=C7&region=2", "action line + region"),
    ("q=telemedicine&region=2", "search + region"),
]


def cases():
    """(name, URL) of every request whose queries are explained."""
    api = "/api/v1/stocktaking/"
    yield "api list", api
    for field in StocktakingEntryViewSet.ordering_fields:
        for sign in ("", "-"):
            yield f"api ordering={sign}{field}", f"{api}?ordering={sign}{field}"
    for query, label in FILTER_SAMPLES:
        yield f"api {label} ({query})", f"{api}?{query}"
    yield "api search ordered by date", f"{api}?q=digital%20skills&ordering=-created_at"
    yield "api page 200", f"{api}?page=200"
    yield "api harvest", f"{api}harvest/"
    yield "api harvest action line", f"{api}harvest/?action_line=C7"
    for group in GROUPS:
        yield f"stats group_by={group}", f"/api/v1/stats/stocktaking/?group_by={group}"
    yield (
        "stats group_by=action_line, region filter",
        "/api/v1/stats/stocktaking/?group_by=action_line&region=2",
    )
    yield "search page", "/stocktaking/"
    for query, label in FILTER_SAMPLES:
        if not query.startswith("state="):  # the page shows published entries only
            yield f"search page {label} ({query})", f"/stocktaking/?{query}"
    yield "search page inactive (activity)", "/stocktaking/?activity=inactive"
    yield "search page 100 per page", "/stocktaking/?page_size=100"
    yield "action-line page C7", "/action-lines/c7/"
    yield "action-line page C3", "/action-lines/c3/"


def big_tables():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= %s",
            [BIG_TABLE_ROWS],
        )
        return {row[0] for row in cursor.fetchall()}


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql):
    """The warm ``EXPLAIN (ANALYZE, BUFFERS)`` of one statement, as PostgreSQL's JSON."""
    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
    return plan[0] if isinstance(plan, list) else json.loads(plan)[0]


def short(sql, width=110):
    sql = re.sub(r"^SELECT .*? FROM", "SELECT … FROM", sql, flags=re.S)
    sql = re.sub(r"\s+", " ", sql)
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def measure(client, url, big, verbose):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}: {response.content[:300]!r}")
    statements = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        plan = explain(sql)
        seq = sorted(
            {
                node["Relation Name"]
                for node in plan_nodes(plan["Plan"])
                if "Seq Scan" in node["Node Type"] and node.get("Relation Name") in big
            }
        )
        statements.append({"sql": sql, "ms": plan["Execution Time"], "seq_scans": seq})
        if verbose:
            top = plan["Plan"]
            print(f"    {plan['Execution Time']:9.2f} ms  {short(sql)}")
            print(f"                  {top['Node Type']}, rows {top.get('Actual Rows')}")
    return statements


def summary(statements):
    return {
        "statements": len(statements),
        "total_ms": round(sum(s["ms"] for s in statements), 2),
        "slowest_ms": round(max((s["ms"] for s in statements), default=0), 2),
        "seq_scans": sorted({t for s in statements for t in s["seq_scans"]}),
        "slowest_sql": short(max(statements, key=lambda s: s["ms"])["sql"]) if statements else "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="Only cases whose name contains this text.")
    parser.add_argument("--save", help="Write the figures to this JSON file.")
    parser.add_argument("--compare", help="Show these saved figures (before) next to now.")
    parser.add_argument("--verbose", action="store_true", help="Each statement and its plan.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Point DATABASE_URL at a PostgreSQL database with many entries.")

    setup_test_environment()  # lets the test client's host through ALLOWED_HOSTS
    before = json.loads(Path(args.compare).read_text()) if args.compare else {}
    big = big_tables()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM stocktaking_stocktakingentry")
        entries = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(f"# {connection.settings_dict['NAME']}: {entries:,} entries, {size}")
    print(f"# big tables (≥ {BIG_TABLE_ROWS:,} rows): {', '.join(sorted(big))}\n")
    header = "| case | SQL statements | total ms | slowest ms | seq scan on big table |"
    if before:
        header = (
            "| case | total ms before | total ms | slowest ms before | slowest ms "
            "| seq scan before | seq scan now |"
        )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))

    results = {}
    started = time.monotonic()
    client = Client()
    dummy_cache = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy_cache):
        for name, url in cases():
            if args.only and args.only not in name:
                continue
            if args.verbose:
                print(f"{name}: {url}")
            figures = summary(measure(client, url, big, args.verbose))
            results[name] = {"url": url, **figures}
            seq = ", ".join(figures["seq_scans"]) or "—"
            if before and name in before:
                old = before[name]
                print(
                    f"| {name} | {old['total_ms']:.1f} | {figures['total_ms']:.1f} "
                    f"| {old['slowest_ms']:.1f} | {figures['slowest_ms']:.1f} "
                    f"| {', '.join(old['seq_scans']) or '—'} | {seq} |"
                )
            else:
                print(
                    f"| {name} | {figures['statements']} | {figures['total_ms']:.1f} "
                    f"| {figures['slowest_ms']:.1f} | {seq} |"
                )
    print(f"\n# {len(results)} cases in {time.monotonic() - started:.0f} s")
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
