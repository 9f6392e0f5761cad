"""Entries record their language, and full-text search follows it (issue 14, item 6).

Adds ``language`` (ISO 639-1; existing entries were all searched as English, so ``en``). On
PostgreSQL: the ``unaccent`` extension; one text-search configuration per stemmed language
(``wsis_english``, ``wsis_french``, ``wsis_spanish``, ``wsis_russian``, ``wsis_arabic``: each a
copy of PostgreSQL's own with ``unaccent`` before the stemmer) and ``wsis_simple`` for every
other language; ``stocktaking_search_config(language)`` choosing among them; and the
``search_vector`` trigger of migration 0002 rewritten to use the entry's configuration and to
index runs of Chinese characters as overlapping two-character words
(``stocktaking_han_bigrams``; see ``stocktaking/languages.py``). Every entry's vector is
rebuilt (the trigger fires on ``SET search_vector = NULL``).
"""

from importlib import import_module

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

import stocktaking.languages
from wsis_portal.migration_operations import run_on_postgres

STEMMED = {
    "english": "english_stem",
    "french": "french_stem",
    "spanish": "spanish_stem",
    "russian": "russian_stem",
    "arabic": "arabic_stem",
}
# Words with a letter outside ASCII: accents are taken off before stemming. ASCII words keep
# PostgreSQL's own mapping (there is no accent to take off; Russian stems them as English).
WORD_TOKENS = "word, hword, hword_part"

CONFIGURATIONS = [
    statement
    for name, stemmer in STEMMED.items()
    for statement in (
        f"CREATE TEXT SEARCH CONFIGURATION wsis_{name} (COPY = pg_catalog.{name});",
        f"ALTER TEXT SEARCH CONFIGURATION wsis_{name} "
        f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {stemmer};",
    )
] + [
    "CREATE TEXT SEARCH CONFIGURATION wsis_simple (COPY = pg_catalog.simple);",
    f"ALTER TEXT SEARCH CONFIGURATION wsis_simple ALTER MAPPING FOR {WORD_TOKENS} "
    "WITH unaccent, simple;",
]

FUNCTIONS = [
    """
    CREATE FUNCTION stocktaking_search_config(language text) RETURNS regconfig AS $$
        SELECT CASE split_part(lower(coalesce(language, '')), '-', 1)
            WHEN 'en' THEN 'wsis_english' WHEN 'fr' THEN 'wsis_french'
            WHEN 'es' THEN 'wsis_spanish' WHEN 'ru' THEN 'wsis_russian'
            WHEN 'ar' THEN 'wsis_arabic' ELSE 'wsis_simple' END::regconfig
    $$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
    """,
    # Each run of two or more Chinese characters becomes its overlapping pairs, at the end
    # of the text: 信息社会 → 信息 息社 社会 (consecutive positions, so a phrase query of pairs
    # finds a longer word inside the run). Text without such a run is returned as it is.
    """
    CREATE FUNCTION stocktaking_han_bigrams(body text) RETURNS text AS $$
    DECLARE
        run text;
        pairs text[] := '{}';
    BEGIN
        IF body IS NULL OR body !~ '[㐀-䶿一-鿿]{2,}' THEN
            RETURN coalesce(body, '');
        END IF;
        FOR run IN SELECT m[1] FROM regexp_matches(body, '[㐀-䶿一-鿿]{2,}', 'g') AS m LOOP
            FOR i IN 1 .. length(run) - 1 LOOP
                pairs := pairs || substr(run, i, 2);
            END LOOP;
        END LOOP;
        RETURN regexp_replace(body, '[㐀-䶿一-鿿]{2,}', ' ', 'g') || ' '
            || array_to_string(pairs, ' ');
    END
    $$ LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE;
    """,
    """
    CREATE OR REPLACE FUNCTION stocktaking_entry_search_vector_update() RETURNS trigger AS $$
    DECLARE
        config regconfig := stocktaking_search_config(NEW.language);
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector(config, stocktaking_han_bigrams(NEW.title)), 'A') ||
            setweight(to_tsvector(config, stocktaking_han_bigrams(NEW.organization_name)), 'B') ||
            setweight(to_tsvector(config, stocktaking_han_bigrams(NEW.description)), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER stocktaking_entry_search_vector_trigger ON stocktaking_stocktakingentry;",
    """
    CREATE TRIGGER stocktaking_entry_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, organization_name, description, language, search_vector
    ON stocktaking_stocktakingentry
    FOR EACH ROW EXECUTE FUNCTION stocktaking_entry_search_vector_update();
    """,
    "UPDATE stocktaking_stocktakingentry SET search_vector = NULL;",
]

# Back to migration 0002's English-only trigger, and every vector rebuilt with it.
PREVIOUS = import_module("stocktaking.migrations.0002_entry_search_vector")
BACKWARD_SQL = [
    PREVIOUS.TRIGGER_FUNCTION,
    "DROP TRIGGER stocktaking_entry_search_vector_trigger ON stocktaking_stocktakingentry;",
    PREVIOUS.FORWARD_SQL[1],
    "UPDATE stocktaking_stocktakingentry SET search_vector = NULL;",
    "DROP FUNCTION stocktaking_han_bigrams(text);",
    "DROP FUNCTION stocktaking_search_config(text);",
    *(f"DROP TEXT SEARCH CONFIGURATION wsis_{name};" for name in [*STEMMED, "simple"]),
]


class Migration(migrations.Migration):
    dependencies = [
        ("stocktaking", "0014_translated_names"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.AddField(
            model_name="stocktakingentry",
            name="language",
            field=models.CharField(
                choices=stocktaking.languages.LANGUAGE_CHOICES,
                db_default="en",
                default="en",
                help_text="ISO 639-1 code of the language the entry is written in.",
                max_length=2,
            ),
        ),
        migrations.RunPython(
            run_on_postgres(CONFIGURATIONS + FUNCTIONS), run_on_postgres(BACKWARD_SQL)
        ),
    ]
