"""What production relies on: the health check, JSON log lines, compressed and hashed static
files. Subprocesses run the portal with production settings (DEBUG off)."""

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
import yaml

from tests.test_setup import ROOT, clean_env, compose_web_environment, free_port

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-" + "x" * 50,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": "sqlite:///:memory:",
}


# --- /healthz --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_database_broker_and_cache_reachable(client, settings):
    settings.CELERY_BROKER_URL = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_is_503_naming_an_unreachable_broker_without_its_address(client, settings):
    port = free_port()  # nothing listens there
    settings.CELERY_BROKER_URL = f"redis://:broker-password@127.0.0.1:{port}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"] == "error: OperationalError"
    assert b"broker-password" not in response.content and str(port).encode() not in response.content


@pytest.mark.django_db
def test_healthz_is_503_naming_an_unreachable_cache_without_its_address(client, settings):
    port = free_port()  # nothing listens there
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:cache-password@127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == (
        "error",
        "ok",
        "error: ConnectionError",
    )
    assert b"cache-password" not in response.content and str(port).encode() not in response.content


@pytest.mark.django_db
def test_healthz_without_a_broker_says_so_and_stays_healthy(client, settings):
    settings.CELERY_BROKER_URL = ""  # tasks run eagerly
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "not configured"


def test_healthz_answers_plain_http_where_the_portal_redirects_to_https():
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "print(client.get('/healthz').status_code, client.get('/action-lines/').status_code)\n"
    )
    env = clean_env(**{**PRODUCTION, "SECURE_SSL_REDIRECT": "1", "LOG_FORMAT": "plain"})
    result = run_python(script, env)
    assert result.stdout.split() == ["200", "301"]


# --- Logs ----------------------------------------------------------------------------------


def run_python(script, env):
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "wsis_portal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


LOG_SCRIPT = (
    "import django; django.setup()\n"
    "from celery.utils.log import get_task_logger\n"
    "from django.test import Client\n"
    "Client().get('/healthz')\n"
    "get_task_logger('stocktaking.tasks').warning('swept %s notifications', 3)\n"
)


def test_production_logs_are_json_lines_with_the_request_fields():
    env = clean_env(**PRODUCTION)  # LOG_FORMAT unset: JSON because DEBUG is off
    env.pop("LOG_FORMAT", None)
    lines = run_python(LOG_SCRIPT, env).stderr.splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    request = next(r for r in records if r["logger"] == "wsis_portal.request")
    assert request["method"] == "GET" and request["path"] == "/healthz"
    assert request["status"] == 200
    assert isinstance(request["duration_ms"], float)
    assert request["level"] == "INFO" and request["time"]
    task = next(r for r in records if r["logger"] == "stocktaking.tasks")
    assert task["message"] == "swept 3 notifications" and task["level"] == "WARNING"


def test_log_format_plain_gives_readable_lines():
    lines = run_python(LOG_SCRIPT, clean_env(**PRODUCTION, LOG_FORMAT="plain")).stderr
    assert "INFO wsis_portal.request GET /healthz 200" in lines
    assert not lines.lstrip().startswith("{")


# --- Static files --------------------------------------------------------------------------


def test_collectstatic_under_production_settings_writes_hashed_compressed_files(tmp_path):
    env = clean_env(**PRODUCTION, STATIC_ROOT=str(tmp_path / "static"), LOG_FORMAT="plain")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/portal.css"]
    assert hashed != "css/portal.css" and hashed.startswith("css/portal.")
    assert (tmp_path / "static" / hashed).exists()
    assert (tmp_path / "static" / f"{hashed}.gz").exists()


# --- The compose stack ---------------------------------------------------------------------


def test_compose_stack_scales_web_and_worker_and_checks_their_health():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    # Only the proxy publishes a port: `--scale web=3` starts three web containers.
    assert [name for name, service in services.items() if "ports" in service] == ["proxy"]
    # Liveness, not /healthz: a Redis outage must not get every web container restarted.
    assert "/livez" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
    for name in ("postgres", "redis", "cache", "proxy"):
        assert "healthcheck" in services[name]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert "load_reference" in " ".join(services["migrate"]["command"])
    assert set(compose["volumes"]) == {"pgdata", "pgreplica", "redisdata", "media"}


