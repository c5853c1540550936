"""The load test: Locust editors against gunicorn (``manage.py loadtest``)."""
