"""The ``moderators`` group exists from the first migration on, as the README says: an
administrator only adds people to it (issue 18, defect 7). Reversing keeps the group and its
members."""

from django.db import migrations

MODERATORS_GROUP = "moderators"  # stocktaking.permissions.MODERATORS_GROUP, frozen here


def create_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=MODERATORS_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("stocktaking", "0012_notification_dead_letter"),
    ]

    operations = [
        migrations.RunPython(create_moderators_group, migrations.RunPython.noop),
    ]