def test_compose_can_run_a_streaming_read_replica_that_readers_use():
    """Issue 19, item 7: the `replica` profile adds a hot standby of the stack's PostgreSQL,
    which accepts replication; the portal reads it once DATABASE_REPLICA_URLS names it."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    replica = services["postgres-replica"]
    assert replica["profiles"] == ["replica"]
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_basebackup" in (ROOT / "deploy" / "postgres" / "replica.sh").read_text()
    primary = " ".join(services["postgres"]["command"])
    assert "hba_file=/etc/wsis/pg_hba.conf" in primary
    assert (
        "./deploy/postgres/pg_hba.conf:/etc/wsis/pg_hba.conf:ro" in services["postgres"]["volumes"]
    )
    rules = (ROOT / "deploy" / "postgres" / "pg_hba.conf").read_text()
    assert re.search(r"^host\s+replication\s+all\s+all\s+scram-sha-256$", rules, re.MULTILINE)
    assert "DATABASE_REPLICA_URLS" in services["web"]["environment"]
    assert "postgres-replica" in (ROOT / "deploy" / "check-stack.sh").read_text()


def test_compose_keeps_the_cache_apart_from_the_broker():
    """The broker's Redis never evicts (a queued task must not vanish); the cache's Redis is
    bounded and evicts the least recently used keys, and the portal caches there."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    broker, cache = " ".join(services["redis"]["command"]), " ".join(services["cache"]["command"])
    assert "maxmemory" not in broker
    assert "--maxmemory-policy allkeys-lru" in cache and "--maxmemory ${CACHE_MAXMEMORY" in cache
    environment = services["web"]["environment"]
    assert environment["CACHE_REDIS_URL"].startswith("redis://cache:")
    assert environment["REDIS_URL"].startswith("redis://redis:")


def test_offline_stand_ins_cover_every_public_image_the_stack_starts_from():
    """deploy/check-stack.sh, where Docker Hub is out of reach, runs the stack on stand-ins
    that deploy/offline-images/build.sh tags with the public images' names; an image added to
    the stack without a stand-in would be pulled (and fail) there."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    images = {service["image"] for service in compose["services"].values() if "image" in service}
    images |= set(re.findall(r"^FROM (\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE))
    build = (ROOT / "deploy" / "offline-images" / "build.sh").read_text()
    stand_ins = dict(re.findall(r"(\w+)=([\w.:-]+)", build.split("for pair in", 1)[1]))
    assert set(stand_ins.values()) == images
    for name in stand_ins:
        assert (ROOT / "deploy" / "offline-images" / name / "Dockerfile").exists()


CACHE_SCRIPT = (
    "import django; django.setup()\n"
    "from django.conf import settings\n"
    "print(settings.CACHES['default']['LOCATION'], settings.CELERY_BROKER_URL)\n"
)


def test_the_cache_can_have_a_redis_of_its_own():
    broker = "redis://127.0.0.1:6379/0"
    alone = run_python(CACHE_SCRIPT, clean_env(**PRODUCTION, REDIS_URL=broker))
    assert alone.stdout.split() == [broker, broker]
    cache = "redis://127.0.0.1:6379/3"
    apart = run_python(
        CACHE_SCRIPT, clean_env(**PRODUCTION, REDIS_URL=broker, CACHE_REDIS_URL=cache)
    )
    assert apart.stdout.split() == [cache, broker]


def test_env_example_documents_every_variable_the_portal_reads():
    sources = (ROOT / "wsis_portal" / "settings.py").read_text() + (
        ROOT / "gunicorn.conf.py"
    ).read_text()
    read = set(re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z_0-9]+)"', sources))
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#? ?([A-Z_0-9]+)=", example, flags=re.MULTILINE))
    assert read - documented == set()


def test_statement_timeout_cancels_a_runaway_query_on_postgresql():
    """With DATABASE_STATEMENT_TIMEOUT, PostgreSQL itself stops a query the web gave up on."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("statement timeouts are PostgreSQL's")
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT pg_sleep(5)')\n"
    )
    env = clean_env(DATABASE_URL=os.environ["DATABASE_URL"], DATABASE_STATEMENT_TIMEOUT="200")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "canceling statement due to statement timeout" in result.stderr


# --- Uploaded media behind compose's nginx ----------------------------------------------------


