"""A search read in every language, each distinct reading once (issue 19, item 6).

``stocktaking_search_query(value)`` is the OR of ``websearch_to_tsquery`` of ``value`` in each
configuration of migration 0015, as ``stocktaking.languages.entry_search_query`` built it in
SQL until now, but with each distinct reading once: English, French, Spanish and Russian read
most words alike, so "telemedicine rural" was the same two words four times over
(``'telemedicin' & 'rural' | 'telemedicin' & 'rural' | …``), and PostgreSQL checked every
copy for every candidate entry of the GIN index: half the time of a search's match at
1,000,000 entries went to the copies, and the planner's estimate of the matches was four
times too high. Readings with no word (stop words only) are left out; none at all is NULL,
which matches nothing, as an empty query did. IMMUTABLE like ``websearch_to_tsquery``: with a
constant argument PostgreSQL evaluates it once while planning, and the index sees the result.
"""

from django.db import migrations

from wsis_portal.migration_operations import run_on_postgres

# The configurations as migration 0015 made them, in the order the query read them.
CONFIGURATIONS = "wsis_english, wsis_french, wsis_spanish, wsis_russian, wsis_arabic, wsis_simple"

FORWARD_SQL = [
    f"""
    CREATE FUNCTION stocktaking_search_query(value text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT string_agg(DISTINCT '(' || reading::text || ')', ' | ')::tsquery
        FROM unnest(string_to_array('{CONFIGURATIONS}', ', ')::regconfig[]) AS config,
            websearch_to_tsquery(config, value) AS reading
        WHERE numnode(reading) > 0
    $$;
    """
]
BACKWARD_SQL = ["DROP FUNCTION stocktaking_search_query(text);"]


class Migration(migrations.Migration):
    dependencies = [
        ("stocktaking", "0018_entry_update_logo_version_mail"),
    ]

    operations = [
        migrations.RunPython(run_on_postgres(FORWARD_SQL), run_on_postgres(BACKWARD_SQL)),
    ]
