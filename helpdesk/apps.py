from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("help desk")

    def ready(self) -> None:
        from . import filters  # noqa: F401  (connects the cache invalidation of filter lists)
