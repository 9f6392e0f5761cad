"""One-time e-mail confirmation (issue 16, hole 6): a row per self-registered account, pending
until a link confirms it. Accounts waiting for confirmation when this runs (inactive, never
signed in, registered within the links' three days) get a pending row, so the link already in
their mailbox still works once; no other existing account can be activated by a link."""

from datetime import timedelta

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def pending_registrations(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    AccountConfirmation = apps.get_model("stocktaking", "AccountConfirmation")
    since = django.utils.timezone.now() - timedelta(days=3)
    AccountConfirmation.objects.bulk_create(
        AccountConfirmation(user=user, email=user.email)
        for user in User.objects.filter(
            is_active=False, is_staff=False, last_login__isnull=True, date_joined__gte=since
        ).exclude(email="")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stocktaking", "0010_entry_inactive_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("transition", "Workflow decision or new submission"),
                    ("update_reminder", "Yearly request to update an entry"),
                    ("account", "Account e-mail (confirmation link, registration notice)"),
                ],
                default="transition",
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="AccountConfirmation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="confirmation",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(pending_registrations, migrations.RunPython.noop),
    ]
