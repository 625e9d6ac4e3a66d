"""Filters of the staff queues (django-filter; the queue page renders them, see
`helpdesk.admin_views.queues`)."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from portal.models import Affiliation, BriquePage, Category, Establishment, Priority

from .models import Ticket, TicketKind, TicketStatus
from .sla.state import SlaState, TargetOutcome, filter_sla_state, target_outcome_q

# The dropdowns are read as (id, label) pairs: building a Wagtail page object per brique
# (and per category's brique) cost more than the rest of the filter form. Same choices, same
# values, same validation as model choices. The queue page reads each list once and hands it
# to the filter set (`choices=`), which also names the briques and schools of its rows.
#
# The three lists change a few times a year and every queue page needs them, so they are kept
# in the cache, dropped whenever a brique, category or school is saved or deleted (signals
# below) and after CHOICES_SECONDS in any case (another process's cache, a bulk update).

CHOICES_SECONDS = 300
_CHOICES_KEY = "helpdesk:filter-choices:"


def _cached(name: str, compute) -> list[tuple[int, str]]:
    key = _CHOICES_KEY + name
    values = cache.get(key)
    if values is None:
        values = compute()
        cache.set(key, values, CHOICES_SECONDS)
    return values


def brique_choices() -> list[tuple[int, str]]:
    return _cached(
        "briques",
        lambda: list(BriquePage.objects.order_by("title").values_list("pk", "title")),
    )


def school_choices() -> list[tuple[int, str]]:
    return _cached(
        "schools",
        lambda: list(Establishment.objects.order_by("name").values_list("pk", "name")),
    )


def category_choices() -> list[tuple[int, str]]:
    # Categories are per brique and their names repeat across briques.
    return _cached(
        "categories",
        lambda: [
            (pk, f"{brique_title} · {name}")
            for pk, brique_title, name in Category.objects.order_by(
                "brique__title", "name"
            ).values_list("pk", "brique__title", "name")
        ],
    )


@receiver([post_save, post_delete], sender=BriquePage)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Establishment)
def forget_filter_choices(**kwargs) -> None:
    cache.delete_many([_CHOICES_KEY + name for name in ("briques", "schools", "categories")])


class DateInput(forms.DateInput):
    """The browser's date picker, read and written as ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TicketFilterSet(WagtailFilterSet):
    """What a moderator or technician narrows a queue by."""

    brique = django_filters.ChoiceFilter(
        label=_("brique"), choices=brique_choices, empty_label=_("All")
    )
    establishment = django_filters.ChoiceFilter(
        label=_("establishment"), choices=school_choices, empty_label=_("All")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("status"),
        choices=TicketStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    priority = django_filters.MultipleChoiceFilter(
        label=_("priority"),
        choices=Priority.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=TicketKind.choices, empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(
        label=_("category"), choices=category_choices, empty_label=_("All")
    )
    requester = django_filters.CharFilter(
        label=_("requester"),
        method="filter_requester",
        help_text=_("Part of a name, an identifier or an e-mail address."),
    )
    sla = django_filters.ChoiceFilter(
        label=_("service level"),
        choices=SlaState.choices,
        method="filter_sla",
        empty_label=_("All"),
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("submitted between"), widget=DateRangePickerWidget
    )
    # The reports dashboard links its counts to the queue with these (and the above) filters.
    resolved_at = django_filters.DateFromToRangeFilter(
        label=_("resolved between"), widget=DateRangePickerWidget
    )
    closed_at = django_filters.DateFromToRangeFilter(
        label=_("closed between"), widget=DateRangePickerWidget
    )
    affiliation = django_filters.ChoiceFilter(
        label=_("requester's public"),
        field_name="requester_affiliation",
        choices=Affiliation.choices,
        empty_label=_("All"),
    )
    target_outcome = django_filters.ChoiceFilter(
        label=_("service level reached"),
        choices=TargetOutcome.choices,
        method="filter_target_outcome",
        empty_label=_("All"),
    )
    rating = django_filters.MultipleChoiceFilter(
        label=_("satisfaction rating"),
        field_name="satisfaction",
        choices=[(value, str(value)) for value in range(1, 5)],
        widget=forms.CheckboxSelectMultiple,
    )
    reopened = django_filters.ChoiceFilter(
        label=_("reopened"),
        method="filter_reopened",
        choices=[("true", _("Yes")), ("false", _("No"))],
        empty_label=_("All"),
    )
    open_at = django_filters.DateFilter(
        label=_("open at the end of"),
        method="filter_open_at",
        widget=DateInput,
        help_text=_("Submitted by the end of that day and neither resolved nor ended by then."),
    )

    class Meta:
        model = Ticket
        fields = [
            "brique",
            "establishment",
            "status",
            "priority",
            "kind",
            "category",
            "requester",
            "created_at",
            "resolved_at",
            "closed_at",
            "affiliation",
            "target_outcome",
            "rating",
            "reopened",
            "open_at",
        ]

    def __init__(self, *args, choices: dict[str, list] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, values in (choices or {}).items():
            # A list, not the callable: read once per page, not once per use. The field adds
            # its empty choice ("All") itself.
            self.form.fields[name].choices = values

    def filter_sla(self, queryset, name, value):
        return filter_sla_state(queryset, value) if value else queryset

    def filter_target_outcome(self, queryset, name, value):
        return queryset.filter(target_outcome_q(value)) if value else queryset

    def filter_reopened(self, queryset, name, value):
        if not value:
            return queryset
        if value == "true":
            return queryset.filter(reopen_count__gt=0)
        return queryset.filter(reopen_count=0)

    def filter_open_at(self, queryset, name, value):
        """The reports' backlog at the end of `value` (local day), by the same rule."""
        from .reports.figures import backlog_at
        from .reports.period import Period

        if not value:
            return queryset
        _start, end = Period(value, value).bounds()
        return queryset.filter(backlog_at(end))

    def filter_requester(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(requester__username__icontains=value)
            | Q(requester__email__icontains=value)
            | Q(requester__last_name__icontains=value)
            | Q(requester__first_name__icontains=value)
        )
