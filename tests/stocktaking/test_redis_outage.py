"""A Redis outage degrades the portal, never stops it.

Each test starts a Redis of its own (never the shared one on 6379), points the cache and the
Celery broker at it and stops it mid-test: pages and API answers are computed without the
cache, throttles and rate limits count per process, a submission is acknowledged and its
moderator e-mail waits in the outbox until Redis is back, then goes out exactly once.
"""

import os
import socket
import subprocess
import time

import pytest
import redis
from django.core import mail
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient
from django.urls import reverse

from stocktaking import notifications
from stocktaking.models import Notification, StocktakingEntry
from stocktaking.tasks import sweep_notifications
from tests.api.conftest import client_for
from wsis_portal import cache_backends
from wsis_portal.celery import app as celery_app

from .conftest import broker, make_entry


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A throwaway redis-server on a free port, stopped and started by the test."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(settings):
    server = OwnRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "wsis_portal.cache_backends.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CACHE_RETRY_SECONDS = 0.2
    # This run's own queue, the name Celery keeps for the rest of the process (real_broker's).
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = f"stocktaking-tests-{os.getpid()}"
    with broker(server.url):
        yield server
    server.stop()
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before
    cache_backends.CircuitBreaker._open_until.pop(server.url, None)


API_ENTRY = {
    "title": "Telemedicine vans",
    "description": "Mobile clinics with satellite links.",
    "organization_name": "Health on Wheels",
    "stakeholder_type": "civil_society",
    "start_date": "2025-01-01",
}


@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_pages_and_api_answer_and_the_mail_goes_once_it_is_back(
    own_redis, client, stakeholder, moderator, catalog
):
    published = make_entry(stakeholder, "published", catalog=catalog, title="Rural broadband")
    # Warm the cache while Redis is up: a page and an API list.
    assert client.get(reverse("stocktaking:entry-list")).status_code == 200
    api = client_for(stakeholder)
    assert api.get("/api/v1/stocktaking/").status_code == 200
    notifications.deliver_pending()  # the mails of the published entry's own workflow
    mail.outbox.clear()

    own_redis.stop()
    home = client.get("/")
    assert home.status_code == 200
    search = client.get(reverse("stocktaking:entry-list"), {"state": "published"})
    assert search.status_code == 200
    assert "Rural broadband" in search.content.decode()
    listed = api.get("/api/v1/stocktaking/")
    assert listed.status_code == 200
    assert published.pk in [row["id"] for row in listed.json()["results"]]

    created = api.post("/api/v1/stocktaking/", API_ENTRY, format="json")
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    submitted = api.post(f"/api/v1/stocktaking/{entry_id}/submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    assert StocktakingEntry.objects.get(pk=entry_id).state == StocktakingEntry.State.SUBMITTED
    pending = Notification.objects.filter(entry_id=entry_id)
    recipients = sorted(pending.values_list("email", flat=True))
    assert moderator.email in recipients
    assert set(pending.values_list("status", flat=True)) == {Notification.Status.PENDING}
    assert mail.outbox == []

    # Redis is back: the sweep (what beat runs) sends the pending mail, once.
    own_redis.start()
    time.sleep(0.3)  # past the breaker's retry interval
    assert client.get("/").status_code == 200
    celery_app.conf.task_always_eager = True
    sweep_notifications.delay()
    sweep_notifications.delay()
    assert sorted(address for message in mail.outbox for address in message.to) == recipients
    assert all("Telemedicine vans" in message.body for message in mail.outbox)
    assert set(pending.values_list("status", flat=True)) == {Notification.Status.SENT}
    assert notifications.deliver_pending() == 0


@pytest.mark.django_db
def test_rate_limits_count_per_process_while_redis_is_away(own_redis, settings, client, caplog):
    """Sign-in attempts are still limited (here, 2 per window) with Redis stopped, and the
    fallback is logged."""
    settings.STOCKTAKING_RATE_LIMITS = {"login": (2, 60)}
    own_redis.stop()
    url = reverse("login")
    answers = [
        client.post(url, {"username": "nobody", "password": "wrong"}).status_code for _ in range(3)
    ]
    assert answers[:2] == [200, 200]
    assert answers[2] == 429
    assert "Cache Redis unreachable" in caplog.text


@pytest.mark.django_db
def test_the_breaker_spares_requests_the_connection_attempt(own_redis, monkeypatch):
    """Once Redis failed, the next calls within the retry interval do not try it again."""
    own_redis.stop()
    assert cache.get("anything") is None  # tries, fails, opens the breaker
    calls = []
    original = RedisCacheClient.get
    monkeypatch.setattr(
        RedisCacheClient, "get", lambda *args, **kw: calls.append(1) or original(*args, **kw)
    )
    cache.set("kept", "locally")
    assert cache.get("kept") == "locally"
    assert calls == []


@pytest.mark.django_db
def test_health_readiness_fails_liveness_holds_with_redis_down(own_redis, client):
    """/healthz and /readyz say the cache is down (past the breaker); /livez, which container
    health checks use, stays 200 so that no web container is restarted for it."""
    assert client.get("/readyz").status_code == 200
    own_redis.stop()
    cache.get("warm-the-breaker")
    for path in ("/healthz", "/readyz"):
        report = client.get(path)
        assert report.status_code == 503
        assert report.json()["cache"].startswith("error")
    assert client.get("/livez").status_code == 200
    assert client.get("/livez").json() == {"status": "ok"}
