"""The Celery application.

With ``REDIS_URL`` (or ``CELERY_BROKER_URL``) set, tasks go to that broker; without one the
settings make Celery run every task eagerly in the calling process, so the portal works on a
bare machine with SQLite and no worker.
"""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsis_portal.settings")

app = Celery("wsis_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def read_the_primary(**kwargs):
    """Tasks read the primary (with read replicas): an eager task run inside a reader's
    request too, so that it never works from a copy behind the write that queued it."""
    from wsis_portal.db_routing import use_primary

    use_primary()
