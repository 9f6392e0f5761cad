"""The tokens of DRF's ``authtoken`` (one per account, its key kept in clear) become named
``ApiToken`` rows keeping the same key, so the clients that use them go on working; the old
table is emptied, so no key stays readable in the database."""

import hashlib

from django.db import migrations


def copy_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cursor.fetchall()
        ApiToken.objects.bulk_create(
            ApiToken(
                user_id=user_id,
                name="API token",
                key_digest=hashlib.sha256(key.encode()).hexdigest(),
                prefix=key[:8],
                created_at=created,
            )
            for key, user_id, created in rows
        )
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_api_tokens")]

    # Not reversible: the keys are kept as digests only.
    operations = [migrations.RunPython(copy_tokens, migrations.RunPython.noop)]
