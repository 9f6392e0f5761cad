from django.db import migrations


def recurring_is_annual(apps, schema_editor):
    """Every request marked recurring so far was asked "annually" or "on a yearly basis"."""
    apps.get_model("mandates", "Mandate").objects.filter(is_recurring=True).update(
        recurrence="annual"
    )


def yearly_is_recurring(apps, schema_editor):
    apps.get_model("mandates", "Mandate").objects.exclude(recurrence="").update(is_recurring=True)


class Migration(migrations.Migration):
    # Data alone: PostgreSQL refuses to alter a table with rows updated in the same transaction.

    dependencies = [
        ("mandates", "0009_reporting_events_and_recurrence"),
    ]

    operations = [
        migrations.RunPython(recurring_is_annual, yearly_is_recurring),
    ]
