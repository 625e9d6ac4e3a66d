from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """Ticket e-mails: their own app so that the record of messages sent has its own
    migrations beside the helpdesk's."""

    name = "helpdesk.mail"
    label = "helpdesk_mail"
    verbose_name = _("ticket e-mails")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import hooks

        hooks.connect()
