#!/usr/bin/env bash
# Starts the compose stack from the committed tree (docker-compose.yml, Dockerfile, nginx) with
# three web and two worker containers and a streaming read replica (profile `replica`), checks it as an operator would after a deployment, and
# removes it again (containers, volumes and network; KEEP=1 leaves it running).
#
#   deploy/check-stack.sh            # PORT=8100 by default; prints one line per check
#
# Needs a running Docker engine and Compose (`docker compose`, or the older `docker-compose`).
# Where Docker Hub cannot be reached, the four public images are replaced by stand-ins built
# from Debian's packages (deploy/offline-images/build.sh). Not part of the test suite: it takes
# a few minutes and a Docker engine, which the CI machine does not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

port=${PORT:-8100}
project=${PROJECT:-wsischeck}
base="http://localhost:$port"
failures=0

# Every request stands in for the TLS terminator the README puts in front of nginx (which
# passes its X-Forwarded-Proto on): without it the portal redirects plain HTTP to HTTPS.
curl() { command curl -H 'X-Forwarded-Proto: https' "$@"; }
say() { printf '%s\n' "$*"; }
quiet() { "$@" >/dev/null 2>&1; }
check() {  # check DESCRIPTION COMMAND...: runs the command, prints ok or FAIL
  local description=$1
  shift
  if "$@"; then say "ok    $description"; else say "FAIL  $description"; failures=$((failures + 1)); fi
}

docker info >/dev/null 2>&1 || { say "check-stack: no Docker engine is running"; exit 2; }
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
else
  say "check-stack: needs Docker Compose (docker compose or docker-compose)"
  exit 2
fi

for image in python:3.11-slim postgres:15 redis:7 nginx:1.27-alpine; do
  if ! docker image inspect "$image" >/dev/null 2>&1 && ! docker pull -q "$image" >/dev/null 2>&1; then
    say "Docker Hub is out of reach: building stand-in images from Debian's packages"
    deploy/offline-images/build.sh
    break
  fi
done

