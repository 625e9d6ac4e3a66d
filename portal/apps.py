from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("portal")

    def ready(self):
        from . import signals  # noqa: F401  (connects the chain → roles synchronisation)

        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="portal_roles")


def _ensure_roles(sender, **kwargs):
    from .services.roles import ensure_role_groups

    ensure_role_groups()
