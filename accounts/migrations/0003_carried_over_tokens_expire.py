"""The tokens carried over from DRF's ``authtoken`` (0002) expire like the account page's.

They were copied with no expiry, as DRF's tokens had none, while the account page's tokens
last 30, 90 or 365 days (90 unless their owner chose). They now expire 90 days after this
migration runs: time for their owners, who see the date on their account page, to make named
tokens, after which the API answers a clear 401 (``wsis_portal.api.authentication``).

A carried-over token is told from one made on the account page (which may be named "API
token" too, and be made never to expire by a stakeholder's choice) by its origin: every token
made there has its ``accounts.token.created`` audit event; a carried-over one has none.
"""

import datetime

from django.db import migrations
from django.utils import timezone

#: The account page's default lifetime (accounts.forms.TokenForm), frozen here.
CARRIED_OVER_DAYS = 90


def carried_over(apps):
    ApiToken = apps.get_model("accounts", "ApiToken")
    AuditEvent = apps.get_model("wsis_portal", "AuditEvent")
    tokens = ApiToken.objects.filter(expires_at__isnull=True, revoked_at__isnull=True)
    for token in tokens.iterator():
        made_here = AuditEvent.objects.filter(
            action="accounts.token.created",
            object_id=str(token.user_id),
            after__prefix=token.prefix,
        ).exists()
        if not made_here:
            yield token.pk


def give_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires_at = timezone.now() + datetime.timedelta(days=CARRIED_OVER_DAYS)
    ApiToken.objects.filter(pk__in=list(carried_over(apps))).update(expires_at=expires_at)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_copy_drf_tokens"),
        ("wsis_portal", "0001_initial"),
    ]

    # Backwards the tokens keep the expiry given: a date set is the safer side.
    operations = [migrations.RunPython(give_expiry, migrations.RunPython.noop)]