work=$(mktemp -d)
git archive HEAD | tar -x -C "$work"
cat > "$work/.env" <<ENV
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
ALLOWED_HOSTS=localhost
PORT=$port
POSTGRES_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
POSTGRES_SHARED_BUFFERS=256MB
ENV
password=$(sed -n 's/^POSTGRES_PASSWORD=//p' "$work/.env")
echo "DATABASE_REPLICA_URLS=postgres://wsis:$password@postgres-replica:5432/wsis" >> "$work/.env"
stack() { (cd "$work" && COMPOSE_PROFILES=replica "${compose[@]}" --project-name "$project" "$@"); }
finish() {
  if [ "${KEEP:-0}" = 1 ]; then
    say "left running: $base (cd $work && ${compose[*]} --project-name $project down -v)"
  else
    stack down -v --remove-orphans >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap finish EXIT

say "building and starting: 3 web, 2 workers, beat, PostgreSQL and a replica, 2 Redis, nginx"
stack up -d --build --scale web=3 --scale worker=2 >/dev/null 2>&1 || {
  stack ps
  stack logs --tail=40 migrate web
  exit 1
}

healthz_ok() { curl -sf "$base/healthz" | grep -q '"status": "ok"'; }
for _ in $(seq 90); do healthz_ok && break; sleep 2; done
check "/healthz through nginx: database, broker and cache reachable" healthz_ok

containers() { docker ps --filter "label=com.docker.compose.project=$project" \
  --filter "label=com.docker.compose.service=$1" --format '{{.Names}}'; }
workers_healthy() {
  for _ in $(seq 40); do
    [ "$(docker ps --filter "label=com.docker.compose.project=$project" \
      --filter label=com.docker.compose.service=worker --filter health=healthy -q | wc -l)" = 2 ] \
      && return 0
    sleep 3
  done
  return 1
}
check "both worker containers answer Celery's ping (health check)" workers_healthy

for _ in $(seq 30); do curl -s -o /dev/null "$base/action-lines/"; done
every_web_served() {
  for name in $(containers web); do
    docker logs "$name" 2>&1 | grep -q '"path": "/action-lines/"' || return 1
  done
  [ "$(containers web | wc -l)" = 3 ]
}
check "nginx spreads requests over the three web containers" every_web_served

json() { python3 -c "import json, sys; print(eval(sys.argv[1], {}, {'d': json.load(sys.stdin)}))" "$1"; }
lines=$(curl -s "$base/api/v1/action-lines/?page_size=100" | json 'd["count"]')
check "reference content loaded: $lines action lines (C1–C11 and the eight C7 lines)" \
  test "$lines" = 19

css=$(curl -s "$base/" | grep -o '/static/css/portal\.[0-9a-f]*\.css' | head -1)
static_headers=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$base$css")
check "static files: hashed name ($css), compressed, cached for a year" \
  sh -c 'printf "%s" "$1" | grep -qi "^content-encoding: gzip" &&
         printf "%s" "$1" | grep -qi "^cache-control: max-age=315360000"' _ "$static_headers"

check "manage.py check --deploy is clean in the web image, with compose's defaults" \
  quiet stack exec -T web python manage.py check --deploy --fail-level WARNING
tls_behind_the_proxy() {
  command curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/action-lines/" |
    grep -q '^301 https://' &&
    curl -s -D - -o /dev/null "$base/action-lines/" | grep -qi '^strict-transport-security'
}
check "plain HTTP is redirected to HTTPS; the terminator's HTTPS is passed on, with HSTS" \
  tls_behind_the_proxy

# A stakeholder submits an entry, a moderator publishes it; each request may reach another web
# container, and the notification e-mail is sent by a worker (console backend: its log).
tokens=$(stack exec -T web python manage.py shell -c '
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
stakeholder = User.objects.create_user("check-stakeholder", "stakeholder@example.org", None)
moderator = User.objects.create_user("check-moderator", "moderator@example.org", None)
moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
print(Token.objects.create(user=stakeholder).key, Token.objects.create(user=moderator).key)
' | tail -1)
read -r stakeholder_token moderator_token <<< "$tokens"
api() {  # api TOKEN METHOD PATH [JSON]
  curl -s -X "$2" -H "Authorization: Token $1" -H 'Content-Type: application/json' \
    ${4:+--data "$4"} "$base/api/v1/$3"
}
# The stats endpoint is cached (CACHE_TTL) and invalidated when an entry is published.
published_count() {
  curl -s "$base/api/v1/stats/stocktaking/?group_by=stakeholder_type" | json 'd["total"]'
}
before=$(published_count)
entry=$(api "$stakeholder_token" POST stocktaking/ '{"title": "Satellite vans for rural clinics",
  "description": "Mobile clinics with satellite links.", "organization_name": "Health on Wheels",
  "stakeholder_type": "civil_society", "start_date": "2025-01-01"}' | json 'd["id"]')
submitted=$(api "$stakeholder_token" POST "stocktaking/$entry/submit/" | json 'd["state"]')
check "a stakeholder's entry is created and submitted over the API (entry $entry)" \
  test "$submitted" = submitted
mail_sent() {
  for _ in $(seq 20); do
    for name in $(containers worker); do
      docker logs "$name" 2>&1 | grep -q "New submission: Satellite vans" && return 0
    done
    sleep 1
  done
  return 1
}
check "a worker sends the moderators' e-mail" mail_sent
published=$(api "$moderator_token" POST "stocktaking/$entry/publish/" | json 'd["state"]')
after=$(published_count)
check "published, it counts in the next stats answer at once (the shared cache is invalidated)" \
  test "$published:$before:$after" = "published:0:1"

# The read replica: it streams from the primary, the publication above is visible through
# it, and anonymous API reads are served by it (its transaction count grows with them).
sql() {  # sql SERVICE QUERY: one value
  stack exec -T "$1" psql -U wsis -d wsis -tAc "$2" 2>/dev/null | tr -d '[:space:]'
}
replica_streams() {
  for _ in $(seq 30); do
    [ "$(sql postgres "select state from pg_stat_replication")" = streaming ] &&
      [ "$(sql postgres-replica "select pg_is_in_recovery()")" = t ] && return 0
    sleep 2
  done
  return 1
}
check "the read replica streams from the primary (a hot standby)" replica_streams
write_replicated() {
  for _ in $(seq 20); do
    [ "$(sql postgres-replica "select state from stocktaking_stocktakingentry
      where id = $entry")" = published ] && return 0
    sleep 0.5
  done
  return 1
}
check "the publication is visible through the replica" write_replicated
replica_transactions() {
  sql postgres-replica "select xact_commit from pg_stat_database where datname = 'wsis'"
}
replica_serves_readers() {
  sleep 6  # past REPLICA_STICKY_SECONDS after the last write: readers may use the replica
  local before after
  before=$(replica_transactions)
  for _ in $(seq 20); do curl -s -o /dev/null "$base/api/v1/stocktaking/?page_size=5"; done
  after=$(replica_transactions)
  [ "$((after - before))" -ge 20 ]
}
check "anonymous API reads are served by the replica" replica_serves_readers

# An upgrade or a reboot: everything stopped and started again, the volumes kept; the migrate
# container applies migrations and reference content again before web starts.
restarted() {
  quiet stack down && quiet stack up -d --scale web=3 --scale worker=2 || return 1
  for _ in $(seq 90); do healthz_ok && break; sleep 2; done
  [ "$(curl -s "$base/api/v1/action-lines/?page_size=100" | json 'd["count"]')" = "$lines" ] &&
    [ "$(published_count)" = 1 ] &&
    [[ "$(docker ps -a --filter "label=com.docker.compose.project=$project" \
      --filter label=com.docker.compose.service=migrate --format '{{.Status}}')" == "Exited (0) "* ]]
}
check "stopped and started again: migrations re-applied, content and the entry kept" restarted

if [ "$failures" = 0 ]; then say "all checks passed"; else say "$failures check(s) failed"; fi
exit "$((failures > 0))"
