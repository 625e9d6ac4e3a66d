from django.db import models
from django.utils.translation import gettext_lazy as _


class SentNotification(models.Model):
    """One e-mail of one kind about one thing (`key`: a history entry, a problem's resolution)
    to one address. Claimed before sending and marked sent after: a replayed or duplicated
    job finds the row sent and stays silent, so each person gets each message once."""

    key = models.CharField(_("about"), max_length=80)
    recipient = models.EmailField(_("recipient"))
    kind = models.CharField(_("kind"), max_length=30)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient", "kind"], name="sent_notification_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient}"
