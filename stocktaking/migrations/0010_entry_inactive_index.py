"""An index for the ``is_inactive`` filter in the default order (newest first): at 1,000,000
entries the API's first page of ``is_inactive=true`` took 435 ms, passing the 240,000 newest
published entries (all active) before the first inactive one; with it, 1.3 ms
(benchmarks/EXPLAIN.md). Built concurrently on PostgreSQL: no write lock while it builds."""

from django.db import migrations, models

from wsis_portal.migration_operations import AddIndexWithoutLocking


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("stocktaking", "0009_region_codes_follow_reference_changes"),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="stocktakingentry",
            index=models.Index(
                fields=["state", "is_inactive", "-created_at"], name="entry_state_inactive_created"
            ),
        ),
    ]
