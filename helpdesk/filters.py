"""Filters of the staff queues (django-filter, rendered by Wagtail's admin listing)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from portal.models import BriquePage, Category, Establishment, Priority

from .models import Ticket, TicketKind, TicketStatus


def _briques(request):
    return BriquePage.objects.order_by("title")


def _categories(request):
    return Category.objects.select_related("brique").order_by("brique__title", "name")


def _category_label(category: Category) -> str:
    # Categories are per brique and their names repeat across briques.
    return f"{category.brique.title} · {category.name}"


class TicketFilterSet(WagtailFilterSet):
    """What a moderator or technician narrows a queue by."""

    brique = django_filters.ModelChoiceFilter(
        label=_("brique"), queryset=_briques, empty_label=_("All")
    )
    establishment = django_filters.ModelChoiceFilter(
        label=_("establishment"),
        queryset=Establishment.objects.order_by("name"),
        empty_label=_("All"),
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
    category = django_filters.ModelChoiceFilter(
        label=_("category"), queryset=_categories, empty_label=_("All")
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["category"].label_from_instance = _category_label

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
