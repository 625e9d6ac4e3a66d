from django.db import models
from django.utils.translation import gettext_lazy as _


def _lines(text: str) -> list[str]:
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


class Establishment(models.Model):
    """A school of the group. Data, not code: more schools can join from the admin."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_code = models.SlugField(
        _("short code"),
        max_length=30,
        unique=True,
        help_text=_('Short identifier used in reports and exports, e.g. "lyon".'),
    )
    email_domains = models.TextField(
        _("e-mail domains"),
        blank=True,
        help_text=_(
            "One domain per line, e.g. insa-lyon.fr. Used to recognise the school of a person "
            "when the identity provider does not say it."
        ),
    )
    idp_claim_values = models.TextField(
        _("identity provider values"),
        blank=True,
        help_text=_(
            "One value per line: what the identity provider sends in the school claim "
            "for this school (e.g. its SupAnn code {UAI}0690192J)."
        ),
    )

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def domain_list(self) -> list[str]:
        return _lines(self.email_domains)

    @property
    def claim_value_list(self) -> list[str]:
        return _lines(self.idp_claim_values)


class Provider(models.Model):
    """An external company a technician escalates to (prestataire)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
