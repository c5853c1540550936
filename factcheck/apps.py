"""The project's own configuration of Django's static files."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    """``collectstatic`` leaves out what the desk never serves: the JavaScript
    source maps (6 MB that WhiteNoise would compress on every deploy) and
    ReDoc (the API's documentation page is Swagger UI). Swagger UI's CSS map
    stays: its stylesheet names it, and the manifest storage checks that every
    file a stylesheet names exists."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "*.js.map", "redoc", "rest_framework"]
