"""Filters of the staff queues (django-filter, rendered by Wagtail's admin listing)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from portal.models import BriquePage, Category, Establishment, Priority

from .models import Ticket, TicketKind, TicketStatus

# The dropdowns are read as (id, label) pairs: building a Wagtail page object per brique
# (and per category's brique) cost more than the rest of the filter form. Same choices, same
# values, same validation as model choices.


def _briques():
    return list(BriquePage.objects.order_by("title").values_list("pk", "title"))


def _establishments():
    return list(Establishment.objects.order_by("name").values_list("pk", "name"))


def _categories():
    # Categories are per brique and their names repeat across briques.
    return [
        (pk, f"{brique_title} · {name}")
        for pk, brique_title, name in Category.objects.order_by(
            "brique__title", "name"
        ).values_list("pk", "brique__title", "name")
    ]


class TicketFilterSet(WagtailFilterSet):
    """What a moderator or technician narrows a queue by."""

    brique = django_filters.ChoiceFilter(label=_("brique"), choices=_briques, empty_label=_("All"))
    establishment = django_filters.ChoiceFilter(
        label=_("establishment"), choices=_establishments, empty_label=_("All")
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
        label=_("category"), choices=_categories, empty_label=_("All")
    )
    requester = django_filters.CharFilter(
        label=_("requester"),
        method="filter_requester",
        help_text=_("Part of a name, an identifier or an e-mail address."),
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("submitted between"), widget=DateRangePickerWidget
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
        ]

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