def test_compose_proxy_serves_the_media_volume_where_nginx_looks():
    """Issue 16, hole 11: the documented deployment serves /media/ (every logo was a 404):
    nginx mounts the volume the web containers write to, read-only, at its alias."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "media:/app/media" in services["web"]["volumes"]
    assert "media:/srv/media:ro" in services["proxy"]["volumes"]
    assert "alias /srv/media/" in (ROOT / "deploy" / "nginx.conf").read_text()


class EchoHandler(http.server.BaseHTTPRequestHandler):
    """Stands in for the web containers: answers with the request headers it received."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = json.dumps(dict(self.headers.items())).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web_stand_in():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def nginx(tmp_path, web_stand_in):
    """deploy/nginx.conf run by a real nginx (Debian's, where installed) on a free port, with
    the media volume at a temporary directory and a stand-in for the web containers."""
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    port, media = free_port(), tmp_path / "media"
    (media / "stocktaking" / "logos").mkdir(parents=True)
    (media / "reports").mkdir()
    server = (ROOT / "deploy" / "nginx.conf").read_text()
    server = server.replace("listen 8000;", f"listen 127.0.0.1:{port};")
    server = server.replace("http://web:8000;", f"http://127.0.0.1:{web_stand_in};")
    server = server.replace("/srv/media/", f"{media}/")
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        f"  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"{server}\n}}\n"
    )
    process = subprocess.Popen(
        [binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/media/", timeout=1)
        except urllib.error.HTTPError:
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
            time.sleep(0.05)
    yield port, media
    process.terminate()
    process.wait(timeout=10)


def fetch(port, path, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (http:// above)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def test_nginx_serves_stored_logos_as_images_that_never_run(nginx):
    port, media = nginx
    logo = media / "stocktaking" / "logos" / "0123456789abcdef0123456789abcdef.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n not parsed by nginx")
    status, headers, body = fetch(port, f"/media/stocktaking/logos/{logo.name}")
    assert (status, body) == (200, logo.read_bytes())
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith("inline")
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    # A file kept from before the uploads were re-encoded, a report, another file name.
    (media / "stocktaking" / "logos" / "evil.html").write_bytes(b"<script>alert(1)</script>")
    (media / "reports" / "report.pdf").write_bytes(b"%PDF-1.7")
    for path in (
        "stocktaking/logos/evil.html",
        "reports/report.pdf",
        "stocktaking/logos/x.PNG.html",
    ):
        assert fetch(port, f"/media/{path}")[0] in (400, 404), path


# --- TLS in front of compose's nginx ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "passed_on"),
    [("https", "https"), (None, "http"), ("http", "http"), ("javascript", "http")],
)
def test_nginx_passes_on_the_tls_terminators_scheme(nginx, sent, passed_on):
    """Issue 16, hole 12: behind the TLS terminator the README asks for, nginx passes on the
    terminator's X-Forwarded-Proto (not its own plain-HTTP scheme), so Django redirects and
    sends HSTS; any other value than https falls back to nginx's own scheme."""
    port, _media = nginx
    headers = {"X-Forwarded-Proto": sent} if sent else {}
    status, _headers, body = fetch(port, "/action-lines/", **headers)
    assert status == 200
    assert json.loads(body)["X-Forwarded-Proto"] == passed_on


TLS_SCRIPT = (
    "import django; django.setup()\n"
    "from django.test import Client\n"
    "client = Client(HTTP_HOST='portal.example.org')\n"
    "plain = client.get('/action-lines/')\n"
    "secure = client.get('/livez', HTTP_X_FORWARDED_PROTO='https')\n"
    "print(plain.status_code, plain['Location'], secure.status_code,\n"
    "      secure.get('Strict-Transport-Security'))\n"
)


def test_compose_defaults_redirect_plain_http_and_send_hsts():
    """With compose's own defaults (and .env.example's), a plain-HTTP request is sent to HTTPS
    and an HTTPS one (as nginx passes it on) gets HSTS."""
    env = compose_web_environment(
        SECRET_KEY="a-production-secret-" + "x" * 50,
        DATABASE_URL="sqlite:///:memory:",
        REDIS_URL="",
        CACHE_REDIS_URL="",
        LOG_FORMAT="plain",
        LOG_LEVEL="WARNING",
    )
    result = run_python(TLS_SCRIPT, clean_env(**env))
    status, location, secure_status, hsts = result.stdout.split(maxsplit=3)
    assert (status, location) == ("301", "https://portal.example.org/action-lines/")
    assert secure_status == "200"
    assert hsts.startswith("max-age=31536000")
