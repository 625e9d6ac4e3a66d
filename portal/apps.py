from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("portal")

    def ready(self):
        from . import signals  # noqa: F401  (connects the chain → roles synchronisation)
        from .access import connect_signals

        connect_signals()

        post_migrate.connect(_ensure_roles, dispatch_uid="portal_roles")


def _ensure_roles(sender, **kwargs):
    """Give the role groups their permissions once every app's permissions exist: Django
    creates them app by app in post_migrate, so wait for the last app's signal."""
    from django.apps import apps

    from .services.roles import ensure_role_groups

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender is last:
        ensure_role_groups()
