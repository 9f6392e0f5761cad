"""The ``region`` filter from one indexed column (benchmarks/EXPLAIN.md, "0007").

Adds ``region_codes``: every UN M49 code an entry is in (its countries' regions and
sub-regions, the regions it names and their parents). On PostgreSQL, triggers on the two link
tables recompute the arrays of the entries whose links a statement inserted or deleted (once
per statement, from its transition table, so a COPY of thousands of links is one UPDATE, not
one per row); existing rows are filled by UPDATEs of ``FILL_BATCH`` entries, each its own
transaction (so no entry stays locked for the whole fill), and a GIN index, built
concurrently, serves the filter's ``&&``. Links are never updated in place (Django adds and deletes them), so no UPDATE trigger.
The bulk loader in ``stocktaking.synthetic`` writes the arrays itself and sets
``stocktaking.region_codes_written`` for its transaction to skip the recompute.

On SQLite the column stays empty and the filter keeps reading the link tables, so the same
migration applies there (the run command's embedded default).
"""

import django.contrib.postgres.fields
from django.db import migrations, models

from wsis_portal.migration_operations import is_postgres

def update_region_codes(entry_ids):
    """One UPDATE that recomputes ``region_codes`` of the entries ``entry_ids`` (a query of
    distinct ids) from their links, set-based: a function called per entry took 90 s for
    100,000 entries, this takes seconds. Entries left without a link get NULL."""
    return f"""
    UPDATE stocktaking_stocktakingentry entry
    SET region_codes = computed.codes
    FROM (
        SELECT
            changed.id,
            array_agg(DISTINCT m49.code ORDER BY m49.code) FILTER (WHERE m49.code IS NOT NULL)
                AS codes
        FROM ({entry_ids}) AS changed (id)
        LEFT JOIN (
            SELECT
                link.stocktakingentry_id AS entry_id,
                region.code AS region_code,
                region.parent_id AS parent_code
            FROM stocktaking_stocktakingentry_countries link
            JOIN stocktaking_country country ON country.code = link.country_id
            JOIN stocktaking_region region
                ON region.code IN (country.region_id, country.subregion_id)
            UNION ALL
            SELECT link.stocktakingentry_id, region.code, region.parent_id
            FROM stocktaking_stocktakingentry_regions link
            JOIN stocktaking_region region ON region.code = link.region_id
        ) linked ON linked.entry_id = changed.id
        LEFT JOIN LATERAL unnest(ARRAY[linked.region_code, linked.parent_code]) AS m49 (code)
            ON true
        GROUP BY changed.id
    ) computed
    WHERE entry.id = computed.id
    """


REFRESH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION stocktaking_entry_region_codes_refresh() RETURNS trigger AS $$
BEGIN
    IF current_setting('stocktaking.region_codes_written', true) = 'on' THEN
        RETURN NULL;
    END IF;
    {update_region_codes("SELECT DISTINCT stocktakingentry_id FROM changed_links")};
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

LINK_TABLES = ("stocktaking_stocktakingentry_countries", "stocktaking_stocktakingentry_regions")
EVENTS = (("insert", "NEW"), ("delete", "OLD"))


def trigger_name(table, event):
    return f"{table.removeprefix('stocktaking_stocktaking')}_{event}_region_codes"


FORWARD_SQL = [
    REFRESH_FUNCTION,
    *(
        f"""
        CREATE TRIGGER {trigger_name(table, event)}
        AFTER {event.upper()} ON {table}
        REFERENCING {transition} TABLE AS changed_links
        FOR EACH STATEMENT EXECUTE FUNCTION stocktaking_entry_region_codes_refresh();
        """
        for table in LINK_TABLES
        for event, transition in EVENTS
    ),
    """
    CREATE INDEX CONCURRENTLY IF NOT EXISTS stocktaking_entry_region_codes_gin
    ON stocktaking_stocktakingentry USING gin (region_codes);
    """,
]
FILL_BATCH = 50_000


def fill_region_codes(schema_editor):
    """Every linked entry's ``region_codes``, ``FILL_BATCH`` ids at a time (the triggers,
    created first, keep up with links added meanwhile)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM stocktaking_stocktakingentry")
        (last,) = cursor.fetchone()
    for start in range(0, (last or 0) + 1, FILL_BATCH):
        in_batch = f"stocktakingentry_id BETWEEN {start} AND {start + FILL_BATCH - 1}"
        schema_editor.execute(
            update_region_codes(
                f"SELECT stocktakingentry_id FROM stocktaking_stocktakingentry_countries "
                f"WHERE {in_batch} UNION SELECT stocktakingentry_id "
                f"FROM stocktaking_stocktakingentry_regions WHERE {in_batch}"
            )
        )


BACKWARD_SQL = [
    "DROP INDEX CONCURRENTLY IF EXISTS stocktaking_entry_region_codes_gin;",
    *(
        f"DROP TRIGGER IF EXISTS {trigger_name(table, event)} ON {table};"
        for table in LINK_TABLES
        for event, _ in EVENTS
    ),
    "DROP FUNCTION IF EXISTS stocktaking_entry_region_codes_refresh();",
]


def forwards(apps, schema_editor):
    if not is_postgres(schema_editor):
        return
    *triggers, index = FORWARD_SQL
    for statement in triggers:
        schema_editor.execute(statement)
    fill_region_codes(schema_editor)
    schema_editor.execute(index)


def backwards(apps, schema_editor):
    if not is_postgres(schema_editor):
        return
    for statement in BACKWARD_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    # Batched fill and a concurrent index build: both need to run outside one transaction.
    atomic = False

    dependencies = [
        ("stocktaking", "0006_scale_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="stocktakingentry",
            name="region_codes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.PositiveSmallIntegerField(),
                blank=True,
                editable=False,
                null=True,
                size=None,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
