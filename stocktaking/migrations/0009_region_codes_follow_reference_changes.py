"""``region_codes`` follow changes of the M49 reference data (benchmarks/EXPLAIN.md, "0007").

0007's triggers recompute an entry's ``region_codes`` when its links change. The codes also
depend on the reference rows the links point to: a country moved to another region or
sub-region, or a sub-region moved under another region (both editable in the admin), left the
arrays of every entry linked to them stale, and the region filter then missed or wrongly
included those entries. Statement-level triggers on the two reference tables now recompute
the entries concerned, once per statement, and only when a row's place in the hierarchy
changed (a renamed country changes no code). PostgreSQL only, like 0007.
"""

from importlib import import_module

from django.db import migrations

from wsis_portal.migration_operations import run_on_postgres

# The one set-based recompute, as 0007 wrote it (a module name starting with a digit is
# imported by name).
UPDATE = import_module("stocktaking.migrations.0007_entry_region_codes").update_region_codes

COUNTRY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION stocktaking_country_region_codes_refresh() RETURNS trigger AS $$
BEGIN
    {UPDATE('''
        SELECT DISTINCT link.stocktakingentry_id
        FROM stocktaking_stocktakingentry_countries link
        JOIN new_countries ON new_countries.code = link.country_id
        JOIN old_countries ON old_countries.code = new_countries.code
        WHERE new_countries.region_id IS DISTINCT FROM old_countries.region_id
           OR new_countries.subregion_id IS DISTINCT FROM old_countries.subregion_id
    ''')};
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

REGION_FUNCTION = f"""
CREATE OR REPLACE FUNCTION stocktaking_region_region_codes_refresh() RETURNS trigger AS $$
BEGIN
    {UPDATE('''
        WITH moved AS (
            SELECT new_regions.code
            FROM new_regions JOIN old_regions ON old_regions.code = new_regions.code
            WHERE new_regions.parent_id IS DISTINCT FROM old_regions.parent_id
        )
        SELECT link.stocktakingentry_id
        FROM stocktaking_stocktakingentry_regions link
        WHERE link.region_id IN (SELECT code FROM moved)
        UNION
        SELECT link.stocktakingentry_id
        FROM stocktaking_stocktakingentry_countries link
        JOIN stocktaking_country country ON country.code = link.country_id
        WHERE country.region_id IN (SELECT code FROM moved)
           OR country.subregion_id IN (SELECT code FROM moved)
    ''')};
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

FORWARD_SQL = [
    COUNTRY_FUNCTION,
    """
    CREATE TRIGGER country_update_region_codes
    AFTER UPDATE ON stocktaking_country
    REFERENCING OLD TABLE AS old_countries NEW TABLE AS new_countries
    FOR EACH STATEMENT EXECUTE FUNCTION stocktaking_country_region_codes_refresh();
    """,
    REGION_FUNCTION,
    """
    CREATE TRIGGER region_update_region_codes
    AFTER UPDATE ON stocktaking_region
    REFERENCING OLD TABLE AS old_regions NEW TABLE AS new_regions
    FOR EACH STATEMENT EXECUTE FUNCTION stocktaking_region_region_codes_refresh();
    """,
]

BACKWARD_SQL = [
    "DROP TRIGGER IF EXISTS country_update_region_codes ON stocktaking_country;",
    "DROP FUNCTION IF EXISTS stocktaking_country_region_codes_refresh();",
    "DROP TRIGGER IF EXISTS region_update_region_codes ON stocktaking_region;",
    "DROP FUNCTION IF EXISTS stocktaking_region_region_codes_refresh();",
]


class Migration(migrations.Migration):
    dependencies = [
        ("stocktaking", "0008_region_codes_portable_field"),
    ]

    operations = [
        migrations.RunPython(run_on_postgres(FORWARD_SQL), run_on_postgres(BACKWARD_SQL)),
    ]
