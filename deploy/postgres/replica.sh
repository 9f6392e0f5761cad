#!/bin/sh
# The `postgres-replica` service (docker-compose.yml, profile `replica`): on an empty volume,
# copy the primary with pg_basebackup (-R writes standby.signal and primary_conninfo, so the
# server starts as a hot standby streaming from the primary); then run it, read-only.
# PGPASSWORD (the primary's superuser password) serves pg_basebackup and the server's own
# connection to the primary (its environment, kept by runuser).
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data}
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -U "$PRIMARY_USER" -q; do sleep 1; done
  runuser -u postgres -- \
    pg_basebackup -h "$PRIMARY_HOST" -U "$PRIMARY_USER" -D "$PGDATA" -R -X stream
fi
exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*' -c hot_standby=on "$@"
