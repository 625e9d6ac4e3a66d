from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WidgetConfig(AppConfig):
    """The embeddable help widget: one script tag that other sites (the group portal, the
    schools' intranets, Moodle) include to open a "Besoin d'aide ?" panel served by Guichet."""

    name = "widget"
    verbose_name = _("help widget")

    def ready(self):
        from . import framing  # connects the CORS signal handler

        framing.allowed_origins()  # a mistyped origin stops the start, with its reason
