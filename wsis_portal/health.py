"""``/healthz``: whether this web process can reach the database, the Celery broker and the
cache; ``/readyz`` the same (for a readiness probe: take traffic only when all answer);
``/livez`` only whether the process answers at all (for a liveness probe and container
health: a Redis or database outage must not get every web container restarted or removed at
once, since the portal keeps serving through one).

For load balancers and container health checks: no sign-in, no session, never cached, and
answered over plain HTTP even where the portal redirects to HTTPS (``SECURE_REDIRECT_EXEMPT``).
A failure names the service and the class of the error, never a URL, host or password.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

# Seconds to wait for the broker: a health check must answer before its own timeout.
BROKER_TIMEOUT = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_broker() -> None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT) as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)


def check_cache() -> None:
    if hasattr(cache, "ping"):  # Redis behind a breaker: ask Redis, not the fallback
        cache.ping()
    else:
        cache.get("healthz")  # a miss is fine: the answer matters, not the value


def probe(check) -> str:
    try:
        check()
    except Exception as error:  # whatever the failure, the service is not reachable
        return f"error: {type(error).__name__}"
    return "ok"


@never_cache
@require_safe
def livez(request):
    """200 while this process answers requests; asks no other service."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def healthz(request):
    """200 with ``{"status": "ok", "database": "ok", "broker": "ok", "cache": "ok"}`` when all
    answer (the broker is "not configured" when tasks run eagerly; a cache in this process's
    memory always answers); 503 naming what failed."""
    report = {"database": probe(check_database)}
    report["broker"] = probe(check_broker) if settings.CELERY_BROKER_URL else "not configured"
    report["cache"] = probe(check_cache)
    healthy = all(value in ("ok", "not configured") for value in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **report}, status=200 if healthy else 503
    )
