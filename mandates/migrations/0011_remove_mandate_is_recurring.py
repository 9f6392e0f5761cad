from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mandates", "0010_recurring_is_annual"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="mandate",
            name="is_recurring",
        ),
    ]
