"""The Celery application.

Without CELERY_BROKER_URL the settings make every task run eagerly in the
calling process, so a developer machine needs no broker and no worker.
"""

import os

from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
if not settings.CELERY_BROKER_URL:
    # Eager tasks need no broker; an empty URL would make kombu warn that it
    # falls back to one on localhost ("No hostname was supplied") in every command.
    app.conf.broker_url = "memory://localhost/"
app.autodiscover_tasks()
