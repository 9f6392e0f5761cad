"""Sessions move to ``AccountSession`` (``SESSION_ENGINE = "accounts.sessions"``), which names
the account of each. The sessions in Django's own table are copied, so that nobody is signed
out by the move; that table is left as it was."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def copy_sessions(apps, schema_editor):
    # Django's database store: the same signing salt as the portal's (both "SessionStore").
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    AccountSession = apps.get_model("accounts", "AccountSession")
    store = SessionStore()
    batch = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        try:
            user_id = int(store.decode(session.session_data).get("_auth_user_id"))
        except (TypeError, ValueError):
            user_id = None
        batch.append(
            AccountSession(
                session_key=session.session_key,
                session_data=session.session_data,
                expire_date=session.expire_date,
                user_id=user_id,
            )
        )
        if len(batch) >= 1000:
            AccountSession.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    AccountSession.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_carried_over_tokens_expire"),
        ("sessions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountSession",
            fields=[
                (
                    "session_key",
                    models.CharField(
                        max_length=40,
                        primary_key=True,
                        serialize=False,
                        verbose_name="session key",
                    ),
                ),
                ("session_data", models.TextField(verbose_name="session data")),
                ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
                "abstract": False,
            },
        ),
        migrations.RunPython(copy_sessions, migrations.RunPython.noop),
    ]
