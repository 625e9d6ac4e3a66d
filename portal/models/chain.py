"""The responsibility chain of a brique: who moderates, who treats, which providers, which
categories and which service levels. Stored as child objects of the brique page, so editors
manage them on the page and a change takes effect when the page is published."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable


class Priority(models.IntegerChoices):
    """iTop's priorities: 1 is the most urgent."""

    CRITICAL = 1, _("critical")
    HIGH = 2, _("high")
    MEDIUM = 3, _("medium")
    LOW = 4, _("low")


class ChainRole(models.TextChoices):
    MODERATOR = "moderator", _("moderator")
    TECHNICIAN = "technician", _("technician")


class ChainMember(Orderable):
    """A person in a brique's chain. With an establishment, they answer only for that school's
    users (a school that treats its own users' tickets); without, for everyone."""

    brique = ParentalKey("portal.BriquePage", on_delete=models.CASCADE, related_name="chain")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="chain_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=ChainRole.choices)
    establishment = models.ForeignKey(
        "portal.Establishment",
        verbose_name=_("only for the users of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leave empty when this person answers for every school."),
    )
    can_publish = models.BooleanField(
        _("publishes articles directly"),
        default=False,
        help_text=_(
            "Technicians write knowledge articles under this brique; without this right their "
            "articles go to the moderators for approval. Moderators always publish."
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("chain member")
        verbose_name_plural = _("responsibility chain")
        constraints = [
            models.UniqueConstraint(
                fields=["brique", "user", "role", "establishment"],
                name="chain_member_unique_per_school",
            ),
            models.UniqueConstraint(
                fields=["brique", "user", "role"],
                condition=models.Q(establishment__isnull=True),
                name="chain_member_unique_all_schools",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class BriqueProvider(Orderable):
    """An external provider under contract for this brique."""

    brique = ParentalKey("portal.BriquePage", on_delete=models.CASCADE, related_name="providers")
    provider = models.ForeignKey(
        "portal.Provider", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="+"
    )
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    scope = models.CharField(
        _("scope"), max_length=255, blank=True, help_text=_("What the provider handles.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return str(self.provider)


class Category(Orderable):
    """A ticket category of a brique (e.g. "Accès et connexion")."""

    brique = ParentalKey("portal.BriquePage", on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["brique", "name"], name="category_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


def validate_positive_hours(value) -> None:
    if value is not None and value <= 0:
        raise ValidationError(_("Give a duration greater than zero."), code="not_positive")


class SlaTarget(Orderable):
    """Service level for one priority: time to own and time to resolve, in business hours."""

    brique = ParentalKey("portal.BriquePage", on_delete=models.CASCADE, related_name="sla_targets")
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    time_to_own_hours = models.DecimalField(
        _("time to own (business hours)"),
        max_digits=6,
        decimal_places=2,
        help_text=_("From submission to assignment, e.g. 0.5 for 30 minutes."),
        validators=[validate_positive_hours],
    )
    time_to_resolve_hours = models.DecimalField(
        _("time to resolve (business hours)"),
        max_digits=6,
        decimal_places=2,
        help_text=_("From submission to resolution, pauses excluded."),
        validators=[validate_positive_hours],
    )

    class Meta(Orderable.Meta):
        verbose_name = _("service level target")
        verbose_name_plural = _("service level targets")
        constraints = [
            models.UniqueConstraint(fields=["brique", "priority"], name="sla_target_unique"),
            models.CheckConstraint(
                condition=models.Q(time_to_own_hours__gt=0, time_to_resolve_hours__gt=0),
                name="sla_target_positive",
                violation_error_message=_("Give durations greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_priority_display()}: {self.time_to_own_hours} h"
            f" / {self.time_to_resolve_hours} h"
        )
