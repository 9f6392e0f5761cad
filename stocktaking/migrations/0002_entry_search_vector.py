"""Full-text search for stocktaking entries.

Adds ``search_vector``. On PostgreSQL, a trigger keeps it current on every insert and update
(bulk inserts and COPY included, which model code would miss) and a GIN index serves
``q``; existing rows are filled. On SQLite the column stays empty and search falls back to
icontains, so the same migration applies there (the run command's embedded default).
"""

import django.contrib.postgres.search
from django.db import migrations

from wsis_portal.migration_operations import run_on_postgres

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION stocktaking_entry_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.organization_name, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

FORWARD_SQL = [
    TRIGGER_FUNCTION,
    """
    CREATE TRIGGER stocktaking_entry_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, organization_name, description, search_vector
    ON stocktaking_stocktakingentry
    FOR EACH ROW EXECUTE FUNCTION stocktaking_entry_search_vector_update();
    """,
    "UPDATE stocktaking_stocktakingentry SET search_vector = NULL;",
    """
    CREATE INDEX IF NOT EXISTS stocktaking_entry_search_gin
    ON stocktaking_stocktakingentry USING gin (search_vector);
    """,
]

BACKWARD_SQL = [
    "DROP INDEX IF EXISTS stocktaking_entry_search_gin;",
    "DROP TRIGGER IF EXISTS stocktaking_entry_search_vector_trigger "
    "ON stocktaking_stocktakingentry;",
    "DROP FUNCTION IF EXISTS stocktaking_entry_search_vector_update();",
]


class Migration(migrations.Migration):
    dependencies = [
        ("stocktaking", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="stocktakingentry",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(run_on_postgres(FORWARD_SQL), run_on_postgres(BACKWARD_SQL)),
    ]
