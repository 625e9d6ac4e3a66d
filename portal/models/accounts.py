from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_access_stamp() -> str:
    import secrets

    return secrets.token_hex(8)


class Affiliation(models.TextChoices):
    """The public a person belongs to, from eduPersonAffiliation-style claims."""

    STAFF = "staff", _("administrative staff")
    FACULTY = "faculty", _("teacher-researcher")
    STUDENT = "student", _("student")
    OTHER = "other", _("other")


class User(AbstractUser):
    """A person who signs in, with their school and public kept from the identity provider."""

    establishment = models.ForeignKey(
        "portal.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )
    affiliation = models.CharField(
        _("public"), max_length=20, choices=Affiliation.choices, default=Affiliation.OTHER
    )
    oidc_subject = models.CharField(
        _("identity provider subject"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable identifier given by the identity provider."),
    )
    establishment_chosen = models.BooleanField(
        _("establishment chosen by the person"),
        default=False,
        help_text=_("Set when the person picked their school because the claims did not say."),
    )
    last_claims_at = models.DateTimeField(_("claims last refreshed"), null=True, blank=True)
    # The optional e-mails (helpdesk.mail.kinds) the person turned off in their profile.
    mail_opt_outs = models.JSONField(_("e-mails turned off"), default=list, blank=True)
    # Replaced whenever the person's groups, permissions, profile or standing in the chains
    # change: names the copy of those answers kept between requests (portal/access.py).
    access_stamp = models.CharField(max_length=16, default=new_access_stamp, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        """Saving a person never writes back the access stamp it was loaded with: a stamp
        renewed meanwhile by another request (a group given) must stay renewed."""
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != "access_stamp"
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)
