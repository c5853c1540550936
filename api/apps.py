from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # The schema's description of token authentication (drf-spectacular finds
        # extensions by import).
        from api import schema  # noqa: F401
