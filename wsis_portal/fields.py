"""Model fields that keep the portal runnable on SQLite (the run command's default)."""

from django.contrib.postgres.fields import ArrayField


class PostgresOnlyArrayField(ArrayField):
    """An ``ArrayField`` for a column that only PostgreSQL fills (by triggers) and SQLite
    leaves NULL. Django's own casts every value it writes (``%s::smallint[]``), which SQLite
    cannot parse: no row of the table could be saved there."""

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor != "postgresql":
            return "%s"
        return super().get_placeholder(value, compiler, connection)
