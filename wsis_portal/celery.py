"""The Celery application.

With ``REDIS_URL`` (or ``CELERY_BROKER_URL``) set, tasks go to that broker; without one the
settings make Celery run every task eagerly in the calling process, so the portal works on a
bare machine with SQLite and no worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsis_portal.settings")

app = Celery("wsis_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
